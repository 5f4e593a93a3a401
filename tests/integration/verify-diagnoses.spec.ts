/**
 * Diagnoses and the learner's line, on a real kernel: the first diagnosis
 * that holds is named first, a failure no diagnosis explains shows what
 * differs first, and an exception raised by learner code called by a check
 * shows the learner's line.
 */
import type { Kernel } from '@jupyterlab/services';
import type { Check } from '../../src/catalog/format';
import { check, KernelEnv, run } from './kernel-env';

const env = new KernelEnv();
let kernel: Kernel.IKernelConnection;

beforeAll(async () => {
  await env.start();
  kernel = await env.startKernel();
  await env.engine.prepare(kernel);
  await run(
    kernel,
    [
      'import numpy as np',
      'data = [4.0, 6.0, 8.0]',
      'filled = 0',
      'def scale(values):',
      '    total = sum(values)',
      '    return [v / (total - total) for v in values]',
      'def mean_of(values):',
      '    return sum(data) / len(data)'
    ].join('\n')
  );
});
afterAll(() => env.stop());

const MESSAGE = 'Fill with the **mean** of the column.';

const diagnosed = (extra: Partial<Check>): Check =>
  ({
    id: 'filled',
    kind: 'value',
    expr: 'filled',
    expected: 6,
    message: MESSAGE,
    ...extra
  }) as Check;

test('value: the first diagnosis that holds comes first, then the message, then what differs', async () => {
  const verdict = await check(env, kernel, [
    diagnosed({
      diagnoses: [
        { id: 'raises', when: 'value.missing_attribute', message: 'never' },
        { id: 'not-it', when: 'value == 1', message: 'never either' },
        {
          id: 'zero',
          when: 'value == 0 and expected == 6 and "expected" in error',
          message: 'You filled with **0**, not the mean.'
        },
        { id: 'later', when: 'True', message: 'not shown: an earlier one held' }
      ]
    })
  ]);
  const [criterion] = verdict.criteria;
  expect(criterion.status).toBe('fail');
  expect(criterion.diagnosis).toBe('zero');
  const parts = criterion.message.split('\n\n');
  expect(parts[0]).toBe('You filled with **0**, not the mean.');
  expect(parts[1]).toBe(MESSAGE);
  expect(parts[2]).toContain('`filled` is `0` but expected `6`');
});

test('value: with no diagnosis holding, what differs comes first and the message after it', async () => {
  const verdict = await check(env, kernel, [
    diagnosed({
      diagnoses: [{ id: 'one', when: 'value == 1', message: 'never' }]
    })
  ]);
  const [criterion] = verdict.criteria;
  expect(criterion.diagnosis).toBeUndefined();
  expect(criterion.message.split('\n\n')).toEqual([
    '`filled` is `0` but expected `6`',
    MESSAGE
  ]);
});

test('assert: diagnoses see the test names, the learner names and error; they do not leak', async () => {
  const verdict = await check(env, kernel, [
    {
      id: 'reads-argument',
      kind: 'assert',
      code: 'other = [1.0, 2.0, 3.0]\nresult = mean_of(other)\nassert result == 2.0, f"mean_of(other) gave {result}"',
      diagnoses: [
        {
          id: 'global',
          when: 'result == sum(data) / len(data) and "gave 6.0" in error',
          message: '`mean_of` reads the global `data` instead of its argument.'
        }
      ]
    } as Check
  ]);
  const [criterion] = verdict.criteria;
  expect(criterion.diagnosis).toBe('global');
  expect(criterion.message).toBe(
    '`mean_of` reads the global `data` instead of its argument.\n\nmean_of(other) gave 6.0'
  );
  const leaks = await check(env, kernel, [
    {
      id: 'no-leak',
      kind: 'assert',
      code: "assert 'result' not in globals() and 'other' not in globals()"
    }
  ]);
  expect(leaks.criteria[0].status).toBe('pass');
});

test("a learner function that raises inside a check: the message shows the learner's line", async () => {
  const verdict = await check(env, kernel, [
    {
      id: 'scaled',
      kind: 'value',
      expr: 'scale(data)',
      expected: [0.2, 0.3, 0.4],
      diagnoses: [
        {
          id: 'zero-division',
          when: 'isinstance(exception, ZeroDivisionError)',
          message: 'Your function divides by zero.'
        }
      ]
    } as Check,
    {
      id: 'scaled-assert',
      kind: 'assert',
      code: 'out = scale([1.0, 1.0])\nassert len(out) == 2'
    }
  ]);
  const [value, asserted] = verdict.criteria;
  expect(value.diagnosis).toBe('zero-division');
  for (const criterion of [value, asserted]) {
    expect(criterion.status).toBe('fail');
    expect(criterion.message).toContain(
      'Your code raised `ZeroDivisionError: float division by zero`'
    );
    expect(criterion.message).toMatch(
      /at line 6 of your cell In \[\d+\], in `scale`:/
    );
    expect(criterion.message).toContain(
      '```python\nreturn [v / (total - total) for v in values]\n```'
    );
    expect(criterion.message).not.toContain('<check');
  }
});

test('an exception of the check itself (a name the learner has not defined) names no learner line', async () => {
  const verdict = await check(env, kernel, [
    { id: 'missing', kind: 'assert', code: 'assert undefined_name == 1' }
  ]);
  expect(verdict.criteria[0].message).toBe(
    "Your code raised NameError: name 'undefined_name' is not defined"
  );
});

test('figure: diagnoses are evaluated in the kernel on the snapshot of the figures', async () => {
  await run(
    kernel,
    "import matplotlib.pyplot as plt\nplt.hist([1, 2, 2, 3, 3, 3], bins=3)\nplt.title('Counts')"
  );
  const verdict = await check(env, kernel, [
    {
      id: 'labelled',
      kind: 'figure',
      has_xlabel: true,
      message: 'Label both axes.',
      diagnoses: [
        {
          id: 'no-bars',
          when: "figures[-1]['axes'][0]['patches'] == 0",
          message: 'never: the histogram has bars'
        },
        {
          id: 'title-only',
          when: "figures[-1]['axes'][0]['title'] == 'Counts' and 'x axis' in error and exception is None",
          message: 'You gave the plot a title but no **x label**.'
        }
      ]
    } as Check
  ]);
  const [criterion] = verdict.criteria;
  expect(criterion.status).toBe('fail');
  expect(criterion.diagnosis).toBe('title-only');
  expect(criterion.message.split('\n\n')).toEqual([
    'You gave the plot a title but no **x label**.',
    'Label both axes.',
    'The x axis has no label: add one with `ax.set_xlabel(...)`.'
  ]);
});

test('quiz: diagnoses see the answer given; with none holding, what was found comes first', async () => {
  await run(kernel, "q_split = 'B '");
  const quiz = (diagnoses: unknown[]): Check =>
    ({
      id: 'split',
      kind: 'quiz',
      variable: 'q_split',
      choices: { a: 'test error', b: 'training error', c: 'neither' },
      answer: 'a',
      message: 'The held-out split estimates the error on new data.',
      diagnoses
    }) as Check;
  const picked = await check(env, kernel, [
    quiz([
      { id: 'picked-c', when: "answer == 'c'", message: 'never' },
      {
        id: 'picked-b',
        when: "answer == 'b' and answers == ['b'] and 'not the right answer' in error",
        message:
          'You picked **b**: that is the training error, not the test error.'
      }
    ])
  ]);
  expect(picked.criteria[0].diagnosis).toBe('picked-b');
  expect(picked.criteria[0].message.split('\n\n')).toEqual([
    'You picked **b**: that is the training error, not the test error.',
    'The held-out split estimates the error on new data.',
    '`q_split = "B "` is not the right answer.'
  ]);
  const unexplained = await check(env, kernel, [
    quiz([{ id: 'picked-c', when: "answer == 'c'", message: 'never' }])
  ]);
  expect(unexplained.criteria[0].diagnosis).toBeUndefined();
  expect(unexplained.criteria[0].message.split('\n\n')[0]).toBe(
    '`q_split = "B "` is not the right answer.'
  );
});

test('output: diagnoses see the printed text, the MIME types shown, the exception raised and the learner names', async () => {
  await run(kernel, 'report_text = "precision recall"');
  const verdict = await check(
    env,
    kernel,
    [
      {
        id: 'shown',
        kind: 'output',
        mime: 'image/png',
        message: 'Display the figure.',
        diagnoses: [
          { id: 'raised', when: 'raised is not None', message: 'never' },
          {
            id: 'printed-instead',
            when: "'precision' in text and mimes == ['text/plain'] and 'report_text' in dir()",
            message:
              'You printed the numbers; the cell must **show the figure**.'
          }
        ]
      } as Check
    ],
    [
      { output_type: 'stream', name: 'stdout', text: 'precision 0.9\n' },
      {
        output_type: 'execute_result',
        execution_count: 1,
        metadata: {},
        data: { 'text/plain': '<Figure size 640x480 with 1 Axes>' }
      }
    ]
  );
  const [criterion] = verdict.criteria;
  expect(criterion.status).toBe('fail');
  expect(criterion.diagnosis).toBe('printed-instead');
  expect(criterion.message.split('\n\n')[0]).toBe(
    'You printed the numbers; the cell must **show the figure**.'
  );
});
