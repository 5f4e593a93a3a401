/**
 * Root causes, in a learner's words: what a cell's error output says (which
 * exception, on which line), which names the cells bind, and why a verdict
 * from a fresh start differs from the live one. Pure functions: the
 * controller and the clean-kernel view feed them sources and outputs.
 */
import type { IOutput } from '@jupyterlab/nbformat';
import type { TranslationBundle } from '@jupyterlab/translation';

/** What a cell's error output says. */
export interface ICellError {
  ename: string;
  evalue: string;
  /** Line of the learner's cell where it raised (the deepest frame in the cell), if known. */
  line: number | null;
  /** The function of the cell it raised in, if not at top level. */
  func: string | null;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const CELL_FRAME = /Cell In ?\[(\d+)\], line (\d+)(?:, in ([A-Za-z_]\w*))?/g;

/** The error a cell's outputs hold, if it raised. */
export function cellError(outputs: ReadonlyArray<IOutput>): ICellError | null {
  const error = outputs.find(output => output.output_type === 'error');
  if (!error) {
    return null;
  }
  const traceback = Array.isArray(error.traceback)
    ? (error.traceback as unknown[]).map(String).join('\n')
    : '';
  const frames = [...traceback.replace(ANSI, '').matchAll(CELL_FRAME)];
  // Frames of the cell itself share its In[n]; the deepest is nearest the fault.
  const own = frames.filter(frame => frame[1] === frames[0]?.[1]);
  const deepest = own[own.length - 1];
  return {
    ename: String(error.ename ?? 'Error'),
    evalue: String(error.evalue ?? ''),
    line: deepest ? Number(deepest[2]) : null,
    func: deepest?.[3] && deepest[3] !== '<module>' ? deepest[3] : null
  };
}

/** The name a `NameError` message says is not defined, if any. */
export function undefinedName(text: string): string | null {
  const match = /name '([A-Za-z_]\w*)' is not defined/.exec(text);
  return match ? match[1] : null;
}

const IDENT = /^[A-Za-z_]\w*$/;

function targets(text: string): string[] {
  return text
    .split(',')
    .map(part => part.replace(/[()[\]*\s]/g, '').split(':')[0])
    .filter(name => IDENT.test(name));
}

function imported(list: string): string[] {
  return list
    .replace(/[()]/g, '')
    .split(',')
    .map(part => {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      return (alias ?? name.split('.')[0]).trim();
    })
    .filter(name => IDENT.test(name));
}

/**
 * Names a cell binds at top level (assignments, def, class, import, for,
 * with): enough to say which cell defines a name, not a Python parser.
 */
export function boundNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const line of source.split('\n')) {
    if (/^\s/.test(line) || line.startsWith('#')) {
      continue;
    }
    let match: RegExpExecArray | null;
    if ((match = /^(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(line))) {
      names.add(match[1]);
    } else if ((match = /^class\s+([A-Za-z_]\w*)/.exec(line))) {
      names.add(match[1]);
    } else if ((match = /^from\s+\S+\s+import\s+(.+)$/.exec(line))) {
      imported(match[1]).forEach(name => names.add(name));
    } else if ((match = /^import\s+(.+)$/.exec(line))) {
      imported(match[1]).forEach(name => names.add(name));
    } else if ((match = /^for\s+(.+?)\s+in\s/.exec(line))) {
      targets(match[1]).forEach(name => names.add(name));
    } else if ((match = /^with\s.+\sas\s+([A-Za-z_]\w*)/.exec(line))) {
      names.add(match[1]);
    } else if (
      (match =
        /^([A-Za-z_][\w\s,()[\]*]*?)\s*(?::[^=]+)?(?:[+\-*/%&|^@]|\/\/|\*\*)?=(?!=)/.exec(
          line
        ))
    ) {
      targets(match[1]).forEach(name => names.add(name));
    }
  }
  return names;
}

/** Where a name is bound among code cell sources, relative to the cell at `index`. */
export function whereDefined(
  name: string,
  sources: ReadonlyArray<string | null>,
  index: number
): { above: number[]; below: number[] } {
  const above: number[] = [];
  const below: number[] = [];
  sources.forEach((source, at) => {
    if (source !== null && at !== index && boundNames(source).has(name)) {
      (at < index ? above : below).push(at);
    }
  });
  return { above, below };
}

/** Markdown: the learner's own cell raised, so its checks judge nothing yet. */
export function raisedMessage(
  error: ICellError,
  sources: ReadonlyArray<string | null>,
  index: number,
  trans: TranslationBundle
): string {
  if (error.ename === 'KeyboardInterrupt') {
    return trans.__(
      'Your cell was interrupted before it finished, so there is nothing to check yet: run it again and let it finish.'
    );
  }
  const missing =
    error.ename === 'NameError' ? undefinedName(error.evalue) : null;
  if (missing) {
    const cause = namedCause(missing, sources, index, trans);
    if (cause) {
      return cause;
    }
  }
  const where =
    error.line !== null
      ? trans.__('Your cell raised `%1` on line %2', error.ename, error.line)
      : trans.__('Your cell raised `%1`', error.ename);
  const detail = error.evalue ? `: ${error.evalue}` : '';
  const next =
    error.ename === 'NotImplementedError' && error.func
      ? trans.__('finish `%1()` first, then run the cell.', error.func)
      : trans.__(
          'fix it and run the cell again; the checks judge what your cell leaves behind.'
        );
  return `${where}${detail}. ${trans.__('The checks did not run:')} ${next}`;
}

/**
 * Markdown: why `name` is missing in the kernel, when the cells say where it
 * should come from; null when no cell defines it (the learner's own typo).
 */
export function namedCause(
  name: string,
  sources: ReadonlyArray<string | null>,
  index: number,
  trans: TranslationBundle
): string | null {
  const { above, below } = whereDefined(name, sources, index);
  if (above.length > 0) {
    return trans.__(
      '`%1` is defined by a cell above (cell %2), but not in this kernel: the cells above have not run in this kernel. Run them first (Run → Run All Above), then check.',
      name,
      above[above.length - 1] + 1
    );
  }
  if (below.length > 0) {
    return trans.__(
      '`%1` is only defined by a cell below (cell %2): move that code above this cell, or define it here.',
      name,
      below[0] + 1
    );
  }
  return null;
}

/** The first `NameError` name among texts (messages of a verdict), if any. */
export function firstUndefinedName(
  texts: ReadonlyArray<string>
): string | null {
  for (const text of texts) {
    const name = undefinedName(text);
    if (name) {
      return name;
    }
  }
  return null;
}

/** What a run from a fresh start tells about one checked cell, for `explainDifference`. */
export interface ICleanEvidence {
  /** Index of the checked cell in the notebook. */
  index: number;
  /** Sources of the notebook's cells (null for non-code cells). */
  sources: ReadonlyArray<string | null>;
  /** The cell's error when it ran from a fresh start, if it raised. */
  error: ICellError | null;
  /** Messages of the clean verdict's criteria. */
  messages: ReadonlyArray<string>;
  /** Cells above it that raised from a fresh start: index and error. */
  failedAbove: ReadonlyArray<{ index: number; message: string }>;
}

/**
 * Markdown: why a cell passes in the learner's kernel but not from a fresh
 * start (`livePass`), or the reverse.
 */
export function explainDifference(
  livePass: boolean,
  evidence: ICleanEvidence,
  trans: TranslationBundle
): string {
  if (!livePass) {
    return trans.__(
      'Passes from a fresh start but not in your kernel: your kernel holds state the cells no longer produce (a cell run out of order, or changed since it ran). Restart the kernel and run all cells (Kernel → Restart Kernel and Run All Cells).'
    );
  }
  const lead = trans.__('Passes in your kernel but not from a fresh start');
  const name =
    (evidence.error?.ename === 'NameError'
      ? undefinedName(evidence.error.evalue)
      : null) ?? firstUndefinedName(evidence.messages);
  if (name) {
    const { above, below } = whereDefined(
      name,
      evidence.sources,
      evidence.index
    );
    if (above.length === 0 && below.length > 0) {
      return `${lead}: ${trans.__(
        'it uses `%1`, which only a cell below defines (cell %2): move that code above this cell.',
        name,
        below[0] + 1
      )}`;
    }
    if (above.length === 0) {
      return `${lead}: ${trans.__(
        'it uses `%1`, which no cell above defines any more (your kernel still has it from code you changed or deleted). Define it again above this cell.',
        name
      )}`;
    }
  }
  const failed = evidence.failedAbove[0];
  if (failed) {
    return `${lead}: ${trans.__(
      'from a fresh start, cell %1 above fails (%2), so this cell does not get what it needs.',
      failed.index + 1,
      failed.message
    )}`;
  }
  if (evidence.error) {
    return `${lead}: ${trans.__(
      'from a fresh start your cell raises `%1`: %2',
      evidence.error.ename,
      evidence.error.evalue
    )}`;
  }
  return `${lead}: ${trans.__(
    'your kernel holds state the cells no longer produce (a cell run out of order, or changed since it ran). Restart the kernel and run all cells to see it.'
  )}`;
}
