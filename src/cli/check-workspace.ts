/**
 * The temporary folder `mltutor check` runs a notebook in: only what the
 * exercise needs, never the notebook's whole folder (which may hold
 * gigabytes of unrelated data). It holds the notebook, the exercise's assets
 * (the learner's copy when they have one, else the pack's), and the files and
 * folders next to the notebook that its code names in string literals.
 */
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { resolveAsset } from '../catalog/paths';
import type { ILoadedExercise } from '../catalog/types';

/** The folder made for one check run. */
export interface ICheckWorkspace {
  /** The temporary root (the server's root): remove it when done. */
  root: string;
  /** The kernel's working directory, relative to `root`. */
  dir: string;
}

/** Name of the working folder inside the root. */
const WORK = 'work';

/**
 * Makes the workspace's folders, empty: the kernel may start in them while
 * the exercise is looked up; `fillWorkspace` adds the files before any cell runs.
 */
export async function makeWorkspaceFolders(): Promise<ICheckWorkspace> {
  const root = await fs.mkdtemp(path.join(tmpdir(), 'mltutor-check-'));
  try {
    await fs.mkdir(path.join(root, WORK));
  } catch (error) {
    await fs.rm(root, { recursive: true, force: true });
    throw error;
  }
  return { root, dir: WORK };
}

/**
 * Makes the workspace for `notebookPath`. Every path written is confined to
 * the working folder: an asset path that would leave it is refused.
 */
export async function makeWorkspace(
  notebookPath: string,
  notebook: INotebookContent,
  exercise: ILoadedExercise
): Promise<ICheckWorkspace> {
  const workspace = await makeWorkspaceFolders();
  try {
    await fillWorkspace(workspace, notebookPath, notebook, exercise);
  } catch (error) {
    await fs.rm(workspace.root, { recursive: true, force: true });
    throw error;
  }
  return workspace;
}

/**
 * Copies into the workspace the notebook, the exercise's assets and the
 * files the notebook names; every path is confined to the working folder.
 */
export async function fillWorkspace(
  workspace: ICheckWorkspace,
  notebookPath: string,
  notebook: INotebookContent,
  exercise: ILoadedExercise
): Promise<void> {
  const work = path.join(workspace.root, workspace.dir);
  const source = path.dirname(path.resolve(notebookPath));
  await fs.copyFile(
    path.resolve(notebookPath),
    path.join(work, path.basename(notebookPath))
  );
  const assets = new Set<string>();
  for (const asset of exercise.assets ?? []) {
    const target = confined(work, asset.path);
    assets.add(asset.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const learners = confined(source, asset.path);
    if (await isFile(learners)) {
      await fs.copyFile(learners, target); // the learner's copy, as their notebook reads it
    } else {
      await fs.writeFile(
        target,
        Buffer.from(
          asset.content,
          asset.format === 'base64' ? 'base64' : 'utf8'
        )
      );
    }
  }
  for (const name of namedFiles(notebook)) {
    if (assets.has(name)) {
      continue;
    }
    const from = confined(source, name);
    const to = confined(work, name);
    const stat = await fs.stat(from).catch(() => null);
    if (!stat || (!stat.isFile() && !stat.isDirectory())) {
      continue;
    }
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.cp(from, to, { recursive: true, errorOnExist: false });
  }
}

/**
 * Relative paths the notebook's code names in string literals (`'data.csv'`,
 * `"images/"`): what it may read. Paths that climb out of its folder or are
 * absolute are not copied.
 */
export function namedFiles(notebook: INotebookContent): string[] {
  const names = new Set<string>();
  for (const cell of notebook.cells) {
    if (cell.cell_type !== 'code') {
      continue;
    }
    const code = Array.isArray(cell.source)
      ? cell.source.join('')
      : cell.source;
    for (const match of code.matchAll(/(['"])([^'"\n\\]{1,255})\1/g)) {
      const resolved = resolveAsset(match[2].trim());
      if (resolved.ok && !resolved.path.startsWith('.')) {
        names.add(resolved.path);
      }
    }
  }
  return [...names];
}

/** `relative` inside `folder`; throws when it would leave it. */
export function confined(folder: string, relative: string): string {
  const resolved = resolveAsset(relative);
  if (!resolved.ok) {
    throw new Error(resolved.message);
  }
  const target = path.join(folder, ...resolved.path.split('/'));
  const back = path.relative(folder, target);
  if (back.startsWith('..') || path.isAbsolute(back)) {
    throw new Error(`'${relative}' leads outside ${folder}`);
  }
  return target;
}

async function isFile(file: string): Promise<boolean> {
  const stat = await fs.stat(file).catch(() => null);
  return stat?.isFile() ?? false;
}

/** Handlers that clean up when the process is told to stop. */
export interface ISignalGuard {
  /** Removes the handlers once the run is over. */
  release(): void;
  /** The stop a signal started (clean up, then exit with its code), or null. */
  stopping(): Promise<void> | null;
}

/**
 * Runs `cleanup` when the process is told to stop (Ctrl-C, `kill`), then
 * exits with the signal's conventional code (130, 143). The run's own end
 * must wait for `stopping()` so that it does not exit first with its own code.
 */
export function removeOnSignals(cleanup: () => Promise<void>): ISignalGuard {
  let stopping: Promise<void> | null = null;
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143]
  ] as const) {
    const handler = (): void => {
      stopping ??= cleanup().finally(() => process.exit(code));
    };
    handlers.set(signal, handler);
    process.once(signal, handler);
  }
  return {
    release: () => {
      for (const [signal, handler] of handlers) {
        process.removeListener(signal, handler);
      }
    },
    stopping: () => stopping
  };
}
