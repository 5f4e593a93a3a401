/**
 * A private Jupyter server (Debian's jupyter_server) on a free local port, for
 * `mltutor verify`, `mltutor check` and the integration tests; and kernels on
 * it, connected through `@jupyterlab/services` with `ws` as WebSocket.
 */
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync } from 'fs';
import {
  Kernel,
  KernelConnection,
  ServerConnection,
  SessionAPI
} from '@jupyterlab/services';
import { freePort } from './free-port';
import {
  keepLog,
  kernelEnvironment,
  kernelReady,
  localSettings
} from './local-process';
import launcherSource from './server_launcher.py';

/** The Python that runs the server and kernels: $MLTUTOR_PYTHON, else Debian's, else `python3`. */
export function pythonExecutable(): string {
  return (
    process.env.MLTUTOR_PYTHON ||
    (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3')
  );
}

const delay = (ms: number): Promise<void> =>
  new Promise(resolve => setTimeout(resolve, ms));

/** A running server. */
/** How long a kernel may take to start and answer its first request. */
const KERNEL_READY_MS = 60000;

export class JupyterServer {
  private constructor(
    readonly settings: ServerConnection.ISettings,
    private readonly _process: ChildProcess,
    private readonly _log: string[]
  ) {}

  /**
   * Starts a server serving `rootDir`; rejects with its log when it does not
   * come up. `extraArgs`: more `--ServerApp.*` settings (tests use them to
   * lower the output rate limits).
   */
  static async start(
    rootDir: string,
    timeoutMs = 60000,
    extraArgs: ReadonlyArray<string> = []
  ): Promise<JupyterServer> {
    const port = await freePort();
    const token = randomBytes(16).toString('hex');
    const child = spawn(
      pythonExecutable(),
      [
        '-c',
        launcherSource,
        '--ServerApp.ip=127.0.0.1',
        `--ServerApp.port=${port}`,
        '--ServerApp.port_retries=0',
        `--ServerApp.token=${token}`,
        '--ServerApp.open_browser=False',
        `--ServerApp.root_dir=${rootDir}`,
        '--allow-root',
        ...extraArgs
      ],
      {
        env: kernelEnvironment(),
        stdio: ['ignore', 'pipe', 'pipe']
      }
    );
    const log = keepLog(child, ['stdout', 'stderr']);
    const settings = localSettings(port, token);
    const server = new JupyterServer(settings, child, log);
    await server._waitReady(timeoutMs);
    return server;
  }

  /** The last lines the server wrote. */
  get log(): string {
    return this._log.join('');
  }

  /**
   * Starts a kernel whose working directory is `dir` (relative to the root), and
   * connects to it; rejects (and shuts it down) when it has not answered in `readyMs`.
   */
  async startKernel(
    dir = '',
    name = 'python3',
    readyMs = KERNEL_READY_MS
  ): Promise<Kernel.IKernelConnection> {
    const path = dir
      ? `${dir}/mltutor-${randomBytes(4).toString('hex')}.ipynb`
      : `mltutor-${randomBytes(4).toString('hex')}.ipynb`;
    const session = await SessionAPI.startSession(
      { path, name: path, type: 'notebook', kernel: { name } },
      this.settings
    );
    if (!session.kernel) {
      throw new Error('the server started a session without a kernel');
    }
    const kernel = new KernelConnection({
      model: session.kernel,
      serverSettings: this.settings
    });
    this._sessions.set(kernel, session.id);
    try {
      await kernelReady(kernel, readyMs, () => this.log);
    } catch (error) {
      await this.stopKernel(kernel);
      throw error;
    }
    return kernel;
  }

  /** Shuts a kernel down and closes its connection. */
  async stopKernel(kernel: Kernel.IKernelConnection): Promise<void> {
    const session = this._sessions.get(kernel);
    this._sessions.delete(kernel);
    kernel.dispose();
    if (session) {
      await SessionAPI.shutdownSession(session, this.settings).catch(
        () => undefined
      );
    }
  }

  /** Shuts every kernel down and stops the server. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this._sessions.keys()].map(kernel => this.stopKernel(kernel))
    );
    if (this._process.exitCode !== null) {
      return;
    }
    const exited = new Promise<void>(resolve =>
      this._process.once('exit', () => resolve())
    );
    this._process.kill('SIGTERM');
    const timer = setTimeout(() => this._process.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  private async _waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this._process.exitCode !== null) {
        throw new Error(
          `the Jupyter server exited (${this._process.exitCode}):\n${this.log}`
        );
      }
      try {
        const response = await ServerConnection.makeRequest(
          `${this.settings.baseUrl}api/status`,
          {},
          this.settings
        );
        if (response.ok) {
          return;
        }
      } catch {
        // not listening yet
      }
      await delay(100);
    }
    this._process.kill('SIGKILL');
    throw new Error(
      `the Jupyter server did not start within ${timeoutMs / 1000} s:\n${this.log}`
    );
  }

  private _sessions = new Map<Kernel.IKernelConnection, string>();
}

/**
 * @jupyterlab/services logs websocket and kernel status chatter to the
 * console; the CLI's output is its report, so it goes silent.
 */
export function silenceServicesLogging(): void {
  const quiet = (): void => undefined;
  Object.assign(console, {
    debug: quiet,
    info: quiet,
    log: quiet,
    warn: quiet
  });
}
