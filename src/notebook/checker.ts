/**
 * What the notebook UI needs of the check engine: one call per checked cell.
 * The plugin adapts the engine (src/checking) to it, so views stay free of
 * protocol details.
 */
import type { IOutput } from '@jupyterlab/nbformat';
import type { Kernel } from '@jupyterlab/services';
import type { ICheckedCell } from '../catalog/format';
import type { ILoadedExercise } from '../catalog/types';
import type { IVerdictView } from './feedback-model';

export interface ICellCheckRequest {
  exercise: ILoadedExercise;
  checkedCell: ICheckedCell;
  /** The outputs the cell recorded, for `output` checks. */
  outputs: IOutput[];
  /** The notebook's kernel, or null when there is none. */
  kernel: Kernel.IKernelConnection | null;
  timeoutMs: number;
  signal: AbortSignal;
  /** Told when the check waits behind running cells, and when it runs. */
  onStatus: (status: 'waiting' | 'running') => void;
}

export interface ICellChecker {
  check(request: ICellCheckRequest): Promise<IVerdictView>;
}
