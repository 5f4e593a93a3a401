/**
 * Runs one notebook cell the way a notebook does (not silent, with history),
 * collecting its outputs as nbformat outputs from IOPub. Used by `mltutor
 * verify` / `mltutor check` and the integration tests; in the extension the
 * notebook runs cells itself.
 */
import type { IOutput } from '@jupyterlab/nbformat';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import { OutputCollector } from './output-collector';

/** The result of running a cell. */
export interface ICellExecution {
  /**
   * `ok`, `error` (the cell raised), `timeout` (interrupted), the kernel went
   * away, or `kernel-unresponsive`: it ran past its budget and did not stop
   * when interrupted (it is still busy; only a restart ends it).
   */
  status:
    | 'ok'
    | 'error'
    | 'timeout'
    | 'kernel-restarted'
    | 'kernel-dead'
    | 'kernel-unresponsive';
  outputs: IOutput[];
  executionCount: number | null;
}

/** How long a cell may go on after its interrupt before the kernel counts as unresponsive. */
export const CELL_GRACE_MS = 5000;

/**
 * Runs `source` in `kernel`; interrupts it after `timeoutMs`, and gives up
 * `graceMs` later when the kernel ignores the interrupt, so that nothing
 * waits for ever on a kernel that swallows `KeyboardInterrupt`.
 */
export async function executeCell(
  kernel: Kernel.IKernelConnection,
  source: string,
  timeoutMs = 600000,
  graceMs = CELL_GRACE_MS
): Promise<ICellExecution> {
  const collector = new OutputCollector();
  let future: Kernel.IShellFuture<
    KernelMessage.IExecuteRequestMsg,
    KernelMessage.IExecuteReplyMsg
  >;
  try {
    future = kernel.requestExecute(
      {
        code: source,
        silent: false,
        store_history: true,
        allow_stdin: false,
        stop_on_error: true
      },
      true
    );
  } catch {
    // A disposed or dead connection refuses new requests.
    return { status: 'kernel-dead', outputs: [], executionCount: null };
  }
  future.onIOPub = message => collector.add(message);
  let timedOut = false;
  let unresponsive = false;
  let grace: ReturnType<typeof setTimeout> | null = null;
  const timer = setTimeout(() => {
    timedOut = true;
    void kernel.interrupt().catch(() => undefined);
    grace = setTimeout(() => {
      unresponsive = true;
      future.dispose();
    }, graceMs);
  }, timeoutMs);
  let wentAway: ICellExecution['status'] | null = null;
  const onStatus = (
    _: Kernel.IKernelConnection,
    status: KernelMessage.Status
  ): void => {
    if (
      status === 'dead' ||
      status === 'restarting' ||
      status === 'autorestarting'
    ) {
      wentAway = status === 'dead' ? 'kernel-dead' : 'kernel-restarted';
      future.dispose();
    }
  };
  kernel.statusChanged.connect(onStatus);
  try {
    const reply = await future.done;
    const status =
      reply.content.status === 'ok' ? 'ok' : timedOut ? 'timeout' : 'error';
    return {
      status,
      outputs: collector.outputs,
      executionCount: reply.content.execution_count
    };
  } catch {
    return {
      status:
        wentAway ?? (unresponsive ? 'kernel-unresponsive' : 'kernel-dead'),
      outputs: collector.outputs,
      executionCount: null
    };
  } finally {
    clearTimeout(timer);
    if (grace !== null) {
      clearTimeout(grace);
    }
    kernel.statusChanged.disconnect(onStatus);
  }
}
