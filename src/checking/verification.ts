/**
 * Verification of an exercise, as `mltutor verify` does it: the runs to make
 * (the solution, each recorded right answer, each recorded wrong answer), what
 * each must show, and the counts an author reads. This module runs each answer
 * in a fresh kernel (`--fresh-kernels`); `forked-answers.ts` judges them in
 * forked copies of one warm kernel, with the same judgements.
 */
import type { Kernel } from '@jupyterlab/services';
import type { ILoadedExercise } from '../catalog/types';
import { DEFAULT_NOTEBOOK_LIMIT_MS, runNotebookWithin } from './notebook-limit';
import type { INotebookRun } from './notebook-run';
import type { ICellVerdict, ICheckEngine } from './types';
import { errorText } from '../errors';

/** Where fresh kernels come from (the CLI's private Jupyter server). */
export interface IKernelProvider {
  /** A fresh kernel whose working directory is `dir`. */
  startKernel(dir: string): Promise<Kernel.IKernelConnection>;
  stopKernel(kernel: Kernel.IKernelConnection): Promise<void>;
}

/** A recorded answer of a checked cell, put in place of its solution. */
export interface IRecordedAnswer {
  kind: 'right' | 'wrong';
  cell: string;
  /** Index in the cell's `right_answers` or `wrong_answers`. */
  index: number;
  code: string;
  /** Wrong answers: the check that must fail, and the diagnosis that must hold. */
  fails?: string;
  diagnosis?: string;
}

/** One run: the solution (`answer` null) or one recorded answer. */
export interface IVerifyJob {
  exercise: ILoadedExercise;
  /** Kernel working directory, relative to the server root. */
  dir: string;
  answer: IRecordedAnswer | null;
}

/** How a recorded answer fared. */
export interface IAnswerJudgement {
  /** What did not go as recorded; empty when the answer verifies. */
  problems: string[];
  /** Right answer: every check of its cell passed. Wrong answer: its check failed. */
  verified: boolean;
  /** Wrong answer naming a diagnosis: that diagnosis held. */
  diagnosisMatched?: boolean;
}

export interface IVerifyOutcome extends IAnswerJudgement {
  job: IVerifyJob;
  elapsedMs: number;
}

/**
 * The recorded answers of an exercise, cell by cell: wrong answers, then
 * right ones (a right answer judged after a mistake shows that nothing of the
 * mistake was left over).
 */
export function answersOf(exercise: ILoadedExercise): IRecordedAnswer[] {
  const answers: IRecordedAnswer[] = [];
  for (const cell of exercise.spec.cells) {
    cell.wrong_answers.forEach((wrong, index) =>
      answers.push({
        kind: 'wrong',
        cell: cell.cell,
        index,
        code: wrong.code,
        fails: wrong.fails,
        diagnosis: wrong.diagnosis
      })
    );
    (cell.right_answers ?? []).forEach((right, index) =>
      answers.push({ kind: 'right', cell: cell.cell, index, code: right.code })
    );
  }
  return answers;
}

/** The solution run, then one run per recorded answer. */
export function jobsOf(exercise: ILoadedExercise, dir: string): IVerifyJob[] {
  return [
    { exercise, dir, answer: null },
    ...answersOf(exercise).map(answer => ({ exercise, dir, answer }))
  ];
}

/** How reports name an answer: "wrong answer 2 of cell 'fill'". */
export function answerLabel(answer: IRecordedAnswer): string {
  return `${answer.kind} answer ${answer.index + 1} of cell '${answer.cell}'`;
}

function firstLine(text: string): string {
  const line = text.split('\n').find(part => part.trim()) ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

/** Problems of a notebook run that are not verdicts: cells that failed, cells missing. */
function runProblems(run: INotebookRun, label: string): string[] {
  return [
    ...run.problems.map(problem => `${label}: ${problem.message}`),
    ...run.missing.map(
      missing => `${label}: cell '${missing.cell.cell}': ${missing.message}`
    )
  ];
}

function solutionProblems(run: INotebookRun): string[] {
  const problems = runProblems(run, 'solution');
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

/**
 * Judges a recorded answer from the verdict of its cell (undefined when the
 * cell was not checked) and the problems of the run before it.
 */
export function judgeAnswer(
  answer: IRecordedAnswer,
  verdict: ICellVerdict | undefined,
  before: string[]
): IAnswerJudgement {
  const label = answerLabel(answer);
  const problems = [...before];
  if (!verdict) {
    problems.push(`${label}: the cell was not checked`);
    return { problems, verified: false };
  }
  if (answer.kind === 'right') {
    for (const criterion of verdict.criteria) {
      if (criterion.status !== 'pass') {
        problems.push(
          `${label}: check '${criterion.checkId}' should pass but gave ${criterion.status}: ${firstLine(criterion.message)}`
        );
      }
    }
    return { problems, verified: problems.length === 0 };
  }
  const criterion = verdict.criteria.find(
    item => item.checkId === answer.fails
  );
  if (!criterion) {
    problems.push(`${label}: check '${answer.fails}' did not run`);
    return { problems, verified: false };
  }
  if (criterion.status !== 'fail') {
    const detail =
      criterion.status === 'pass' ? '' : `: ${firstLine(criterion.message)}`;
    problems.push(
      `${label}: check '${answer.fails}' should fail but gave ${criterion.status}${detail}`
    );
    return { problems, verified: false };
  }
  if (answer.diagnosis === undefined) {
    return { problems, verified: problems.length === 0 };
  }
  const diagnosisMatched = criterion.diagnosis === answer.diagnosis;
  if (!diagnosisMatched) {
    problems.push(
      `${label}: check '${answer.fails}' failed, but diagnosis '${answer.diagnosis}' should hold and ${
        criterion.diagnosis ? `'${criterion.diagnosis}' did` : 'none did'
      }: ${firstLine(criterion.message)}`
    );
  }
  return { problems, verified: true, diagnosisMatched };
}

/** Judges the notebook run of a job: the solution's, or an answer's. */
export function judgeRun(job: IVerifyJob, run: INotebookRun): IAnswerJudgement {
  if (!job.answer) {
    const problems = solutionProblems(run);
    return { problems, verified: problems.length === 0 };
  }
  const answer = job.answer;
  const checked = run.checked.find(item => item.cell.cell === answer.cell);
  return judgeAnswer(
    answer,
    checked?.verdict,
    runProblems(run, answerLabel(answer))
  );
}

/** The sources of a job's run: every solution, and the answer in its cell. */
export function sourcesOf(job: IVerifyJob): Map<string, string> {
  const sources = new Map(
    job.exercise.spec.cells.map(cell => [cell.cell, cell.solution])
  );
  if (job.answer) {
    sources.set(job.answer.cell, job.answer.code);
  }
  return sources;
}

/**
 * Runs one job in a fresh kernel, stopped when it runs past `limitMs`;
 * `cellTimeoutMs` bounds each cell's run.
 */
export async function runJob(
  server: IKernelProvider,
  engine: ICheckEngine,
  job: IVerifyJob,
  limitMs = DEFAULT_NOTEBOOK_LIMIT_MS,
  cellTimeoutMs?: number
): Promise<IVerifyOutcome> {
  const started = Date.now();
  let judgement: IAnswerJudgement;
  try {
    const kernel = await server.startKernel(job.dir);
    try {
      await engine.prepare(kernel);
      const run = await runNotebookWithin({
        kernel,
        engine,
        exercise: job.exercise.spec,
        notebook: job.exercise.notebook,
        sources: sourcesOf(job),
        stopAfter: job.answer?.cell,
        stopOnProblem: true,
        cellTimeoutMs,
        limitMs,
        killKernel: () => server.stopKernel(kernel)
      });
      judgement = judgeRun(job, run);
    } finally {
      await server.stopKernel(kernel);
    }
  } catch (error) {
    judgement = {
      problems: [
        `${job.answer ? answerLabel(job.answer) : 'solution'}: ${errorText(error)}`
      ],
      verified: false
    };
  }
  return { job, ...judgement, elapsedMs: Date.now() - started };
}

/** Problems of an exercise's runs, solution first. */
export function exerciseProblems(
  outcomes: ReadonlyArray<IVerifyOutcome>
): string[] {
  return outcomes.flatMap(outcome => outcome.problems);
}

/** A count out of a total. */
export interface IRatio {
  done: number;
  total: number;
}

/** What `mltutor verify` reports per exercise and in its summary. */
export interface IVerifyCounts {
  /** Right answers that passed every check of their cell. */
  right: IRatio;
  /** Wrong answers whose check failed. */
  wrong: IRatio;
  /** Wrong answers naming a diagnosis, whose diagnosis held. */
  diagnoses: IRatio;
  /** Wrong answers that name no diagnosis (their failure is not proven to name its cause). */
  undiagnosed: number;
}

/** The counts of some outcomes (one exercise's, or all). */
export function countOutcomes(
  outcomes: ReadonlyArray<IVerifyOutcome>
): IVerifyCounts {
  const counts: IVerifyCounts = {
    right: { done: 0, total: 0 },
    wrong: { done: 0, total: 0 },
    diagnoses: { done: 0, total: 0 },
    undiagnosed: 0
  };
  for (const outcome of outcomes) {
    const answer = outcome.job.answer;
    if (!answer) {
      continue;
    }
    const ratio = answer.kind === 'right' ? counts.right : counts.wrong;
    ratio.total += 1;
    ratio.done += outcome.verified ? 1 : 0;
    if (answer.diagnosis !== undefined) {
      counts.diagnoses.total += 1;
      counts.diagnoses.done += outcome.diagnosisMatched ? 1 : 0;
    } else if (answer.kind === 'wrong') {
      counts.undiagnosed += 1;
    }
  }
  return counts;
}

/**
 * "right answers 3/3 passed, wrong answers 4/5 caught, diagnoses 2/2 matched"
 * (then ", 3 wrong answers name no diagnosis" when some do).
 */
export function formatCounts(counts: IVerifyCounts): string {
  const ratio = (r: IRatio): string => `${r.done}/${r.total}`;
  const undiagnosed = counts.undiagnosed
    ? `, ${counts.undiagnosed} wrong answer${counts.undiagnosed === 1 ? '' : 's'} name${counts.undiagnosed === 1 ? 's' : ''} no diagnosis`
    : '';
  return (
    `right answers ${ratio(counts.right)} passed, ` +
    `wrong answers ${ratio(counts.wrong)} caught, ` +
    `diagnoses ${ratio(counts.diagnoses)} matched${undiagnosed}`
  );
}

/**
 * The recorded wrong answers of an exercise that name no diagnosis, as
 * "wrong answer 2 of cell 'fill' (check 'filled-mean') names no diagnosis".
 */
export function undiagnosedAnswers(exercise: ILoadedExercise): string[] {
  return answersOf(exercise)
    .filter(answer => answer.kind === 'wrong' && answer.diagnosis === undefined)
    .map(
      answer =>
        `${answerLabel(answer)} (check '${answer.fails}') names no diagnosis: give it the 'diagnosis' its failure must produce`
    );
}
