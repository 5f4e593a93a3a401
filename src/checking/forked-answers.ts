/**
 * `mltutor verify` at authoring speed: one warm kernel per exercise runs the
 * notebook once with the solutions; right before each checked cell, every
 * recorded answer of that cell is judged in a fork of the kernel
 * (`answer_fork.py`): the fork runs the answer as the cell, the engine sends
 * the cell's checks to the fork as it would to a fresh kernel, and the fork is
 * discarded. Each answer thus starts from the state of a fresh run at that
 * cell, and nothing it does reaches the next one.
 */
import type { IOutput } from '@jupyterlab/nbformat';
import type { Kernel } from '@jupyterlab/services';
import type { PartialJSONObject } from '@lumino/coreutils';
import type { ICheckedCell, IRecordedValue } from '../catalog/format';
import type { ILoadedExercise } from '../catalog/types';
import answerForkSource from './answer_fork.py';
import type { ICellExecution } from './cell-execution';
import { CheckEngine } from './engine';
import type { HarnessOutcome } from './harness-client';
import { evaluateSilently, ISilentOptions } from './kernel-channel';
import { DEFAULT_NOTEBOOK_LIMIT_MS, runNotebookWithin } from './notebook-limit';
import { unjudgedWhenRaised } from './notebook-run';
import { engineWithReferenceFiles } from './reference-files';
import {
  hashText,
  HarnessOp,
  installExpression,
  isInstalledReply,
  parseRunReply,
  pythonString,
  RESULT_MIME
} from './protocol';
import {
  freshEntries,
  IReferenceRun,
  runReferences
} from './recorded-references';
import {
  answerLabel,
  answersOf,
  IAnswerJudgement,
  IKernelProvider,
  IRecordedAnswer,
  IVerifyOutcome,
  judgeAnswer,
  judgeRun,
  sourcesOf
} from './verification';

/** Name of the answer-fork module in the kernel's `sys.modules`. */
export const ANSWERS_MODULE = '_mltutor_answers';

const ANSWERS_VERSION = hashText(answerForkSource);

/** Budget of an answer's cell run in its fork, as for a cell of a fresh run. */
const CELL_TIMEOUT_MS = 600000;

/** After a cell's deadline, the wait for the fork to report its interrupted run. */
const CELL_GRACE_MS = 15000;

/** Budget of the requests that install, ask about and end forks. */
const CONTROL_DEADLINE_MS = 60000;

export interface IForkOptions {
  /** Budget of one cell run, ms (default 600 000, as `executeCell`). */
  cellTimeoutMs?: number;
  /** Budget of one kernel check, ms (the engine's default when absent). */
  checkTimeoutMs?: number;
  /** Wait after interrupting a check that timed out (engine option). */
  graceMs?: number;
  /** Told what each recordable reference computed, from scratch, before any cell ran. */
  onReferences?: (runs: IReferenceRun[]) => void;
}

function moduleCall(call: string): string {
  return `__import__('sys').modules[${pythonString(ANSWERS_MODULE)}].${call}`;
}

async function evaluate(
  kernel: Kernel.IKernelConnection,
  expression: string,
  deadlineMs = CONTROL_DEADLINE_MS,
  graceMs?: number
): Promise<PartialJSONObject | null> {
  const outcome = await evaluateSilently(kernel, expression, {
    deadlineMs,
    graceMs
  });
  const bundle =
    outcome.kind === 'value' || outcome.kind === 'timeout'
      ? outcome.bundle
      : null;
  const payload = bundle?.[RESULT_MIME];
  return typeof payload === 'object' &&
    payload !== null &&
    !Array.isArray(payload)
    ? (payload as PartialJSONObject)
    : null;
}

/** Installs the fork module; the reason when answers cannot be forked in this kernel, else null. */
export async function prepareForks(
  kernel: Kernel.IKernelConnection
): Promise<string | null> {
  const outcome = await evaluateSilently(
    kernel,
    installExpression(
      answerForkSource,
      ANSWERS_VERSION,
      ANSWERS_MODULE,
      '<mltutor-answers>'
    ),
    { deadlineMs: CONTROL_DEADLINE_MS }
  );
  if (
    outcome.kind !== 'value' ||
    !isInstalledReply(outcome.bundle, ANSWERS_VERSION)
  ) {
    return `the answer forks could not be installed (${outcome.kind})`;
  }
  const probe = await evaluate(kernel, moduleCall('probe()'));
  if (!probe) {
    return 'the answer forks did not answer';
  }
  return typeof probe.reason === 'string' ? probe.reason : null;
}

/** Sends harness operations to the fork `pid`: the engine's transport for one answer. */
async function askFork(
  kernel: Kernel.IKernelConnection,
  pid: number,
  ops: ReadonlyArray<HarnessOp>,
  options: ISilentOptions
): Promise<HarnessOutcome> {
  const payload = pythonString(JSON.stringify({ ops }));
  const outcome = await evaluateSilently(
    kernel,
    moduleCall(`ask(${pid}, ${payload})`),
    options
  );
  const bundle =
    outcome.kind === 'value' || outcome.kind === 'timeout'
      ? outcome.bundle
      : null;
  const reply = bundle ? parseRunReply(bundle) : null;
  if (reply?.kind === 'results') {
    return {
      kind: 'results',
      results: reply.results,
      timedOut: outcome.kind === 'timeout'
    };
  }
  const gone =
    outcome.kind === 'kernel-dead' || outcome.kind === 'kernel-restarted';
  return {
    kind: 'failed',
    status: gone
      ? outcome.kind
      : outcome.kind === 'timeout'
        ? 'timeout'
        : 'error',
    detail:
      reply?.kind === 'invalid'
        ? reply.message
        : outcome.kind === 'expression-error'
          ? outcome.message
          : outcome.kind,
    cancelled: false
  };
}

/** What running an answer in a fork gave. */
type Started =
  | { kind: 'started'; pid: number; execution: ICellExecution }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'failed'; message: string };

async function startFork(
  kernel: Kernel.IKernelConnection,
  code: string,
  cellTimeoutMs = CELL_TIMEOUT_MS
): Promise<Started> {
  const payload = await evaluate(
    kernel,
    moduleCall(`start(${pythonString(JSON.stringify({ code }))})`),
    cellTimeoutMs,
    CELL_GRACE_MS
  );
  if (!payload) {
    return { kind: 'failed', message: 'the kernel did not fork the answer' };
  }
  if (typeof payload.unavailable === 'string') {
    return { kind: 'unavailable', reason: payload.unavailable };
  }
  if (typeof payload.child !== 'number') {
    return {
      kind: 'failed',
      message: `the answer's process ended before its checks: ${String(payload.ended ?? 'no answer')}`
    };
  }
  const outputs = (Array.isArray(payload.outputs)
    ? payload.outputs
    : []) as unknown as IOutput[];
  return {
    kind: 'started',
    pid: payload.child,
    execution: {
      status: payload.status === 'ok' ? 'ok' : 'error',
      outputs,
      executionCount: null
    }
  };
}

/** Judges one recorded answer in a fork of `kernel`, which has run the cells above `cell`. */
export async function judgeInFork(
  kernel: Kernel.IKernelConnection,
  exercise: ILoadedExercise,
  cell: ICheckedCell,
  answer: IRecordedAnswer,
  options: IForkOptions = {}
): Promise<IAnswerJudgement | { unavailable: string }> {
  const started = await startFork(kernel, answer.code, options.cellTimeoutMs);
  if (started.kind === 'unavailable') {
    return { unavailable: started.reason };
  }
  if (started.kind === 'failed') {
    return {
      problems: [`${answerLabel(answer)}: ${started.message}`],
      verified: false
    };
  }
  try {
    const engine = new CheckEngine({
      graceMs: options.graceMs,
      transport: (k, ops, silent) => askFork(k, started.pid, ops, silent)
    });
    const verdict = unjudgedWhenRaised(
      await engine.checkCell({
        exercise: exercise.spec,
        cell,
        outputs: started.execution.outputs,
        kernel,
        timeoutMs: options.checkTimeoutMs,
        // As in the lab: references read the pack's copies (and their recorded values apply).
        referenceFiles: exercise.assets
      }),
      started.execution
    );
    return judgeAnswer(answer, verdict, []);
  } finally {
    await evaluate(kernel, moduleCall(`end(${started.pid})`));
  }
}

/**
 * `exercise` judged against `fresh` (what its references computed in this
 * kernel) where the recorded entries are missing, stale or differ: the same
 * values the references would compute again in every fork.
 */
function withRecorded(
  exercise: ILoadedExercise,
  fresh: Record<string, IRecordedValue>
): ILoadedExercise {
  if (Object.keys(fresh).length === 0) {
    return exercise;
  }
  return { ...exercise, spec: { ...exercise.spec, recordedExpected: fresh } };
}

/**
 * Verifies an exercise in one kernel, every answer in a fork; null when
 * answers cannot be forked there (the caller falls back to fresh kernels).
 */
export async function verifyForked(
  server: IKernelProvider,
  exercise: ILoadedExercise,
  dir: string,
  options: IForkOptions = {}
): Promise<IVerifyOutcome[] | null> {
  const started = Date.now();
  const answers = answersOf(exercise);
  const byCell = new Map<string, IRecordedAnswer[]>();
  for (const answer of answers) {
    byCell.set(answer.cell, [...(byCell.get(answer.cell) ?? []), answer]);
  }
  const solution = { exercise, dir, answer: null };
  const outcomes: IVerifyOutcome[] = [];
  const kernel = await server.startKernel(dir);
  try {
    const engine = new CheckEngine({ graceMs: options.graceMs });
    await engine.prepare(kernel);
    // Each reference once, before any cell: the answers are judged against these values.
    const references = await runReferences(kernel, exercise);
    options.onReferences?.(references);
    const checked = withRecorded(exercise, freshEntries(references));
    if ((await prepareForks(kernel)) !== null) {
      return null;
    }
    let unavailable = false;
    // The budget of a fresh run for the solution and for each answer.
    const run = await runNotebookWithin({
      limitMs: DEFAULT_NOTEBOOK_LIMIT_MS * (1 + answers.length),
      killKernel: () => server.stopKernel(kernel),
      kernel,
      engine: engineWithReferenceFiles(engine, exercise.assets),
      exercise: checked.spec,
      notebook: exercise.notebook,
      sources: sourcesOf(solution),
      stopOnProblem: true,
      checkTimeoutMs: options.checkTimeoutMs,
      cellTimeoutMs: options.cellTimeoutMs,
      beforeChecked: async cell => {
        for (const answer of byCell.get(cell.cell) ?? []) {
          const began = Date.now();
          const judged = unavailable
            ? null
            : await judgeInFork(kernel, checked, cell, answer, options);
          if (judged === null || 'unavailable' in judged) {
            unavailable = true;
            return;
          }
          outcomes.push({
            job: { exercise, dir, answer },
            ...judged,
            elapsedMs: Date.now() - began
          });
        }
      }
    });
    if (unavailable) {
      return null;
    }
    const notReached = answers.filter(
      answer => !outcomes.some(outcome => outcome.job.answer === answer)
    );
    const solutionOutcome: IVerifyOutcome = {
      job: solution,
      ...judgeRun(solution, run),
      elapsedMs: 0
    };
    for (const answer of notReached) {
      outcomes.push({
        job: { exercise, dir, answer },
        problems: [
          `${answerLabel(answer)}: not judged: the solution run stopped before its cell`
        ],
        verified: false,
        elapsedMs: 0
      });
    }
    solutionOutcome.elapsedMs =
      Date.now() -
      started -
      outcomes.reduce((sum, outcome) => sum + outcome.elapsedMs, 0);
    return [solutionOutcome, ...outcomes];
  } finally {
    await server.stopKernel(kernel);
  }
}
