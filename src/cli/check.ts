/**
 * `mltutor check NOTEBOOK [--json] [--pack DIR]...`: runs a learner's notebook
 * top to bottom in a fresh kernel (in a temporary copy of its folder) and
 * reports every check's verdict. The exercise comes from the notebook's
 * `metadata.mltutor` (`{pack, exercise, version}`), looked up in the bundled
 * `exercises/` and the packs given.
 */
import { existsSync, promises as fs } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { NOTEBOOK_METADATA_KEY } from '../catalog/format';
import { readPacksFromDisk } from '../catalog/fs-source';
import type { ILoadedExercise } from '../catalog/types';
import {
  CheckEngine,
  INotebookRun,
  runNotebook,
  VerdictStatus
} from '../checking';
import { JupyterServer, silenceServicesLogging } from './jupyter-server';
import { writeExercise } from './verify';

const USAGE = `Usage: mltutor check NOTEBOOK [--json] [--pack DIR]...

Runs a learner's notebook top to bottom in a fresh kernel and reports the
verdict of every check of its exercise (found through the notebook's
metadata.mltutor, in the bundled exercises and the packs given).

  --json       print the report as JSON
  --pack DIR   also look for the exercise in this pack (or folder of packs)

Exit status: 0 when every check passes, 1 when any does not, 2 on usage or
infrastructure errors (no exercise found, no server, the kernel died).
`;

interface ICheckArgs {
  notebook: string;
  json: boolean;
  packs: string[];
}

function parseArgs(argv: string[]): ICheckArgs | number {
  const args: ICheckArgs = { notebook: '', json: false, packs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (arg === '--json') {
      args.json = true;
    } else if (arg === '--pack' && argv[i + 1]) {
      args.packs.push(argv[++i]);
    } else if (arg.startsWith('-') || args.notebook) {
      process.stderr.write(
        `mltutor check: unexpected argument '${arg}'\n\n${USAGE}`
      );
      return 2;
    } else {
      args.notebook = arg;
    }
  }
  if (!args.notebook) {
    process.stderr.write(USAGE);
    return 2;
  }
  return args;
}

interface IExerciseRef {
  pack?: string;
  exercise: string;
  version?: string;
}

function exerciseRef(notebook: INotebookContent): IExerciseRef | null {
  const meta = notebook.metadata?.[NOTEBOOK_METADATA_KEY] as
    Record<string, unknown> | undefined;
  if (!meta || typeof meta.exercise !== 'string') {
    return null;
  }
  return {
    exercise: meta.exercise,
    pack: typeof meta.pack === 'string' ? meta.pack : undefined,
    version: typeof meta.version === 'string' ? meta.version : undefined
  };
}

/** The packs shipped with the package: `exercises/` next to `lib/`. */
function bundledPacks(): string[] {
  const dir = path.resolve(__dirname, '..', 'exercises');
  return existsSync(path.join(dir, 'pack.json')) ? [dir] : [];
}

async function findExercise(
  ref: IExerciseRef,
  packs: string[]
): Promise<ILoadedExercise | null> {
  for (const result of await readPacksFromDisk([...packs, ...bundledPacks()])) {
    const found = result.pack?.exercises.find(
      exercise =>
        exercise.spec.id === ref.exercise &&
        (!ref.pack || exercise.packId === ref.pack)
    );
    if (found) {
      return found;
    }
  }
  return null;
}

/** Copies the notebook's folder (without hidden folders) to a fresh temporary folder. */
async function copyFolder(notebookPath: string): Promise<string> {
  const root = await fs.mkdtemp(path.join(tmpdir(), 'mltutor-check-'));
  const source = path.dirname(path.resolve(notebookPath));
  await fs.cp(source, path.join(root, 'work'), {
    recursive: true,
    filter: file => !path.basename(file).startsWith('.') || file === source
  });
  return root;
}

/** Exit code: kernel trouble is infrastructure (2), any other non-pass is 1. */
function exitCode(run: INotebookRun): number {
  const statuses: VerdictStatus[] = run.checked.flatMap(item =>
    item.verdict.criteria.map(c => c.status)
  );
  if (
    run.problems.some(problem =>
      problem.message.includes('kernel went away')
    ) ||
    statuses.some(s => s.startsWith('kernel-') && s !== 'kernel-busy')
  ) {
    return 2;
  }
  return run.missing.length > 0 || statuses.some(status => status !== 'pass')
    ? 1
    : 0;
}

function report(
  run: INotebookRun,
  exercise: ILoadedExercise,
  json: boolean,
  notebook: string
): void {
  if (json) {
    const cells = run.checked.map(item => ({
      cell: item.cell.cell,
      index: item.index,
      ...item.verdict
    }));
    const missing = run.missing.map(item => ({
      cell: item.cell.cell,
      message: item.message
    }));
    const body = {
      notebook,
      pack: exercise.packId,
      exercise: exercise.spec.id,
      cells,
      missing,
      problems: run.problems
    };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${notebook}: ${exercise.packId}/${exercise.spec.id}\n`);
  for (const problem of run.problems) {
    process.stdout.write(`  note: ${problem.message}\n`);
  }
  for (const item of run.missing) {
    process.stdout.write(
      `  missing cell '${item.cell.cell}': ${item.message}\n`
    );
  }
  let total = 0;
  let passed = 0;
  for (const item of run.checked) {
    process.stdout.write(
      `cell '${item.cell.cell}' (cell ${item.index}): ${item.verdict.status}\n`
    );
    for (const criterion of item.verdict.criteria) {
      total++;
      passed += criterion.status === 'pass' ? 1 : 0;
      const message = criterion.message
        ? `\n      ${criterion.message.replace(/\n/g, '\n      ')}`
        : '';
      process.stdout.write(
        `  ${criterion.status.padEnd(5)} ${criterion.checkId}: ${criterion.description}${message}\n`
      );
    }
  }
  process.stdout.write(`${passed} of ${total} checks pass\n`);
}

/** Runs `mltutor check` and returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'number') {
    return args;
  }
  let notebook: INotebookContent;
  try {
    notebook = JSON.parse(
      await fs.readFile(args.notebook, 'utf8')
    ) as INotebookContent;
  } catch (error) {
    process.stderr.write(
      `mltutor check: cannot read ${args.notebook}: ${String(error)}\n`
    );
    return 2;
  }
  const ref = exerciseRef(notebook);
  if (!ref) {
    process.stderr.write(
      `mltutor check: ${args.notebook} has no metadata.${NOTEBOOK_METADATA_KEY}.exercise: not an mltutor notebook\n`
    );
    return 2;
  }
  const exercise = await findExercise(ref, args.packs);
  if (!exercise) {
    process.stderr.write(
      `mltutor check: exercise '${ref.pack ?? '*'}/${ref.exercise}' not found (use --pack DIR)\n`
    );
    return 2;
  }
  if (
    ref.version &&
    exercise.spec.version &&
    ref.version !== exercise.spec.version
  ) {
    process.stderr.write(
      `mltutor check: the notebook is for version ${ref.version} of the exercise; checking with version ${exercise.spec.version}\n`
    );
  }
  silenceServicesLogging();
  const root = await copyFolder(args.notebook);
  let server: JupyterServer | null = null;
  try {
    await writeMissingAssets(exercise, path.join(root, 'work'));
    server = await JupyterServer.start(root);
    const kernel = await server.startKernel('work');
    const engine = new CheckEngine();
    await engine.prepare(kernel);
    const result = await runNotebook({
      kernel,
      engine,
      exercise: exercise.spec,
      notebook
    });
    report(result, exercise, args.json, args.notebook);
    return exitCode(result);
  } catch (error) {
    process.stderr.write(
      `mltutor check: ${error instanceof Error ? error.message : String(error)}\n`
    );
    return 2;
  } finally {
    await server?.stop();
    await fs.rm(root, { recursive: true, force: true });
  }
}

/** The exercise's assets the learner's folder lacks (the notebook itself is not rewritten). */
async function writeMissingAssets(
  exercise: ILoadedExercise,
  dir: string
): Promise<void> {
  const missing = (exercise.assets ?? []).filter(
    asset => !existsSync(path.join(dir, ...asset.path.split('/')))
  );
  await writeExercise(
    { ...exercise, assets: missing },
    path.join(dir, '.mltutor-assets')
  );
  for (const asset of missing) {
    const from = path.join(dir, '.mltutor-assets', ...asset.path.split('/'));
    const to = path.join(dir, ...asset.path.split('/'));
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.rename(from, to);
  }
  await fs.rm(path.join(dir, '.mltutor-assets'), {
    recursive: true,
    force: true
  });
}
