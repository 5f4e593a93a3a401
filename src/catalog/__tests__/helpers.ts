/**
 * Test helpers: the fixture packs, and an in-memory stand-in for the Jupyter
 * Contents API that behaves like jupyter_server (404s, text or base64).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Contents } from '@jupyterlab/services';
import type { ContentsReader } from '../../contents';

/** The fixture packs folder. */
export const FIXTURES = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'tests',
  'fixtures',
  'packs'
);

/** A fixture pack's folder. */
export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** Reads every file under `dir` into a map keyed by '/'-separated relative path. */
export function readTree(dir: string, prefix = ''): Record<string, Uint8Array> {
  const files: Record<string, Uint8Array> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      Object.assign(files, readTree(path.join(dir, entry.name), relative));
    } else {
      files[relative] = new Uint8Array(
        fs.readFileSync(path.join(dir, entry.name))
      );
    }
  }
  return files;
}

/** An error shaped like `ServerConnection.ResponseError`. */
class FakeResponseError extends Error {
  constructor(
    readonly response: { status: number },
    message: string
  ) {
    super(message);
  }
}

/**
 * A Contents manager over an in-memory file tree: `get` answers like
 * jupyter_server (404 for missing paths; files as text when UTF-8, else base64,
 * unless a format is forced). Records every request.
 */
export class FakeContents implements ContentsReader {
  constructor(readonly files: Record<string, Uint8Array>) {}

  readonly requests: Array<{ path: string; options?: Contents.IFetchOptions }> =
    [];

  /** Paths whose requests fail with a server error (500). */
  readonly failing = new Set<string>();

  async get(
    requested: string,
    options?: Contents.IFetchOptions
  ): Promise<Contents.IModel> {
    this.requests.push({ path: requested, options });
    const at = requested.replace(/^\/+|\/+$/g, '');
    if (this.failing.has(at)) {
      throw new FakeResponseError({ status: 500 }, 'Internal Server Error');
    }
    const file = this.files[at];
    if (file) {
      return this.fileModel(at, file, options);
    }
    const children = this.children(at);
    if (children === null) {
      throw new FakeResponseError(
        { status: 404 },
        `No such file or directory: ${at}`
      );
    }
    return {
      ...model(at, 'directory'),
      content: options?.content
        ? children.map(([name, type]) => model(joinPath(at, name), type))
        : null,
      format: options?.content ? 'json' : null
    };
  }

  private fileModel(
    at: string,
    bytes: Uint8Array,
    options?: Contents.IFetchOptions
  ): Contents.IModel {
    const base = {
      ...model(at, at.endsWith('.ipynb') ? 'notebook' : 'file'),
      size: bytes.length
    };
    if (!options?.content) {
      return base;
    }
    let text: string | null = null;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      if (options.format === 'text') {
        throw new FakeResponseError(
          { status: 400 },
          `${at} is not UTF-8 encoded`
        );
      }
    }
    return text !== null
      ? { ...base, type: 'file', format: 'text', content: text }
      : {
          ...base,
          type: 'file',
          format: 'base64',
          content: Buffer.from(bytes).toString('base64')
        };
  }

  /** Names and types directly inside folder `at`, or null when no file is under it. */
  private children(at: string): Array<[string, 'file' | 'directory']> | null {
    const prefix = at === '' ? '' : `${at}/`;
    const found = new Map<string, 'file' | 'directory'>();
    for (const key of Object.keys(this.files)) {
      if (key.startsWith(prefix)) {
        const [name, ...rest] = key.slice(prefix.length).split('/');
        found.set(name, rest.length > 0 ? 'directory' : 'file');
      }
    }
    return found.size > 0 || at === '' ? [...found.entries()] : null;
  }
}

function joinPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

function model(at: string, type: string): Contents.IModel {
  return {
    name: at.split('/').pop() ?? at,
    path: at,
    type,
    writable: true,
    created: '2024-01-01T00:00:00Z',
    last_modified: '2024-01-01T00:00:00Z',
    mimetype: '',
    content: null,
    format: null
  };
}
