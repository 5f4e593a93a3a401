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
}

export type JSONPrimitive = string | number | boolean | null;
export type JSONData = JSONPrimitive | JSONData[] | { [key: string]: JSONData };

export interface IValueCheck extends ICheckBase {
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

export interface IAssertCheck extends ICheckBase {
  kind: 'assert';
  code: string;
}

export interface IPlotlyExpectation {
  trace_type?: string;
  hover_fields?: string[];
}

export interface IOutputCheck extends ICheckBase {
  kind: 'output';
  stream_contains?: string;
  stream_matches?: string;
  mime?: string;
  plotly?: IPlotlyExpectation;
  no_error?: boolean;
}

export interface IFigureCheck extends ICheckBase {
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

export interface IQuizCheck extends ICheckBase {
  kind: 'quiz';
  question?: string;
  variable: string;
  choices: Record<string, string>;
  answer: string | string[];
}

export type Check =
  IValueCheck | IAssertCheck | IOutputCheck | IFigureCheck | IQuizCheck;

export type CheckKind = Check['kind'];

/** Check kinds evaluated in the kernel (the others read the notebook's outputs). */
export const KERNEL_CHECK_KINDS: ReadonlyArray<CheckKind> = [
  'value',
  'assert',
  'figure',
  'quiz'
];

/** A recorded mistake: with `code` in the cell, check `fails` must fail. */
export interface IWrongAnswer {
  code: string;
  fails: string;
  mistake?: string;
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
}

/** Prefix of the cell tag that marks a checked cell. */
export const CELL_TAG_PREFIX = 'mltutor:';

/** Key of the notebook metadata that makes a notebook self-checking. */
export const NOTEBOOK_METADATA_KEY = 'mltutor';
