/**
 * `mltutor check NOTEBOOK [--json] [--pack DIR]... [--time-limit SECONDS]`:
 * runs a learner's notebook top to bottom in a fresh kernel and reports
 * every check's verdict. The exercise comes from the notebook's
 * `metadata.mltutor` (`{pack, exercise, version}`), looked up in the bundled
 * `exercises/` and the packs given.
 *
 * The run happens in a temporary folder holding only what the exercise
 * needs (see `check-workspace.ts`), removed at the end, on errors and on
 * SIGINT/SIGTERM. The kernel runs on a kernel host, not a whole Jupyter
 * server (see `kernel-host.ts`), and starts in that folder, still empty,
 * while the exercise is looked up.
 */
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { NOTEBOOK_METADATA_KEY } from '../catalog/format';
import { readPacksFromDisk } from '../catalog/fs-source';
import { allProblems } from '../catalog/loader';
import type { ILoadedExercise, IPackLoadResult } from '../catalog/types';
import { PACK_FILE } from '../catalog/validate';
import {
  CheckEngine,
  DEFAULT_NOTEBOOK_LIMIT_MS,
  ILimitedRun,
  runNotebookWithin,
  VerdictStatus
} from '../checking';
import { engineWithReferenceFiles } from '../checking/reference-files';
import {
  fillWorkspace,
  ICheckWorkspace,
  makeWorkspaceFolders,
  removeOnSignals
} from './check-workspace';
import { silenceServicesLogging } from './jupyter-server';
import { KernelHost } from './kernel-host';
import { withoutHiddenChecks } from '../grading/hidden';
import { isNbgraderNotebook } from '../nbgrader/direct';
import { nbgraderExercise } from '../grading/exercises';
import { errorText } from '../errors';

const USAGE = `Usage: mltutor check NOTEBOOK [--json] [--pack DIR]... [--time-limit SECONDS]

Runs a learner's notebook top to bottom in a fresh kernel and reports the
verdict of every check of its exercise (found through the notebook's
metadata.mltutor, in the bundled exercises and the packs given).

  --json                print the report as JSON
  --pack DIR            also look for the exercise in this pack (or folder of
                        packs); a pack reusing the bundled pack's id is refused
  --time-limit SECONDS  stop the kernel when the whole notebook runs longer
                        (default ${DEFAULT_NOTEBOOK_LIMIT_MS / 1000})

Exit status: 0 when every check passes, 1 when any does not, 2 on usage or
infrastructure errors (no exercise found, no server, the kernel died).
`;

interface ICheckArgs {
  notebook: string;
  json: boolean;
  packs: string[];
  limitMs: number;
}

function parseArgs(argv: string[]): ICheckArgs | number {
  const args: ICheckArgs = {
    notebook: '',
    json: false,
    packs: [],
    limitMs: DEFAULT_NOTEBOOK_LIMIT_MS
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (arg === '--json') {
      args.json = true;
    } else if (arg === '--pack' && argv[i + 1]) {
      args.packs.push(argv[++i]);
    } else if (arg === '--time-limit') {
      const seconds = Number(argv[++i]);
      if (!(seconds > 0)) {
        process.stderr.write(
          `mltutor check: --time-limit needs a number of seconds\n`
        );
        return 2;
      }
      args.limitMs = seconds * 1000;
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

/** The exercise, or why it cannot be used. */
type ExerciseLookup =
  { exercise: ILoadedExercise } | { exercise: null; message: string };

/**
 * Looks the exercise up in the bundled packs first, then in the packs
 * given: as in the lab, a pack that reuses the id of one loaded before it
 * (the bundled pack's, say) is refused rather than allowed to shadow it.
 */
async function findExercise(
  ref: IExerciseRef,
  packs: string[]
): Promise<ExerciseLookup> {
  const bundled = bundledPacks();
  const results = await readPacksFromDisk([...bundled, ...packs]);
  const given = results.filter(
    result => !bundled.some(dir => result.location.startsWith(dir))
  );
  const refused = given.filter(isRefusedForItsId);
  if (refused.length > 0) {
    return {
      exercise: null,
      message: refused
        .map(
          result =>
            `--pack ${result.location} refused: ${allProblems(result)
              .map(problem => problem.message)
              .join('; ')}`
        )
        .join('\n')
    };
  }
  for (const result of given) {
    for (const problem of allProblems(result)) {
      process.stderr.write(
        `mltutor check: note: ${result.location}: ${problem.file}: ${problem.path || '/'}: ${problem.message}\n`
      );
    }
  }
  for (const result of results) {
    const found = result.pack?.exercises.find(
      exercise =>
        exercise.spec.id === ref.exercise &&
        (!ref.pack || exercise.packId === ref.pack)
    );
    if (found) {
      return { exercise: found };
    }
  }
  return {
    exercise: null,
    message: `exercise '${ref.pack ?? '*'}/${ref.exercise}' not found (use --pack DIR)`
  };
}

/** A pack dropped because an earlier pack holds its id. */
function isRefusedForItsId(result: IPackLoadResult): boolean {
  return (
    result.pack === null &&
    result.problems.some(
      problem => problem.file === PACK_FILE && problem.path === '/id'
    )
  );
}

/**
 * Exit code: kernel trouble (the kernel died, restarted, ignored an
 * interrupt, or the time limit stopped it) is infrastructure (2); any other
 * non-pass is 1.
 */
function exitCode(run: ILimitedRun): number {
  const statuses: VerdictStatus[] = run.checked.flatMap(item =>
    item.verdict.criteria.map(c => c.status)
  );
  if (
    run.problems.some(
      problem => problem.kind === 'kernel-gone' || problem.kind === 'time-limit'
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
  run: ILimitedRun,
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
      problems: run.problems,
      timedOut: run.timedOut
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
      const points = item.cell.checks.find(
        c => c.id === criterion.checkId
      )?.points;
      const worth =
        points === undefined
          ? ''
          : ` (${points} point${points === 1 ? '' : 's'})`;
      process.stdout.write(
        `  ${criterion.status.padEnd(5)} ${criterion.checkId}${worth}: ${criterion.description}${message}\n`
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
  if (!ref && !isNbgraderNotebook(notebook)) {
    process.stderr.write(
      `mltutor check: ${args.notebook} has no metadata.${NOTEBOOK_METADATA_KEY}.exercise: not an mltutor notebook\n`
    );
    return 2;
  }
  silenceServicesLogging();
  // The kernel boots while the packs are read and the folder is filled.
  const workspace = await makeWorkspaceFolders();
  const starting = KernelHost.start(workspace.root, {
    prestart: [workspace.dir]
  });
  starting.catch(() => undefined); // reported where it is awaited
  const cleanup = async (): Promise<void> => {
    const host = await starting.catch(() => null);
    await host?.stop().catch(() => undefined);
    await fs.rm(workspace.root, { recursive: true, force: true });
  };
  const guard = removeOnSignals(cleanup);
  try {
    const target = ref
      ? await referencedExercise(args, ref, notebook)
      : await nbgraderExercise(args.notebook, notebook, args.packs);
    if (typeof target === 'string') {
      process.stderr.write(`mltutor check: ${target}\n`);
      return 2;
    }
    return await checkWith(args, target, workspace, starting);
  } catch (error) {
    process.stderr.write(`mltutor check: ${errorText(error)}\n`);
    return 2;
  } finally {
    // Killed meanwhile: the signal's cleanup exits with its code (130/143), not this run's.
    await guard.stopping();
    guard.release();
    await cleanup();
  }
}

/** The notebook and the exercise its metadata names, or why there is none. */
async function referencedExercise(
  args: ICheckArgs,
  ref: IExerciseRef,
  notebook: INotebookContent
): Promise<ICheckTarget | string> {
  const found = await findExercise(ref, args.packs);
  if (!found.exercise) {
    return found.message;
  }
  const exercise = found.exercise;
  if (
    ref.version &&
    exercise.spec.version &&
    ref.version !== exercise.spec.version
  ) {
    process.stderr.write(
      `mltutor check: the notebook is for version ${ref.version} of the exercise; checking with version ${exercise.spec.version}\n`
    );
  }
  return { notebook, exercise };
}

/** What is checked: the notebook as run, and its exercise. */
interface ICheckTarget {
  notebook: INotebookContent;
  exercise: ILoadedExercise;
}

/** Checks the notebook against its exercise (hidden checks left to `mltutor grade`). */
async function checkWith(
  args: ICheckArgs,
  target: ICheckTarget,
  workspace: ICheckWorkspace,
  starting: Promise<KernelHost>
): Promise<number> {
  const { notebook } = target;
  const visible = withoutHiddenChecks(target.exercise.spec);
  const exercise = { ...target.exercise, spec: visible.spec };
  await fillWorkspace(workspace, args.notebook, notebook, exercise);
  const host = await starting;
  const kernel = await host.startKernel(workspace.dir);
  const engine = new CheckEngine();
  await engine.prepare(kernel);
  const result = await runNotebookWithin({
    kernel,
    engine: engineWithReferenceFiles(engine, exercise.assets),
    exercise: exercise.spec,
    notebook,
    limitMs: args.limitMs,
    killKernel: () => host.stopKernel(kernel)
  });
  report(result, exercise, args.json, args.notebook);
  if (visible.hidden > 0 && !args.json) {
    process.stdout.write(
      `${visible.hidden} more check(s) run when your work is graded (mltutor grade)\n`
    );
  }
  return exitCode(result);
}
