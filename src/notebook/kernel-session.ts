/**
 * The identity of the kernel process a notebook talks to: the session id
 * the kernel puts in the header of every message it sends. A restart starts a
 * new process with a new id, which the kernel connection's own id does not
 * show; so verdicts tied to it turn stale on a restart, and stay current
 * across a page reload that reconnects to the same kernel.
 */
import type { ISessionContext } from '@jupyterlab/apputils';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import { ISignal, Signal } from '@lumino/signaling';

export class KernelSessionTracker {
  constructor(private readonly _context: ISessionContext) {
    _context.kernelChanged.connect(this._onKernelChanged, this);
    void _context.ready.then(() =>
      this._watch(_context.session?.kernel ?? null)
    );
  }

  /** The current kernel process's session id; null when there is none or it is not known yet. */
  get current(): string | null {
    return this._current;
  }

  /** Emitted when `current` changes. */
  get changed(): ISignal<this, string | null> {
    return this._changed;
  }

  /** Resolves with the current session id, asking the kernel when it is not known. */
  async resolve(): Promise<string | null> {
    if (this._current === null && this._kernel && !this._kernel.isDisposed) {
      await this._ask(this._kernel);
    }
    return this._current;
  }

  dispose(): void {
    this._context.kernelChanged.disconnect(this._onKernelChanged, this);
    this._watch(null);
    Signal.clearData(this);
  }

  private _onKernelChanged(
    _: ISessionContext,
    change: { newValue: Kernel.IKernelConnection | null }
  ): void {
    this._watch(change.newValue);
  }

  private _watch(kernel: Kernel.IKernelConnection | null): void {
    if (this._kernel) {
      this._kernel.statusChanged.disconnect(this._onStatus, this);
      this._kernel.iopubMessage.disconnect(this._onIOPub, this);
    }
    this._kernel = kernel;
    this._set(null);
    if (kernel) {
      kernel.statusChanged.connect(this._onStatus, this);
      kernel.iopubMessage.connect(this._onIOPub, this);
      void this._ask(kernel);
    }
  }

  private _onStatus(
    kernel: Kernel.IKernelConnection,
    status: KernelMessage.Status
  ): void {
    if (
      status === 'restarting' ||
      status === 'autorestarting' ||
      status === 'dead' ||
      status === 'starting'
    ) {
      this._set(null);
    } else if (status === 'idle' && this._current === null) {
      void this._ask(kernel);
    }
  }

  private _onIOPub(
    _: Kernel.IKernelConnection,
    message: KernelMessage.IIOPubMessage
  ): void {
    // Status messages of a dying process may still arrive: trust only a busy/idle/output.
    if (message.header.session && this._kernel?.status !== 'restarting') {
      this._set(message.header.session);
    }
  }

  private async _ask(kernel: Kernel.IKernelConnection): Promise<void> {
    try {
      const reply = await kernel.requestKernelInfo();
      if (reply && kernel === this._kernel) {
        this._set(reply.header.session);
      }
    } catch {
      // The kernel went away: stays unknown until it answers.
    }
  }

  private _set(session: string | null): void {
    if (session !== this._current) {
      this._current = session;
      this._changed.emit(session);
    }
  }

  private _changed = new Signal<this, string | null>(this);
  private _current: string | null = null;
  private _kernel: Kernel.IKernelConnection | null = null;
}

/** Resolves once `kernel` is idle or gone (a moment later when it is already). */
export function kernelIdle(
  kernel: Kernel.IKernelConnection | null | undefined
): Promise<void> {
  if (!kernel || kernel.isDisposed || kernel.status === 'idle') {
    return new Promise(resolve => setTimeout(resolve, 50));
  }
  return new Promise(resolve => {
    const onStatus = (_: unknown, status: string): void => {
      if (status === 'idle' || status === 'dead') {
        kernel.statusChanged.disconnect(onStatus);
        resolve();
      }
    };
    kernel.statusChanged.connect(onStatus);
  });
}
