/**
 * What the catalog produces: loaded packs, their exercises, and error entries.
 * Shared by the browser catalog, the CLI and the panel.
 */
import type { INotebookContent } from '@jupyterlab/nbformat';
import type { IExerciseSpec, IPackManifest } from './format';

/** One problem found while loading a pack: the file, the JSON path and what is wrong. */
export interface IPackProblem {
  /** Path of the file, relative to where the pack was found (e.g. `data/missing-data/exercise.json`). */
  file: string;
  /** JSON pointer inside the file (`/cells/0/checks/1/kind`), or '' for the whole file. */
  path: string;
  /** Human-readable problem, e.g. "must have required property 'hints'". */
  message: string;
}

/** An exercise that loaded and validated. */
export interface ILoadedExercise {
  /** Id of the pack it belongs to. */
  packId: string;
  spec: IExerciseSpec;
  /** Folder of the exercise, relative to the pack root ('data/missing-data'). */
  folder: string;
  /** The exercise notebook, parsed and validated. */
  notebook: INotebookContent;
  /**
   * The exercise's assets (`spec.assets`), read when the pack loaded, to be
   * written next to the learner's notebook. Absent when built by hand (tests).
   */
  assets?: ILoadedAsset[];
}

/** An asset file of an exercise, with its content. */
export interface ILoadedAsset {
  /** Path as written in exercise.json, relative to the exercise folder. */
  path: string;
  /** `text` for UTF-8 files, `base64` for anything else (as the Contents API saves them). */
  format: 'text' | 'base64';
  content: string;
}

/** Where a pack came from. */
export type PackOrigin = 'bundled' | 'folder' | 'system';

/** A pack that loaded, possibly with some exercises in error. */
export interface ILoadedPack {
  manifest: IPackManifest;
  origin: PackOrigin;
  /** Location the pack was read from (a file-system path, a Contents path, or 'bundled'). */
  location: string;
  exercises: ILoadedExercise[];
  /**
   * Problems of exercises that did not load (the others did), and of loaded
   * ones whose expected.json is broken (their checks run the references).
   */
  problems: IPackProblem[];
}

/** The result of loading one pack location: a pack, or the reasons it could not load at all. */
export interface IPackLoadResult {
  location: string;
  origin: PackOrigin;
  pack: ILoadedPack | null;
  problems: IPackProblem[];
}

/** A problem with where it was found: what the panel lists and the CLI prints. */
export interface ICatalogProblem extends IPackProblem {
  /** Location of the pack (its `IPackLoadResult.location`); `file` is relative to it. */
  location: string;
  origin: PackOrigin;
  /** Id of the pack, when pack.json loaded. */
  packId?: string;
}

/** Folders the catalog reads packs from, as the settings give them (Jupyter file-tree paths). */
export interface ICatalogFolders {
  /** The user's pack folders (setting `packFolders`). */
  packFolders: string[];
  /** Folders set by an administrator in overrides.json (setting `systemPackFolders`). */
  systemPackFolders: string[];
}

export type { IExerciseCatalog } from '../tokens';
