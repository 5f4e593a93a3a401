/**
 * `mltutor verify [PACK...]`: proves every exercise in real kernels. The
 * notebook with every checked cell replaced by its solution must pass every
 * check; each recorded right answer (that cell replaced by its code) must pass
 * every check of its cell; each recorded wrong answer must make the check it
 * names fail, with the diagnosis it names. One line per exercise with its
 * counts, a summary, then `N passed, M failed`; exit 1 on any mismatch.
 */
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { readPacksFromDisk } from '../catalog/fs-source';
import { allProblems } from '../catalog/loader';
import type { ILoadedExercise } from '../catalog/types';
import { CheckEngine } from '../checking';
import { silenceServicesLogging } from './jupyter-server';
import { IKernelService, KernelHost } from './kernel-host';
import {
  countOutcomes,
  exerciseProblems,
  formatCounts,
  IVerifyCounts,
  IVerifyOutcome,
  jobsOf,
  runJob,
  undiagnosedAnswers
} from '../checking/verification';
import { verifyForked } from '../checking/forked-answers';
import {
  IReferenceRun,
  recordableChecks,
  recordedProblems,
  runReferences
} from '../checking/recorded-references';
import { EXPECTED_FILE } from '../catalog/expected';
import { writeExpected } from './write-expected';
import { errorText } from '../errors';

const USAGE = `Usage: mltutor verify [PACK...] [--only EXERCISE]... [--jobs N] [--fresh-kernels] [--require-diagnoses] [--write-expected] [--json]

Runs every exercise of the packs in real kernels (a private kernel host on
a free local port): the reference solutions must pass every check, each
recorded right answer must pass every check of its cell, and each recorded
wrong answer must fail the check it names, with the diagnosis it names.

  PACK             a pack folder (holding pack.json) or a folder of packs; default: exercises
  --only EXERCISE  verify only this exercise (its id or folder, e.g. data/missing-data); repeatable
  --jobs N         kernels run in parallel (default 2)
  --cell-timeout S seconds a cell (or an answer) may run before it is interrupted (default 600)
  --fresh-kernels  run every answer in its own fresh kernel (slower; the default
                   judges each answer in a forked copy of one warm kernel per exercise)
  --require-diagnoses  fail a wrong answer that names no diagnosis (without it,
                   such answers are counted and listed as notes)
  --write-expected write each exercise's expected.json: what every non-hidden
                   value check's reference computes, run once before any cell
                   (references that take under 20 ms are not recorded)
                   (checks then skip the reference where key and environment
                   match). Without it, an exercise whose expected.json holds a
                   current entry with another value fails
  --json           print one JSON report instead of lines

Environment: MLTUTOR_PYTHON, the Python that runs the kernel host and kernels
(default /usr/bin/python3). Exit status: 0 when every exercise verifies,
1 on any mismatch, 2 on usage or infrastructure errors.
`;

interface IVerifyArgs {
  packs: string[];
  jobs: number;
  freshKernels: boolean;
  json: boolean;
  /** Ids or folders of the exercises to verify; empty: all. */
  only: string[];
  /** Budget of one cell run, ms. */
  cellTimeoutMs?: number;
  /** A wrong answer naming no diagnosis is a problem, not a note. */
  requireDiagnoses: boolean;
  /** Write each exercise's expected.json from what its references compute. */
  writeExpected: boolean;
}

function parseArgs(argv: string[]): IVerifyArgs | number {
  const args: IVerifyArgs = {
    packs: [],
    jobs: 2,
    freshKernels: false,
    json: false,
    only: [],
    requireDiagnoses: false,
    writeExpected: false
  };
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
    } else if (arg === '--only' && i + 1 < argv.length) {
      args.only.push(argv[++i]);
    } else if (arg === '--cell-timeout') {
      const seconds = Number(argv[++i]);
      if (!(seconds > 0)) {
        process.stderr.write(
          `mltutor verify: --cell-timeout needs a number of seconds\n`
        );
        return 2;
      }
      args.cellTimeoutMs = seconds * 1000;
    } else if (arg === '--require-diagnoses') {
      args.requireDiagnoses = true;
    } else if (arg === '--write-expected') {
      args.writeExpected = true;
    } else if (arg === '--fresh-kernels') {
      args.freshKernels = true;
    } else if (arg === '--json') {
      args.json = true;
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

/** One exercise in the report. */
interface IExerciseReport {
  pack: string;
  folder: string;
  id: string;
  ok: boolean;
  checks: number;
  counts: IVerifyCounts;
  /** Kernel time of its runs (summed over parallel runs). */
  seconds: number;
  problems: string[];
  /** Wrong answers naming no diagnosis, when they are not problems. */
  notes: string[];
}

function reportOf(
  exercise: ILoadedExercise,
  outcomes: ReadonlyArray<IVerifyOutcome>,
  requireDiagnoses: boolean,
  recorded: { problems: string[]; notes: string[] } = {
    problems: [],
    notes: []
  }
): IExerciseReport {
  const undiagnosed = undiagnosedAnswers(exercise);
  const problems = [
    ...exerciseProblems(outcomes),
    ...recorded.problems,
    ...(requireDiagnoses ? undiagnosed : [])
  ];
  return {
    pack: exercise.packId,
    folder: exercise.folder,
    id: exercise.spec.id,
    ok: problems.length === 0,
    checks: exercise.spec.cells.reduce(
      (sum, cell) => sum + cell.checks.length,
      0
    ),
    counts: countOutcomes(outcomes),
    seconds:
      Math.round(
        outcomes.reduce((sum, outcome) => sum + outcome.elapsedMs, 0) / 100
      ) / 10,
    problems,
    notes: [...recorded.notes, ...(requireDiagnoses ? [] : undiagnosed)]
  };
}

function printReport(report: IExerciseReport): void {
  const counts = formatCounts(report.counts);
  if (report.ok) {
    process.stdout.write(
      `ok   ${report.folder}  (${report.checks} checks; ${counts}; ${report.seconds.toFixed(1)} s)\n`
    );
    report.notes.forEach(note =>
      process.stdout.write(`       note: ${note}\n`)
    );
    return;
  }
  process.stdout.write(`FAIL ${report.folder}  ${report.problems[0]}\n`);
  for (const more of report.problems.slice(1)) {
    process.stdout.write(`       ${more}\n`);
  }
  process.stdout.write(`       (${counts})\n`);
  report.notes.forEach(note => process.stdout.write(`       note: ${note}\n`));
}

/** How the answers of the exercises were judged. */
interface IVerifyRun {
  outcomes: IVerifyOutcome[];
  /** Exercises judged in fresh kernels although forks were asked for (opt-out or no fork). */
  fresh: ILoadedExercise[];
  /** What each exercise's recordable references computed, run once from scratch. */
  references: Map<ILoadedExercise, IReferenceRun[]>;
}

/** The references of an exercise judged in fresh kernels, in a kernel of their own. */
async function referencesInOwnKernel(
  server: IKernelService,
  exercise: ILoadedExercise,
  dir: string
): Promise<IReferenceRun[]> {
  if (recordableChecks(exercise).length === 0) {
    return [];
  }
  const kernel = await server.startKernel(dir);
  try {
    await new CheckEngine().prepare(kernel);
    return await runReferences(kernel, exercise);
  } finally {
    await server.stopKernel(kernel);
  }
}

/**
 * Verifies `exercises` (already written under the server's root) the way
 * `args` says: every answer in a fresh kernel, or one kernel per exercise
 * with every answer in a fork, falling back to fresh kernels for an exercise
 * that opts out (`verify.fresh_kernels`) or where the kernel cannot fork.
 */
async function verifyAll(
  server: IKernelService,
  exercises: ReadonlyArray<ILoadedExercise>,
  dirOf: (exercise: ILoadedExercise) => string,
  args: IVerifyArgs
): Promise<IVerifyRun> {
  const engine = new CheckEngine();
  const references = new Map<ILoadedExercise, IReferenceRun[]>();
  const referencesOf = async (exercise: ILoadedExercise): Promise<void> => {
    if (!references.has(exercise)) {
      references.set(
        exercise,
        await referencesInOwnKernel(server, exercise, dirOf(exercise)).catch(
          () => []
        )
      );
    }
  };
  const inFreshKernels = (
    exercise: ILoadedExercise,
    lanes: number
  ): Promise<IVerifyOutcome[]> =>
    runPool(
      jobsOf(exercise, dirOf(exercise)).map(
        job => () => runJob(server, engine, job, undefined, args.cellTimeoutMs)
      ),
      lanes
    );
  if (args.freshKernels) {
    await runPool(
      exercises.map(exercise => () => referencesOf(exercise)),
      args.jobs
    );
    const perExercise = exercises.map(exercise =>
      jobsOf(exercise, dirOf(exercise))
    );
    const outcomes = await runPool(
      perExercise
        .flat()
        .map(
          job => () =>
            runJob(server, engine, job, undefined, args.cellTimeoutMs)
        ),
      args.jobs
    );
    return { outcomes, fresh: [...exercises], references };
  }
  const fresh: ILoadedExercise[] = [];
  const perExercise = await runPool(
    exercises.map(exercise => async () => {
      const forked = exercise.spec.verify?.fresh_kernels
        ? null
        : await verifyForked(server, exercise, dirOf(exercise), {
            cellTimeoutMs: args.cellTimeoutMs,
            onReferences: runs => references.set(exercise, runs)
          }).catch((error: unknown) => [
            failedOutcome(exercise, dirOf(exercise), error)
          ]);
      if (forked) {
        return forked;
      }
      fresh.push(exercise);
      await referencesOf(exercise);
      return inFreshKernels(exercise, 1);
    }),
    args.jobs
  );
  return { outcomes: perExercise.flat(), fresh, references };
}

/** The outcome of an exercise whose verification broke down (the kernel died, the server went away). */
function failedOutcome(
  exercise: ILoadedExercise,
  dir: string,
  error: unknown
): IVerifyOutcome {
  return {
    job: { exercise, dir, answer: null },
    problems: [`verification: ${errorText(error)}`],
    verified: false,
    elapsedMs: 0
  };
}

/** The command that refreshes an exercise's expected.json. */
function refreshCommand(exercise: ILoadedExercise, pack: string): string {
  const where = path.relative(process.cwd(), pack) || '.';
  return `mltutor verify --write-expected ${where} --only ${exercise.folder}`;
}

/**
 * Plain verify: a current entry (same key and environment) whose value is
 * not what the reference computes now fails the exercise; an entry for
 * another version of its reference is a note (it only costs time).
 */
function guardRecorded(
  exercise: ILoadedExercise,
  pack: string,
  runs: ReadonlyArray<IReferenceRun>
): { problems: string[]; notes: string[] } {
  const refresh = refreshCommand(exercise, pack);
  const recorded = exercise.spec.recordedExpected ?? {};
  const outdated = runs.filter(
    run =>
      run.recorded === 'stale' &&
      run.entry &&
      recorded[run.checkId]?.key !== run.entry.key
  );
  return {
    problems: recordedProblems(exercise, runs, refresh),
    notes:
      outdated.length > 0
        ? [
            `${EXPECTED_FILE}: ${outdated.map(run => `'${run.checkId}'`).join(', ')} recorded for another version of the reference or its files (the references run instead): refresh with \`${refresh}\``
          ]
        : []
  };
}

/** Runs `mltutor verify` and returns its exit code. */
export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'number') {
    return args;
  }
  const results = await readPacksFromDisk(args.packs);
  let failed = 0;
  const loadProblems: string[] = [];
  const exercises: ILoadedExercise[] = [];
  /** Each exercise's pack folder on disk. */
  const packOf = new Map<ILoadedExercise, string>();
  for (const result of results) {
    result.pack?.exercises.forEach(e => packOf.set(e, result.location));
    for (const problem of allProblems(result)) {
      failed++;
      loadProblems.push(
        `${result.location}: ${problem.file}: ${problem.path || '/'}: ${problem.message}`
      );
    }
    exercises.push(
      ...(result.pack?.exercises ?? []).filter(
        exercise =>
          args.only.length === 0 ||
          args.only.includes(exercise.spec.id) ||
          args.only.includes(exercise.folder)
      )
    );
  }
  const unknown = args.only.filter(
    name => !exercises.some(e => e.spec.id === name || e.folder === name)
  );
  if (unknown.length > 0) {
    process.stderr.write(
      `mltutor verify: no exercise '${unknown.join("', '")}' in ${args.packs.join(', ')}\n`
    );
    return 2;
  }
  if (!args.json) {
    loadProblems.forEach(problem => process.stdout.write(`FAIL ${problem}\n`));
  }
  silenceServicesLogging();
  const root = await fs.mkdtemp(path.join(tmpdir(), 'mltutor-verify-'));
  let server: KernelHost;
  try {
    server = await KernelHost.start(root);
  } catch (error) {
    process.stderr.write(`mltutor verify: ${errorText(error)}\n`);
    return 2;
  }
  const reports: IExerciseReport[] = [];
  let outcomes: IVerifyOutcome[] = [];
  let fresh: ILoadedExercise[] = [];
  const started = Date.now();
  try {
    const dirOf = (exercise: ILoadedExercise): string =>
      `${exercise.packId}/${exercise.folder}`;
    for (const exercise of exercises) {
      await writeExercise(
        exercise,
        path.join(root, ...dirOf(exercise).split('/'))
      );
    }
    const verified = await verifyAll(server, exercises, dirOf, args);
    outcomes = verified.outcomes;
    fresh = verified.fresh;
    for (const exercise of exercises) {
      const pack = packOf.get(exercise) ?? '.';
      const runs = verified.references.get(exercise) ?? [];
      const recorded = args.writeExpected
        ? await writeExpected(exercise, pack, runs)
        : guardRecorded(exercise, pack, runs);
      const report = reportOf(
        exercise,
        outcomes.filter(outcome => outcome.job.exercise === exercise),
        args.requireDiagnoses,
        recorded
      );
      reports.push(report);
      if (!args.json) {
        printReport(report);
      }
    }
  } finally {
    await server.stop();
    await fs.rm(root, { recursive: true, force: true });
  }
  const elapsed = Date.now() - started;
  const passed = reports.filter(report => report.ok).length;
  failed += reports.length - passed;
  const mode = args.freshKernels
    ? 'every answer in a fresh kernel'
    : fresh.length === 0
      ? 'answers in forks of one kernel per exercise'
      : `answers in forks of one kernel per exercise, ${fresh.length} exercise(s) in fresh kernels (${fresh.map(e => e.folder).join(', ')})`;
  const totals = countOutcomes(outcomes);
  if (args.json) {
    process.stdout.write(
      JSON.stringify(
        {
          passed,
          failed,
          counts: totals,
          mode,
          jobs: args.jobs,
          seconds: Math.round(elapsed / 100) / 10,
          problems: loadProblems,
          exercises: reports
        },
        null,
        2
      ) + '\n'
    );
  } else {
    process.stderr.write(
      `(verified in ${formatSeconds(elapsed)} with ${args.jobs} kernels at a time, ${mode})\n`
    );
    process.stdout.write(
      `summary: ${reports.length} exercises, ${formatCounts(totals)}\n`
    );
    process.stdout.write(`${passed} passed, ${failed} failed\n`);
  }
  return failed > 0 ? 1 : 0;
}
