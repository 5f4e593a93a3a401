/**
 * `figure` checks (snapshot of the figures a cell drew, before the inline
 * backend closes them) and `quiz` checks, on a real kernel.
 */
import type { Kernel } from '@jupyterlab/services';
import type { Check } from '../../src/catalog/format';
import { check, KernelEnv, run, statuses } from './kernel-env';

const env = new KernelEnv();
let kernel: Kernel.IKernelConnection;

beforeAll(async () => {
  await env.start();
  kernel = await env.startKernel();
  await env.engine.prepare(kernel);
  await run(kernel, 'import numpy as np\nimport matplotlib.pyplot as plt');
});
afterAll(() => env.stop());

const histogramChecks: Check[] = [
  {
    id: 'labels',
    kind: 'figure',
    has_xlabel: true,
    has_ylabel: true,
    has_title: true
  },
  {
    id: 'title',
    kind: 'figure',
    title_contains: 'AGE',
    xlabel_contains: 'years'
  },
  { id: 'bars', kind: 'figure', min_patches: 10, max_patches: 30 },
  { id: 'many-bars', kind: 'figure', min_patches: 50 }
];

describe('figure', () => {
  test('a histogram left open at the end of the cell', async () => {
    await run(
      kernel,
      'fig, ax = plt.subplots()\nax.hist(np.arange(100), bins=20)\nax.set_title("Age distribution")\nax.set_xlabel("age (years)")\nax.set_ylabel("count")'
    );
    expect(statuses(await check(env, kernel, histogramChecks))).toEqual({
      labels: 'pass',
      title: 'pass',
      bars: 'pass',
      'many-bars': 'fail'
    });
  });

  test('a figure closed by plt.show() inside the cell is still seen', async () => {
    await run(
      kernel,
      'plt.hist(np.arange(100), bins=20)\nplt.title("Age")\nplt.show()'
    );
    const verdict = await check(env, kernel, histogramChecks);
    expect(statuses(verdict)).toEqual({
      labels: 'fail',
      title: 'fail',
      bars: 'pass',
      'many-bars': 'fail'
    });
    expect(verdict.criteria[0].message).toContain('x axis has no label');
  });

  test('a confusion matrix: image, texts and tick labels', async () => {
    await run(
      kernel,
      [
        'cm = np.array([[5, 1], [2, 7]])',
        'fig, ax = plt.subplots()',
        'ax.imshow(cm)',
        'for (i, j), v in np.ndenumerate(cm):',
        '    ax.text(j, i, str(v))',
        'ax.set_xticks([0, 1]); ax.set_xticklabels(["cat", "dog"])'
      ].join('\n')
    );
    const verdict = await check(env, kernel, [
      {
        id: 'cm',
        kind: 'figure',
        min_images: 1,
        texts_include: ['5', '1', '2', '7'],
        xticklabels_include: ['cat', 'dog']
      },
      { id: 'cm-wrong', kind: 'figure', texts_include: ['8'] },
      { id: 'second-axes', kind: 'figure', axes: 1, has_title: true }
    ]);
    expect(statuses(verdict)).toEqual({
      cm: 'pass',
      'cm-wrong': 'fail',
      'second-axes': 'fail'
    });
  });

  test('the snapshot is of the last cell: a cell without a figure leaves none; checks do not replace it', async () => {
    await run(kernel, 'x = 1');
    const verdict = await check(env, kernel, [
      { id: 'any', kind: 'figure', min_patches: 0 }
    ]);
    expect(verdict.status).toBe('fail');
    expect(verdict.criteria[0].message).toContain('drew no matplotlib figure');
  });

  test('a check that draws does not leak figures into the next cell', async () => {
    await run(
      kernel,
      'def draw():\n    plt.figure(); plt.plot([1, 2])\n    return 1'
    );
    const verdict = await check(env, kernel, [
      { id: 'draw', kind: 'value', expr: 'draw()', expected: 1 }
    ]);
    expect(verdict.status).toBe('pass');
    const outputs = await run(kernel, 'len(plt.get_fignums())');
    expect(JSON.stringify(outputs)).toContain('"text/plain":"0"');
  });
});

test('figures drawn before the harness was installed: the learner is told to run the cell again', async () => {
  const fresh = await env.startKernel();
  await run(fresh, 'import matplotlib.pyplot as plt\nplt.plot([1, 2])');
  const verdict = await check(env, fresh, [
    { id: 'line', kind: 'figure', min_lines: 1 }
  ]);
  expect(verdict.criteria[0].message).toContain('run the cell again');
  await run(fresh, 'plt.plot([1, 2])');
  expect(
    (await check(env, fresh, [{ id: 'line', kind: 'figure', min_lines: 1 }]))
      .status
  ).toBe('pass');
  await env.server.stopKernel(fresh);
});

describe('quiz', () => {
  const quiz: Check = {
    id: 'q1',
    kind: 'quiz',
    variable: 'q1',
    choices: { a: 'mean', b: 'median', c: 'mode' },
    answer: 'b'
  };
  const multi: Check = {
    id: 'q2',
    kind: 'quiz',
    variable: 'q2',
    choices: { a: 'x', b: 'y', c: 'z' },
    answer: ['a', 'c']
  };

  test('missing, wrong, right (case-insensitive), and several keys', async () => {
    const verdict = await check(env, kernel, [quiz]);
    expect(verdict.status).toBe('fail');
    expect(verdict.criteria[0].message).toContain('`q1` is not defined yet');
    await run(kernel, 'q1 = "a"');
    expect((await check(env, kernel, [quiz])).status).toBe('fail');
    await run(kernel, 'q1 = "B"');
    expect((await check(env, kernel, [quiz])).status).toBe('pass');
    await run(kernel, 'q1 = "z"');
    expect((await check(env, kernel, [quiz])).criteria[0].message).toContain(
      'not one of the choices'
    );
    await run(kernel, 'q2 = ["a"]');
    expect((await check(env, kernel, [multi])).criteria[0].message).toContain(
      'some right choices are missing'
    );
    await run(kernel, 'q2 = {"c", "A"}');
    expect((await check(env, kernel, [multi])).status).toBe('pass');
  });
});
