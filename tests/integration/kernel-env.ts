/**
 * Shared helper of the integration tests: a real Jupyter server and ipykernel
 * (Debian's), driven through @jupyterlab/services, and small helpers to run
 * cells and check them with the engine.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { IOutput } from '@jupyterlab/nbformat';
import type { Kernel } from '@jupyterlab/services';
import type {
  Check,
  ICheckedCell,
  IExerciseSpec
} from '../../src/catalog/format';
import { JupyterServer } from '../../src/cli/jupyter-server';
import { CheckEngine, executeCell } from '../../src/checking';
import type { ICellCheckRequest, ICellVerdict } from '../../src/checking';

/** A server with a temporary root, started once per test file. */
export class KernelEnv {
  server!: JupyterServer;
  root = '';
  readonly engine = new CheckEngine({ graceMs: 5000 });

  async start(): Promise<void> {
    this.root = mkdtempSync(join(tmpdir(), 'mltutor-it-'));
    this.server = await JupyterServer.start(this.root);
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    rmSync(this.root, { recursive: true, force: true });
  }

  startKernel(dir = ''): Promise<Kernel.IKernelConnection> {
    return this.server.startKernel(dir);
  }
}

/** Runs a cell as a notebook would; throws when it errors, unless `allowError`. */
export async function run(
  kernel: Kernel.IKernelConnection,
  source: string,
  allowError = false
): Promise<IOutput[]> {
  const result = await executeCell(kernel, source, 120000);
  if (result.status !== 'ok' && !allowError) {
    throw new Error(
      `cell failed (${result.status}): ${JSON.stringify(result.outputs).slice(0, 800)}`
    );
  }
  return result.outputs;
}

/** An exercise around one checked cell with these checks. */
export function exerciseWith(
  checks: Check[],
  cell = 'answer'
): { exercise: IExerciseSpec; cell: ICheckedCell } {
  const checked: ICheckedCell = {
    cell,
    checks,
    hints: ['a', 'b'],
    solution: 'pass',
    wrong_answers: [{ code: 'pass', fails: checks[0].id }]
  };
  const exercise: IExerciseSpec = {
    schema: 1,
    id: 'test-exercise',
    title: 'Test',
    topic: 'data',
    difficulty: 'beginner',
    statement: 'Test.',
    notebook: 'test.ipynb',
    cells: [checked]
  };
  return { exercise, cell: checked };
}

/** Checks `checks` against the kernel (and `outputs` for output checks). */
export function check(
  env: KernelEnv,
  kernel: Kernel.IKernelConnection,
  checks: Check[],
  outputs: IOutput[] = [],
  extra: Partial<ICellCheckRequest> = {}
): Promise<ICellVerdict> {
  return env.engine.checkCell({
    ...exerciseWith(checks),
    outputs,
    kernel,
    ...extra
  });
}

/** Statuses of the criteria, by check id: what most assertions look at. */
export function statuses(verdict: ICellVerdict): Record<string, string> {
  return Object.fromEntries(verdict.criteria.map(c => [c.checkId, c.status]));
}
