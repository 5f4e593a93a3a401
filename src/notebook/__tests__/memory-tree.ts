/**
 * The part of the Contents API injection uses, over an in-memory file tree:
 * listings, 404s like the server's, saves that need their folder, renames,
 * deletes of empty folders, and saves that can be made to fail.
 */
import type { Contents } from '@jupyterlab/services';

export function parentOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

export class MemoryTree {
  files = new Map<string, Partial<Contents.IModel>>();
  /** Saves of the paths it accepts fail, as a refusing server's would. */
  failOn: (path: string) => boolean = () => false;

  async get(path: string): Promise<Partial<Contents.IModel>> {
    if (path === '' || this.files.get(path)?.type === 'directory') {
      const children = [...this.files.entries()]
        .filter(([p]) => parentOf(p) === path)
        .map(([p, f]) => ({
          name: p.slice(p.lastIndexOf('/') + 1),
          path: p,
          type: f.type
        }));
      return { path, type: 'directory', content: children };
    }
    const file = this.files.get(path);
    if (!file) {
      throw Object.assign(new Error(`404 ${path}`), {
        response: { status: 404 }
      });
    }
    return file;
  }

  async save(
    path: string,
    options: Partial<Contents.IModel>
  ): Promise<Partial<Contents.IModel>> {
    if (this.failOn(path)) {
      throw new Error(`the server refused ${path}`);
    }
    const parent = parentOf(path);
    if (parent && this.files.get(parent)?.type !== 'directory') {
      throw new Error(`no folder ${parent}`);
    }
    this.files.set(path, { ...options, path });
    return this.files.get(path)!;
  }

  async rename(from: string, to: string): Promise<Partial<Contents.IModel>> {
    if (this.files.has(to)) {
      throw new Error(`${to} exists`);
    }
    const file = await this.get(from);
    this.files.delete(from);
    this.files.set(to, { ...file, path: to });
    return this.files.get(to)!;
  }

  async delete(path: string): Promise<void> {
    if ([...this.files.keys()].some(p => parentOf(p) === path)) {
      throw new Error(`${path} is not empty`);
    }
    this.files.delete(path);
  }
}
