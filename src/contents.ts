/**
 * Small helpers over the Jupyter Contents API shared by injection and
 * progress: whether a path exists, and creating folders.
 *
 * Existence is learnt by listing parent folders from the root down rather than
 * by asking for the path itself, so a missing file costs no 404 (which browsers
 * log as an error on the learner's console).
 */
import type { Contents } from '@jupyterlab/services';

/** The part of the Contents API that reads (pack sources). */
export type ContentsReader = Pick<Contents.IManager, 'get'>;

/** The part of the Contents API that reads and writes (injection, progress, these helpers). */
export type ContentsReaderWriter = Pick<Contents.IManager, 'get' | 'save'>;

/** Whether an error from the Contents API is a 404. */
export function isNotFound(error: unknown): boolean {
  const response = (error as { response?: { status?: unknown } } | null)
    ?.response;
  return response?.status === 404;
}

/** Names in `folder`, or null when the folder does not exist. */
export async function folderNames(
  contents: ContentsReaderWriter,
  folder: string
): Promise<Set<string> | null> {
  let listing: Contents.IModel;
  try {
    listing = await contents.get(folder, { type: 'directory', content: true });
  } catch (error) {
    if (isNotFound(error)) {
      return null;
    }
    throw error;
  }
  const entries = Array.isArray(listing.content)
    ? (listing.content as Contents.IModel[])
    : [];
  return new Set(entries.map(entry => entry.name));
}

/** Whether `path` (relative to the server root) exists: one listing per level. */
export async function pathExists(
  contents: ContentsReaderWriter,
  path: string
): Promise<boolean> {
  let folder = '';
  for (const part of path.split('/').filter(Boolean)) {
    const names = await folderNames(contents, folder);
    if (!names?.has(part)) {
      return false;
    }
    folder = folder ? `${folder}/${part}` : part;
  }
  return true;
}

/**
 * Creates `folder` and the folders above it that are missing, outermost
 * first, in one walk: below the first missing level nothing is listed.
 * The folders it creates are appended to `created` (to undo a failed Open).
 */
export async function ensureFolder(
  contents: ContentsReaderWriter,
  folder: string,
  created?: string[]
): Promise<void> {
  let current = '';
  let exists = true;
  for (const part of folder.split('/').filter(Boolean)) {
    const next = current ? `${current}/${part}` : part;
    exists = exists && !!(await folderNames(contents, current))?.has(part);
    if (!exists) {
      // Saving a directory model is how jupyter_server creates a folder (PUT).
      await contents.save(next, { type: 'directory' });
      created?.push(next);
    }
    current = next;
  }
}
