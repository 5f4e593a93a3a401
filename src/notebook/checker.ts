/**
 * What the notebook UI needs of the check engine: one call per checked cell.
 * The plugin adapts the engine (src/checking) to it, so views stay free of
 * protocol details.
 */
import type { IOutput } from '@jupyterlab/nbformat';
import type { Kernel } from '@jupyterlab/services';
import type { ICheckedCell } from '../catalog/format';
import type { CheckPhase } from '../checking/types';
import type { ILoadedExercise } from '../catalog/types';
import type { IVerdictView } from './feedback-model';

/** A check of one learner cell, as the notebook UI asks it (the engine's request is built from it). */
export interface ILabCheckRequest {
  exercise: ILoadedExercise;
  checkedCell: ICheckedCell;
  /**
   * The outputs the cell recorded, for `output` checks: read when the checks
   * are judged, after the kernel answered (a check sent behind the cell's run
   * is asked before the outputs arrived).
   */
  outputs: () => IOutput[];
  /** The notebook's kernel, or null when there is none. */
  kernel: Kernel.IKernelConnection | null;
  timeoutMs: number;
  signal: AbortSignal;
  /** Told when the check waits behind running cells, and when it runs. */
  onStatus: (status: CheckPhase) => void;
}

export interface ICellChecker {
  check(request: ILabCheckRequest): Promise<IVerdictView>;
}
