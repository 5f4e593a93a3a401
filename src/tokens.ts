/**
 * The services the extension provides, each interface next to its token, so
 * that other extensions (and instructors' own plugins) can use the catalog,
 * the check engine, the learner's progress and the class policy without deep
 * `lib/` imports.
 */
import type { Kernel } from '@jupyterlab/services';
import { Token } from '@lumino/coreutils';
import type { ISignal } from '@lumino/signaling';
import type {
  ICatalogProblem,
  ILoadedExercise,
  ILoadedPack,
  IPackLoadResult
} from './catalog/types';
import type { ICellCheckRequest, ICellVerdict } from './checking/types';
import type { IClassPolicy } from './classroom/policy';
import type {
  IExerciseProgress,
  IProgressProblem,
  RecordedVerdict
} from './progress/types';

/**
 * The exercise catalog: every pack the extension can offer, and the problems
 * of those that could not load. Provided under a token by the catalog plugin.
 */
export interface IExerciseCatalog {
  /** Resolves when the first load finished (successfully or with problems). */
  readonly ready: Promise<void>;
  /** True while a load is running. */
  readonly loading: boolean;
  /** Packs that loaded, in order: bundled, system folders, user folders. */
  readonly packs: ReadonlyArray<ILoadedPack>;
  /** Every exercise that loaded, in pack order then the pack's order. */
  readonly exercises: ReadonlyArray<ILoadedExercise>;
  /** Every problem: packs that did not load and exercises that did not load. */
  readonly problems: ReadonlyArray<ICatalogProblem>;
  /** The raw result of each pack location. */
  readonly results: ReadonlyArray<IPackLoadResult>;
  /** Emitted after each load. */
  readonly changed: ISignal<IExerciseCatalog, void>;
  /** The exercise `exerciseId` of pack `packId`, if it loaded. */
  findExercise(packId: string, exerciseId: string): ILoadedExercise | undefined;
  /** The pack `packId`, if it loaded. */
  findPack(packId: string): ILoadedPack | undefined;
  /** Reads every pack again. */
  reload(): Promise<void>;
}

/** The exercise catalog: loaded packs, their exercises and their problems. */
export const IExerciseCatalog = new Token<IExerciseCatalog>(
  'jupyterlab-mltutor:IExerciseCatalog',
  'Exercise packs loaded and validated, with the problems of those that did not load.'
);

/** The learner's progress, persisted in their Jupyter home. */
export interface IProgressStore {
  /** Resolves when the first load finished (with or without a problem). */
  readonly ready: Promise<void>;
  /** Emitted whenever any recorded progress changes. */
  readonly changed: ISignal<IProgressStore, void>;
  /** The latest problem with the progress file, or null when all is well. */
  readonly problem: IProgressProblem | null;
  /** Emitted when `problem` changes. */
  readonly problemChanged: ISignal<IProgressStore, IProgressProblem | null>;
  /** The path of the progress file, relative to the server root. */
  readonly path: string;
  /** The progress on one exercise, if there is any. */
  get(packId: string, exerciseId: string): IExerciseProgress | undefined;
  /** The progress on every exercise, sorted by pack then exercise. */
  all(): IExerciseProgress[];
  /** Records a check of a cell: one more attempt, and its verdict. */
  recordVerdict(
    packId: string,
    exerciseId: string,
    cellId: string,
    verdict: RecordedVerdict
  ): Promise<void>;
  /** Records that `hintsShown` hints of a cell are shown. */
  recordHint(
    packId: string,
    exerciseId: string,
    cellId: string,
    hintsShown: number
  ): Promise<void>;
  /** Records that the solution of a cell was revealed. */
  recordSolutionRevealed(
    packId: string,
    exerciseId: string,
    cellId: string
  ): Promise<void>;
  /** Switches to another progress file (the setting changed) and loads it. */
  setPath(path: string): Promise<void>;
  /** Reads the file again and merges what other tabs wrote. */
  refresh(): Promise<void>;
  /** The progress as CSV, one row per exercise (see `csv.ts`). */
  toCSV(): string;
  /** The progress as pretty-printed JSON, for export. */
  toJSON(): string;
}

/** The learner's progress: verdicts, attempts, hints and solutions per exercise. */
export const IProgressStore = new Token<IProgressStore>(
  'jupyterlab-mltutor:IProgressStore',
  "The learner's progress, persisted in their Jupyter home."
);

/** The check engine: the same code serves the extension and the CLI. */
export interface ICheckEngine {
  /** Runs every check of a cell and never rejects: problems are verdicts. */
  checkCell(request: ICellCheckRequest): Promise<ICellVerdict>;
  /**
   * Installs the harness in a kernel now (it is installed on the first check
   * otherwise). Call it when a kernel starts: builtins and library functions
   * are captured at install, before learner code can patch them.
   */
  prepare(kernel: Kernel.IKernelConnection): Promise<void>;
}

/** The check engine: checks a cell in its notebook's live kernel. */
export const ICheckEngine = new Token<ICheckEngine>(
  'jupyterlab-mltutor:ICheckEngine',
  "Checks exercise cells through silent requests to the learner's kernel."
);

/** The class policy set by the hub's admin, which the learner's settings cannot undo. */
export interface IClassroom {
  /** The policy read from the server when the lab started. */
  readonly policy: IClassPolicy;
}

/** The class policy: the catalog requires it, so it is known before packs load. */
export const IClassroom = new Token<IClassroom>(
  'jupyterlab-mltutor:IClassroom',
  "The class policy set by the hub's admin, which the learner's settings cannot undo."
);
