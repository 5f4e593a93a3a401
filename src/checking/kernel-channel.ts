/**
 * The check engine's kernel traffic: one silent execute request per
 * evaluation, whose user expression carries the work. It owns its future and
 * turns everything a kernel can do meanwhile (stay busy with other cells,
 * loop forever, restart, die) into an outcome, never a hang.
 */
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import type { PartialJSONObject } from '@lumino/coreutils';
import type { CheckPhase } from './types';

/** How an evaluation ended. */
export type EvaluationOutcome =
  /** The expression was evaluated: its MIME bundle. */
  | { kind: 'value'; bundle: PartialJSONObject }
  /** The expression raised (outside the harness's own error handling). */
  | { kind: 'expression-error'; message: string }
  /** It ran past its deadline; the kernel was interrupted. `bundle`: what it answered then, if it did. */
  | { kind: 'timeout'; bundle: PartialJSONObject | null }
  /** The caller's signal aborted it. */
  | { kind: 'cancelled' }
  /** The kernel dropped the request (a cell before it failed with stop_on_error). */
  | { kind: 'aborted' }
  /** It ran past its deadline and no answer came after the interrupt: the kernel is still busy. */
  | { kind: 'unresponsive' }
  | { kind: 'kernel-restarted' }
  | { kind: 'kernel-dead' };

export interface ISilentOptions {
  /** Budget once the request runs, in ms. */
  deadlineMs: number;
  /** How long to wait for an answer after interrupting (default 5000 ms). */
  graceMs?: number;
  signal?: AbortSignal;
  onStatus?: (phase: CheckPhase) => void;
}

/** Without our request's `busy` by then, it waits behind other requests. */
const WAITING_AFTER_MS = 150;

/** Key of the user expression in the request. */
const EXPRESSION_KEY = 'mltutor';

/** Kernel statuses that mean the kernel went away under the request. */
const RESTART_STATUSES: ReadonlyArray<KernelMessage.Status> = [
  'restarting',
  'autorestarting'
];

/**
 * Evaluates `expression` in the kernel's namespace with a silent request
 * (`silent`, no history, no stdin, `stop_on_error: false`, empty code: no
 * execution count, no `In`/`Out`/`_`, no pre/post-execute hooks).
 */
export function evaluateSilently(
  kernel: Kernel.IKernelConnection,
  expression: string,
  options: ISilentOptions
): Promise<EvaluationOutcome> {
  return new SilentEvaluation(kernel, expression, options).run();
}

class SilentEvaluation {
  constructor(
    private readonly _kernel: Kernel.IKernelConnection,
    private readonly _expression: string,
    private readonly _options: ISilentOptions
  ) {}

  run(): Promise<EvaluationOutcome> {
    return new Promise<EvaluationOutcome>(resolve => {
      this._resolve = resolve;
      this._start();
    });
  }

  private _start(): void {
    const kernel = this._kernel;
    if (kernel.isDisposed || kernel.status === 'dead') {
      return this._settle({ kind: 'kernel-dead' });
    }
    if (this._options.signal?.aborted) {
      return this._settle({ kind: 'cancelled' });
    }
    kernel.statusChanged.connect(this._onKernelStatus, this);
    kernel.disposed.connect(this._onKernelDisposed, this);
    this._options.signal?.addEventListener('abort', this._onAbort);
    if (kernel.status !== 'idle') {
      this._setPhase('waiting');
    } else {
      // The kernel may have a request of another client ahead of ours.
      this._waitingTimer = setTimeout(
        () => this._setPhase('waiting'),
        WAITING_AFTER_MS
      );
    }
    try {
      this._future = kernel.requestExecute(
        {
          code: '',
          silent: true,
          store_history: false,
          allow_stdin: false,
          stop_on_error: false,
          user_expressions: { [EXPRESSION_KEY]: this._expression }
        },
        true
      );
    } catch {
      return this._settle({ kind: 'kernel-dead' });
    }
    this._future.onIOPub = message => this._onIOPub(message);
    this._future.done.then(
      reply => this._onReply(reply.content),
      () => this._onFutureCancelled()
    );
  }

  private _onIOPub(message: KernelMessage.IIOPubMessage): void {
    if (
      message.header.msg_type === 'status' &&
      (message as KernelMessage.IStatusMsg).content.execution_state === 'busy'
    ) {
      this._startRunning();
    }
  }

  /** Our own `busy` arrived: the kernel runs the request now; the deadline starts. */
  private _startRunning(): void {
    if (this._waitingTimer !== null) {
      clearTimeout(this._waitingTimer);
      this._waitingTimer = null;
    }
    this._setPhase('running');
    if (this._deadline === null && !this._settled) {
      this._deadline = setTimeout(
        () => this._onDeadline(),
        this._options.deadlineMs
      );
    }
  }

  private _setPhase(phase: CheckPhase): void {
    if (this._phase !== phase && !this._settled) {
      this._phase = phase;
      this._options.onStatus?.(phase);
    }
  }

  private _onReply(content: KernelMessage.IExecuteReplyMsg['content']): void {
    if (content.status === 'aborted') {
      return this._settle(
        this._timedOut ? { kind: 'timeout', bundle: null } : { kind: 'aborted' }
      );
    }
    if (content.status !== 'ok') {
      const error = content as KernelMessage.IReplyErrorContent;
      return this._settle(
        this._timedOut
          ? { kind: 'timeout', bundle: null }
          : {
              kind: 'expression-error',
              message: `${error.ename}: ${error.evalue}`
            }
      );
    }
    const result = content.user_expressions[EXPRESSION_KEY] as
      PartialJSONObject | undefined;
    if (result?.status === 'ok') {
      const bundle = (result.data ?? {}) as PartialJSONObject;
      return this._settle(
        this._timedOut ? { kind: 'timeout', bundle } : { kind: 'value', bundle }
      );
    }
    this._settle(
      this._timedOut
        ? { kind: 'timeout', bundle: null }
        : {
            kind: 'expression-error',
            message: `${String(result?.ename)}: ${String(result?.evalue)}`
          }
    );
  }

  /** The future was cancelled: the connection cleared it on a restart, or was disposed. */
  private _onFutureCancelled(): void {
    const kernel = this._kernel;
    this._settle(
      kernel.isDisposed || kernel.status === 'dead'
        ? { kind: 'kernel-dead' }
        : { kind: 'kernel-restarted' }
    );
  }

  private _onKernelStatus(
    _: Kernel.IKernelConnection,
    status: KernelMessage.Status
  ): void {
    if (status === 'dead') {
      this._settle({ kind: 'kernel-dead' });
    } else if (
      RESTART_STATUSES.includes(status) ||
      (status === 'starting' && this._sawActivity)
    ) {
      this._settle({ kind: 'kernel-restarted' });
    } else if (status === 'busy' || status === 'idle') {
      this._sawActivity = true;
    }
  }

  private _onKernelDisposed(): void {
    this._settle({ kind: 'kernel-dead' });
  }

  private _onAbort = (): void => {
    if (this._phase === 'running' && !this._settled) {
      void this._kernel.interrupt().catch(() => undefined);
    }
    this._settle({ kind: 'cancelled' });
  };

  private _onDeadline(): void {
    this._timedOut = true;
    void this._kernel.interrupt().catch(() => undefined);
    this._grace = setTimeout(
      () => this._settle({ kind: 'unresponsive' }),
      this._options.graceMs ?? 5000
    );
  }

  private _settle(outcome: EvaluationOutcome): void {
    if (this._settled) {
      return;
    }
    this._settled = true;
    if (this._deadline !== null) {
      clearTimeout(this._deadline);
    }
    if (this._grace !== null) {
      clearTimeout(this._grace);
    }
    if (this._waitingTimer !== null) {
      clearTimeout(this._waitingTimer);
    }
    this._options.signal?.removeEventListener('abort', this._onAbort);
    this._kernel.statusChanged.disconnect(this._onKernelStatus, this);
    this._kernel.disposed.disconnect(this._onKernelDisposed, this);
    if (this._future && !this._future.isDisposed) {
      this._future.dispose();
    }
    this._resolve(outcome);
  }

  private _resolve: (outcome: EvaluationOutcome) => void = () => undefined;
  private _future: Kernel.IShellFuture<
    KernelMessage.IExecuteRequestMsg,
    KernelMessage.IExecuteReplyMsg
  > | null = null;
  private _phase: CheckPhase | null = null;
  private _deadline: ReturnType<typeof setTimeout> | null = null;
  private _grace: ReturnType<typeof setTimeout> | null = null;
  private _waitingTimer: ReturnType<typeof setTimeout> | null = null;
  private _timedOut = false;
  private _settled = false;
  private _sawActivity = false;
}
