/**
 * Types of the exercise-pack format, version 1.
 *
 * They mirror `schema/pack.schema.json` and `schema/exercise.schema.json`;
 * `docs/checks.md` gives the semantics of each check kind. Pure types, used
 * by the catalog, the check engine, the panel and the CLI alike.
 */

/** The format version this build reads. */
export const FORMAT_VERSION = 1;

/** A topic of a pack, in display order. */
export interface ITopic {
  id: string;
  title: string;
  description?: string;
}

/** `pack.json`. */
export interface IPackManifest {
  schema: number;
  id: string;
  title: string;
  description?: string;
  version?: string;
  topics: ITopic[];
  /** Exercise folders relative to the pack, in display order. */
  exercises: string[];
}

export type Difficulty = 'beginner' | 'intermediate' | 'advanced';

/** Fields every check has. */
export interface ICheckBase {
  id: string;
  description?: string;
  /** Markdown shown to the learner when the check fails. */
  message?: string;
  /** Seconds before the check is interrupted. */
  timeout?: number;
  /** Graded only: stripped from what reaches the browser; runs in `mltutor grade`. */
  hidden?: boolean;
  /** Points earned in a graded run when the check passes (default 1). */
  points?: number;
}

/**
 * A cause a failed check can name: `when` is a Python expression the harness
 * evaluates after the check failed (see docs/checks.md for its scope); the
 * first that holds is shown first, the check's `message` after it.
 */
export interface IDiagnosis {
  id: string;
  when: string;
  /** Markdown naming the learner's mistake. */
  message: string;
}

/** Checks that may carry diagnoses (every kind: quiz and output ones are diagnosed in the kernel too). */
export interface IDiagnosable {
  diagnoses?: IDiagnosis[];
}

export type JSONPrimitive = string | number | boolean | null;
export type JSONData = JSONPrimitive | JSONData[] | { [key: string]: JSONData };

export interface IValueCheck extends ICheckBase, IDiagnosable {
  kind: 'value';
  expr: string;
  expected?: JSONData;
  reference?: string;
  rtol?: number;
  atol?: number;
  check_dtype?: boolean;
  check_index?: boolean;
  check_names?: boolean;
  ignore_order?: boolean;
}

export interface IAssertCheck extends ICheckBase, IDiagnosable {
  kind: 'assert';
  code: string;
  /** Runs in the learner's own namespace, graded runs only (nbgrader's `del` tests); hidden. */
  mutates_namespace?: boolean;
}

export interface IPlotlyExpectation {
  trace_type?: string;
  hover_fields?: string[];
}

export interface IOutputCheck extends ICheckBase, IDiagnosable {
  kind: 'output';
  stream_contains?: string;
  stream_matches?: string;
  mime?: string;
  plotly?: IPlotlyExpectation;
  no_error?: boolean;
}

export interface IFigureCheck extends ICheckBase, IDiagnosable {
  kind: 'figure';
  axes?: number;
  has_xlabel?: boolean;
  has_ylabel?: boolean;
  has_title?: boolean;
  xlabel_contains?: string;
  ylabel_contains?: string;
  title_contains?: string;
  min_patches?: number;
  max_patches?: number;
  min_images?: number;
  min_lines?: number;
  texts_include?: string[];
  xticklabels_include?: string[];
  yticklabels_include?: string[];
}

export interface IQuizCheck extends ICheckBase, IDiagnosable {
  kind: 'quiz';
  question?: string;
  variable: string;
  choices: Record<string, string>;
  answer: string | string[];
}

export type Check =
  IValueCheck | IAssertCheck | IOutputCheck | IFigureCheck | IQuizCheck;

export type CheckKind = Check['kind'];

/**
 * A recorded mistake: with `code` in the cell, check `fails` must fail, and
 * when `diagnosis` is given, that diagnosis of the check must hold.
 */
export interface IWrongAnswer {
  code: string;
  fails: string;
  /** Id of a diagnosis of check `fails`. */
  diagnosis?: string;
  mistake?: string;
}

/** A correct answer written differently: with `code` in the cell, every check of the cell must pass. */
export interface IRightAnswer {
  code: string;
  /** How it differs from the solution (another idiom, library...), for authors and reports. */
  note: string;
}

/** A checked cell of an exercise notebook. */
export interface ICheckedCell {
  /** Tag `mltutor:<cell>` on the notebook cell, else the nbformat cell id. */
  cell: string;
  title?: string;
  checks: Check[];
  hints: string[];
  solution: string;
  wrong_answers: IWrongAnswer[];
  right_answers?: IRightAnswer[];
  /** How many hidden checks were stripped from this copy (the learner sees the count). */
  hidden_checks?: number;
  /** Points of the whole cell in a graded run, all or nothing (nbgrader's test cells). */
  points?: number;
}

/** `exercise.json`. */
export interface IExerciseSpec {
  schema: number;
  id: string;
  version?: string;
  title: string;
  topic: string;
  difficulty: Difficulty;
  minutes?: number;
  statement: string;
  notebook: string;
  assets?: string[];
  cells: ICheckedCell[];
  /** How `mltutor verify` runs this exercise. */
  verify?: IVerifyOptions;
  /**
   * Not in exercise.json: the loader attaches the entries of the exercise's
   * `expected.json` that apply (present, non-hidden `value` checks with a
   * `reference`), by check id. The engine sends each with its check.
   */
  recordedExpected?: Readonly<Record<string, IRecordedValue>>;
}

/**
 * What a `value` check's reference computed, recorded once per pack version
 * (`expected.json`, see docs/authoring.md). The harness uses `value` only
 * when `key` is the hash it computes of the reference and its data files and
 * `env` is its kernel's; otherwise it runs the reference.
 */
export interface IRecordedValue {
  /** sha256 (hex) of the reference source and the data files it gets. */
  key: string;
  /** Versions of Python and of the libraries that matter, as the harness reads them. */
  env: Record<string, string>;
  /** The value in the harness's tagged encoding (no pickle: packs are data). */
  value: JSONData;
}

/** Options of `mltutor verify` for one exercise. */
export interface IVerifyOptions {
  /**
   * Judge every answer in its own fresh kernel instead of a forked copy of
   * one warm kernel: for exercises whose state a fork does not copy
   * (threads, open connections, GPU contexts).
   */
  fresh_kernels?: boolean;
}

/** Prefix of the cell tag that marks a checked cell. */
export const CELL_TAG_PREFIX = 'mltutor:';

/** Key of the notebook metadata that makes a notebook self-checking. */
export const NOTEBOOK_METADATA_KEY = 'mltutor';
