/**
 * Issue 9, "also to test" on a real kernel: values whose `__eq__`,
 * `__repr__` or `__deepcopy__` raise or sleep, outputs of binary junk, 1,000
 * checks in a row on one kernel (its memory within a stated bound), and 20
 * learners' kernels checking at once against one server.
 */
import type { Kernel } from '@jupyterlab/services';
import type { Check } from '../../src/catalog/format';
import { KernelEnv, check, run, statuses } from './kernel-env';

const env = new KernelEnv();
beforeAll(() => env.start(), 60000);
afterAll(() => env.stop());

/** The kernel's resident memory in MB, read by a check (no cell, no history). */
async function residentMb(kernel: Kernel.IKernelConnection): Promise<number> {
  await run(
    kernel,
    "_rss = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS')][0] // 1024"
  );
  const verdict = await check(env, kernel, [
    { id: 'rss', kind: 'value', expr: '_rss', expected: -1 }
  ]);
  const found = /`?(\d+)`?/.exec(
    verdict.criteria[0].message.replace(/expected.*$/s, '')
  );
  return Number(found?.[1] ?? NaN);
}

describe('hostile values', () => {
  let kernel: Kernel.IKernelConnection;
  beforeAll(async () => {
    kernel = await env.startKernel();
    await run(
      kernel,
      `import time
class BadEq:
    def __eq__(self, other):
        raise RuntimeError('eq is broken')
    def __repr__(self):
        return 'BadEq()'
class BadRepr:
    def __repr__(self):
        raise RuntimeError('repr is broken')
class BadCopy(list):
    def __deepcopy__(self, memo):
        raise RuntimeError('deepcopy is broken')
class SlowRepr:
    def __repr__(self):
        time.sleep(60)
        return 'slow'
class SlowEq:
    def __eq__(self, other):
        time.sleep(60)
        return True
bad_eq, bad_repr, bad_copy = BadEq(), BadRepr(), BadCopy([1, 2, 3])
slow_repr, slow_eq = SlowRepr(), SlowEq()`
    );
  }, 120000);
  afterAll(() => env.server.stopKernel(kernel));

  it.each<[string, Check]>([
    ['__eq__ raises', { id: 'c', kind: 'value', expr: 'bad_eq', expected: 1 }],
    [
      '__repr__ raises',
      { id: 'c', kind: 'value', expr: 'bad_repr', expected: 1 }
    ],
    [
      '__deepcopy__ raises',
      { id: 'c', kind: 'value', expr: 'len(bad_copy)', expected: 4 }
    ],
    [
      '__repr__ sleeps',
      { id: 'c', kind: 'value', expr: 'slow_repr', expected: 'x', timeout: 2 }
    ],
    [
      '__eq__ sleeps',
      { id: 'c', kind: 'assert', code: 'assert slow_eq == 1', timeout: 2 }
    ]
  ])(
    '%s: a verdict that is not a pass, and the kernel still checks',
    async (_, hostile) => {
      const verdict = await check(env, kernel, [hostile]);
      expect(['fail', 'error', 'timeout']).toContain(verdict.status);
      expect(
        statuses(
          await check(env, kernel, [
            { id: 'ok', kind: 'value', expr: '1 + 1', expected: 2 }
          ])
        )
      ).toEqual({ ok: 'pass' });
    }
  );
});

describe('outputs of binary junk', () => {
  it('random bytes on stdout and in a MIME bundle are read, and the checks judge', async () => {
    const kernel = await env.startKernel();
    try {
      const outputs = await run(
        kernel,
        `import os, sys
from IPython.display import display
print(os.urandom(4096).decode('latin-1') + bytes(range(32)).decode('ascii'))
display({'application/octet-stream': os.urandom(512).decode('latin-1'), 'text/plain': '\\x00\\x1b[31mjunk'}, raw=True)
print('END')`
      );
      const verdict = await check(
        env,
        kernel,
        [
          { id: 'end', kind: 'output', stream_contains: 'END', no_error: true },
          { id: 'png', kind: 'output', mime: 'image/png' }
        ],
        outputs
      );
      expect(statuses(verdict)).toEqual({ end: 'pass', png: 'fail' });
    } finally {
      await env.server.stopKernel(kernel);
    }
  });
});

describe('load', () => {
  it('1,000 checks in a row on one kernel: no failure, memory within 50 MB of growth', async () => {
    const kernel = await env.startKernel();
    try {
      await run(kernel, 'import numpy as np\nanswer = np.arange(100.0)');
      const before = await residentMb(kernel);
      const checks: Check[] = [
        {
          id: 'v',
          kind: 'value',
          expr: 'answer',
          expected: [...Array(100).keys()]
        },
        { id: 'a', kind: 'assert', code: 'assert answer.sum() == 4950' }
      ];
      let failures = 0;
      const measured: number[] = [];
      for (let half = 0; half < 2; half++) {
        for (let i = 0; i < 250; i++) {
          const verdict = await check(env, kernel, checks);
          failures += verdict.status === 'pass' ? 0 : 1;
        }
        measured.push(await residentMb(kernel));
      }
      const after = measured[1];
      process.stdout.write(
        `1,000 checks: kernel RSS ${before} MB before, ${measured[0]} MB after 500, ${after} MB after 1,000\n`
      );
      expect(failures).toBe(0);
      expect(after - before).toBeLessThan(50);
    } finally {
      await env.server.stopKernel(kernel);
    }
  }, 600000);

  it("20 learners' kernels checking at once against one server: every verdict right", async () => {
    const kernels = await Promise.all(
      Array.from({ length: 20 }, () => env.startKernel())
    );
    try {
      const verdicts = await Promise.all(
        kernels.map(async (kernel, n) => {
          await run(kernel, `answer = ${n} * 2`);
          const right = await check(env, kernel, [
            { id: 'v', kind: 'value', expr: 'answer', expected: n * 2 }
          ]);
          const wrong = await check(env, kernel, [
            { id: 'v', kind: 'value', expr: 'answer', expected: n * 2 + 1 }
          ]);
          return [right.status, wrong.status];
        })
      );
      expect(verdicts).toEqual(
        Array.from({ length: 20 }, () => ['pass', 'fail'])
      );
    } finally {
      await Promise.all(kernels.map(kernel => env.server.stopKernel(kernel)));
    }
  }, 600000);
});
