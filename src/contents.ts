/**
 * Small helpers over the Jupyter Contents API shared by injection and
 * progress: whether a path exists, and creating folders.
 *
 * Existence is learnt by listing parent folders from the root down rather than
 * by asking for the path itself, so a missing file costs no 404 (which browsers
 * log as an error on the learner's console).
 */
import type { Contents } from '@jupyterlab/services';

/** The part of the Contents API these helpers use. */
export type ContentsReaderWriter = Pick<Contents.IManager, 'get' | 'save'>;

/** Whether an error from the Contents API is a 404. */
export function isNotFound(error: unknown): boolean {
  const response = (error as { response?: { status?: unknown } } | null)
    ?.response;
  return response?.status === 404;
}

/** Whether `path` (relative to the server root) exists. */
export async function pathExists(
  contents: ContentsReaderWriter,
  path: string
): Promise<boolean> {
  const parts = path.split('/').filter(Boolean);
  let folder = '';
  for (const part of parts) {
    let listing: Contents.IModel;
    try {
      listing = await contents.get(folder, {
        type: 'directory',
        content: true
      });
    } catch (error) {
      if (isNotFound(error)) {
        return false;
      }
      throw error;
    }
    const entries = Array.isArray(listing.content)
      ? (listing.content as Contents.IModel[])
      : [];
    const entry = entries.find(candidate => candidate.name === part);
    if (!entry) {
      return false;
    }
    folder = folder ? `${folder}/${part}` : part;
    if (entry.type !== 'directory' && folder !== parts.join('/')) {
      return false;
    }
  }
  return true;
}

/** Creates `folder` and the folders above it that are missing, outermost first. */
export async function ensureFolder(
  contents: ContentsReaderWriter,
  folder: string
): Promise<void> {
  let current = '';
  for (const part of folder.split('/').filter(Boolean)) {
    current = current ? `${current}/${part}` : part;
    if (!(await pathExists(contents, current))) {
      // Saving a directory model is how jupyter_server creates a folder (PUT).
      await contents.save(current, { type: 'directory' });
    }
  }
}
