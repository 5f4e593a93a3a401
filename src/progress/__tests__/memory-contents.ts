/**
 * An in-memory stand-in for the Contents API, enough for the progress store:
 * files and folders, 404s like the server's, saves that need the parent
 * folder, and random (seeded) delays so that concurrent callers interleave.
 */
import type { Contents } from '@jupyterlab/services';
import type { ContentsReaderWriter } from '../../contents';

class ResponseError extends Error {
  constructor(
    readonly response: { status: number },
    message: string
  ) {
    super(message);
  }
}

/** A seeded pseudo-random generator (mulberry32), so failures replay. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class MemoryContents implements ContentsReaderWriter {
  constructor(options: { seed?: number; maxDelay?: number } = {}) {
    this._random = seeded(options.seed ?? 1);
    this._maxDelay = options.maxDelay ?? 0;
  }

  /** Text files by path. */
  readonly files = new Map<string, string>();
  /** Files that are not UTF-8, as base64, by path. */
  readonly binaries = new Map<string, string>();
  /** Folders; the root is ''. */
  readonly folders = new Set<string>(['']);
  /** Paths whose requests fail with a server error. */
  readonly failing = new Set<string>();
  /** Every request, in order: `get path` or `save path (type)`. */
  readonly log: string[] = [];

  async get(
    path: string,
    options?: Contents.IFetchOptions
  ): Promise<Contents.IModel> {
    await this._pause();
    this.log.push(`get ${path}`);
    this._failIfAsked(path);
    if (this.folders.has(path)) {
      const listing = {
        ...model(path, 'directory', null, null),
        content: this._children(path)
      };
      return listing;
    }
    const text = this.files.get(path);
    const binary = this.binaries.get(path);
    if (text === undefined && binary === undefined) {
      throw new ResponseError({ status: 404 }, `No such file: ${path}`);
    }
    if (!options?.content) {
      return model(path, 'file', null, null);
    }
    return text !== undefined
      ? model(path, 'file', text, 'text')
      : model(path, 'file', binary ?? '', 'base64');
  }

  /** A folder's entries, as the server lists them. */
  private _children(folder: string): Partial<Contents.IModel>[] {
    const parentOf = (path: string) =>
      path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const entry = (path: string, type: 'file' | 'directory') => ({
      name: path.slice(path.lastIndexOf('/') + 1),
      path,
      type
    });
    return [
      ...[...this.folders]
        .filter(p => p !== '' && parentOf(p) === folder)
        .map(p => entry(p, 'directory')),
      ...[...this.files.keys(), ...this.binaries.keys()]
        .filter(p => parentOf(p) === folder)
        .map(p => entry(p, 'file'))
    ];
  }

  async save(
    path: string,
    options: Partial<Contents.IModel> = {}
  ): Promise<Contents.IModel> {
    await this._pause();
    this.log.push(`save ${path} (${options.type})`);
    this._failIfAsked(path);
    const parent = path.split('/').slice(0, -1).join('/');
    if (!this.folders.has(parent)) {
      throw new ResponseError({ status: 500 }, `No such folder: ${parent}`);
    }
    if (options.type === 'directory') {
      this.folders.add(path);
      return model(path, 'directory', null, null);
    }
    const content = String(options.content ?? '');
    if (options.format === 'base64') {
      this.files.delete(path);
      this.binaries.set(path, content);
    } else {
      this.binaries.delete(path);
      this.files.set(path, content);
    }
    return model(path, 'file', null, null);
  }

  private _failIfAsked(path: string): void {
    if (this.failing.has(path)) {
      throw new ResponseError({ status: 500 }, 'Internal Server Error');
    }
  }

  private _pause(): Promise<void> {
    const ms = Math.floor(this._random() * (this._maxDelay + 1));
    return new Promise(resolve => setTimeout(resolve, ms));
  }

  private _random: () => number;
  private _maxDelay: number;
}

function model(
  path: string,
  type: 'file' | 'directory',
  content: string | null,
  format: Contents.FileFormat
): Contents.IModel {
  return {
    name: path.split('/').pop() ?? path,
    path,
    type,
    writable: true,
    created: '2024-01-01T00:00:00Z',
    last_modified: '2024-01-01T00:00:00Z',
    mimetype: type === 'file' ? 'application/json' : '',
    content,
    format
  };
}
