/**
 * Where pack files come from. The loader only needs to stat, list and read
 * files by '/'-separated paths relative to a pack folder, so one loader serves
 * the file system (CLI), the Jupyter Contents API (instructor folders) and the
 * bundled pack (an in-memory map).
 */
import type { FileContent } from './decode';
import { joinPath } from './paths';

/** What a path is. `size` is in bytes, null when the source cannot tell without reading. */
export interface IFileStat {
  type: 'file' | 'directory';
  size: number | null;
}

/** One entry of a folder listing. */
export interface IDirEntry {
  name: string;
  type: 'file' | 'directory';
}

/** A folder that may hold a pack (or packs), read by relative paths. */
export interface IPackSource {
  /** Where the folder is, for people: a file-system path, a Contents path, `bundled:exercises`. */
  readonly location: string;
  /** The path's type and size, or null when nothing is there. */
  stat(path: string): Promise<IFileStat | null>;
  /** The entries of a folder ('' for this folder), or null when it does not exist. */
  list(path: string): Promise<IDirEntry[] | null>;
  /** A file's content: bytes, or text when the source only gives text. */
  read(path: string): Promise<FileContent>;
  /** The source for a subfolder. */
  child(name: string): IPackSource;
}

/**
 * A source over an in-memory map of files (paths relative to the root):
 * the bundled pack, and tests.
 */
export class MemorySource implements IPackSource {
  /**
   * @param files - file contents keyed by '/'-separated path
   * @param location - shown to people as where the pack comes from
   * @param prefix - the subfolder this source is rooted at
   */
  constructor(
    private readonly files: Readonly<Record<string, FileContent>>,
    readonly location: string,
    private readonly prefix = ''
  ) {}

  async stat(path: string): Promise<IFileStat | null> {
    const full = joinPath(this.prefix, path);
    const content = Object.prototype.hasOwnProperty.call(this.files, full)
      ? this.files[full]
      : undefined;
    if (content !== undefined) {
      return {
        type: 'file',
        size: typeof content === 'string' ? null : content.length
      };
    }
    const folder = full === '' ? '' : `${full}/`;
    return Object.keys(this.files).some(key => key.startsWith(folder))
      ? { type: 'directory', size: null }
      : null;
  }

  async list(path: string): Promise<IDirEntry[] | null> {
    const full = joinPath(this.prefix, path);
    const folder = full === '' ? '' : `${full}/`;
    const entries = new Map<string, IDirEntry>();
    for (const key of Object.keys(this.files)) {
      if (!key.startsWith(folder)) {
        continue;
      }
      const [name, ...rest] = key.slice(folder.length).split('/');
      entries.set(name, { name, type: rest.length > 0 ? 'directory' : 'file' });
    }
    return entries.size > 0 || full === '' ? [...entries.values()] : null;
  }

  async read(path: string): Promise<FileContent> {
    const full = joinPath(this.prefix, path);
    const content = Object.prototype.hasOwnProperty.call(this.files, full)
      ? this.files[full]
      : undefined;
    if (content === undefined) {
      throw new Error(`no such file: ${full}`);
    }
    return content;
  }

  child(name: string): IPackSource {
    return new MemorySource(
      this.files,
      joinPath(this.location, name),
      joinPath(this.prefix, name)
    );
  }
}
