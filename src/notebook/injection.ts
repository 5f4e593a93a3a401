/**
 * Notebook injection: the learner's own copy of an exercise notebook, created
 * through the Contents API in the exercise folder, never overwritten.
 */
import type { INotebookContent } from '@jupyterlab/nbformat';
import type { Contents } from '@jupyterlab/services';
import { NOTEBOOK_METADATA_KEY } from '../catalog/format';
import { ensureFolder, folderNames, pathExists } from '../contents';
import { embeddedChecks, IEmbeddedChecks } from './embedded';
import type { ILoadedExercise } from '../catalog/types';

/** A file of an exercise (an asset), as the Contents API takes it. */
export interface IAssetContent {
  content: string;
  format: 'text' | 'base64';
}

/** Reads an asset of an exercise, by its path relative to the exercise folder. */
export type AssetReader = (
  exercise: ILoadedExercise,
  path: string
) => Promise<IAssetContent>;

/** What `metadata.mltutor` of a learner's notebook holds. */
export interface INotebookExerciseMetadata {
  pack: string;
  exercise: string;
  version: string;
  /** The exercise's checks and hints, so that a shared notebook checks itself. */
  checks?: IEmbeddedChecks;
}

export interface IInjectorOptions {
  contents: Contents.IManager;
  /** The exercise folder setting, read when needed (settings are live). */
  folder: () => string;
  readAsset: AssetReader;
}

/** Creates, opens and resets learners' copies of exercise notebooks. */
export class ExerciseInjector {
  constructor(options: IInjectorOptions) {
    this._contents = options.contents;
    this._folder = options.folder;
    this._readAsset = options.readAsset;
  }

  /** Where the learner's copy of `exercise` lives. */
  notebookPath(exercise: ILoadedExercise): string {
    const id = exercise.spec.id;
    return `${trimSlashes(this._folder())}/${id}/${id}.ipynb`;
  }

  /**
   * Makes sure the learner's copy exists and returns its path: an existing
   * copy is kept as it is; missing assets are copied next to it.
   */
  async ensureCopy(
    exercise: ILoadedExercise
  ): Promise<{ path: string; created: boolean }> {
    const path = this.notebookPath(exercise);
    const folder = dirname(path);
    await ensureFolder(this._contents, folder);
    // One listing of the exercise folder answers for the notebook and its assets.
    const present = (await folderNames(this._contents, folder)) ?? new Set();
    await this._copyMissingAssets(exercise, folder, present);
    if (present.has(basename(path))) {
      return { path, created: false };
    }
    await this._contents.save(path, {
      type: 'notebook',
      format: 'json',
      content: learnerNotebook(exercise)
    });
    return { path, created: true };
  }

  /**
   * Replaces the learner's copy by a fresh one, keeping the old copy as a
   * timestamped backup next to it. Returns the backup's path, if there was a copy.
   */
  async reset(
    exercise: ILoadedExercise,
    now = new Date()
  ): Promise<{ path: string; backup: string | null }> {
    const path = this.notebookPath(exercise);
    let backup: string | null = null;
    if (await pathExists(this._contents, path)) {
      backup = path.replace(/\.ipynb$/, `.backup-${timestamp(now)}.ipynb`);
      await this._contents.rename(path, backup);
    }
    await this.ensureCopy(exercise);
    return { path, backup };
  }

  private async _copyMissingAssets(
    exercise: ILoadedExercise,
    folder: string,
    present: ReadonlySet<string>
  ): Promise<void> {
    for (const asset of exercise.spec.assets ?? []) {
      const target = `${folder}/${asset}`;
      const exists = asset.includes('/')
        ? await pathExists(this._contents, target)
        : present.has(asset);
      if (exists) {
        continue;
      }
      await ensureFolder(this._contents, dirname(target));
      const { content, format } = await this._readAsset(exercise, asset);
      await this._contents.save(target, { type: 'file', format, content });
    }
  }

  private _contents: Contents.IManager;
  private _folder: () => string;
  private _readAsset: AssetReader;
}

/**
 * The learner's copy of an exercise notebook: outputs cleared, and
 * `metadata.mltutor` naming the exercise, so a renamed, moved or shared
 * notebook still knows what checks it.
 */
export function learnerNotebook(exercise: ILoadedExercise): INotebookContent {
  const source = exercise.notebook;
  const metadata: INotebookExerciseMetadata = {
    pack: exercise.packId,
    exercise: exercise.spec.id,
    version: exercise.spec.version ?? '1',
    checks: embeddedChecks(exercise.spec)
  };
  return {
    ...source,
    metadata: {
      ...source.metadata,
      [NOTEBOOK_METADATA_KEY]: JSON.parse(JSON.stringify(metadata))
    },
    cells: source.cells.map(cell =>
      cell.cell_type === 'code'
        ? { ...cell, outputs: [], execution_count: null }
        : { ...cell }
    )
  };
}

function dirname(path: string): string {
  const index = path.lastIndexOf('/');
  return index < 0 ? '' : path.slice(0, index);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/** 20261124-173015: sortable, and valid in file names everywhere. */
function timestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`
  );
}
