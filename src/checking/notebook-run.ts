/**
 * Runs an exercise notebook top to bottom in a kernel and checks each checked
 * cell right after it runs: what `mltutor verify` and `mltutor check` share.
 */
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import type { Kernel } from '@jupyterlab/services';
import type { ICheckedCell, IExerciseSpec } from '../catalog/format';
import { findCheckedCell } from '../catalog/notebook';
import { executeCell, ICellExecution } from './cell-execution';
import type { ICellVerdict, ICheckEngine } from './types';

/** A checked cell after it ran and was checked. */
export interface ICheckedCellRun {
  cell: ICheckedCell;
  /** Index of the notebook cell. */
  index: number;
  execution: ICellExecution;
  verdict: ICellVerdict;
}

/** A cell that is not checked and did not run cleanly. */
export interface ICellProblem {
  index: number;
  message: string;
}

export interface INotebookRun {
  checked: ICheckedCellRun[];
  /** Checked cells the notebook lacks (no tag, no id). */
  missing: Array<{ cell: ICheckedCell; message: string }>;
  /** Unchecked cells that raised or timed out, or a kernel that went away. */
  problems: ICellProblem[];
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

/** Runs the notebook's code cells in order, checking checked cells as they run. */
export async function runNotebook(options: IRunOptions): Promise<INotebookRun> {
  const { kernel, engine, exercise, notebook } = options;
  const byIndex = new Map<number, ICheckedCell>();
  const run: INotebookRun = { checked: [], missing: [], problems: [] };
  for (const cell of exercise.cells) {
    const found = findCheckedCell(notebook, cell.cell);
    if (found.ok) {
      byIndex.set(found.index, cell);
    } else {
      run.missing.push({ cell, message: found.message });
    }
  }
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== 'code') {
      continue;
    }
    const checked = byIndex.get(index);
    const source =
      (checked && options.sources?.get(checked.cell)) ?? sourceOf(cell);
    const execution = await executeCell(kernel, source, options.cellTimeoutMs);
    if (
      execution.status === 'kernel-dead' ||
      execution.status === 'kernel-restarted'
    ) {
      run.problems.push({
        index,
        message: `the kernel went away while cell ${index} ran (${execution.status})`
      });
      break;
    }
    if (!checked) {
      if (execution.status !== 'ok') {
        run.problems.push({
          index,
          message: `cell ${index} ${describeFailure(execution)}`
        });
        if (options.stopOnProblem) {
          break;
        }
      }
      continue;
    }
    const verdict = await engine.checkCell({
      exercise,
      cell: checked,
      outputs: execution.outputs,
      kernel
    });
    run.checked.push({ cell: checked, index, execution, verdict });
    if (checked.cell === options.stopAfter) {
      break;
    }
  }
  return run;
}
