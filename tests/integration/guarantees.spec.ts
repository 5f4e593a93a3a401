/**
 * The check protocol's guarantees, on a real kernel: the learner's session is
 * left exactly as it was, learner code cannot fake a pass, and a kernel that
 * loops, is busy, restarts or dies gives its own verdict, never a hang.
 */
import type { Kernel } from '@jupyterlab/services';
import type { Check } from '../../src/catalog/format';
import { check, KernelEnv, run, statuses } from './kernel-env';
import { kernelBusy, readState, startCell } from './kernel-probe';

const env = new KernelEnv();
let kernel: Kernel.IKernelConnection;

beforeAll(async () => {
  await env.start();
  kernel = await env.startKernel();
  await env.engine.prepare(kernel);
});
afterAll(() => env.stop());

describe('the learner session is untouched', () => {
  test('after 100 checks: names, values, In, Out, _ and the execution count are as before', async () => {
    await run(
      kernel,
      [
        'import numpy as np, pandas as pd, random',
        'np.random.seed(0); random.seed(0)',
        "df = pd.DataFrame({'a': [1.0, None, 3.0], 'b': list('xyz')})",
        'data = [3, 1, 2]',
        'def sort_in_place(xs):\n    xs.sort()\n    return xs',
        'def fill(frame):\n    frame.fillna(0, inplace=True)\n    return frame'
      ].join('\n')
    );
    await run(kernel, 'df.shape');
    const before = await readState(kernel);
    const checks: Check[] = [
      {
        id: 'sorted',
        kind: 'value',
        expr: 'sort_in_place(data)',
        expected: [1, 2, 3]
      },
      {
        id: 'filled',
        kind: 'value',
        expr: "fill(df)['a'].tolist()",
        expected: [1, 0, 3]
      },
      { id: 'walrus', kind: 'value', expr: '(leak := 5)', expected: 5 },
      {
        id: 'random',
        kind: 'value',
        expr: 'float(np.random.rand()) + random.random() > -1',
        expected: true
      },
      {
        id: 'binds',
        kind: 'assert',
        code: 'global data\nnew_name = 1\ndata = None\ndel df\nimport os\nassert True'
      },
      { id: 'prints', kind: 'assert', code: 'print("noise")\nassert 1 == 1' },
      {
        id: 'quiz',
        kind: 'quiz',
        variable: 'q',
        choices: { a: 'x', b: 'y' },
        answer: 'a'
      },
      { id: 'figure', kind: 'figure', min_lines: 0 }
    ];
    for (let i = 0; i < 100 / checks.length; i++) {
      const verdict = await check(env, kernel, checks);
      expect(statuses(verdict)).toEqual({
        sorted: 'pass',
        filled: 'pass',
        walrus: 'pass',
        random: 'pass',
        binds: 'pass',
        prints: 'pass',
        quiz: 'fail',
        figure: 'fail'
      });
    }
    const after = await readState(kernel);
    expect(after).toEqual(before);
    expect(after.count).toBeGreaterThan(0);
    expect(after.names).not.toContain('leak');
    const outputs = await run(
      kernel,
      'data, df["a"].isna().sum(), np.random.rand() == np.random.RandomState(0).rand()'
    );
    expect(JSON.stringify(outputs)).toContain('([3, 1, 2], 1, True)');
  });
});

describe('learner code cannot fake a pass', () => {
  test('shadowed builtins in the namespace', async () => {
    await run(
      kernel,
      [
        'answer = "abc"',
        'len = lambda x: 3',
        'isinstance = lambda *args: True',
        'print = lambda *args: None',
        'AssertionError = Exception'
      ].join('\n')
    );
    const verdict = await check(env, kernel, [
      {
        id: 'type',
        kind: 'assert',
        code: 'assert isinstance(answer, list), "answer should be a list"'
      },
      { id: 'length', kind: 'assert', code: 'assert len(answer) == 4' },
      {
        id: 'raise',
        kind: 'assert',
        code: 'if answer != [1]:\n    raise AssertionError("not [1]")'
      },
      { id: 'value', kind: 'value', expr: 'len(answer)', expected: 4 }
    ]);
    expect(statuses(verdict)).toEqual({
      type: 'fail',
      length: 'fail',
      raise: 'fail',
      value: 'fail'
    });
    await run(kernel, 'del len, isinstance, print, AssertionError');
  });

  test('monkeypatched builtins, DataFrame.equals and NumPy comparisons', async () => {
    await run(
      kernel,
      [
        'import builtins, numpy as np, pandas as pd',
        "wrong_df = pd.DataFrame({'a': [1, 2, 4]})",
        'wrong_arr = np.array([1.0, 2.0, 4.0])',
        'saved = (builtins.len, builtins.isinstance, pd.DataFrame.equals, np.allclose, np.isclose, np.array_equal)',
        // lies only about the values the checks look at, so the kernel itself keeps working
        'builtins.len = lambda o, _l=builtins.len: 3 if type(o) is str and o == "abcd" else _l(o)',
        'builtins.isinstance = lambda o, t, _i=builtins.isinstance: True if t is list and type(o) is str and o == "abc" else _i(o, t)',
        'pd.DataFrame.equals = lambda self, other: True',
        'np.allclose = np.array_equal = lambda *a, **k: True',
        'np.isclose = lambda a, b, **k: np.ones(np.shape(a), dtype=bool)'
      ].join('\n')
    );
    try {
      const verdict = await check(env, kernel, [
        {
          id: 'frame',
          kind: 'value',
          expr: 'wrong_df',
          reference:
            "import pandas as pd\nexpected = pd.DataFrame({'a': [1, 2, 3]})"
        },
        {
          id: 'array',
          kind: 'value',
          expr: 'wrong_arr',
          reference: 'import numpy as np\nexpected = np.array([1.0, 2.0, 3.0])'
        },
        { id: 'length', kind: 'assert', code: 'assert len("abcd") == 4' },
        {
          id: 'type',
          kind: 'assert',
          code: 'assert not isinstance("abc", list)'
        }
      ]);
      expect(statuses(verdict)).toEqual({
        frame: 'fail',
        array: 'fail',
        length: 'pass',
        type: 'pass'
      });
      expect(verdict.criteria[0].message).toContain('differs at index `2`');
    } finally {
      await run(
        kernel,
        '(builtins.len, builtins.isinstance, pd.DataFrame.equals, np.allclose, np.isclose, np.array_equal) = saved'
      );
    }
  });
});

describe('kernels that loop, are busy, restart or die', () => {
  test('a learner function that loops forever: timeout, kernel interrupted, session intact', async () => {
    await run(
      kernel,
      'def forever():\n    while True:\n        pass\nkept = 12'
    );
    const started = Date.now();
    const verdict = await check(env, kernel, [
      { id: 'before', kind: 'value', expr: 'kept', expected: 12 },
      {
        id: 'loops',
        kind: 'value',
        expr: 'forever()',
        expected: 1,
        timeout: 1.5
      },
      { id: 'after', kind: 'value', expr: 'kept', expected: 12 }
    ]);
    expect(verdict.status).toBe('timeout');
    expect(statuses(verdict)).toEqual({
      before: 'pass',
      loops: 'timeout',
      after: 'timeout'
    });
    expect(verdict.message).toContain('the kernel was interrupted');
    expect(Date.now() - started).toBeLessThan(15000);
    expect(JSON.stringify(await run(kernel, 'kept + 1'))).toContain('"13"');
    expect(
      (
        await check(env, kernel, [
          { id: 'again', kind: 'value', expr: 'kept', expected: 12 }
        ])
      ).status
    ).toBe('pass');
  });

  test('a check sent while a long cell runs says it waits; its budget starts when it runs', async () => {
    const cell = startCell(kernel, 'import time\ntime.sleep(2)\nwaited = True');
    await kernelBusy(kernel);
    const phases: string[] = [];
    const verdict = await check(
      env,
      kernel,
      [{ id: 'w', kind: 'value', expr: 'waited', expected: true }],
      [],
      {
        timeoutMs: 500,
        onStatus: phase => phases.push(phase)
      }
    );
    await cell;
    expect(phases).toEqual(['waiting', 'running']);
    expect(verdict.status).toBe('pass');
  });

  test('a waiting check can be cancelled; the running cell is not disturbed', async () => {
    const cell = startCell(
      kernel,
      'import time\ntime.sleep(3)\nfinished = True'
    );
    await kernelBusy(kernel);
    const controller = new AbortController();
    const started = Date.now();
    const pending = check(
      env,
      kernel,
      [{ id: 'c', kind: 'value', expr: '1', expected: 1 }],
      [],
      {
        signal: controller.signal,
        onStatus: phase =>
          phase === 'waiting' && setTimeout(() => controller.abort(), 200)
      }
    );
    const verdict = await pending;
    expect(verdict.status).toBe('kernel-busy');
    expect(verdict.cancelled).toBe(true);
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await cell).status).toBe('ok');
    expect(
      (
        await check(env, kernel, [
          { id: 'f', kind: 'value', expr: 'finished', expected: true }
        ])
      ).status
    ).toBe('pass');
  });

  test('a restart during a check: kernel-restarted; the harness comes back after it', async () => {
    await run(
      kernel,
      'import time\ndef slow():\n    time.sleep(10)\n    return 1'
    );
    let restarted: Promise<void> | null = null;
    const pending = check(
      env,
      kernel,
      [{ id: 's', kind: 'value', expr: 'slow()', expected: 1 }],
      [],
      {
        timeoutMs: 30000,
        onStatus: phase =>
          phase === 'running' &&
          setTimeout(() => (restarted = kernel.restart()), 300)
      }
    );
    const verdict = await pending;
    expect(verdict.status).toBe('kernel-restarted');
    expect(verdict.message).toContain('restarted');
    // The checks below come after the restart, as the learner's would: a check
    // sent while the kernel is still starting again is itself told it restarted.
    expect(restarted).not.toBeNull();
    await restarted;
    const afterRestart = await check(env, kernel, [
      { id: 'gone', kind: 'value', expr: 'slow', expected: 1 }
    ]);
    expect(afterRestart.status).toBe('fail');
    expect(afterRestart.criteria[0].message).toContain(
      "name 'slow' is not defined"
    );
    await run(kernel, 'x = 5');
    expect(
      (
        await check(env, kernel, [
          { id: 'x', kind: 'value', expr: 'x', expected: 5 }
        ])
      ).status
    ).toBe('pass');
  });

  test('a kernel that dies (killed) during a check: never a hang or a pass', async () => {
    await run(
      kernel,
      'import os, time\ndef slow():\n    time.sleep(10)\n    return 1'
    );
    const pid = await run(kernel, 'os.getpid()');
    const kernelPid = Number(
      (pid[0] as { data: Record<string, string> }).data['text/plain']
    );
    expect(kernelPid).toBeGreaterThan(1);
    expect(kernelPid).not.toBe(process.pid);
    const verdict = await check(
      env,
      kernel,
      [{ id: 's', kind: 'value', expr: 'slow()', expected: 1 }],
      [],
      {
        timeoutMs: 30000,
        onStatus: phase =>
          phase === 'running' &&
          setTimeout(() => process.kill(kernelPid, 'SIGKILL'), 300)
      }
    );
    expect(['kernel-restarted', 'kernel-dead']).toContain(verdict.status);
  });

  test('a kernel shut down during a check gives kernel-dead; no kernel at all too', async () => {
    const doomed = await env.startKernel();
    await run(doomed, 'import time');
    const verdict = await check(
      env,
      doomed,
      [{ id: 's', kind: 'value', expr: 'time.sleep(10)', expected: 1 }],
      [],
      {
        timeoutMs: 30000,
        onStatus: phase =>
          phase === 'running' && setTimeout(() => void doomed.shutdown(), 300)
      }
    );
    expect(verdict.status).toBe('kernel-dead');
    const none = await env.engine.checkCell({
      ...(await import('./kernel-env')).exerciseWith([
        { id: 'n', kind: 'value', expr: '1', expected: 1 }
      ]),
      outputs: [],
      kernel: null
    });
    expect(none.status).toBe('kernel-dead');
  });
});
