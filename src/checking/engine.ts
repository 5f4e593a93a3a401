/**
 * The check engine: runs the checks of one cell in order, `output` checks on
 * the cell's recorded outputs and the others in the kernel through the
 * harness, all in one silent request: each operation keeps its own budget
 * (the harness stops it), and the request's deadline, the sum of them, is the
 * engine's backstop.
 */
import type { Kernel } from '@jupyterlab/services';
import type { Check, JSONData } from '../catalog/format';
import { cellsSeen, checkFigure, figuresOf } from './figure-checks';
import { HarnessOutcome, installHarness, runOps } from './harness-client';
import { checkOutputs, outputNames } from './output-checks';
import {
  BudgetedOp,
  diagnoseOp,
  FIGURES_OP_ID,
  opsForChecks
} from './protocol';
import { withReferenceFiles } from './reference-files';
import { checkQuiz, IQuizReading, quizNames } from './quiz-checks';
import type {
  ICellCheckRequest,
  ICellVerdict,
  ICheckEngine,
  ICriterionResult
} from './types';
import {
  aggregate,
  criterion,
  interruptionMessage,
  UNRESPONSIVE
} from './verdict';

/** Budget of one kernel check when neither the request nor the check gives one. */
export const DEFAULT_CHECK_TIMEOUT_MS = 30000;

export interface ICheckEngineOptions {
  /** Wait for an answer after interrupting a check that timed out (default 5000 ms). */
  graceMs?: number;
  /** Sends the operations to the kernel (default `runOps`; graded runs sign theirs: src/grading/sealed.ts). */
  transport?: typeof runOps;
}

/** The engine behind the `ICheckEngine` token and the CLI. */
export class CheckEngine implements ICheckEngine {
  constructor(private readonly _options: ICheckEngineOptions = {}) {}

  async checkCell(request: ICellCheckRequest): Promise<ICellVerdict> {
    const started = Date.now();
    const budgetOf = (check: Check): number =>
      check.timeout
        ? check.timeout * 1000
        : (request.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
    const inKernel = request.cell.checks.filter(c => c.kind !== 'output');
    const answered = inKernel.length
      ? await this._runInKernel(inKernel, request, budgetOf)
      : null;
    const criteria: ICriterionResult[] = [];
    let stopped: Extract<HarnessOutcome, { kind: 'failed' }> | null = null;
    for (const check of request.cell.checks) {
      if (check.kind === 'output') {
        const local = checkOutputs(check, request.outputs);
        const judged = criterion(check, local.status, local.message);
        criteria.push(
          stopped
            ? judged
            : await this._diagnose(
                check,
                judged,
                local.message,
                outputNames(request.outputs),
                request,
                budgetOf(check)
              )
        );
        continue;
      }
      const budget = budgetOf(check);
      if (stopped) {
        criteria.push(notRun(check, stopped, budget));
        continue;
      }
      const outcome = outcomeOf(check, answered!);
      const judged = await this._diagnoseRead(
        check,
        outcome,
        judge(check, outcome, budget),
        request,
        budget
      );
      criteria.push(judged);
      if (outcome.kind === 'failed' || judged.status === 'timeout') {
        stopped =
          outcome.kind === 'failed'
            ? outcome
            : {
                kind: 'failed',
                status: 'timeout',
                detail: '',
                cancelled: false
              };
      }
    }
    const verdict = aggregate(
      criteria,
      Date.now() - started,
      stopped?.cancelled ?? false
    );
    if (stopped?.detail === UNRESPONSIVE) {
      verdict.stillBusy = true;
    }
    return verdict;
  }

  async prepare(kernel: Kernel.IKernelConnection): Promise<void> {
    const failed = await installHarness(kernel);
    if (failed && failed.kind === 'failed') {
      throw new Error(
        `mltutor: the checker could not be installed (${failed.status} ${failed.detail})`
      );
    }
  }

  /**
   * A failed figure or quiz check's diagnoses, on what the harness read
   * (value and assert checks diagnose themselves in the kernel).
   */
  private async _diagnoseRead(
    check: Check,
    outcome: HarnessOutcome,
    judged: ICriterionResult,
    request: ICellCheckRequest,
    budget: number
  ): Promise<ICriterionResult> {
    const result = outcome.kind === 'results' ? outcome.results[0] : undefined;
    if (result?.status !== 'data') {
      return judged;
    }
    if (check.kind === 'figure') {
      const detail = checkFigure(
        check,
        figuresOf(result.data),
        cellsSeen(result.data)
      ).message;
      return this._diagnose(check, judged, detail, undefined, request, budget);
    }
    if (check.kind === 'quiz') {
      const reading = (result.data ?? {
        present: false
      }) as unknown as IQuizReading;
      const detail = checkQuiz(check, reading).message;
      return this._diagnose(
        check,
        judged,
        detail,
        quizNames(reading),
        request,
        budget
      );
    }
    return judged;
  }

  /** Evaluates a failed local check's diagnoses in the kernel: the criterion with the one that held. */
  private async _diagnose(
    check: Check,
    judged: ICriterionResult,
    detail: string,
    names: Record<string, JSONData> | undefined,
    request: ICellCheckRequest,
    budget: number
  ): Promise<ICriterionResult> {
    if (judged.status !== 'fail' || !request.kernel) {
      return judged;
    }
    const op = diagnoseOp(check, detail, names);
    if (!op) {
      return judged;
    }
    const diagnosed = await (this._options.transport ?? runOps)(
      request.kernel,
      [op],
      {
        deadlineMs: budget,
        graceMs: this._options.graceMs,
        signal: request.signal
      }
    );
    const id =
      diagnosed.kind === 'results'
        ? diagnosed.results[0]?.data?.diagnosis
        : undefined;
    return typeof id === 'string'
      ? criterion(check, 'fail', detail, id)
      : judged;
  }

  /** One request for the cell's kernel checks, each operation with its own budget. */
  private _runInKernel(
    checks: ReadonlyArray<Check>,
    request: ICellCheckRequest,
    budgetOf: (check: Check) => number
  ): Promise<HarnessOutcome> {
    if (!request.kernel) {
      return Promise.resolve({
        kind: 'failed',
        status: 'kernel-dead',
        detail: '',
        cancelled: false
      });
    }
    const ops: BudgetedOp[] = opsForChecks(
      checks,
      request.exercise.recordedExpected
    ).map(op => ({
      ...op,
      budget_ms: budgetOf(
        checks.find(c =>
          op.id === FIGURES_OP_ID ? c.kind === 'figure' : c.id === op.id
        )!
      )
    }));
    const deadlineMs = ops.reduce((sum, op) => sum + (op.budget_ms ?? 0), 0);
    return (this._options.transport ?? runOps)(
      request.kernel,
      withReferenceFiles(ops, request.referenceFiles),
      {
        deadlineMs,
        graceMs: this._options.graceMs,
        signal: request.signal,
        onStatus: request.onStatus
      }
    );
  }
}

/** The part of a cell's answer that concerns one check (figure checks share one read). */
function outcomeOf(check: Check, answered: HarnessOutcome): HarnessOutcome {
  if (answered.kind === 'failed') {
    return answered;
  }
  const id = check.kind === 'figure' ? FIGURES_OP_ID : check.id;
  const result = answered.results.find(r => r.id === id);
  return { ...answered, results: result ? [result] : [] };
}

/** A check after one that timed out or could not run: it gets the same status, unrun. */
function notRun(
  check: Check,
  stopped: Extract<HarnessOutcome, { kind: 'failed' }>,
  budget: number
): ICriterionResult {
  const reason =
    stopped.status === 'timeout'
      ? 'Not run: an earlier check of this cell timed out.'
      : interruptionMessage(stopped.status, stopped.detail, budget);
  return criterion(check, stopped.status, reason);
}

/** The criterion of one kernel check from the harness's answer. */
function judge(
  check: Check,
  outcome: HarnessOutcome,
  budget: number
): ICriterionResult {
  if (outcome.kind === 'failed') {
    return criterion(
      check,
      outcome.status,
      interruptionMessage(outcome.status, outcome.detail, budget)
    );
  }
  const result = outcome.results[0];
  if (!result) {
    return criterion(
      check,
      'error',
      interruptionMessage('error', 'the checker gave no answer', budget)
    );
  }
  if (
    result.status === 'interrupted' ||
    result.status === 'skipped' ||
    result.status === 'timeout'
  ) {
    return criterion(
      check,
      'timeout',
      interruptionMessage('timeout', '', budget)
    );
  }
  if (result.status === 'data') {
    const local =
      check.kind === 'figure'
        ? checkFigure(check, figuresOf(result.data), cellsSeen(result.data))
        : check.kind === 'quiz'
          ? checkQuiz(
              check,
              (result.data ?? { present: false }) as unknown as IQuizReading
            )
          : {
              status: 'error' as const,
              message: 'unexpected data for this check'
            };
    return criterion(check, local.status, local.message);
  }
  const detail =
    result.status === 'error'
      ? interruptionMessage('error', result.message ?? '', budget)
      : (result.message ?? '');
  return criterion(check, result.status, detail, result.diagnosis);
}
