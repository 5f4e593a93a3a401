/**
 * What the two local kernel services (`jupyter-server.ts`, `kernel-host.ts`)
 * share: the kernels' environment, the last lines a child wrote, the
 * connection settings for a token-protected service on 127.0.0.1, and the
 * bounded wait for a new kernel's first answer.
 */
import type { ChildProcess } from 'child_process';
import type { Kernel, KernelMessage } from '@jupyterlab/services';
import { ServerConnection } from '@jupyterlab/services';
import WebSocket from 'ws';

/** The environment of a service and its kernels: `extra` over ours. */
export function kernelEnvironment(
  extra: NodeJS.ProcessEnv = {}
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // Plotly figures as their MIME bundle, which the checks read.
    PLOTLY_RENDERER: 'plotly_mimetype',
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
    ...extra
  };
}

/** Keeps the last 200 chunks `child` writes on `streams`, for error messages. */
export function keepLog(
  child: ChildProcess,
  streams: ReadonlyArray<'stdout' | 'stderr'>,
  log: string[] = []
): string[] {
  for (const name of streams) {
    child[name]?.on('data', (chunk: Buffer) => {
      log.push(chunk.toString());
      log.splice(0, Math.max(0, log.length - 200));
    });
  }
  return log;
}

/** Settings for `@jupyterlab/services` against a local service, `ws` as WebSocket. */
export function localSettings(
  port: number,
  token: string
): ServerConnection.ISettings {
  return ServerConnection.makeSettings({
    baseUrl: `http://127.0.0.1:${port}/`,
    wsUrl: `ws://127.0.0.1:${port}/`,
    token,
    appendToken: true,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket
  });
}

/**
 * Resolves with a new kernel's first answer; rejects when it dies or stays
 * silent for `timeoutMs` (a kernel that never answers must not hang its caller),
 * with the service's last lines from `log`.
 */
export function kernelReady(
  kernel: Kernel.IKernelConnection,
  timeoutMs: number,
  log: () => string
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        settle(
          new Error(
            `the kernel did not start within ${timeoutMs / 1000} s:\n${log()}`
          )
        ),
      timeoutMs
    );
    const onStatus = (
      _: Kernel.IKernelConnection,
      status: KernelMessage.Status
    ): void => {
      if (status === 'dead') {
        settle(new Error(`the kernel died as it started:\n${log()}`));
      }
    };
    const settle = (error?: Error): void => {
      clearTimeout(timer);
      kernel.statusChanged.disconnect(onStatus);
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    };
    kernel.statusChanged.connect(onStatus);
    kernel.info.then(
      () => settle(),
      () => settle(new Error(`the kernel did not start:\n${log()}`))
    );
  });
}
