/**
 * `mltutor verify [PACK...]`: proves every exercise in fresh real kernels.
 * The notebook with every checked cell replaced by its solution must pass
 * every check; each recorded wrong answer (that cell replaced by its code)
 * must make the check it names fail. One line per exercise, then `N passed,
 * M failed`; exit 1 on any mismatch.
 */
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { readPacksFromDisk } from '../catalog/fs-source';
import { allProblems } from '../catalog/loader';
import type { ILoadedExercise } from '../catalog/types';
import { CheckEngine } from '../checking';
import { JupyterServer, silenceServicesLogging } from './jupyter-server';
import {
  exerciseProblems,
  IVerifyJob,
  jobsOf,
  runJob
} from '../checking/verification';

const USAGE = `Usage: mltutor verify [PACK...] [--jobs N]

Runs every exercise of the packs in fresh kernels (a private Jupyter server
on a free local port): the reference solutions must pass every check, and
each recorded wrong answer must fail the check it names.

  PACK       a pack folder (holding pack.json) or a folder of packs; default: exercises
  --jobs N   kernels run in parallel (default 2)

Environment: MLTUTOR_PYTHON, the Python that runs the server and kernels
(default /usr/bin/python3). Exit status: 0 when every exercise verifies,
1 on any mismatch, 2 on usage or infrastructure errors.
`;

interface IVerifyArgs {
  packs: string[];
  jobs: number;
}

function parseArgs(argv: string[]): IVerifyArgs | number {
  const args: IVerifyArgs = { packs: [], jobs: 2 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else if (arg === '--jobs') {
      args.jobs = Number(argv[++i]);
      if (!Number.isInteger(args.jobs) || args.jobs < 1) {
        process.stderr.write(
          `mltutor verify: --jobs needs a positive integer\n`
        );
        return 2;
      }
    } else if (arg.startsWith('-')) {
      process.stderr.write(
        `mltutor verify: unknown option '${arg}'\n\n${USAGE}`
      );
      return 2;
    } else {
      args.packs.push(arg);
    }
  }
  if (args.packs.length === 0) {
    args.packs.push('exercises');
  }
  return args;
}

/** Writes an exercise's notebook and assets into `dir`. */
export async function writeExercise(
  exercise: ILoadedExercise,
  dir: string
): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(
    path.join(dir, path.basename(exercise.spec.notebook)),
    JSON.stringify(exercise.notebook)
  );
  for (const asset of exercise.assets ?? []) {
    const target = path.join(dir, ...asset.path.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(
      target,
      Buffer.from(asset.content, asset.format === 'base64' ? 'base64' : 'utf8')
    );
  }
}

/** Runs `jobs` on `workers` parallel lanes. */
async function runPool<T>(
  jobs: ReadonlyArray<() => Promise<T>>,
  workers: number
): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(workers, jobs.length) }, lane)
  );
  return results;
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Runs `mltutor verify` and returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'number') {
    return args;
  }
  const results = await readPacksFromDisk(args.packs);
  let failed = 0;
  const exercises: ILoadedExercise[] = [];
  for (const result of results) {
    for (const problem of allProblems(result)) {
      failed++;
      process.stdout.write(
        `FAIL ${result.location}: ${problem.file}: ${problem.path || '/'}: ${problem.message}\n`
      );
    }
    exercises.push(...(result.pack?.exercises ?? []));
  }
  silenceServicesLogging();
  const root = await fs.mkdtemp(path.join(tmpdir(), 'mltutor-verify-'));
  let server: JupyterServer;
  try {
    server = await JupyterServer.start(root);
  } catch (error) {
    process.stderr.write(
      `mltutor verify: ${error instanceof Error ? error.message : String(error)}\n`
    );
    return 2;
  }
  const engine = new CheckEngine();
  let passed = 0;
  try {
    const jobs: IVerifyJob[] = [];
    for (const exercise of exercises) {
      const dir = `${exercise.packId}/${exercise.folder}`;
      await writeExercise(exercise, path.join(root, ...dir.split('/')));
      jobs.push(...jobsOf(exercise, dir));
    }
    const started = Date.now();
    const outcomes = await runPool(
      jobs.map(job => () => runJob(server, engine, job)),
      args.jobs
    );
    for (const exercise of exercises) {
      const mine = outcomes.filter(
        outcome => outcome.job.exercise === exercise
      );
      const problems = exerciseProblems(mine);
      const checks = exercise.spec.cells.reduce(
        (sum, cell) => sum + cell.checks.length,
        0
      );
      const wrong = exercise.spec.cells.reduce(
        (sum, cell) => sum + cell.wrong_answers.length,
        0
      );
      const seconds = formatSeconds(
        mine.reduce((sum, outcome) => sum + outcome.elapsedMs, 0)
      );
      const name = `${exercise.folder}`;
      if (problems.length === 0) {
        passed++;
        process.stdout.write(
          `ok   ${name}  (${checks} checks, ${wrong} wrong answers, ${seconds})\n`
        );
      } else {
        failed++;
        process.stdout.write(`FAIL ${name}  ${problems[0]}\n`);
        for (const more of problems.slice(1)) {
          process.stdout.write(`       ${more}\n`);
        }
      }
    }
    process.stderr.write(
      `(verified in ${formatSeconds(Date.now() - started)} with ${args.jobs} kernels)\n`
    );
  } finally {
    await server.stop();
    await fs.rm(root, { recursive: true, force: true });
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
