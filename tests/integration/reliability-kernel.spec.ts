/**
 * Issue 9 (cases 4, 6, 7, 8) and issue 10 item 2's untested lifecycle
 * branches, on a real Jupyter server and ipykernel: a check dropped behind a
 * failing cell, an interrupt the engine did not send, a kernel that ignores
 * interrupts (checks, cells and whole notebooks), references that read the
 * pack's files, no expected values left in the kernel, and output cut by
 * the server's rate limit.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { INotebookContent } from '@jupyterlab/nbformat';
import type { Kernel } from '@jupyterlab/services';
import {
  CheckEngine,
  executeCell,
  runNotebookWithin
} from '../../src/checking';
import { JupyterServer } from '../../src/cli/jupyter-server';
import { KernelEnv, check, exerciseWith, run, statuses } from './kernel-env';

const env = new KernelEnv();
/** Short budgets, so that the stubborn kernels below cost seconds. */
const quick = new CheckEngine({ graceMs: 1500 });

beforeAll(() => env.start(), 60000);
afterAll(() => env.stop());

/** Waits until the kernel runs requests again after an error (ipykernel aborts those queued behind it). */
async function untilNotAborted(
  kernel: Kernel.IKernelConnection
): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await executeCell(kernel, 'pass')).status === 'ok') {
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error('the kernel still aborts every request');
}

/** Learner code that catches every KeyboardInterrupt: the kernel cannot be interrupted out of it. */
const STUBBORN = `import time
def stubborn():
    while True:
        try:
            time.sleep(0.05)
        except KeyboardInterrupt:
            pass
`;

describe('kernel lifecycle branches', () => {
  let kernel: Kernel.IKernelConnection;
  beforeEach(async () => {
    kernel = await env.startKernel();
    await env.engine.prepare(kernel);
  });
  afterEach(() => env.server.stopKernel(kernel));

  it('a check queued behind a failing cell is aborted by the kernel: kernel-busy, "a cell before it failed"', async () => {
    const failing = executeCell(
      kernel,
      'import time\ntime.sleep(1.5)\nraise ValueError("boom")'
    );
    const verdict = await check(env, kernel, [
      { id: 'v', kind: 'value', expr: '1', expected: 1 }
    ]);
    expect((await failing).status).toBe('error');
    expect(verdict.status).toBe('kernel-busy');
    expect(verdict.message).toContain('a cell before it failed');
    // The kernel is fine afterwards: once it stops aborting what was queued
    // behind the error (longer on a loaded machine), the same check passes.
    await untilNotAborted(kernel);
    expect(
      statuses(
        await check(env, kernel, [
          { id: 'v', kind: 'value', expr: '1', expected: 1 }
        ])
      )
    ).toEqual({ v: 'pass' });
  });

  it('an interrupt the engine did not send (the learner pressed stop) is said so, not a timeout', async () => {
    await run(
      kernel,
      'import time\ndef slow():\n    time.sleep(30)\n    return 1'
    );
    const pending = check(
      env,
      kernel,
      [{ id: 'v', kind: 'value', expr: 'slow()', expected: 1 }],
      [],
      { timeoutMs: 60000 }
    );
    await new Promise(resolve => setTimeout(resolve, 1500));
    await kernel.interrupt();
    const verdict = await pending;
    expect(verdict.status).toBe('kernel-busy');
    expect(verdict.message).toContain('interrupted');
    expect(verdict.message).not.toContain('did not finish within');
  });

  it('a check whose interrupt the kernel ignores says the kernel is still busy and offers a restart', async () => {
    await run(kernel, STUBBORN);
    const verdict = await quick.checkCell({
      ...exerciseWith([
        { id: 'v', kind: 'value', expr: 'stubborn()', expected: 1 }
      ]),
      outputs: [],
      kernel,
      timeoutMs: 1000
    });
    expect(verdict.status).toBe('timeout');
    expect(verdict.stillBusy).toBe(true);
    expect(verdict.message).toContain('still busy');
    expect(verdict.message).toContain('Restart the kernel');
    expect(verdict.message).not.toContain('so the kernel was interrupted');
  });

  it('a cell that ignores its interrupt ends as kernel-unresponsive after the grace time (no hang)', async () => {
    await run(kernel, STUBBORN);
    const execution = await executeCell(kernel, 'stubborn()', 1000, 1500);
    expect(execution.status).toBe('kernel-unresponsive');
  });
});

describe('a whole notebook within its limit', () => {
  it('kills a kernel that never finishes and says so', async () => {
    const kernel = await env.startKernel();
    const { exercise } = exerciseWith([
      { id: 'v', kind: 'value', expr: 'answer', expected: 1 }
    ]);
    const notebook: INotebookContent = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          id: 'loop',
          metadata: {},
          source: `${STUBBORN}stubborn()`,
          outputs: [],
          execution_count: null
        },
        {
          cell_type: 'code',
          id: 'answer',
          metadata: { tags: ['mltutor:answer'] },
          source: 'answer = 1',
          outputs: [],
          execution_count: null
        }
      ]
    };
    const result = await runNotebookWithin({
      kernel,
      engine: env.engine,
      exercise,
      notebook,
      limitMs: 3000,
      killKernel: () => env.server.stopKernel(kernel)
    });
    expect(result.timedOut).toBe(true);
    expect(result.problems.map(problem => problem.kind)).toContain(
      'time-limit'
    );
    expect(result.problems.map(problem => problem.message).join()).toContain(
      'did not finish within 3 s'
    );
  });
});

describe('references and what stays in the kernel', () => {
  it("a reference reads the pack's copy of a data file, not the learner's rewritten one", async () => {
    mkdirSync(join(env.root, 'learner'), { recursive: true });
    writeFileSync(join(env.root, 'learner', 'data.csv'), 'x\n100\n');
    const kernel = await env.startKernel('learner');
    try {
      await run(kernel, 'total = 6');
      const verdict = await check(
        env,
        kernel,
        [
          {
            id: 'total',
            kind: 'value',
            expr: 'total',
            reference:
              "import csv\nwith open('data.csv') as f:\n    expected = sum(int(row['x']) for row in csv.DictReader(f))"
          }
        ],
        [],
        {
          referenceFiles: [
            { path: 'data.csv', format: 'text', content: 'x\n1\n2\n3\n' }
          ]
        }
      );
      expect(statuses(verdict)).toEqual({ total: 'pass' });
      // The learner's kernel still works in their own folder.
      await run(
        kernel,
        "import os\nassert open('data.csv').read() == 'x\\n100\\n', os.getcwd()"
      );
    } finally {
      await env.server.stopKernel(kernel);
    }
  });

  it('leaves no reference result in the kernel after the check', async () => {
    const kernel = await env.startKernel();
    try {
      await run(kernel, 'answer = [1, 2]');
      await check(env, kernel, [
        {
          id: 'v',
          kind: 'value',
          expr: 'answer',
          reference:
            'class MltutorRefMarker(list):\n    pass\nexpected = MltutorRefMarker([1, 2])'
        }
      ]);
      await run(
        kernel,
        "import gc\nleft = sum(1 for o in gc.get_objects() if type(o).__name__ == 'MltutorRefMarker')"
      );
      expect(
        statuses(
          await check(env, kernel, [
            { id: 'left', kind: 'value', expr: 'left', expected: 0 }
          ])
        )
      ).toEqual({ left: 'pass' });
    } finally {
      await env.server.stopKernel(kernel);
    }
  });
});

describe("output cut by the server's rate limit", () => {
  it('says the output was cut and why, not "does not contain DONE"', async () => {
    const server = await JupyterServer.start(env.root, 60000, [
      '--ServerApp.iopub_data_rate_limit=100000',
      '--ServerApp.rate_limit_window=1'
    ]);
    try {
      const kernel = await server.startKernel();
      const outputs = await run(
        kernel,
        "for i in range(200):\n    print('x' * 10000)\nprint('DONE')"
      );
      const verdict = await env.engine.checkCell({
        ...exerciseWith([
          { id: 'done', kind: 'output', stream_contains: 'DONE' }
        ]),
        outputs,
        kernel
      });
      expect(verdict.status).toBe('fail');
      expect(verdict.criteria[0].message).toContain('was cut');
      expect(verdict.criteria[0].message).toContain('iopub_data_rate_limit');
    } finally {
      await server.stop();
    }
  });
});
