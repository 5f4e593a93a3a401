import type { IOutput } from '@jupyterlab/nbformat';
import type { PartialJSONObject } from '@lumino/coreutils';
import { cellText, checkOutputs, PLOTLY_MIME } from '../output-checks';

const stdout = (text: string): IOutput => ({
  output_type: 'stream',
  name: 'stdout',
  text
});
const result = (plain: string): IOutput => ({
  output_type: 'execute_result',
  data: { 'text/plain': plain },
  metadata: {},
  execution_count: 3
});
const display = (data: PartialJSONObject): IOutput => ({
  output_type: 'display_data',
  data,
  metadata: {}
});
const error: IOutput = {
  output_type: 'error',
  ename: 'KeyError',
  evalue: "'age'",
  traceback: []
};

describe('cellText', () => {
  it('joins stdout and the text/plain of results, not stderr', () => {
    const text = cellText([
      stdout('a\n'),
      { output_type: 'stream', name: 'stderr', text: 'warn' },
      result('42')
    ]);
    expect(text).toBe('a\n42\n');
  });
});

describe('checkOutputs', () => {
  it('stream_contains passes on stdout or results and fails otherwise', () => {
    expect(
      checkOutputs({ id: 'c', kind: 'output', stream_contains: '42' }, [
        result('42')
      ]).status
    ).toBe('pass');
    expect(
      checkOutputs({ id: 'c', kind: 'output', stream_contains: 'acc' }, [
        stdout('accuracy')
      ]).status
    ).toBe('pass');
    const failed = checkOutputs(
      { id: 'c', kind: 'output', stream_contains: 'acc' },
      [stdout('loss')]
    );
    expect(failed).toEqual({
      status: 'fail',
      message: "The cell's printed output does not contain `acc`."
    });
  });

  it('stream_matches uses a JavaScript regex with ^ matching line starts; a bad regex is an error', () => {
    const check = {
      id: 'm',
      kind: 'output' as const,
      stream_matches: '^rows: \\d+$'
    };
    expect(checkOutputs(check, [stdout('head\nrows: 12\n')]).status).toBe(
      'pass'
    );
    expect(checkOutputs(check, [stdout('rows: twelve')]).status).toBe('fail');
    expect(
      checkOutputs({ id: 'm', kind: 'output', stream_matches: '(' }, []).status
    ).toBe('error');
  });

  it('mime needs a display or result of that type', () => {
    const check = { id: 'p', kind: 'output' as const, mime: 'image/png' };
    expect(
      checkOutputs(check, [
        display({ 'image/png': 'iVBOR', 'text/plain': 'fig' })
      ]).status
    ).toBe('pass');
    expect(checkOutputs(check, [stdout('image/png')]).status).toBe('fail');
  });

  it('no_error fails on an error output and names it', () => {
    const outcome = checkOutputs({ id: 'e', kind: 'output', no_error: true }, [
      stdout('x'),
      error
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain("KeyError: 'age'");
    expect(
      checkOutputs({ id: 'e', kind: 'output', no_error: true }, [stdout('x')])
        .status
    ).toBe('pass');
  });

  it('plotly: trace type of the first trace and hover fields', () => {
    const figure = display({
      [PLOTLY_MIME]: {
        data: [
          {
            type: 'bar',
            hovertemplate: 'country=%{x}<br>gdp=%{y}<br>year=%{customdata[0]}'
          }
        ],
        layout: {}
      }
    });
    const base = { id: 'p', kind: 'output' as const, mime: PLOTLY_MIME };
    expect(
      checkOutputs(
        {
          ...base,
          plotly: { trace_type: 'bar', hover_fields: ['year', 'gdp'] }
        },
        [figure]
      ).status
    ).toBe('pass');
    expect(
      checkOutputs({ ...base, plotly: { trace_type: 'scatter' } }, [figure])
        .message
    ).toContain('`bar` trace');
    expect(
      checkOutputs({ ...base, plotly: { hover_fields: ['population'] } }, [
        figure
      ]).message
    ).toContain('`population`');
    const untyped = display({ [PLOTLY_MIME]: { data: [{ x: [1] }] } });
    expect(
      checkOutputs({ ...base, plotly: { trace_type: 'scatter' } }, [untyped])
        .status
    ).toBe('pass');
    expect(checkOutputs({ ...base, plotly: {} }, [stdout('')]).status).toBe(
      'fail'
    );
  });

  it('every criterion of one check must hold', () => {
    const check = {
      id: 'all',
      kind: 'output' as const,
      stream_contains: 'done',
      no_error: true
    };
    expect(checkOutputs(check, [stdout('done'), error]).status).toBe('fail');
    expect(checkOutputs(check, [stdout('done')]).status).toBe('pass');
  });
});
