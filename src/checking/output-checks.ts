/**
 * `output` checks: pure functions of the outputs a cell recorded (no kernel).
 */
import type { IOutput, IMimeBundle } from '@jupyterlab/nbformat';
import type { IOutputCheck, IPlotlyExpectation } from '../catalog/format';
import { compileLinear, linearTest } from './linear-regex';

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
  // Patterns come from packs: a linear-time matcher, so none can freeze the page.
  const compiled = compileLinear(pattern);
  if (!compiled.ok) {
    return {
      status: 'error',
      message: `The check's pattern cannot be used: ${compiled.message}`
    };
  }
  return linearTest(compiled.program, text)
    ? PASS
    : {
        status: 'fail',
        message: `The cell's printed output does not match \`/${pattern}/\`.`
      };
}

/** What jupyter_server writes on stderr when it drops a cell's output (its IOPub rate limits). */
const RATE_LIMIT_NOTICE = /IOPub (data|message) rate exceeded/;

/**
 * Why the cell's recorded output is incomplete, or null: the Jupyter server
 * stopped passing output on because the cell printed too much, too fast.
 */
export function outputCut(outputs: ReadonlyArray<IOutput>): string | null {
  for (const output of outputs) {
    if (output.output_type !== 'stream' || output.name !== 'stderr') {
      continue;
    }
    const found = RATE_LIMIT_NOTICE.exec(asText(output.text));
    if (found) {
      const setting =
        found[1] === 'data' ? 'iopub_data_rate_limit' : 'iopub_msg_rate_limit';
      return (
        "The cell's printed output was cut: it printed more, faster, than the Jupyter server passes on " +
        `(its \`ServerApp.${setting}\`), so the check could not see all of it. ` +
        'Print less (a summary, `df.head()`, a count), then run the cell again.'
      );
    }
  }
  return null;
}

/** A failing text criterion says so when the text it read was cut. */
function unlessCut(
  outcome: ILocalOutcome,
  outputs: ReadonlyArray<IOutput>
): ILocalOutcome {
  if (outcome.status !== 'fail') {
    return outcome;
  }
  const cut = outputCut(outputs);
  return cut ? { status: 'fail', message: cut } : outcome;
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
        : unlessCut(
            {
              status: 'fail',
              message: `The cell's printed output does not contain \`${wanted}\`.`
            },
            outputs
          )
    );
  }
  if (check.stream_matches !== undefined) {
    const pattern = check.stream_matches;
    steps.push(() => unlessCut(checkStreamMatches(text, pattern), outputs));
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

/** Longest printed text an output check's diagnoses receive (the start of it). */
const DIAGNOSED_TEXT_LIMIT = 100000;

/**
 * What an output check's diagnoses see of the cell's outputs: `text` (what
 * `stream_contains` reads), `mimes` (the MIME types displayed) and `raised`
 * (the name of the exception the cell raised, or null). No image data.
 */
export function outputNames(outputs: ReadonlyArray<IOutput>): {
  text: string;
  mimes: string[];
  raised: string | null;
} {
  const mimes = new Set<string>();
  for (const bundle of bundlesOf(outputs)) {
    Object.keys(bundle).forEach(mime => mimes.add(mime));
  }
  const error = firstError(outputs);
  return {
    text: cellText(outputs).slice(0, DIAGNOSED_TEXT_LIMIT),
    mimes: [...mimes].sort(),
    raised: error ? String(error.ename) : null
  };
}
