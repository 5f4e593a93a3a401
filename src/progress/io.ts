/**
 * Reading the progress file through the Contents API, copying an unusable one
 * aside, and creating its folders. No state: the store decides what to do.
 */
import type { Contents } from '@jupyterlab/services';
import {
  ContentsReaderWriter,
  ensureFolder,
  isNotFound,
  pathExists
} from '../contents';
import { parseProgressFile } from './file';
import type { IProgressFile, IProgressProblem } from './types';
import { errorText } from '../errors';

/**
 * What reading the file gave: its progress (null when it is missing, or was
 * unusable and copied aside), or `failed` when it could not be read and so
 * must not be replaced.
 */
export type ProgressReadResult =
  | {
      failed: false;
      file: IProgressFile | null;
      missing: boolean;
      problem: IProgressProblem | null;
    }
  | { failed: true; problem: IProgressProblem };

/** Reads the progress file at `path`; `now` stamps the copy of an unusable one. */
export async function readProgress(
  contents: ContentsReaderWriter,
  path: string,
  now: Date
): Promise<ProgressReadResult> {
  let model: Contents.IModel;
  try {
    if (!(await pathExists(contents, path))) {
      return { failed: false, file: null, missing: true, problem: null };
    }
    model = await contents.get(path, { type: 'file', content: true });
  } catch (error) {
    if (isNotFound(error)) {
      return { failed: false, file: null, missing: true, problem: null };
    }
    return { failed: true, problem: problem('read-failed', path, null, error) };
  }
  const text = typeof model.content === 'string' ? model.content : '';
  const parsed =
    model.format === 'text'
      ? parseProgressFile(text)
      : ({ ok: false, kind: 'corrupt', detail: 'not UTF-8 text' } as const);
  if (parsed.ok) {
    return { failed: false, file: parsed.file, missing: false, problem: null };
  }
  const backupPath = corruptCopyPath(path, now);
  try {
    await contents.save(backupPath, {
      type: 'file',
      format: model.format === 'base64' ? 'base64' : 'text',
      content: text
    });
  } catch (error) {
    return { failed: true, problem: problem('read-failed', path, null, error) };
  }
  return {
    failed: false,
    file: null,
    missing: false,
    problem: problem(parsed.kind, path, backupPath, parsed.detail)
  };
}

/** `ml-exercises/progress.json` → `ml-exercises/progress.corrupt-<time>.json`. */
export function corruptCopyPath(path: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return path.replace(/(\.json)?$/, `.corrupt-${stamp}.json`);
}

/** Creates the missing folders above the file `path`, outermost first. */
export async function ensureFolders(
  contents: ContentsReaderWriter,
  path: string
): Promise<void> {
  await ensureFolder(contents, path.split('/').slice(0, -1).join('/'));
}

/** A problem with the file at `path`, from an error or a message. */
export function problem(
  kind: IProgressProblem['kind'],
  path: string,
  backupPath: string | null,
  error: unknown
): IProgressProblem {
  const detail = errorText(error);
  return { kind, path, backupPath, detail };
}

/** A path relative to the server root, without leading or trailing slashes. */
export function normalizePath(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
