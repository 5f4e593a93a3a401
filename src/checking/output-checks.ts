/**
 * `output` checks: pure functions of the outputs a cell recorded (no kernel).
 */
import type { IOutput, IMimeBundle } from '@jupyterlab/nbformat';
import type { IOutputCheck, IPlotlyExpectation } from '../catalog/format';

/** The outcome of a check evaluated in TypeScript. */
export interface ILocalOutcome {
  status: 'pass' | 'fail' | 'error';
  message: string;
}

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';

const PASS: ILocalOutcome = { status: 'pass', message: '' };

function asText(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map(String).join('');
  }
  return typeof value === 'string' ? value : '';
}

function bundlesOf(outputs: ReadonlyArray<IOutput>): IMimeBundle[] {
  return outputs
    .filter(
      o =>
        o.output_type === 'display_data' || o.output_type === 'execute_result'
    )
    .map(o => (o.data ?? {}) as IMimeBundle);
}

/** What `stream_contains` / `stream_matches` read: stdout, then the text/plain of results. */
export function cellText(outputs: ReadonlyArray<IOutput>): string {
  const parts: string[] = [];
  for (const output of outputs) {
    if (output.output_type === 'stream' && output.name === 'stdout') {
      parts.push(asText(output.text));
    } else if (output.output_type === 'execute_result') {
      parts.push(
        asText((output.data as IMimeBundle | undefined)?.['text/plain']),
        '\n'
      );
    }
  }
  return parts.join('');
}

function firstError(outputs: ReadonlyArray<IOutput>): IOutput | undefined {
  return outputs.find(o => o.output_type === 'error');
}

/** The traces of the first Plotly figure among the outputs, or null. */
function plotlyTraces(
  outputs: ReadonlyArray<IOutput>
): Record<string, unknown>[] | null {
  for (const bundle of bundlesOf(outputs)) {
    const figure = bundle[PLOTLY_MIME] as { data?: unknown } | undefined;
    if (figure && Array.isArray(figure.data)) {
      return figure.data.filter(
        (trace): trace is Record<string, unknown> =>
          typeof trace === 'object' && trace !== null
      );
    }
  }
  return null;
}

function traceShowsField(
  trace: Record<string, unknown>,
  field: string
): boolean {
  const places = [
    trace.hovertemplate,
    trace.hovertext,
    trace.hover_data,
    trace.customdata_names
  ];
  return places.some(place => JSON.stringify(place ?? '').includes(field));
}

function checkPlotly(
  outputs: ReadonlyArray<IOutput>,
  expectation: IPlotlyExpectation
): ILocalOutcome {
  const traces = plotlyTraces(outputs);
  if (!traces || traces.length === 0) {
    return {
      status: 'fail',
      message: 'The cell shows no Plotly figure with data.'
    };
  }
  const type = typeof traces[0].type === 'string' ? traces[0].type : 'scatter';
  if (expectation.trace_type && type !== expectation.trace_type) {
    return {
      status: 'fail',
      message: `The figure's first trace is a \`${type}\` trace, not a \`${expectation.trace_type}\` one.`
    };
  }
  const missing = (expectation.hover_fields ?? []).filter(
    field => !traces.some(trace => traceShowsField(trace, field))
  );
  if (missing.length > 0) {
    return {
      status: 'fail',
      message: `Hovering the figure does not show ${missing.map(f => `\`${f}\``).join(', ')}.`
    };
  }
  return PASS;
}

function checkStreamMatches(text: string, pattern: string): ILocalOutcome {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'm');
  } catch (error) {
    return {
      status: 'error',
      message: `The check's pattern is invalid: ${String(error)}`
    };
  }
  return regex.test(text)
    ? PASS
    : {
        status: 'fail',
        message: `The cell's printed output does not match \`/${pattern}/\`.`
      };
}

/** Evaluates an `output` check on a cell's outputs: every criterion given must hold. */
export function checkOutputs(
  check: IOutputCheck,
  outputs: ReadonlyArray<IOutput>
): ILocalOutcome {
  const text = cellText(outputs);
  const steps: Array<() => ILocalOutcome> = [];
  if (check.no_error) {
    steps.push(() => {
      const error = firstError(outputs);
      return error
        ? {
            status: 'fail',
            message: `The cell raised \`${String(error.ename)}: ${String(error.evalue)}\`.`
          }
        : PASS;
    });
  }
  if (check.stream_contains !== undefined) {
    const wanted = check.stream_contains;
    steps.push(() =>
      text.includes(wanted)
        ? PASS
        : {
            status: 'fail',
            message: `The cell's printed output does not contain \`${wanted}\`.`
          }
    );
  }
  if (check.stream_matches !== undefined) {
    const pattern = check.stream_matches;
    steps.push(() => checkStreamMatches(text, pattern));
  }
  if (check.mime !== undefined) {
    const mime = check.mime;
    steps.push(() =>
      bundlesOf(outputs).some(bundle => bundle[mime] !== undefined)
        ? PASS
        : {
            status: 'fail',
            message: `The cell shows no output of type \`${mime}\`: run it so that it displays one.`
          }
    );
  }
  if (check.plotly !== undefined) {
    const plotly = check.plotly;
    steps.push(() => checkPlotly(outputs, plotly));
  }
  for (const step of steps) {
    const outcome = step();
    if (outcome.status !== 'pass') {
      return outcome;
    }
  }
  return PASS;
}
