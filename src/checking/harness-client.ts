/**
 * Runs harness operations in a kernel: installs the harness when the kernel
 * lacks it (a fresh or restarted kernel, or another version) and retries once.
 */
import type { Kernel } from '@jupyterlab/services';
import {
  HarnessOp,
  installExpression,
  IOpResult,
  isInstalledReply,
  parseRunReply,
  runExpression
} from './protocol';
import {
  evaluateSilently,
  EvaluationOutcome,
  ISilentOptions
} from './kernel-channel';
import type { VerdictStatus } from './types';
import { UNRESPONSIVE } from './verdict';

/** Time allowed to install the harness (it imports NumPy and pandas when present). */
export const INSTALL_DEADLINE_MS = 60000;

/** What running operations gave. */
export type HarnessOutcome =
  /** The harness answered; `timedOut` when it was interrupted (later results are `interrupted`/`skipped`). */
  | { kind: 'results'; results: IOpResult[]; timedOut: boolean }
  /** Nothing usable came back. */
  | {
      kind: 'failed';
      status: VerdictStatus;
      detail: string;
      cancelled: boolean;
    };

function failure(outcome: EvaluationOutcome): HarnessOutcome {
  switch (outcome.kind) {
    case 'cancelled':
      return {
        kind: 'failed',
        status: 'kernel-busy',
        detail: 'cancelled',
        cancelled: true
      };
    case 'aborted':
      return {
        kind: 'failed',
        status: 'kernel-busy',
        detail: 'aborted',
        cancelled: false
      };
    case 'kernel-restarted':
    case 'kernel-dead':
      return {
        kind: 'failed',
        status: outcome.kind,
        detail: '',
        cancelled: false
      };
    case 'timeout':
      return {
        kind: 'failed',
        status: 'timeout',
        detail: 'no answer after the interrupt',
        cancelled: false
      };
    case 'unresponsive':
      // Still a timeout, but the interrupt did not work: the verdict says so.
      return {
        kind: 'failed',
        status: 'timeout',
        detail: UNRESPONSIVE,
        cancelled: false
      };
    case 'expression-error':
      return {
        kind: 'failed',
        status: 'error',
        detail: outcome.message,
        cancelled: false
      };
    default:
      return {
        kind: 'failed',
        status: 'error',
        detail: 'unexpected answer',
        cancelled: false
      };
  }
}

/** Installs the harness (replacing another version); null when it worked. */
export async function installHarness(
  kernel: Kernel.IKernelConnection,
  options: Omit<ISilentOptions, 'deadlineMs'> = {}
): Promise<HarnessOutcome | null> {
  const outcome = await evaluateSilently(kernel, installExpression(), {
    ...options,
    deadlineMs: INSTALL_DEADLINE_MS
  });
  if (outcome.kind !== 'value') {
    return failure(outcome);
  }
  return isInstalledReply(outcome.bundle)
    ? null
    : {
        kind: 'failed',
        status: 'error',
        detail: `the checker could not be installed in the kernel: ${JSON.stringify(outcome.bundle).slice(0, 300)}`,
        cancelled: false
      };
}

function fromBundle(outcome: EvaluationOutcome): HarnessOutcome | 'missing' {
  if (
    outcome.kind !== 'value' &&
    !(outcome.kind === 'timeout' && outcome.bundle)
  ) {
    return failure(outcome);
  }
  const reply = parseRunReply(outcome.bundle ?? undefined);
  if (reply.kind === 'missing') {
    return outcome.kind === 'timeout' ? failure(outcome) : 'missing';
  }
  if (reply.kind === 'invalid') {
    return {
      kind: 'failed',
      status: 'error',
      detail: reply.message,
      cancelled: false
    };
  }
  return {
    kind: 'results',
    results: reply.results,
    timedOut: outcome.kind === 'timeout'
  };
}

/** How long to wait, after an interrupt nobody asked of us, for the kernel to say it goes away. */
const GOING_AWAY_MS = 1500;

/**
 * The check was interrupted, not by us (the learner pressed stop, or the
 * server interrupts before a shutdown): tell a dying kernel from a live one.
 */
function afterForeignInterrupt(
  kernel: Kernel.IKernelConnection
): Promise<HarnessOutcome> {
  const verdict = (status: string): HarnessOutcome | null =>
    status === 'dead'
      ? failure({ kind: 'kernel-dead' })
      : status === 'restarting' || status === 'autorestarting'
        ? failure({ kind: 'kernel-restarted' })
        : null;
  const now = kernel.isDisposed
    ? failure({ kind: 'kernel-dead' })
    : verdict(kernel.status);
  if (now) {
    return Promise.resolve(now);
  }
  return new Promise(resolve => {
    const done = (outcome: HarnessOutcome): void => {
      clearTimeout(timer);
      kernel.statusChanged.disconnect(onStatus);
      resolve(outcome);
    };
    const onStatus = (_: Kernel.IKernelConnection, status: string): void => {
      const outcome = verdict(status);
      if (outcome) {
        done(outcome);
      }
    };
    const timer = setTimeout(
      () =>
        done({
          kind: 'failed',
          status: 'kernel-busy',
          detail: 'interrupted',
          cancelled: false
        }),
      GOING_AWAY_MS
    );
    kernel.statusChanged.connect(onStatus);
  });
}

function wasInterrupted(outcome: HarnessOutcome | 'missing'): boolean {
  if (outcome === 'missing') {
    return false;
  }
  return outcome.kind === 'results'
    ? !outcome.timedOut &&
        outcome.results.some(result => result.status === 'interrupted')
    : outcome.status === 'error' &&
        outcome.detail.startsWith('KeyboardInterrupt');
}

/** Runs `ops` in the kernel's harness, installing it first when needed. */
export async function runOps(
  kernel: Kernel.IKernelConnection,
  ops: ReadonlyArray<HarnessOp>,
  options: ISilentOptions
): Promise<HarnessOutcome> {
  const outcome = await runOrInstall(kernel, ops, options);
  return wasInterrupted(outcome) ? afterForeignInterrupt(kernel) : outcome;
}

async function runOrInstall(
  kernel: Kernel.IKernelConnection,
  ops: ReadonlyArray<HarnessOp>,
  options: ISilentOptions
): Promise<HarnessOutcome> {
  const first = fromBundle(
    await evaluateSilently(kernel, runExpression(ops), options)
  );
  if (first !== 'missing') {
    return first;
  }
  const installed = await installHarness(kernel, options);
  if (installed) {
    return installed;
  }
  const second = fromBundle(
    await evaluateSilently(kernel, runExpression(ops), options)
  );
  return second === 'missing'
    ? {
        kind: 'failed',
        status: 'error',
        detail: 'the checker vanished from the kernel',
        cancelled: false
      }
    : second;
}
