/**
 * Every check kind, passing and failing, on a real kernel.
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
  await run(
    kernel,
    [
      'import numpy as np, pandas as pd',
      'ratio = 1 / 3',
      'count = 7',
      'flag = True',
      'name = "iris"',
      'arr = np.arange(12, dtype=float).reshape(3, 4)',
      "s = pd.Series([1, 2, 3], index=['a', 'b', 'c'], name='n')",
      "df = pd.DataFrame({'age': [22, 38, 26, 41], 'city': ['x', 'y', 'z', 'w']})",
      "labels = {'cat', 'dog'}",
      "counts = {'cat': 2, 'dog': {'old': 1.0, 'young': 3}}",
      'items = [3, 1, 2]'
    ].join('\n')
  );
});
afterAll(() => env.stop());

const value = (
  id: string,
  expr: string,
  extra: Record<string, unknown>
): Check => ({ id, kind: 'value', expr, ...extra }) as Check;

describe('value', () => {
  test('scalars: tolerance, ints, bools, strings', async () => {
    const verdict = await check(env, kernel, [
      value('close', 'ratio', { expected: 0.33333333, rtol: 1e-6 }),
      value('too-far', 'ratio', { expected: 0.3333 }),
      value('atol', 'ratio', { expected: 0.3, atol: 0.05 }),
      value('int', 'count', { expected: 7 }),
      value('int-wrong', 'count', { expected: 8 }),
      value('bool', 'flag', { expected: true }),
      value('bool-not-int', 'flag', { expected: 1 }),
      value('str', 'name', { expected: 'iris' }),
      value('str-case', 'name', { expected: 'Iris' })
    ]);
    expect(statuses(verdict)).toEqual({
      close: 'pass',
      'too-far': 'fail',
      atol: 'pass',
      int: 'pass',
      'int-wrong': 'fail',
      bool: 'pass',
      'bool-not-int': 'fail',
      str: 'pass',
      'str-case': 'fail'
    });
    expect(verdict.status).toBe('fail');
    const message = verdict.criteria.find(
      c => c.checkId === 'int-wrong'
    )?.message;
    expect(message).toBe('`count` is `7` but expected `8`');
  });

  test('NumPy arrays: shape, then values with tolerance', async () => {
    const reference = (body: string): string =>
      `import numpy as np\nexpected = ${body}`;
    const verdict = await check(env, kernel, [
      value('same', 'arr', {
        reference: reference('np.arange(12).reshape(3, 4) * (1 + 1e-9)')
      }),
      value('shape', 'arr', {
        reference: reference('np.arange(12).reshape(4, 3)')
      }),
      value('values', 'arr', {
        reference: reference(
          'np.where(np.arange(12) == 5, 50, np.arange(12)).reshape(3, 4)'
        )
      }),
      value('from-json', 'arr[0]', { expected: [0, 1, 2, 3] }),
      value('dtype', 'arr', {
        reference: reference('np.arange(12).reshape(3, 4)'),
        check_dtype: true
      })
    ]);
    expect(statuses(verdict)).toEqual({
      same: 'pass',
      shape: 'fail',
      values: 'fail',
      'from-json': 'pass',
      dtype: 'fail'
    });
    const byId = Object.fromEntries(
      verdict.criteria.map(c => [c.checkId, c.message])
    );
    expect(byId.shape).toContain('has shape `(3, 4)` but expected `(4, 3)`');
    expect(byId.values).toContain(
      'differs at index `(1, 1)`: `5.0` vs `50` expected'
    );
  });

  test('pandas Series and DataFrames, with dtype, index and order options', async () => {
    const frame =
      "import pandas as pd\nexpected = pd.DataFrame({'age': [22.0, 38.0, 26.0, 41.0], 'city': ['x', 'y', 'z', 'w']})";
    const verdict = await check(env, kernel, [
      value('series', 's', {
        reference:
          "import pandas as pd\nexpected = pd.Series([1, 2, 3], index=['a', 'b', 'c'])"
      }),
      value('series-index', 's', {
        reference:
          "import pandas as pd\nexpected = pd.Series([1, 2, 3], index=['a', 'b', 'd'])"
      }),
      value('series-no-index', 's', {
        reference: 'import pandas as pd\nexpected = pd.Series([1, 2, 3])',
        check_index: false
      }),
      value('series-name', 's', {
        reference:
          "import pandas as pd\nexpected = pd.Series([1, 2, 3], index=['a', 'b', 'c'], name='m')",
        check_names: true
      }),
      value('series-as-dict', 's', { expected: { a: 1, b: 2, c: 3 } }),
      value('frame-int-vs-float', 'df', { reference: frame }),
      value('frame-dtype', 'df', { reference: frame, check_dtype: true }),
      value('frame-value', 'df', { reference: frame.replace('41.0', '38.5') }),
      value('frame-rows', 'df.head(3)', { reference: frame }),
      value('frame-columns', "df.rename(columns={'age': 'Age'})", {
        reference: frame
      }),
      value('frame-order', 'df.sort_values("age")', {
        reference: frame,
        ignore_order: true,
        check_index: false
      }),
      value(
        'frame-order-needed',
        'df.sort_values("age").reset_index(drop=True)',
        { reference: frame }
      )
    ]);
    expect(statuses(verdict)).toEqual({
      series: 'pass',
      'series-index': 'fail',
      'series-no-index': 'pass',
      'series-name': 'fail',
      'series-as-dict': 'pass',
      'frame-int-vs-float': 'pass',
      'frame-dtype': 'fail',
      'frame-value': 'fail',
      'frame-rows': 'fail',
      'frame-columns': 'fail',
      'frame-order': 'pass',
      'frame-order-needed': 'fail'
    });
    const byId = Object.fromEntries(
      verdict.criteria.map(c => [c.checkId, c.message])
    );
    expect(byId['frame-value']).toContain(
      "`df['age']` differs at index `3`: `41` vs `38.5` expected"
    );
    expect(byId['frame-rows']).toContain(
      'has shape `(3, 2)` but expected `(4, 2)`'
    );
    expect(byId['frame-columns']).toContain("is missing column(s) `'age'`");
  });

  test('sets, dicts, lists', async () => {
    const verdict = await check(env, kernel, [
      value('set', 'labels', { reference: "expected = {'dog', 'cat'}" }),
      value('set-wrong', 'labels', { reference: "expected = {'dog', 'bird'}" }),
      value('dict', 'counts', {
        expected: { dog: { young: 3, old: 1 }, cat: 2 }
      }),
      value('dict-value', 'counts', {
        expected: { dog: { young: 4, old: 1 }, cat: 2 }
      }),
      value('dict-keys', 'counts', { expected: { cat: 2 } }),
      value('list', 'items', { expected: [3, 1, 2] }),
      value('list-order', 'items', { expected: [1, 2, 3] }),
      value('list-ignore-order', 'items', {
        expected: [1, 2, 3],
        ignore_order: true
      }),
      value('tuple-as-list', 'tuple(items)', { expected: [3, 1, 2] })
    ]);
    expect(statuses(verdict)).toEqual({
      set: 'pass',
      'set-wrong': 'fail',
      dict: 'pass',
      'dict-value': 'fail',
      'dict-keys': 'fail',
      list: 'pass',
      'list-order': 'fail',
      'list-ignore-order': 'pass',
      'tuple-as-list': 'pass'
    });
    const byId = Object.fromEntries(
      verdict.criteria.map(c => [c.checkId, c.message])
    );
    expect(byId['dict-value']).toBe(
      "`counts['dog']['young']` is `3` but expected `4`"
    );
    expect(byId['set-wrong']).toBe(
      "`labels` is missing `'bird'`; has unexpected `'cat'`"
    );
  });

  test('an undefined name fails; broken reference code is an error; with no diagnosis, what differs comes before the author message', async () => {
    const verdict = await check(env, kernel, [
      value('undefined', 'not_defined_yet', { expected: 1 }),
      value('broken', 'count', { reference: 'expected = 1 / 0' }),
      value('unbound', 'count', { reference: 'x = 1' }),
      value('message', 'count', { expected: 8, message: 'Count the **rows**.' })
    ]);
    expect(statuses(verdict)).toEqual({
      undefined: 'fail',
      broken: 'error',
      unbound: 'error',
      message: 'fail'
    });
    expect(verdict.status).toBe('error');
    const byId = Object.fromEntries(
      verdict.criteria.map(c => [c.checkId, c.message])
    );
    expect(byId.undefined).toContain(
      "NameError: name 'not_defined_yet' is not defined"
    );
    expect(byId.broken).toContain('ZeroDivisionError');
    // No diagnosis holds: the message claims no cause, so what the check
    // found leads and the author's explanation follows.
    expect(byId.message).toBe(
      '`count` is `7` but expected `8`\n\nCount the **rows**.'
    );
  });
});

describe('assert', () => {
  test('passes, fails with the assertion message, or names the exception', async () => {
    const verdict = await check(env, kernel, [
      {
        id: 'ok',
        kind: 'assert',
        code: 'assert count == 7\nassert len(items) == 3'
      },
      {
        id: 'msg',
        kind: 'assert',
        code: 'assert count == 8, f"count is {count}, not 8"'
      },
      {
        id: 'default',
        kind: 'assert',
        code: 'assert count == 8',
        message: 'Count again.'
      },
      { id: 'name', kind: 'assert', code: 'assert missing_function(2) == 4' },
      { id: 'syntax', kind: 'assert', code: 'assert (' }
    ]);
    expect(statuses(verdict)).toEqual({
      ok: 'pass',
      msg: 'fail',
      default: 'fail',
      name: 'fail',
      syntax: 'error'
    });
    const byId = Object.fromEntries(
      verdict.criteria.map(c => [c.checkId, c.message])
    );
    expect(byId.msg).toBe('count is 7, not 8');
    expect(byId.default).toBe('Count again.');
    expect(byId.name).toBe(
      "Your code raised NameError: name 'missing_function' is not defined"
    );
  });
});

describe('output', () => {
  test('stream text, regex, MIME types, Plotly traces and errors from real outputs', async () => {
    const printed = await run(kernel, 'print("accuracy: 0.93")\ncount * 6');
    const figure = await run(
      kernel,
      'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()'
    );
    const plotly = await run(
      kernel,
      "import plotly.express as px\nfig = px.scatter(df, x='age', y='age', hover_data=['city'])\nfig.show()"
    );
    const failed = await run(kernel, 'raise ValueError("bad input")', true);
    const checks: Check[] = [
      { id: 'contains', kind: 'output', stream_contains: 'accuracy' },
      { id: 'result', kind: 'output', stream_contains: '42' },
      { id: 'matches', kind: 'output', stream_matches: 'accuracy: 0\\.9\\d' },
      { id: 'no-error', kind: 'output', no_error: true },
      { id: 'png', kind: 'output', mime: 'image/png' }
    ];
    expect(statuses(await check(env, kernel, checks, printed))).toEqual({
      contains: 'pass',
      result: 'pass',
      matches: 'pass',
      'no-error': 'pass',
      png: 'fail'
    });
    expect(statuses(await check(env, kernel, checks, figure))).toMatchObject({
      contains: 'fail',
      png: 'pass'
    });
    const plotlyChecks: Check[] = [
      {
        id: 'scatter',
        kind: 'output',
        mime: 'application/vnd.plotly.v1+json',
        plotly: { trace_type: 'scatter', hover_fields: ['city'] }
      },
      {
        id: 'bar',
        kind: 'output',
        mime: 'application/vnd.plotly.v1+json',
        plotly: { trace_type: 'bar' }
      },
      {
        id: 'hover',
        kind: 'output',
        mime: 'application/vnd.plotly.v1+json',
        plotly: { hover_fields: ['salary'] }
      }
    ];
    expect(statuses(await check(env, kernel, plotlyChecks, plotly))).toEqual({
      scatter: 'pass',
      bar: 'fail',
      hover: 'fail'
    });
    const errorVerdict = await check(
      env,
      kernel,
      [{ id: 'no-error', kind: 'output', no_error: true }],
      failed
    );
    expect(errorVerdict.criteria[0].message).toContain('ValueError: bad input');
    expect(errorVerdict.status).toBe('fail');
  });
});
