/**
 * Packs in the Jupyter file tree, read through the Contents API: instructors'
 * shared folders listed in the settings.
 *
 * The Contents API returns text, not bytes. Files are fetched without a
 * `format`, so the server answers with `text` when the file is valid UTF-8
 * and falls back to `base64` otherwise; base64 content is decoded to bytes
 * here and the loader's strict UTF-8 decoding then reports "not valid UTF-8"
 * exactly as on disk. A server that decodes leniently (replacing bad bytes)
 * would hide that problem; jupyter_server does not.
 */
import type { Contents } from '@jupyterlab/services';
import type { ContentsReader } from '../contents';
import { isExerciseFile, stripHiddenChecksFromText } from '../grading/hidden';
import { base64ToBytes, type FileContent } from './decode';
import { joinPath } from './paths';
import type { IDirEntry, IFileStat, IPackSource } from './source';

/** A folder of the Jupyter file tree. */
export class ContentsSource implements IPackSource {
  /**
   * @param contents - the app's contents manager (`app.serviceManager.contents`)
   * @param location - the folder's path in the file tree, e.g. `shared/packs/week1`
   */
  constructor(
    private readonly contents: ContentsReader,
    location: string
  ) {
    this.location = location.replace(/^\/+|\/+$/g, '');
  }

  readonly location: string;

  async stat(path: string): Promise<IFileStat | null> {
    const model = await this.fetch(path, { content: false });
    if (!model) {
      return null;
    }
    if (model.type === 'directory') {
      return { type: 'directory', size: null };
    }
    return {
      type: 'file',
      size: typeof model.size === 'number' ? model.size : null
    };
  }

  async list(path: string): Promise<IDirEntry[] | null> {
    const model = await this.fetch(path, { type: 'directory', content: true });
    if (!model || model.type !== 'directory' || !Array.isArray(model.content)) {
      return null;
    }
    return (model.content as Contents.IModel[]).map(entry => ({
      name: entry.name,
      type: entry.type === 'directory' ? 'directory' : 'file'
    }));
  }

  async read(path: string): Promise<FileContent> {
    // `type: 'file'` also for notebooks: the raw JSON text, validated by the loader
    // rather than parsed and normalised by the server.
    const model = await this.fetch(path, { type: 'file', content: true });
    if (!model) {
      throw new Error(`no such file: ${this.resolve(path)}`);
    }
    if (typeof model.content !== 'string') {
      throw new Error(`the server sent no text for ${this.resolve(path)}`);
    }
    if (model.format === 'base64') {
      return base64ToBytes(model.content);
    }
    // Hidden checks are graded only: they never stay in the browser's memory.
    return isExerciseFile(path)
      ? stripHiddenChecksFromText(model.content)
      : model.content;
  }

  child(name: string): IPackSource {
    return new ContentsSource(this.contents, joinPath(this.location, name));
  }

  private resolve(path: string): string {
    return joinPath(this.location, path);
  }

  /** The model at `path`, or null when the server says it does not exist. */
  private async fetch(
    path: string,
    options: Contents.IFetchOptions
  ): Promise<Contents.IModel | null> {
    try {
      return await this.contents.get(this.resolve(path), options);
    } catch (error) {
      if (isNotFound(error)) {
        return null;
      }
      throw error;
    }
  }
}

/** True for a `ServerConnection.ResponseError` with status 404. */
function isNotFound(error: unknown): boolean {
  const response = (error as { response?: { status?: unknown } } | null)
    ?.response;
  return response?.status === 404;
}
