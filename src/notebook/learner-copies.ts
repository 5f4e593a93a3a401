/**
 * Finds the learner's own notebook of an exercise wherever it went: the
 * renames and moves the Contents manager reports are followed (and kept in
 * the browser's storage), and the exercise folder is searched for a notebook
 * whose metadata names the exercise, so Open never makes a fresh copy beside
 * a renamed one.
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';
import { NOTEBOOK_METADATA_KEY } from '../catalog/format';
import type { ILoadedExercise } from '../catalog/types';
import { pathExists } from '../contents';

const STATE_KEY = 'jupyterlab-mltutor:renamed-notebooks';

/** Renames followed at most, in case of a cycle. */
const MAX_HOPS = 20;

export interface ILearnerCopiesOptions {
  contents: Contents.IManager;
  /** Where a new copy of the exercise would be created. */
  defaultPath: (exercise: ILoadedExercise) => string;
  /** Where renames are kept across reloads; none by default. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export class LearnerCopies {
  constructor(private readonly _options: ILearnerCopiesOptions) {
    _options.contents.fileChanged.connect(this._onFileChanged, this);
    this._load();
  }

  /** The path of the learner's existing notebook of `exercise`, or null when there is none. */
  async locate(exercise: ILoadedExercise): Promise<string | null> {
    const start = this._options.defaultPath(exercise);
    let path = start;
    for (let hop = 0; hop < MAX_HOPS && this._renames[path]; hop++) {
      path = this._renames[path];
    }
    for (const candidate of path === start ? [start] : [path, start]) {
      if (await this._isCopyOf(candidate, exercise)) {
        return candidate;
      }
    }
    return this._search(PathExt.dirname(start), exercise);
  }

  dispose(): void {
    this._options.contents.fileChanged.disconnect(this._onFileChanged, this);
  }

  private _onFileChanged(_: unknown, change: Contents.IChangedArgs): void {
    const from = change.oldValue?.path;
    const to = change.newValue?.path;
    if (change.type !== 'rename' || !from || !to || from === to) {
      return;
    }
    this._renames[from] = to;
    delete this._renames[to];
    try {
      this._options.storage?.setItem(STATE_KEY, JSON.stringify(this._renames));
    } catch {
      // Storage full or refused: renames of this session are still followed.
    }
  }

  private _load(): void {
    try {
      const saved: unknown = JSON.parse(
        this._options.storage?.getItem(STATE_KEY) ?? '{}'
      );
      if (saved && typeof saved === 'object' && !Array.isArray(saved)) {
        for (const [from, to] of Object.entries(saved)) {
          if (typeof to === 'string') {
            this._renames[from] = to;
          }
        }
      }
    } catch {
      // Unreadable: start afresh.
    }
  }

  /** Whether the notebook at `path` exists and names `exercise` in its metadata. */
  private async _isCopyOf(
    path: string,
    exercise: ILoadedExercise
  ): Promise<boolean> {
    try {
      // Listings first: a missing file must not cost a failed request.
      if (!(await pathExists(this._options.contents, path))) {
        return false;
      }
      const model = await this._options.contents.get(path, {
        type: 'notebook',
        content: true
      });
      return namesExercise(model.content, exercise);
    } catch {
      return false;
    }
  }

  /** The most recently changed notebook of `folder` that names `exercise`. */
  private async _search(
    folder: string,
    exercise: ILoadedExercise
  ): Promise<string | null> {
    let listing: Contents.IModel;
    try {
      if (!(await pathExists(this._options.contents, folder))) {
        return null;
      }
      listing = await this._options.contents.get(folder, { content: true });
    } catch {
      return null;
    }
    const notebooks = ((listing.content ?? []) as Contents.IModel[])
      .filter(
        item =>
          item.type === 'notebook' &&
          !/\.backup-\d{8}-\d{6}\.ipynb$/.test(item.name)
      )
      .sort((a, b) => b.last_modified.localeCompare(a.last_modified));
    for (const item of notebooks) {
      if (await this._isCopyOf(item.path, exercise)) {
        return item.path;
      }
    }
    return null;
  }

  private _renames: Record<string, string> = {};
}

function namesExercise(content: unknown, exercise: ILoadedExercise): boolean {
  const metadata = (content as { metadata?: Record<string, unknown> } | null)
    ?.metadata?.[NOTEBOOK_METADATA_KEY] as
    { pack?: unknown; exercise?: unknown } | undefined;
  return (
    metadata?.pack === exercise.packId &&
    metadata?.exercise === exercise.spec.id
  );
}
