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
  /** `ok`, `error` (the cell raised), `timeout` (interrupted), or the kernel went away. */
  status: 'ok' | 'error' | 'timeout' | 'kernel-restarted' | 'kernel-dead';
  outputs: IOutput[];
  executionCount: number | null;
}

/** Runs `source` in `kernel`; interrupts it after `timeoutMs`. */
export async function executeCell(
  kernel: Kernel.IKernelConnection,
  source: string,
  timeoutMs = 600000
): Promise<ICellExecution> {
  const collector = new OutputCollector();
  const future = kernel.requestExecute(
    {
      code: source,
      silent: false,
      store_history: true,
      allow_stdin: false,
      stop_on_error: true
    },
    true
  );
  future.onIOPub = message => collector.add(message);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void kernel.interrupt().catch(() => undefined);
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
      status: wentAway ?? 'kernel-dead',
      outputs: collector.outputs,
      executionCount: null
    };
  } finally {
    clearTimeout(timer);
    kernel.statusChanged.disconnect(onStatus);
  }
}
