/**
 * Notebook injection: the learner's own copy of an exercise notebook, created
 * through the Contents API in the exercise folder, never overwritten.
 */
import type { INotebookContent } from '@jupyterlab/nbformat';
import type { Contents } from '@jupyterlab/services';
import { NOTEBOOK_METADATA_KEY } from '../catalog/format';
import { ensureFolder, folderNames, pathExists } from '../contents';
import { embeddedChecks, IEmbeddedChecks } from './embedded';
import { resolveAsset, unsafePath } from '../catalog/paths';
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
  /**
   * Whether new copies carry their checks and hints (self-checking
   * notebooks); read at each Open. A class policy's exam mode answers false.
   * Default: true.
   */
  carryChecks?: () => boolean;
}

/** Creates, opens and resets learners' copies of exercise notebooks. */
export class ExerciseInjector {
  constructor(options: IInjectorOptions) {
    this._contents = options.contents;
    this._folder = options.folder;
    this._readAsset = options.readAsset;
    this._carryChecks = options.carryChecks ?? (() => true);
  }

  /** Where the learner's copy of `exercise` lives. */
  notebookPath(exercise: ILoadedExercise): string {
    const id = exercise.spec.id;
    if (unsafePath(id) || id.includes('/') || id === '.' || id === '..') {
      throw new Error(`exercise id '${id}' cannot name a folder`);
    }
    return `${trimSlashes(this._folder())}/${id}/${id}.ipynb`;
  }

  /**
   * Makes sure the learner's copy exists and returns its path: an existing
   * copy is kept as it is; missing assets are copied next to it, never over
   * a file of the learner's. When anything fails, what this call created is
   * removed again, so a failed Open leaves nothing half made.
   */
  async ensureCopy(
    exercise: ILoadedExercise
  ): Promise<{ path: string; created: boolean }> {
    const path = this.notebookPath(exercise);
    const folder = dirname(path);
    // Refuse the whole exercise before writing anything when an asset would land outside its folder.
    const assets = assetTargets(exercise);
    const created: string[] = [];
    try {
      await ensureFolder(this._contents, folder, created);
      // One listing of the exercise folder answers for the notebook and its assets.
      const present = (await folderNames(this._contents, folder)) ?? new Set();
      await this._copyMissingAssets(exercise, folder, assets, present, created);
      if (present.has(basename(path))) {
        return { path, created: false };
      }
      await this._contents.save(path, {
        type: 'notebook',
        format: 'json',
        content: learnerNotebook(exercise, {
          carryChecks: this._carryChecks()
        })
      });
      return { path, created: true };
    } catch (error) {
      await this._undo(created);
      throw error;
    }
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
    assets: ReadonlyArray<string>,
    present: ReadonlySet<string>,
    created: string[]
  ): Promise<void> {
    for (const asset of assets) {
      const target = `${folder}/${asset}`;
      const exists = asset.includes('/')
        ? await pathExists(this._contents, target)
        : present.has(asset);
      if (exists) {
        continue; // the learner's file (or their own edit of ours) wins
      }
      await ensureFolder(this._contents, dirname(target), created);
      const { content, format } = await this._readAsset(exercise, asset);
      await this._contents.save(target, { type: 'file', format, content });
      created.push(target);
    }
  }

  /** Deletes what a failed `ensureCopy` created, newest first; best effort. */
  private async _undo(created: ReadonlyArray<string>): Promise<void> {
    for (const path of [...created].reverse()) {
      await this._contents.delete(path).catch(() => undefined);
    }
  }

  private _contents: Contents.IManager;
  private _folder: () => string;
  private _readAsset: AssetReader;
  private _carryChecks: () => boolean;
}

/**
 * The exercise's asset paths relative to its folder, normalised; throws when
 * one would leave the folder (validation refuses such packs: this is the
 * last guard before writing into the learner's files).
 */
export function assetTargets(exercise: ILoadedExercise): string[] {
  return (exercise.spec.assets ?? []).map(asset => {
    const resolved = resolveAsset(asset);
    if (!resolved.ok) {
      throw new Error(resolved.message);
    }
    return resolved.path;
  });
}

/** What a learner's copy carries besides its exercise's name. */
export interface ILearnerNotebookOptions {
  /**
   * Carry the checks and hints (default true). False for a class's exam
   * mode: no check code, reference values or quiz keys in the notebook.
   */
  carryChecks?: boolean;
}

/**
 * The learner's copy of an exercise notebook: outputs cleared, and
 * `metadata.mltutor` naming the exercise, so a renamed, moved or shared
 * notebook still knows what checks it.
 */
export function learnerNotebook(
  exercise: ILoadedExercise,
  options: ILearnerNotebookOptions = {}
): INotebookContent {
  const source = exercise.notebook;
  const metadata: INotebookExerciseMetadata = {
    pack: exercise.packId,
    exercise: exercise.spec.id,
    version: exercise.spec.version ?? '1'
  };
  if (options.carryChecks !== false) {
    metadata.checks = embeddedChecks(exercise.spec);
  }
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
