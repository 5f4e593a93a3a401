/**
 * Verdicts: criterion labels and messages, and how the criteria of a cell
 * add up to its verdict. Pure functions.
 */
import type { Check } from '../catalog/format';
import type { ICellVerdict, ICriterionResult, VerdictStatus } from './types';

/** Most serious first: a verdict takes the first status any criterion has. */
export const STATUS_SEVERITY: ReadonlyArray<VerdictStatus> = [
  'kernel-dead',
  'kernel-restarted',
  'timeout',
  'kernel-busy',
  'error',
  'fail',
  'pass'
];

/** The label of a check: its `description`, else one made from its fields. */
export function describeCheck(check: Check): string {
  if (check.description) {
    return check.description;
  }
  switch (check.kind) {
    case 'value':
      return `\`${check.expr}\` has the expected value`;
    case 'assert':
      return `test \`${check.id}\``;
    case 'output':
      return "the cell's output";
    case 'figure':
      return 'the figure the cell draws';
    case 'quiz':
      return check.question ?? `answer \`${check.variable}\``;
  }
}

/**
 * A criterion. A failing one names its cause only when a diagnosis of the
 * check held (`diagnosisId`): that diagnosis first, then the check's general
 * `message`, then what the check found. Without a diagnosis, what the check
 * found comes first and the `message` follows as an explanation, never as the
 * cause.
 */
export function criterion(
  check: Check,
  status: VerdictStatus,
  detail: string,
  diagnosisId?: string
): ICriterionResult {
  const diagnosis =
    status === 'fail' && diagnosisId && 'diagnoses' in check
      ? check.diagnoses?.find(item => item.id === diagnosisId)
      : undefined;
  const message =
    status === 'fail'
      ? joinParts(
          diagnosis
            ? [diagnosis.message, check.message, detail]
            : [detail, check.message]
        )
      : detail;
  const result: ICriterionResult = {
    checkId: check.id,
    kind: check.kind,
    description: describeCheck(check),
    status: status,
    message: status === 'pass' ? '' : message
  };
  if (diagnosis) {
    result.diagnosis = diagnosis.id;
  }
  return result;
}

/** Markdown paragraphs, empty and repeated parts left out (an assertion may repeat the message). */
function joinParts(parts: ReadonlyArray<string | undefined>): string {
  const kept: string[] = [];
  for (const part of parts) {
    const text = part?.trim();
    if (text && !kept.includes(text)) {
      kept.push(text);
    }
  }
  return kept.join('\n\n');
}

/**
 * Detail of a timeout whose interrupt the kernel ignored: the kernel is still
 * busy with the check, and only a restart frees it.
 */
export const UNRESPONSIVE = 'unresponsive';

/** Why a check did not run, or what stopped it, for the learner. */
export function interruptionMessage(
  status: VerdictStatus,
  detail: string,
  timeoutMs: number
): string {
  switch (status) {
    case 'timeout':
      if (detail === UNRESPONSIVE) {
        return (
          `The check did not finish within ${Math.round(timeoutMs / 100) / 10} s and the kernel did not stop when interrupted: it is still busy. ` +
          'Restart the kernel to go on (then run the cells above again), and look for a loop that catches `KeyboardInterrupt`.'
        );
      }
      return (
        `The check did not finish within ${Math.round(timeoutMs / 100) / 10} s, so the kernel was interrupted. ` +
        'Does your code loop forever, or work on far more data than it needs?'
      );
    case 'kernel-busy':
      return detail === 'cancelled'
        ? 'The check was cancelled before it could run.'
        : detail === 'interrupted'
          ? 'The check was interrupted (the kernel was stopped while it ran): check again.'
          : 'The kernel skipped the check because a cell before it failed: run the cells again, then check.';
    case 'kernel-restarted':
      return 'The kernel restarted during the check: run the cells above again, then check.';
    case 'kernel-dead':
      return 'The kernel is not running: start or restart it, run the cells above, then check.';
    case 'error':
      return `The check could not run (a problem of the exercise, not of your code): ${detail}`;
    default:
      return detail;
  }
}

function summary(
  status: VerdictStatus,
  criteria: ReadonlyArray<ICriterionResult>
): string {
  const failing = criteria.filter(c => c.status === 'fail').length;
  const total = criteria.length;
  switch (status) {
    case 'pass':
      return total === 1 ? 'The check passes.' : `All ${total} checks pass.`;
    case 'fail':
      return total === 1
        ? 'The check fails.'
        : `${failing} of ${total} checks fail.`;
    case 'error':
      return 'A check of this cell is broken: this is a problem of the exercise, not of your code.';
    default:
      return criteria.find(c => c.status === status)?.message ?? status;
  }
}

/** The verdict of a cell from its criteria. */
export function aggregate(
  criteria: ICriterionResult[],
  elapsedMs: number,
  cancelled: boolean
): ICellVerdict {
  const status =
    STATUS_SEVERITY.find(candidate =>
      criteria.some(c => c.status === candidate)
    ) ?? 'pass';
  return {
    status,
    message: summary(status, criteria),
    criteria,
    elapsedMs,
    cancelled
  };
}
