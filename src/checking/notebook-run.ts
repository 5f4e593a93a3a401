/**
 * Runs an exercise notebook top to bottom in a kernel and checks each checked
 * cell right after it runs: what `mltutor verify` and `mltutor check` share.
 */
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import type { Kernel } from '@jupyterlab/services';
import type { ICheckedCell, IExerciseSpec } from '../catalog/format';
import { cellInfos, locateCheckedCell } from '../catalog/notebook';
import { executeCell, ICellExecution } from './cell-execution';
import { DEFAULT_CHECK_TIMEOUT_MS } from './engine';
import type { ICellVerdict, ICheckEngine } from './types';
import { aggregate } from './verdict';

/**
 * The default budget of one kernel check, the same in the lab (its setting's
 * default) and the CLI; a check's own `timeout` wins.
 */
export { DEFAULT_CHECK_TIMEOUT_MS };

/** A checked cell after it ran and was checked. */
export interface ICheckedCellRun {
  cell: ICheckedCell;
  /** Index of the notebook cell. */
  index: number;
  execution: ICellExecution;
  verdict: ICellVerdict;
  /** True for a learner's copy of the checked cell (a later cell with the same tag). */
  copy?: boolean;
}

/**
 * What went wrong, for programs (exit codes, gradebooks): an unchecked cell
 * that raised or timed out; the kernel that went away (died, restarted, or
 * ignored an interrupt); the run's own time limit (see `runNotebookWithin`).
 */
export type CellProblemKind = 'cell-failed' | 'kernel-gone' | 'time-limit';

/** A cell that is not checked and did not run cleanly. */
export interface ICellProblem {
  index: number;
  message: string;
  kind: CellProblemKind;
}

export interface INotebookRun {
  checked: ICheckedCellRun[];
  /** Checked cells the notebook lacks (no tag, no id). */
  missing: Array<{ cell: ICheckedCell; message: string }>;
  /** Unchecked cells that raised or timed out, or a kernel that went away. */
  problems: ICellProblem[];
  /** True when the signal stopped the run before its end. */
  cancelled?: boolean;
}

/** Where a run is, for a progress bar: told before each code cell runs. */
export interface IRunProgress {
  /** Index of the notebook cell about to run. */
  index: number;
  /** Code cells run so far, and in all. */
  done: number;
  total: number;
}

export interface IRunOptions {
  kernel: Kernel.IKernelConnection;
  engine: ICheckEngine;
  exercise: IExerciseSpec;
  notebook: INotebookContent;
  /** Source to run instead of a checked cell's, by checked cell name. */
  sources?: ReadonlyMap<string, string>;
  /** Stop after this checked cell (its checks included). */
  stopAfter?: string;
  /** Stop at the first unchecked cell that fails (verify); else carry on (check). */
  stopOnProblem?: boolean;
  /** Budget of one cell run, ms. */
  cellTimeoutMs?: number;
  /** Budget of one kernel check, ms (default `DEFAULT_CHECK_TIMEOUT_MS`). */
  checkTimeoutMs?: number;
  /**
   * Aborting stops the run: the kernel is interrupted, the cell running and
   * its checks end, no later cell runs, and the result has `cancelled`.
   */
  signal?: AbortSignal;
  /** Told before each code cell runs. */
  onProgress?: (progress: IRunProgress) => void;
  /** Told after each checked cell (or copy) was checked. */
  onChecked?: (run: ICheckedCellRun) => void;
  /**
   * Awaited right before a checked cell runs, the cells above it having run:
   * `mltutor verify` judges recorded answers there, in forks of the kernel.
   */
  beforeChecked?: (cell: ICheckedCell, index: number) => Promise<void>;
}

function sourceOf(cell: ICell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

function describeFailure(execution: ICellExecution): string {
  const error = execution.outputs.find(
    output => output.output_type === 'error'
  );
  if (error) {
    return `raised ${String(error.ename)}: ${String(error.evalue)}`;
  }
  return execution.status === 'timeout'
    ? 'did not finish in time'
    : execution.status;
}

/**
 * A check never passes for a cell that did not run to the end (a check of
 * what a raising cell left behind may pass for doing nothing): those turn to
 * `fail`, saying why.
 */
export function unjudgedWhenRaised(
  verdict: ICellVerdict,
  execution: ICellExecution
): ICellVerdict {
  if (execution.status === 'ok') {
    return verdict;
  }
  const why = `Not judged: the cell ${describeFailure(execution)} before it finished.`;
  const criteria = verdict.criteria.map(item =>
    item.status === 'pass'
      ? { ...item, status: 'fail' as const, message: why }
      : item
  );
  const judged = aggregate(criteria, verdict.elapsedMs, verdict.cancelled);
  return { ...judged, message: `${why} ${judged.message}` };
}

/** Runs the notebook's code cells in order, checking checked cells as they run. */
export async function runNotebook(options: IRunOptions): Promise<INotebookRun> {
  const { kernel, engine, exercise, notebook, signal } = options;
  const byIndex = new Map<number, ICheckedCell>();
  const copies = new Set<number>();
  const run: INotebookRun = { checked: [], missing: [], problems: [] };
  const infos = cellInfos(notebook);
  for (const cell of exercise.cells) {
    const found = locateCheckedCell(infos, cell.cell);
    if (found.indices.length === 0) {
      run.missing.push({ cell, message: found.reason });
    }
    found.indices.forEach((index, n) => {
      byIndex.set(index, cell);
      if (n > 0) {
        copies.add(index);
      }
    });
  }
  const total = notebook.cells.filter(cell => cell.cell_type === 'code').length;
  let done = 0;
  const onAbort = (): void => void kernel.interrupt().catch(() => undefined);
  signal?.addEventListener('abort', onAbort);
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== 'code') {
        continue;
      }
      if (signal?.aborted) {
        run.cancelled = true;
        break;
      }
      options.onProgress?.({ index, done, total });
      done += 1;
      const checked = byIndex.get(index);
      if (checked && options.beforeChecked) {
        await options.beforeChecked(checked, index);
      }
      const source =
        (checked && options.sources?.get(checked.cell)) ?? sourceOf(cell);
      const execution = await executeCell(
        kernel,
        source,
        options.cellTimeoutMs
      );
      if (signal?.aborted) {
        run.cancelled = true;
        break;
      }
      if (
        execution.status === 'kernel-dead' ||
        execution.status === 'kernel-restarted' ||
        execution.status === 'kernel-unresponsive'
      ) {
        run.problems.push({
          index,
          kind: 'kernel-gone',
          message:
            execution.status === 'kernel-unresponsive'
              ? `cell ${index} did not stop when interrupted: the kernel is unresponsive`
              : `the kernel went away while cell ${index} ran (${execution.status})`
        });
        break;
      }
      if (!checked) {
        if (execution.status !== 'ok') {
          run.problems.push({
            index,
            kind: 'cell-failed',
            message: `cell ${index} ${describeFailure(execution)}`
          });
          if (options.stopOnProblem) {
            break;
          }
        }
        continue;
      }
      const verdict = unjudgedWhenRaised(
        await engine.checkCell({
          exercise,
          cell: checked,
          outputs: execution.outputs,
          kernel,
          timeoutMs: options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
          signal
        }),
        execution
      );
      const item: ICheckedCellRun = {
        cell: checked,
        index,
        execution,
        verdict
      };
      if (copies.has(index)) {
        item.copy = true;
      }
      run.checked.push(item);
      options.onChecked?.(item);
      if (verdict.cancelled) {
        run.cancelled = true;
        break;
      }
      if (checked.cell === options.stopAfter) {
        break;
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return run;
}
