/**
 * The exercise catalog model: bundled packs, packs from system-wide folders
 * (overrides.json) and packs from the user's folders, loaded and validated
 * together. Free of plugin code: the catalog plugin creates it, feeds it the
 * settings and provides it under its token.
 */
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import { PromiseDelegate } from '@lumino/coreutils';
import type { IDisposable } from '@lumino/disposable';
import { Signal, type ISignal } from '@lumino/signaling';
import type { ContentsReader } from '../contents';
import { ContentsSource } from './contents-source';
import type { IPackLocation } from './loader';
import type {
  ICatalogFolders,
  ICatalogProblem,
  IExerciseCatalog,
  ILoadedExercise,
  ILoadedPack,
  IPackLoadResult,
  PackOrigin
} from './types';
import { errorText } from '../errors';

/** Options of {@link ExerciseCatalog}. */
export interface ICatalogOptions {
  /** Reads the Jupyter file tree (`app.serviceManager.contents`); without it, folders are not read. */
  contents?: ContentsReader | null;
  /** Folders to read packs from; usually {@link foldersFromSettings}. */
  folders?: Partial<ICatalogFolders>;
  /**
   * Gives the bundled packs' data (the generated bundle). Defaults to the lazy
   * import of the bundle built into the extension; null for no bundled packs.
   */
  bundled?: (() => Promise<unknown>) | null;
}

/** The folders a settings object holds, ignoring anything that is not a list of strings. */
export function foldersFromSettings(
  settings: ISettingRegistry.ISettings
): ICatalogFolders {
  return {
    packFolders: stringList(settings.composite.packFolders),
    systemPackFolders: stringList(settings.composite.systemPackFolders)
  };
}

/** Loads packs and keeps the result; see {@link IExerciseCatalog}. */
export class ExerciseCatalog implements IExerciseCatalog, IDisposable {
  /** Starts loading right away; `ready` resolves when the first load is done. */
  constructor(options: ICatalogOptions = {}) {
    this._contents = options.contents ?? null;
    this._folders = normalizeFolders(options.folders ?? {});
    this._bundled =
      options.bundled === undefined ? defaultBundled : options.bundled;
    void this.reload();
  }

  get ready(): Promise<void> {
    return this._ready.promise;
  }

  get loading(): boolean {
    return this._loading;
  }

  get packs(): ReadonlyArray<ILoadedPack> {
    return this._packs;
  }

  get exercises(): ReadonlyArray<ILoadedExercise> {
    return this._exercises;
  }

  get problems(): ReadonlyArray<ICatalogProblem> {
    return this._problems;
  }

  get results(): ReadonlyArray<IPackLoadResult> {
    return this._results;
  }

  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The folders currently read. */
  get folders(): ICatalogFolders {
    return {
      packFolders: [...this._folders.packFolders],
      systemPackFolders: [...this._folders.systemPackFolders]
    };
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** Changes the folders (e.g. on `settings.changed`) and reloads if they differ. */
  async setFolders(folders: Partial<ICatalogFolders>): Promise<void> {
    const next = normalizeFolders(folders);
    if (JSON.stringify(next) === JSON.stringify(this._folders)) {
      return;
    }
    this._folders = next;
    await this.reload();
  }

  findExercise(
    packId: string,
    exerciseId: string
  ): ILoadedExercise | undefined {
    return this._exercises.find(
      one => one.packId === packId && one.spec.id === exerciseId
    );
  }

  findPack(packId: string): ILoadedPack | undefined {
    return this._packs.find(pack => pack.manifest.id === packId);
  }

  /**
   * Reads every pack again. When reloads overlap, the last one started wins;
   * earlier ones resolve without changing the catalog.
   */
  async reload(): Promise<void> {
    const generation = ++this._generation;
    this._loading = true;
    const results = await this._load();
    if (generation !== this._generation || this._disposed) {
      return;
    }
    this._apply(results);
    this._loading = false;
    this._ready.resolve();
    this._changed.emit();
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    Signal.clearData(this);
  }

  /** Loads every location; never throws. */
  private async _load(): Promise<IPackLoadResult[]> {
    const failures: IPackLoadResult[] = [];
    const locations: IPackLocation[] = [];
    if (this._bundled) {
      try {
        const { bundledLocations } = await import('./bundled');
        locations.push(...bundledLocations(await this._bundled()));
      } catch (error) {
        failures.push(
          failure(
            'bundled',
            'bundled',
            `could not load the bundled exercises: ${errorText(error)}`
          )
        );
      }
    }
    for (const [origin, folders] of this._folderLocations()) {
      for (const folder of folders) {
        if (this._contents) {
          locations.push({
            source: new ContentsSource(this._contents, folder),
            origin
          });
        } else {
          failures.push(
            failure(
              folder,
              origin,
              'cannot read folders: no access to the Jupyter file tree'
            )
          );
        }
      }
    }
    try {
      // The loader is its own chunk; ajv and the schemas load only for packs the build did not validate.
      const { loadPacks } = await import('./loader');
      return [...failures, ...(await loadPacks(locations))];
    } catch (error) {
      return [
        ...failures,
        ...locations.map(({ source, origin }) =>
          failure(
            source.location,
            origin,
            `could not load the pack: ${errorText(error)}`
          )
        )
      ];
    }
  }

  /** System folders first (an administrator's pack keeps its ids), then the user's, without repeats. */
  private _folderLocations(): Array<[PackOrigin, string[]]> {
    const system = [...new Set(this._folders.systemPackFolders)];
    const user = [...new Set(this._folders.packFolders)].filter(
      folder => !system.includes(folder)
    );
    return [
      ['system', system],
      ['folder', user]
    ];
  }

  private _apply(results: IPackLoadResult[]): void {
    this._results = results;
    this._packs = results.flatMap(result => (result.pack ? [result.pack] : []));
    this._exercises = this._packs.flatMap(pack => pack.exercises);
    this._problems = results.flatMap(result => [
      ...result.problems.map(problem => ({
        ...problem,
        location: result.location,
        origin: result.origin,
        ...(result.pack ? { packId: result.pack.manifest.id } : {})
      })),
      ...(result.pack?.problems ?? []).map(problem => ({
        ...problem,
        location: result.location,
        origin: result.origin,
        packId: result.pack?.manifest.id
      }))
    ]);
  }

  private readonly _contents: ContentsReader | null;
  private readonly _bundled: (() => Promise<unknown>) | null;
  private _folders: ICatalogFolders;
  private _generation = 0;
  private _loading = false;
  private _disposed = false;
  private _ready = new PromiseDelegate<void>();
  private _results: IPackLoadResult[] = [];
  private _packs: ILoadedPack[] = [];
  private _exercises: ILoadedExercise[] = [];
  private _problems: ICatalogProblem[] = [];
  private _changed = new Signal<this, void>(this);
}

async function defaultBundled(): Promise<unknown> {
  const { importBundledPacks } = await import('./bundled');
  return importBundledPacks();
}

function failure(
  location: string,
  origin: PackOrigin,
  message: string
): IPackLoadResult {
  return {
    location,
    origin,
    pack: null,
    problems: [{ file: '', path: '', message }]
  };
}

function normalizeFolders(folders: Partial<ICatalogFolders>): ICatalogFolders {
  const clean = (list: string[] | undefined): string[] =>
    (list ?? [])
      .map(folder => folder.trim().replace(/^\/+|\/+$/g, ''))
      .filter(folder => folder !== '');
  return {
    packFolders: clean(folders.packFolders),
    systemPackFolders: clean(folders.systemPackFolders)
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
