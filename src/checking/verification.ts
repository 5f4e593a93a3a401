/**
 * Verification of an exercise, as `mltutor verify` does it: the runs to make
 * (the solution, then each wrong answer), each in a fresh kernel, and what
 * each must show.
 */
import type { Kernel } from '@jupyterlab/services';
import type { ILoadedExercise } from '../catalog/types';
import { INotebookRun, runNotebook } from './notebook-run';
import type { ICheckEngine } from './types';

/** Where fresh kernels come from (the CLI's private Jupyter server). */
export interface IKernelProvider {
  /** A fresh kernel whose working directory is `dir`. */
  startKernel(dir: string): Promise<Kernel.IKernelConnection>;
  stopKernel(kernel: Kernel.IKernelConnection): Promise<void>;
}

/** One run: the solution (`wrong` null) or one wrong answer. */
export interface IVerifyJob {
  exercise: ILoadedExercise;
  /** Kernel working directory, relative to the server root. */
  dir: string;
  wrong: { cell: string; index: number; code: string; fails: string } | null;
}

export interface IVerifyOutcome {
  job: IVerifyJob;
  /** What did not go as recorded; empty when the run verifies. */
  problems: string[];
  elapsedMs: number;
}

/** The solution run, then one run per wrong answer. */
export function jobsOf(exercise: ILoadedExercise, dir: string): IVerifyJob[] {
  const jobs: IVerifyJob[] = [{ exercise, dir, wrong: null }];
  for (const cell of exercise.spec.cells) {
    cell.wrong_answers.forEach((wrong, index) =>
      jobs.push({
        exercise,
        dir,
        wrong: { cell: cell.cell, index, code: wrong.code, fails: wrong.fails }
      })
    );
  }
  return jobs;
}

function firstLine(text: string): string {
  const line = text.split('\n').find(part => part.trim()) ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

function solutionProblems(run: INotebookRun): string[] {
  const problems = run.problems.map(problem => `solution: ${problem.message}`);
  problems.push(
    ...run.missing.map(
      missing => `solution: cell '${missing.cell.cell}': ${missing.message}`
    )
  );
  for (const checked of run.checked) {
    for (const criterion of checked.verdict.criteria) {
      if (criterion.status !== 'pass') {
        problems.push(
          `solution: cell '${checked.cell.cell}' check '${criterion.checkId}' ${criterion.status}: ${firstLine(criterion.message)}`
        );
      }
    }
  }
  return problems;
}

function wrongAnswerProblems(
  run: INotebookRun,
  wrong: NonNullable<IVerifyJob['wrong']>
): string[] {
  const label = `wrong answer ${wrong.index + 1} of cell '${wrong.cell}'`;
  const problems = run.problems.map(problem => `${label}: ${problem.message}`);
  const checked = run.checked.find(item => item.cell.cell === wrong.cell);
  const criterion = checked?.verdict.criteria.find(
    item => item.checkId === wrong.fails
  );
  if (!criterion) {
    problems.push(`${label}: check '${wrong.fails}' did not run`);
  } else if (criterion.status !== 'fail') {
    const detail =
      criterion.status === 'pass' ? '' : `: ${firstLine(criterion.message)}`;
    problems.push(
      `${label}: check '${wrong.fails}' should fail but gave ${criterion.status}${detail}`
    );
  }
  return problems;
}

/** Runs one job in a fresh kernel. */
export async function runJob(
  server: IKernelProvider,
  engine: ICheckEngine,
  job: IVerifyJob
): Promise<IVerifyOutcome> {
  const started = Date.now();
  const spec = job.exercise.spec;
  const sources = new Map(spec.cells.map(cell => [cell.cell, cell.solution]));
  if (job.wrong) {
    sources.set(job.wrong.cell, job.wrong.code);
  }
  let problems: string[];
  try {
    const kernel = await server.startKernel(job.dir);
    try {
      await engine.prepare(kernel);
      const run = await runNotebook({
        kernel,
        engine,
        exercise: spec,
        notebook: job.exercise.notebook,
        sources,
        stopAfter: job.wrong?.cell,
        stopOnProblem: true
      });
      problems = job.wrong
        ? wrongAnswerProblems(run, job.wrong)
        : solutionProblems(run);
    } finally {
      await server.stopKernel(kernel);
    }
  } catch (error) {
    problems = [
      `${job.wrong ? 'wrong answer' : 'solution'}: ${error instanceof Error ? error.message : String(error)}`
    ];
  }
  return { job, problems, elapsedMs: Date.now() - started };
}

/** Problems of an exercise's runs, solution first. */
export function exerciseProblems(
  outcomes: ReadonlyArray<IVerifyOutcome>
): string[] {
  return outcomes.flatMap(outcome => outcome.problems);
}
