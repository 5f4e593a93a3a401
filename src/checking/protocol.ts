/**
 * The check protocol's messages, as pure functions: the Python expressions the
 * engine sends (install the harness, run operations) and the parsing of the
 * harness's answers. The Python itself lives in `harness.py`.
 */
import type { PartialJSONObject, PartialJSONValue } from '@lumino/coreutils';
import type {
  Check,
  IDiagnosable,
  IRecordedValue,
  IValueCheck,
  JSONData
} from '../catalog/format';
import harnessSource from './harness.py';
import { isObject } from '../json';

/** Name of the harness module in the kernel's `sys.modules`. */
export const HARNESS_MODULE = '_mltutor_harness';

/** MIME type of the harness's answers. */
export const RESULT_MIME = 'application/vnd.mltutor.result+json';

/** Id of the one operation that reads the figure snapshot for all figure checks of a cell. */
export const FIGURES_OP_ID = '__figures__';

/** A hash of a text (FNV-1a, 32 bits, hex). */
export function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Version of the bundled harness: a kernel holding another version gets this one. */
export const HARNESS_VERSION = hashText(harnessSource);

/** A Python string literal for `text` (JSON strings are valid Python literals). */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/**
 * An expression that installs the harness (or another module of ours, such
 * as verify's answer forks) in `sys.modules` without binding a name in the
 * learner's namespace; it evaluates to `{installed: version}`.
 */
export function installExpression(
  source: string = harnessSource,
  version: string = HARNESS_VERSION,
  moduleName: string = HARNESS_MODULE,
  fileName = '<mltutor-harness>'
): string {
  const module = `b.__import__('types').ModuleType(${pythonString(moduleName)})`;
  const body =
    `(b.exec(b.compile(${pythonString(source)}, ${pythonString(fileName)}, 'exec'), m.__dict__), ` +
    `m._activate(m, ${pythonString(version)}))[1]`;
  return `(lambda b: (lambda m: ${body})(${module}))(__import__('builtins'))`;
}

/**
 * An expression that runs `ops` in the harness of this version, or evaluates
 * to None when the kernel lacks it (fresh or restarted kernel).
 */
export function runExpression(
  ops: ReadonlyArray<HarnessOp>,
  version: string = HARNESS_VERSION
): string {
  const payload = pythonString(JSON.stringify({ ops }));
  return (
    `(lambda m: m.run(${payload}) if m is not None and m.VERSION == ${pythonString(version)} else None)` +
    `(__import__('sys').modules.get(${pythonString(HARNESS_MODULE)}))`
  );
}

/** Compares a learner value with a reference (evaluated in the kernel): the check's own fields. */
export interface IValueOp extends Omit<
  IValueCheck,
  'kind' | 'description' | 'message' | 'timeout' | 'expected' | 'diagnoses'
> {
  op: 'value';
  expected?: PartialJSONValue;
  diagnoses?: IDiagnosisOp[];
  /**
   * The reference's value recorded in expected.json: the harness uses it
   * only when `key` and `env` are those of this reference and kernel.
   */
  cached?: IRecordedValue;
}

/**
 * verify: runs a reference from scratch and reports its key, environment and
 * encoded value, and how `cached` (the recorded entry, if any) stands.
 */
export interface IReferenceOp {
  op: 'reference';
  id: string;
  reference: string;
  /** The data files the reference gets, as for its value op. */
  files?: ReadonlyArray<{ path: string; format: string; content: string }>;
  cached?: IRecordedValue;
}

/** A diagnosis as the harness needs it: its id and condition (the message stays here). */
export interface IDiagnosisOp {
  id: string;
  when: string;
}

/** Runs author test code against a copy of the learner's namespace. */
export interface IAssertOp {
  op: 'assert';
  id: string;
  code: string;
  message?: string;
  diagnoses?: IDiagnosisOp[];
  /** Graded runs only: run in the learner's own namespace (nbgrader's `del` tests). */
  mutates_namespace?: boolean;
}

/** Reads a quiz answer variable. */
export interface IReadOp {
  op: 'read';
  id: string;
  variable: string;
}

/** Reads the snapshot of the figures of the last non-silent execution. */
export interface IFiguresOp {
  op: 'figures';
  id: string;
}

/** Evaluates the diagnoses of a check judged outside the kernel (a failed figure, quiz or output check). */
export interface IDiagnoseOp {
  op: 'diagnose';
  id: string;
  diagnoses: IDiagnosisOp[];
  /** The failure message, `error` in the diagnoses' scope. */
  error: string;
  /** More names of the diagnoses' scope: what the check found (quiz `answer`, output `text`...). */
  names?: Record<string, JSONData>;
}

export type HarnessOp =
  IValueOp | IAssertOp | IReadOp | IFiguresOp | IDiagnoseOp | IReferenceOp;

/**
 * The operation that diagnoses a failed check judged outside the kernel
 * (figure, quiz, output), or null when it has no diagnoses.
 */
export function diagnoseOp(
  check: Check,
  error: string,
  names?: Record<string, JSONData>
): IDiagnoseOp | null {
  const local =
    check.kind === 'figure' || check.kind === 'quiz' || check.kind === 'output';
  const diagnoses = local ? diagnosisOps(check) : undefined;
  if (!diagnoses) {
    return null;
  }
  const op: IDiagnoseOp = { op: 'diagnose', id: check.id, diagnoses, error };
  if (names) {
    op.names = names;
  }
  return op;
}

const VALUE_OPTIONS = [
  'rtol',
  'atol',
  'check_dtype',
  'check_index',
  'check_names',
  'ignore_order'
] as const;

/** The diagnoses of a check for the harness, or undefined when it has none. */
function diagnosisOps(check: IDiagnosable): IDiagnosisOp[] | undefined {
  return check.diagnoses?.length
    ? check.diagnoses.map(({ id, when }) => ({ id, when }))
    : undefined;
}

function valueOp(
  check: IValueCheck,
  recorded: Readonly<Record<string, IRecordedValue>> | undefined
): IValueOp {
  const op: IValueOp = { op: 'value', id: check.id, expr: check.expr };
  const diagnoses = diagnosisOps(check);
  if (diagnoses) {
    op.diagnoses = diagnoses;
  }
  if (check.reference !== undefined) {
    op.reference = check.reference;
    const entry = check.hidden ? undefined : recorded?.[check.id];
    if (entry) {
      op.cached = { key: entry.key, env: entry.env, value: entry.value };
    }
  } else {
    op.expected = check.expected ?? null;
  }
  for (const option of VALUE_OPTIONS) {
    if (check[option] !== undefined) {
      (op as unknown as Record<string, unknown>)[option] = check[option];
    }
  }
  return op;
}

/**
 * An operation with its own time limit: the harness stops it after
 * `budget_ms` when several share one request (a cell's checks).
 */
export type BudgetedOp = HarnessOp & { budget_ms?: number };

/**
 * The harness operations for the kernel checks among `checks` (output checks
 * need none); `recorded`: the exercise's recorded expected values, by check id.
 */
export function opsForChecks(
  checks: ReadonlyArray<Check>,
  recorded?: Readonly<Record<string, IRecordedValue>>
): HarnessOp[] {
  const ops: HarnessOp[] = [];
  for (const check of checks) {
    if (check.kind === 'value') {
      ops.push(valueOp(check, recorded));
    } else if (check.kind === 'assert') {
      const op: IAssertOp = {
        op: 'assert',
        id: check.id,
        code: check.code,
        message: check.message,
        ...(check.mutates_namespace ? { mutates_namespace: true } : {})
      };
      const diagnoses = diagnosisOps(check);
      if (diagnoses) {
        op.diagnoses = diagnoses;
      }
      ops.push(op);
    } else if (check.kind === 'quiz') {
      ops.push({ op: 'read', id: check.id, variable: check.variable });
    } else if (
      check.kind === 'figure' &&
      !ops.some(op => op.op === 'figures')
    ) {
      ops.push({ op: 'figures', id: FIGURES_OP_ID });
    }
  }
  return ops;
}

/** What the harness says about one operation. */
export interface IOpResult {
  id: string;
  /** `timeout`: the operation ran past its own `budget_ms` (the harness stopped it). */
  status:
    'pass' | 'fail' | 'error' | 'interrupted' | 'skipped' | 'timeout' | 'data';
  message?: string;
  data?: PartialJSONObject;
  /** True when an assert check failed on an assertion (not another exception). */
  assertion?: boolean;
  /** Id of the first diagnosis of the check that held after it failed. */
  diagnosis?: string;
  ms?: number;
  /** Value ops with a reference: whether the expected value was `recorded` or computed by the `reference`. */
  expected_from?: 'recorded' | 'reference';
}

/** The harness's answer to a run expression. */
export type RunReply =
  | { kind: 'results'; results: IOpResult[] }
  | { kind: 'missing' }
  | { kind: 'invalid'; message: string };

const OP_STATUSES = [
  'pass',
  'fail',
  'error',
  'interrupted',
  'skipped',
  'timeout',
  'data'
];

function isOpResult(value: unknown): value is IOpResult {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.status === 'string' &&
    OP_STATUSES.includes(value.status) &&
    (value.message === undefined || typeof value.message === 'string') &&
    (value.diagnosis === undefined || typeof value.diagnosis === 'string') &&
    (value.data === undefined || isObject(value.data))
  );
}

/** Parses the MIME bundle a run expression evaluated to. */
export function parseRunReply(bundle: PartialJSONObject | undefined): RunReply {
  const payload = bundle?.[RESULT_MIME];
  if (payload === undefined) {
    return bundle?.['text/plain'] === 'None'
      ? { kind: 'missing' }
      : {
          kind: 'invalid',
          message: `the harness answered ${JSON.stringify(bundle ?? null).slice(0, 200)}`
        };
  }
  if (!isObject(payload) || !Array.isArray(payload.results)) {
    return { kind: 'invalid', message: 'the harness answered without results' };
  }
  const results = (payload.results as unknown[]).filter(isOpResult);
  if (results.length !== payload.results.length) {
    return {
      kind: 'invalid',
      message: 'the harness answered malformed results'
    };
  }
  return { kind: 'results', results };
}

/** Whether the bundle of an install expression says this version is installed. */
export function isInstalledReply(
  bundle: PartialJSONObject | undefined,
  version: string = HARNESS_VERSION
): boolean {
  const payload = bundle?.[RESULT_MIME];
  return isObject(payload) && payload.installed === version;
}
