import type { IOutput } from '@jupyterlab/nbformat';
import type { TranslationBundle } from '@jupyterlab/translation';
import {
  boundNames,
  cellError,
  explainDifference,
  namedCause,
  raisedMessage
} from '../diagnosis';
import { hashSource, readVerdictRecords, staleness } from '../verdict-record';

/** Fills %1, %2... as JupyterLab's translator does (its package is ESM-only under Jest). */
const trans = {
  __: (text: string, ...args: unknown[]) =>
    text.replace(/%(\d+)/g, (_, n) => String(args[Number(n) - 1]))
} as unknown as TranslationBundle;

/** An error output as ipykernel 6 / IPython 8 sends it (ANSI colours included). */
const notImplemented: IOutput = {
  output_type: 'error',
  ename: 'NotImplementedError',
  evalue: '',
  traceback: [
    '\u001b[0;31m---------------------------------------------------------------------------\u001b[0m',
    '\u001b[0;31mNotImplementedError\u001b[0m                       Traceback (most recent call last)',
    'Cell \u001b[0;32mIn[3], line 7\u001b[0m\n\u001b[1;32m      3\u001b[0m     \u001b[38;5;66;03m# your code here\u001b[39;00m',
    'Cell \u001b[0;32mIn[3], line 4\u001b[0m, in \u001b[0;36mclean\u001b[0;34m(frame)\u001b[0m\n\u001b[1;32m      2\u001b[0m',
    '\u001b[0;31mNotImplementedError\u001b[0m: '
  ]
};

describe('root causes', () => {
  it('finds the line and function of the learner cell that raised', () => {
    expect(cellError([notImplemented])).toEqual({
      ename: 'NotImplementedError',
      evalue: '',
      line: 4,
      func: 'clean'
    });
    expect(cellError([])).toBeNull();
    // IPython 8.5-8.10 writes `In [3]` with a space.
    const spaced = {
      ...notImplemented,
      traceback: (notImplemented.traceback as string[]).map(line =>
        line.replace('In[3]', 'In [3]')
      )
    };
    expect(cellError([spaced])).toMatchObject({ line: 4, func: 'clean' });
  });

  it('says to finish the function for a starter that raises NotImplementedError', () => {
    const error = cellError([notImplemented])!;
    expect(raisedMessage(error, [], 0, trans)).toContain(
      'Your cell raised `NotImplementedError` on line 4'
    );
    expect(raisedMessage(error, [], 0, trans)).toContain(
      'finish `clean()` first'
    );
  });

  it('blames the cells above for a name they define that the kernel lacks', () => {
    const sources = [
      'import pandas as pd\ndf = pd.read_csv("a.csv")',
      null,
      'missing = df.isna().sum()'
    ];
    expect(namedCause('df', sources, 2, trans)).toContain(
      'the cells above have not run in this kernel'
    );
    expect(namedCause('pd', sources, 2, trans)).toContain('cell 1');
    // A name no cell defines is the learner's own: no cause to blame.
    expect(namedCause('dff', sources, 2, trans)).toBeNull();
  });

  it('knows the names a cell binds', () => {
    const names = boundNames(
      [
        'import numpy as np, os.path',
        'from sklearn.model_selection import train_test_split as split, KFold',
        'X_train, X_test = split(X)',
        'total: int = 0',
        'count += 1',
        'def clean(frame):',
        '    inner = 1',
        'class Model:',
        'for i, row in enumerate(rows):',
        'with open("f") as handle:',
        'x == 3'
      ].join('\n')
    );
    expect([...names].sort()).toEqual(
      [
        'KFold',
        'Model',
        'X_test',
        'X_train',
        'clean',
        'count',
        'handle',
        'i',
        'np',
        'os',
        'row',
        'split',
        'total'
      ].sort()
    );
  });

  it('explains a cell that passes live but not from a fresh start', () => {
    const sources = ['df = 1', 'X = clean(X_scaled)', 'X_scaled = 2'];
    const base = { index: 1, sources, messages: [], failedAbove: [] };
    const error = {
      ename: 'NameError',
      evalue: "name 'X_scaled' is not defined",
      line: 1,
      func: null
    };
    expect(explainDifference(true, { ...base, error }, trans)).toContain(
      'only a cell below defines (cell 3)'
    );
    expect(
      explainDifference(
        true,
        { ...base, sources: ['df = 1', 'X = clean(X_scaled)'], error },
        trans
      )
    ).toContain('it uses `X_scaled`, which no cell above defines any more');
    expect(explainDifference(false, { ...base, error: null }, trans)).toContain(
      'Passes from a fresh start but not in your kernel'
    );
  });
});

describe('verdict records', () => {
  it('are stale when the code or the kernel session changed', () => {
    const record = { sourceHash: hashSource('x = 1'), kernelSession: 'a' };
    expect(staleness(record, hashSource('x = 1'), 'a')).toBeNull();
    expect(staleness(record, hashSource('x = 2'), 'a')).toBe('changed');
    expect(staleness(record, hashSource('x = 1'), 'b')).toBe('restarted');
    expect(staleness(record, hashSource('x = 1'), null)).toBe('no-kernel');
  });

  it('read only well-formed records from metadata', () => {
    const verdict = { status: 'pass', message: '', criteria: [], elapsedMs: 1 };
    expect(
      readVerdictRecords({
        verdicts: {
          good: {
            verdict,
            sourceHash: 'abc',
            kernelSession: 's',
            checkedAt: 't'
          },
          bad: { verdict: 'pass' },
          worse: null
        }
      })
    ).toEqual({
      good: { verdict, sourceHash: 'abc', kernelSession: 's', checkedAt: 't' }
    });
    expect(readVerdictRecords(undefined)).toEqual({});
  });
});
