/**
 * Kernels without a Jupyter server, for `mltutor check` and `mltutor grade`:
 * `kernel_host.py` (jupyter_client, plus the server's kernel websocket and
 * kernel REST calls) on a free local port, and kernels on it connected
 * through `@jupyterlab/services`' KernelConnection as on a server. A kernel
 * asked for at start boots while the caller goes on (reading packs,
 * preparing its folder); shutting a kernel down kills it at once.
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import {
  Kernel,
  KernelConnection,
  ServerConnection
} from '@jupyterlab/services';
import { freePort } from './free-port';
import {
  keepLog,
  kernelEnvironment,
  kernelReady,
  localSettings
} from './local-process';
import { pythonExecutable } from './jupyter-server';
import hostSource from './kernel_host.py';

/** What check, grade and verify need from wherever their kernels run. */
export interface IKernelService {
  /** Starts a kernel whose working directory is `dir` (relative to the root), and connects to it. */
  startKernel(dir?: string): Promise<Kernel.IKernelConnection>;
  /** Shuts a kernel down and closes its connection. */
  stopKernel(kernel: Kernel.IKernelConnection): Promise<void>;
  /** Stops every kernel, and the service. */
  stop(): Promise<void>;
}

export interface IKernelHostOptions {
  /** Folders (relative to the root) to start one kernel in each, at once. */
  prestart?: ReadonlyArray<string>;
  /** How long the host may take to listen, ms. */
  timeoutMs?: number;
}

/** How long a kernel may take to start and answer its first request. */
const KERNEL_READY_MS = 60000;

/** How long the host may take to exit once told to stop, before it is killed. */
const STOP_GRACE_MS = 3000;

/** A running kernel host. */
export class KernelHost implements IKernelService {
  private constructor(
    readonly settings: ServerConnection.ISettings,
    private readonly _process: ChildProcess,
    private readonly _log: string[],
    private readonly _prestarted: Map<string, string[]>
  ) {
    _process.once('exit', () => {
      // The kernels went with the host: their connections end now, not at a reconnect timeout.
      for (const kernel of [...this._kernels.keys()]) {
        this._kernels.delete(kernel);
        kernel.dispose();
      }
    });
  }

  /**
   * Starts the host serving kernels under `rootDir`, and the kernels of
   * `prestart`; resolves once it listens (the kernels may still be booting),
   * rejects with its log when it does not come up.
   */
  static async start(
    rootDir: string,
    options: IKernelHostOptions = {}
  ): Promise<KernelHost> {
    const port = await freePort();
    const token = randomBytes(16).toString('hex');
    const prestarted = new Map<string, string[]>();
    const startArgs: string[] = [];
    for (const dir of options.prestart ?? []) {
      const id = randomBytes(16).toString('hex');
      prestarted.set(dir, [...(prestarted.get(dir) ?? []), id]);
      startArgs.push('--start', `${id}=${dir}`);
    }
    const child = spawn(
      pythonExecutable(),
      [
        '-c',
        hostSource,
        '--port',
        String(port),
        '--root',
        rootDir,
        ...startArgs
      ],
      {
        env: kernelEnvironment({ MLTUTOR_HOST_TOKEN: token }),
        // stdin stays open while we live: the host stops when it closes.
        stdio: ['pipe', 'pipe', 'pipe']
      }
    );
    const log = keepLog(child, ['stderr']);
    const host = new KernelHost(
      localSettings(port, token),
      child,
      log,
      prestarted
    );
    await host._listening(options.timeoutMs ?? 60000);
    // Its stdout is read by _listening until it listens; kept only after.
    keepLog(child, ['stdout'], log);
    return host;
  }

  /** The last lines the host and its kernels wrote. */
  get log(): string {
    return this._log.join('');
  }

  async startKernel(
    dir = '',
    name = 'python3'
  ): Promise<Kernel.IKernelConnection> {
    const waiting = this._prestarted.get(dir);
    const id = name === 'python3' ? waiting?.shift() : undefined;
    const model: Kernel.IModel = id
      ? { id, name }
      : await this._request<Kernel.IModel>('api/kernels', 201, {
          method: 'POST',
          body: JSON.stringify({ name, path: dir })
        });
    const kernel = new KernelConnection({
      model,
      serverSettings: this.settings
    });
    this._kernels.set(kernel, model.id);
    try {
      await kernelReady(kernel, KERNEL_READY_MS, () => this.log);
    } catch (error) {
      await this.stopKernel(kernel);
      throw error;
    }
    return kernel;
  }

  async stopKernel(kernel: Kernel.IKernelConnection): Promise<void> {
    const id = this._kernels.get(kernel);
    this._kernels.delete(kernel);
    kernel.dispose();
    if (id && this._process.exitCode === null) {
      await this._request(`api/kernels/${id}`, 204, {
        method: 'DELETE'
      }).catch(() => undefined);
    }
  }

  /** Kills every kernel and stops the host, without waiting for kernels to shut down gracefully. */
  async stop(): Promise<void> {
    for (const kernel of [...this._kernels.keys()]) {
      this._kernels.delete(kernel);
      kernel.dispose();
    }
    if (this._process.exitCode !== null || this._process.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>(resolve =>
      this._process.once('exit', () => resolve())
    );
    this._process.kill('SIGTERM');
    const timer = setTimeout(
      () => this._process.kill('SIGKILL'),
      STOP_GRACE_MS
    );
    await exited;
    clearTimeout(timer);
  }

  /** Resolves on the host's "listening" line; rejects when it exits or stays silent. */
  private _listening(timeoutMs: number): Promise<void> {
    const child = this._process;
    return new Promise<void>((resolve, reject) => {
      let seen = '';
      const fail = (why: string): void => {
        cleanup();
        child.kill('SIGKILL');
        reject(new Error(`the kernel host ${why}:\n${this.log}`));
      };
      const onData = (chunk: Buffer): void => {
        seen += chunk.toString();
        if (seen.includes('"listening"')) {
          cleanup();
          resolve();
        }
      };
      const onExit = (code: number | null): void =>
        fail(`exited (${String(code)})`);
      const timer = setTimeout(
        () => fail(`did not listen within ${timeoutMs / 1000} s`),
        timeoutMs
      );
      const cleanup = (): void => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
      };
      child.stdout?.on('data', onData);
      child.once('exit', onExit);
    });
  }

  private async _request<T>(
    route: string,
    expected: number,
    init: RequestInit
  ): Promise<T> {
    const response = await ServerConnection.makeRequest(
      `${this.settings.baseUrl}${route}`,
      init,
      this.settings
    );
    if (response.status !== expected) {
      throw new Error(
        `the kernel host answered ${response.status} to ${init.method ?? 'GET'} ${route}: ${await response.text()}`
      );
    }
    return (expected === 204 ? undefined : await response.json()) as T;
  }

  private _kernels = new Map<Kernel.IKernelConnection, string>();
}
