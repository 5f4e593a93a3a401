/**
 * The progress store: the learner's progress kept in memory and persisted as a
 * JSON file through the Jupyter Contents API, so it follows the learner on a
 * hub and survives reloads and server restarts.
 *
 * Several tabs may write the same file. Each write reads the file, merges it
 * (see `merge.ts`) with this tab's progress, saves, then reads back: if another
 * tab's save replaced ours in between, it merges and saves again.
 */
import { UUID } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';
import { toCSV } from './csv';
import {
  emptyProgressFile,
  exportedProgressFile,
  serializeProgressFile
} from './file';
import {
  ensureFolders,
  normalizePath,
  problem,
  ProgressReadResult,
  readProgress
} from './io';
import type { ContentsReaderWriter } from '../contents';
import { includesProgress, mergeProgressFiles } from './merge';
import {
  applyCellChange,
  CellChange,
  hintChange,
  solutionChange,
  verdictChange
} from './record';
import type { CellIdResolver } from './summary';
import {
  IExerciseProgress,
  IProgressFile,
  IProgressProblem,
  IProgressStore,
  progressKey,
  RecordedVerdict
} from './types';

export { notebookProgressMetadata } from './file';

/** How to build a `ProgressStore`. */
export interface IProgressStoreOptions {
  /** In the app, `app.serviceManager.contents`. */
  contents: ContentsReaderWriter;
  /** The progress file, relative to the server root, e.g. `ml-exercises/progress.json`. */
  path: string;
  /** Each exercise's checked cells, for `toCSV`; defaults to the recorded cells. */
  cellIds?: CellIdResolver;
  /** This tab's id in the per-tab attempt counts; random by default. */
  tabId?: string;
  /** The clock; tests pass their own. */
  now?: () => Date;
  /** Saves tried when other tabs keep replacing the file; 5 by default. */
  maxRounds?: number;
  /** Upper bound of the random pause between such saves, in ms; 200 by default. */
  retryDelay?: number;
}

/** The progress store behind the `IProgressStore` token. */
export class ProgressStore implements IProgressStore {
  constructor(options: IProgressStoreOptions) {
    this._path = normalizePath(options.path);
    this._options = {
      cellIds: () => [],
      tabId: UUID.uuid4().slice(0, 8),
      now: () => new Date(),
      maxRounds: 5,
      retryDelay: 200,
      ...options
    };
    this.ready = this._enqueue(() => this._load());
  }

  readonly ready: Promise<void>;

  get changed(): ISignal<IProgressStore, void> {
    return this._changed;
  }

  get problem(): IProgressProblem | null {
    return this._problem;
  }

  get problemChanged(): ISignal<IProgressStore, IProgressProblem | null> {
    return this._problemChanged;
  }

  get path(): string {
    return this._path;
  }

  /** True while this tab has progress the file does not have yet. */
  get dirty(): boolean {
    return this._version !== this._savedVersion;
  }

  get(packId: string, exerciseId: string): IExerciseProgress | undefined {
    return this._state.exercises[progressKey(packId, exerciseId)];
  }

  all(): IExerciseProgress[] {
    return Object.keys(this._state.exercises)
      .sort()
      .map(key => this._state.exercises[key]);
  }

  recordVerdict(
    packId: string,
    exerciseId: string,
    cellId: string,
    verdict: RecordedVerdict
  ): Promise<void> {
    const change = verdictChange(verdict, this._options.tabId);
    return this._update(packId, exerciseId, cellId, change);
  }

  recordHint(
    packId: string,
    exerciseId: string,
    cellId: string,
    hintsShown: number
  ): Promise<void> {
    return this._update(packId, exerciseId, cellId, hintChange(hintsShown));
  }

  recordSolutionRevealed(
    packId: string,
    exerciseId: string,
    cellId: string
  ): Promise<void> {
    return this._update(packId, exerciseId, cellId, solutionChange);
  }

  /**
   * Switches to another file once pending writes to the current one are done.
   * The progress shown becomes that file's: nothing is carried over.
   */
  setPath(path: string): Promise<void> {
    return this._enqueue(async () => {
      const next = normalizePath(path);
      if (next !== this._path) {
        this._path = next;
        this._state = emptyProgressFile();
        this._version = this._savedVersion = 0;
        this._setProblem(null);
        this._changed.emit();
      }
      await this._load();
    });
  }

  refresh(): Promise<void> {
    return this.dirty
      ? this._scheduleWrite()
      : this._enqueue(() => this._load());
  }

  /** The progress as CSV; `cellIds` overrides the resolver given at construction. */
  toCSV(cellIds?: CellIdResolver): string {
    return toCSV(this.all(), cellIds ?? this._options.cellIds);
  }

  toJSON(): string {
    return serializeProgressFile(exportedProgressFile(this._state));
  }

  private _update(
    packId: string,
    exerciseId: string,
    cellId: string,
    change: CellChange
  ): Promise<void> {
    const now = this._options.now().toISOString();
    const state = this._state;
    if (!applyCellChange(state, packId, exerciseId, cellId, change, now)) {
      return this._pendingWrite ?? Promise.resolve();
    }
    this._version += 1;
    this._changed.emit();
    return this._scheduleWrite();
  }

  /** Queues a write unless one is queued and not started, which will include this change. */
  private _scheduleWrite(): Promise<void> {
    if (!this._pendingWrite) {
      this._pendingWrite = this._enqueue(() => {
        this._pendingWrite = null;
        return this._write();
      });
    }
    return this._pendingWrite;
  }

  /** Runs file tasks one after the other, so this tab never races itself. */
  private _enqueue(task: () => Promise<void>): Promise<void> {
    const run = this._queue.then(task);
    this._queue = run.catch(() => undefined);
    return run;
  }

  private async _load(): Promise<void> {
    const read = await this._read(this._path);
    if (!read.failed) {
      this._absorb(read.file);
    }
  }

  private async _write(): Promise<void> {
    const path = this._path;
    const { contents, maxRounds, retryDelay } = this._options;
    try {
      for (let round = 0; round < maxRounds; round++) {
        if (round > 0) {
          await new Promise(go => setTimeout(go, Math.random() * retryDelay));
        }
        const current = await this._read(path);
        if (current.failed) {
          return; // Unreadable: saving now could destroy another tab's progress.
        }
        this._absorb(current.file);
        const version = this._version;
        const written = mergeProgressFiles(this._state, this._state);
        if (current.missing) {
          await ensureFolders(contents, path);
        }
        await contents.save(path, {
          type: 'file',
          format: 'text',
          content: serializeProgressFile(written)
        });
        const reread = await this._read(path);
        if (reread.failed) {
          return;
        }
        this._absorb(reread.file);
        if (reread.file && includesProgress(reread.file, written)) {
          this._savedVersion = version;
          return;
        }
      }
      throw new Error(`other tabs replaced the file ${maxRounds} times`);
    } catch (error) {
      this._setProblem(problem('write-failed', path, null, error));
    }
  }

  /** Reads the file, reporting what went wrong, and clearing a past failure. */
  private async _read(path: string): Promise<ProgressReadResult> {
    const { contents, now } = this._options;
    const read = await readProgress(contents, path, now());
    if (read.problem) {
      this._setProblem(read.problem);
    } else if (
      this._problem?.kind === 'read-failed' ||
      this._problem?.kind === 'write-failed'
    ) {
      this._setProblem(null);
    }
    return read;
  }

  /** Merges progress read from the file into this tab's. */
  private _absorb(file: IProgressFile | null): void {
    if (!file) {
      return;
    }
    const merged = mergeProgressFiles(this._state, file);
    if (JSON.stringify(merged) !== JSON.stringify(this._state)) {
      this._state = merged;
      this._changed.emit();
    }
  }

  private _setProblem(value: IProgressProblem | null): void {
    if (JSON.stringify(value) !== JSON.stringify(this._problem)) {
      this._problem = value;
      this._problemChanged.emit(value);
    }
  }

  private _options: Required<IProgressStoreOptions>;
  private _path: string;
  private _state: IProgressFile = emptyProgressFile();
  private _version = 0;
  private _savedVersion = 0;
  private _queue: Promise<void> = Promise.resolve();
  private _pendingWrite: Promise<void> | null = null;
  private _problem: IProgressProblem | null = null;
  private _changed = new Signal<IProgressStore, void>(this);
  private _problemChanged = new Signal<IProgressStore, IProgressProblem | null>(
    this
  );
}
