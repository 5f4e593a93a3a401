/**
 * A checked cell's kernel checks sent right behind the cell's own execute
 * request, when the run was scheduled (issue 15, item 2): the kernel runs
 * them as soon as the cell finishes, in the order the shell channel keeps,
 * instead of after the cell's reply came back to the page and a second
 * round trip. They judge the same state a check sent after the run would:
 * nothing of the learner's runs between the cell and them.
 *
 * An early check is only a head start: the controller uses its verdict when
 * it matches the run it judges (same source, same kernel process) and
 * otherwise asks again, as it always did.
 */
import type { Kernel } from '@jupyterlab/services';
import type { CheckPhase } from '../checking/types';
import type { IVerdictView } from './feedback-model';

/** One check sent behind a run of its cell. */
export interface IEarlyCheck {
  /** `hashSource` of the source that ran. */
  sourceHash: string;
  /** The kernel process's session id when sent (null when not known yet). */
  session: string | null;
  kernel: Kernel.IKernelConnection;
  /** The verdict; never rejects. */
  verdict: Promise<IVerdictView>;
  /** Cancels the check (interrupting the kernel if it runs it, as Cancel always does). */
  abort(): void;
  /** Phases told before anyone listened, then forwarded to `listener`. */
  listen(listener: (phase: CheckPhase) => void): void;
}

/** What sending an early check needs. */
export interface IEarlySend {
  sourceHash: string;
  session: string | null;
  kernel: Kernel.IKernelConnection;
  /** Sends the check with this signal and status callback. */
  send(
    signal: AbortSignal,
    onStatus: (phase: CheckPhase) => void
  ): Promise<IVerdictView>;
}

/**
 * Calls `send` right after the run being scheduled sent its execute request:
 * JupyterLab sends it synchronously after `executionScheduled`, so a
 * microtask later `outputArea.future` is the run's new future. No new future
 * (an empty cell, no kernel): the run sent nothing and neither do we.
 */
export function behindRun(
  outputArea: { readonly future: unknown },
  send: () => void
): void {
  const before = outputArea.future;
  queueMicrotask(() => {
    if (outputArea.future && outputArea.future !== before) {
      send();
    }
  });
}

/** Starts an early check now. */
export function startEarlyCheck(options: IEarlySend): IEarlyCheck {
  const abort = new AbortController();
  let phase: CheckPhase | null = null;
  let listener: ((phase: CheckPhase) => void) | null = null;
  const verdict = options.send(abort.signal, next => {
    phase = next;
    listener?.(next);
  });
  return {
    sourceHash: options.sourceHash,
    session: options.session,
    kernel: options.kernel,
    verdict,
    abort: () => abort.abort(),
    listen: next => {
      listener = next;
      if (phase) {
        next(phase);
      }
    }
  };
}

/**
 * The early checks of one notebook, per cell, oldest first: each run of a
 * cell queues one; the run's end (`take`) consumes the oldest.
 */
export class EarlyChecks {
  /** Queues `check` for the cell with model id `cellId`. */
  add(cellId: string, check: IEarlyCheck): void {
    const queue = this._byCell.get(cellId) ?? [];
    queue.push(check);
    this._byCell.set(cellId, queue);
  }

  /** The oldest early check of the cell, removed; undefined when none. */
  take(cellId: string): IEarlyCheck | undefined {
    const queue = this._byCell.get(cellId);
    const check = queue?.shift();
    if (queue && queue.length === 0) {
      this._byCell.delete(cellId);
    }
    return check;
  }

  /** Whether a check is queued for the cell. */
  has(cellId: string): boolean {
    return this._byCell.has(cellId);
  }

  /** Forgets every queued check (their verdicts are ignored). */
  clear(): void {
    this._byCell.clear();
  }

  private _byCell = new Map<string, IEarlyCheck[]>();
}

/**
 * Whether an early check judged the run the controller is about to judge:
 * the same source in the same, known, kernel process.
 */
export function earlyCheckMatches(
  check: Pick<IEarlyCheck, 'sourceHash' | 'session' | 'kernel'>,
  run: {
    sourceHash: string;
    session: string | null;
    kernel: Kernel.IKernelConnection | null;
  }
): boolean {
  return (
    check.session !== null &&
    check.session === run.session &&
    check.sourceHash === run.sourceHash &&
    check.kernel === run.kernel &&
    !check.kernel.isDisposed
  );
}
