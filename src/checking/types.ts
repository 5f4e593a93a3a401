/**
 * Types of the check engine: what a check request carries and what a verdict
 * says. `docs/checks.md` gives the semantics of each check kind and status.
 */
import type { IOutput } from '@jupyterlab/nbformat';
import type { Kernel } from '@jupyterlab/services';
import type { CheckKind, ICheckedCell, IExerciseSpec } from '../catalog/format';
import type { ILoadedAsset } from '../catalog/types';

/**
 * Status of a verdict or of one criterion.
 *
 * - `pass` / `fail`: the learner's answer is right / wrong;
 * - `error`: the check itself is broken (bad reference code: an author problem);
 * - `timeout`: the check did not finish in time; the kernel was interrupted;
 * - `kernel-busy`: the check did not run: it was cancelled while waiting behind
 *   running cells (`ICellVerdict.cancelled`), or the kernel dropped it because
 *   a cell before it failed;
 * - `kernel-restarted` / `kernel-dead`: the kernel restarted or stopped (or
 *   there is none) before the check answered.
 */
export type VerdictStatus =
  | 'pass'
  | 'fail'
  | 'error'
  | 'timeout'
  | 'kernel-busy'
  | 'kernel-restarted'
  | 'kernel-dead';

/** The result of one check of a cell. */
export interface ICriterionResult {
  /** The check's `id`. */
  checkId: string;
  kind: CheckKind;
  /** The check's `description`, else a label made from its fields. */
  description: string;
  status: VerdictStatus;
  /**
   * Markdown: what is wrong, or '' when it passes: the diagnosis that held and
   * the author's `message`, or what the check found and then the `message`.
   */
  message: string;
  /** Id of the check's diagnosis that held, when one did. */
  diagnosis?: string;
}

/** The verdict of one checked cell. */
export interface ICellVerdict {
  /** `pass` when every criterion passes; else the most serious criterion status. */
  status: VerdictStatus;
  /** Markdown summary for the learner. */
  message: string;
  /** One per check of the cell, in the exercise's order. */
  criteria: ICriterionResult[];
  /** From the request to the verdict, waiting included. */
  elapsedMs: number;
  /** True when the request's signal aborted it (status `kernel-busy`). */
  cancelled: boolean;
  /**
   * True when a check ran past its budget and the kernel ignored the
   * interrupt (status `timeout`): the kernel is still busy; offer a restart.
   */
  stillBusy?: boolean;
}

/** Where a check is while it has not answered yet. */
export type CheckPhase = 'waiting' | 'running';

/** Everything needed to check one cell. */
export interface ICellCheckRequest {
  exercise: IExerciseSpec;
  cell: ICheckedCell;
  /** The outputs the cell produced when it last ran (for `output` checks). */
  outputs: ReadonlyArray<IOutput>;
  /** The notebook's kernel; null when it has none (verdict `kernel-dead`). */
  kernel: Kernel.IKernelConnection | null;
  /**
   * Budget of one kernel check once it runs, in ms (default `DEFAULT_CHECK_TIMEOUT_MS`, 30 000); a
   * check's own `timeout` (seconds) wins. Waiting behind running cells does
   * not count.
   */
  timeoutMs?: number;
  /** Aborting cancels the check (verdict `kernel-busy`, `cancelled: true`). */
  signal?: AbortSignal;
  /** Told `waiting` when the kernel is busy with other cells, `running` when the check starts. */
  onStatus?: (phase: CheckPhase) => void;
  /**
   * The pack's own copies of the exercise's files (its assets): references
   * read these, never the learner's copies (see `reference-files.ts`).
   */
  referenceFiles?: ReadonlyArray<ILoadedAsset>;
}

export type { ICheckEngine } from '../tokens';
