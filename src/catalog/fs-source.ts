/**
 * Packs on the local file system, for Node: the `mltutor` CLI, the bundler
 * script and the check engine's `mltutor verify`. Not for the browser.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { loadPack, loadPacks } from './loader';
import type { IDirEntry, IFileStat, IPackSource } from './source';
import type { IPackLoadResult, PackOrigin } from './types';

/**
 * A folder on disk. Paths are '/'-separated and relative to the folder.
 * Symbolic links are followed only when they stay inside the pack's root
 * folder: a link to `/etc/passwd` or to another of the user's files is
 * refused, and sizes are those of the file a link leads to (what is read).
 */
export class FsSource implements IPackSource {
  /**
   * @param location - the folder, as given (relative paths stay relative for messages)
   */
  constructor(readonly location: string) {}

  async stat(file: string): Promise<IFileStat | null> {
    try {
      const full = await this._confined(file);
      const stat = await fs.stat(full);
      if (stat.isDirectory()) {
        return { type: 'directory', size: null };
      }
      return stat.isFile() ? { type: 'file', size: stat.size } : null;
    } catch (error) {
      if (isMissing(error)) {
        return null;
      }
      throw error;
    }
  }

  async list(folder: string): Promise<IDirEntry[] | null> {
    try {
      const entries = await fs.readdir(await this._confined(folder), {
        withFileTypes: true
      });
      return entries
        .filter(entry => entry.isDirectory() || entry.isFile())
        .map(entry => ({
          name: entry.name,
          type: entry.isDirectory() ? 'directory' : 'file'
        }));
    } catch (error) {
      if (isMissing(error)) {
        return null;
      }
      throw error;
    }
  }

  async read(file: string): Promise<Uint8Array> {
    return new Uint8Array(await fs.readFile(await this._confined(file)));
  }

  child(name: string): IPackSource {
    // A subfolder is a pack of its own (a folder of packs): its own root.
    return new FsSource(path.join(this.location, name));
  }

  private resolve(file: string): string {
    return file === ''
      ? this.location
      : path.join(this.location, ...file.split('/'));
  }

  /** The path of `file`, once its real location (links followed) is known to be inside the root. */
  private async _confined(file: string): Promise<string> {
    const full = this.resolve(file);
    const [real, root] = await Promise.all([
      fs.realpath(full),
      fs.realpath(this.location)
    ]);
    if (real !== root && !real.startsWith(root + path.sep)) {
      throw new Error(
        `'${file}' is a symbolic link that leads outside the pack (to ${real}): packs may not link to other files`
      );
    }
    return full;
  }
}

/**
 * Loads and validates the pack in folder `dir` (the folder holding pack.json).
 * Never throws: problems are in the result.
 */
export function readPackFromDisk(dir: string): Promise<IPackLoadResult> {
  return loadPack(new FsSource(dir), 'folder');
}

/**
 * Loads every pack under `dirs`, each a pack folder or a folder of packs, with
 * ids checked for uniqueness across all of them (in the order given).
 */
export function readPacksFromDisk(
  dirs: ReadonlyArray<string>,
  origin: PackOrigin = 'folder'
): Promise<IPackLoadResult[]> {
  return loadPacks(dirs.map(dir => ({ source: new FsSource(dir), origin })));
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
