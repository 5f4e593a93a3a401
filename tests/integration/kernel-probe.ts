/**
 * Test-side probes of a kernel that do not go through the engine: the
 * learner-visible state, read by a silent user expression that binds nothing.
 */
import type { Kernel } from '@jupyterlab/services';
import { executeCell, ICellExecution } from '../../src/checking';

/** Names, value digests, In, Out keys, `_` and the execution count of the user namespace. */
export interface IKernelState {
  names: string[];
  digests: Record<string, string>;
  inputs: string[];
  outputKeys: number[];
  underscore: string;
  count: number;
}

const STATE_EXPRESSION = `(lambda ip, pickle, hashlib, data: type('State', (), {'_repr_mimebundle_': lambda self, include=None, exclude=None: {'application/x-state+json': data(ip, pickle, hashlib)}})())(get_ipython(), __import__('pickle'), __import__('hashlib'), lambda ip, pickle, hashlib: {
  'names': sorted(ip.user_ns),
  'digests': {k: (lambda v: repr(v) if callable(v) or type(v).__name__ == 'module' else hashlib.md5(pickle.dumps(v)).hexdigest())(v)
              for k, v in ip.user_ns.items()
              if k not in ('In', 'Out', 'get_ipython', 'exit', 'quit', '__builtins__', '__builtin__')},
  'inputs': list(ip.user_ns['In']),
  'outputKeys': sorted(ip.user_ns['Out']),
  'underscore': repr(ip.user_ns.get('_')),
  'count': ip.execution_count,
})`;

export async function readState(
  kernel: Kernel.IKernelConnection
): Promise<IKernelState> {
  const reply = await kernel.requestExecute({
    code: '',
    silent: true,
    store_history: false,
    user_expressions: { state: STATE_EXPRESSION }
  }).done;
  const content = reply.content as {
    user_expressions?: Record<
      string,
      { status: string; data?: Record<string, unknown>; evalue?: string }
    >;
  };
  const state = content.user_expressions?.state;
  const data = state?.data?.['application/x-state+json'];
  if (state?.status !== 'ok' || !data) {
    throw new Error(
      `could not read the kernel state: ${JSON.stringify(state)}`
    );
  }
  return data as unknown as IKernelState;
}

/** Starts a cell without waiting for it. */
export function startCell(
  kernel: Kernel.IKernelConnection,
  source: string
): Promise<ICellExecution> {
  return executeCell(kernel, source, 60000);
}

/** Resolves when the kernel reports `busy` (a cell started). */
export function kernelBusy(kernel: Kernel.IKernelConnection): Promise<void> {
  if (kernel.status === 'busy') {
    return Promise.resolve();
  }
  return new Promise(resolve => {
    const onStatus = (_: Kernel.IKernelConnection, status: string): void => {
      if (status === 'busy') {
        kernel.statusChanged.disconnect(onStatus);
        resolve();
      }
    };
    kernel.statusChanged.connect(onStatus);
  });
}
