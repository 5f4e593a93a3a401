/**
 * State of the feedback shown under one checked cell: the check in flight,
 * the last verdict, the hints revealed and the solution. The view only renders it.
 */
import { ISignal, Signal } from '@lumino/signaling';
import type { ICheckedCell } from '../catalog/format';
import type { CheckPhase } from '../checking/types';
import type { RecordedVerdict } from '../progress/types';
import type { StaleReason } from './verdict-record';

/** One criterion of a verdict, as shown to the learner. */
export interface ICriterionView {
  id: string;
  description: string;
  status: RecordedVerdict;
  message: string;
}

/** A verdict, as shown to the learner. */
export interface IVerdictView {
  status: RecordedVerdict;
  /** Markdown; rendered sanitized. */
  message: string;
  criteria: ICriterionView[];
  elapsedMs: number;
  /**
   * Set when the verdict leads with a root cause rather than the checks:
   * the learner's cell raised, or the cells above have not run. The checks
   * did not count as passed.
   */
  cause?: 'cell-raised' | 'cells-above';
  /** The kernel dropped the check because a cell queued before it failed (not an attempt). */
  aborted?: boolean;
  /**
   * A check ran past its budget and the kernel ignored the interrupt: it is
   * still busy, and only a restart frees it (offer one).
   */
  stillBusy?: boolean;
}

/** The verdict of the same cell from a fresh start (Check in a clean kernel). */
export interface ICleanVerdictView {
  /** `not-run`: the clean run stopped (cancelled, or the kernel went away) before this cell. */
  status: RecordedVerdict | 'not-run' | 'running';
  /** Markdown: what differs from the live verdict, in the learner's words ('' when they agree). */
  explanation: string;
  /** The clean verdict's own summary. */
  message: string;
}

/** Where a check is. */
export type FeedbackPhase = 'idle' | CheckPhase;

export class FeedbackModel {
  constructor(
    readonly checkedCell: ICheckedCell,
    options: { allowSolutions: boolean }
  ) {
    this._allowSolutions = options.allowSolutions;
  }

  /** Emitted whenever anything shown changes. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  get phase(): FeedbackPhase {
    return this._phase;
  }

  get verdict(): IVerdictView | null {
    return this._verdict;
  }

  /** Why the verdict shown no longer describes the cell; null when it does. */
  get stale(): StaleReason | null {
    return this._verdict ? this._stale : null;
  }

  set stale(reason: StaleReason | null) {
    if (reason !== this._stale) {
      this._stale = reason;
      this._changed.emit();
    }
  }

  /** The result from a fresh start, shown beside the live verdict; null when none was asked. */
  get clean(): ICleanVerdictView | null {
    return this._clean;
  }

  set clean(value: ICleanVerdictView | null) {
    this._clean = value;
    this._changed.emit();
  }

  /** Shows a verdict recorded earlier (after a reload), with its staleness. */
  restoreVerdict(verdict: IVerdictView, stale: StaleReason | null): void {
    this._verdict = verdict;
    this._stale = stale;
    this._changed.emit();
  }

  get hints(): ReadonlyArray<string> {
    return this.checkedCell.hints;
  }

  get hintsShown(): number {
    return this._hintsShown;
  }

  get solutionShown(): boolean {
    return this._solutionShown;
  }

  /** Whether the solution may be revealed (a setting instructors can switch off). */
  get allowSolutions(): boolean {
    return this._allowSolutions;
  }

  set allowSolutions(value: boolean) {
    if (value !== this._allowSolutions) {
      this._allowSolutions = value;
      this._changed.emit();
    }
  }

  /** Starts a check; returns the signal that cancels it. */
  startCheck(): AbortSignal {
    this._abort?.abort();
    this._abort = new AbortController();
    this._latest = this._abort.signal;
    this._setPhase('running');
    return this._abort.signal;
  }

  /** The kernel is busy with earlier cells: the check waits in its queue. */
  markWaiting(): void {
    if (this._phase !== 'idle') {
      this._setPhase('waiting');
    }
  }

  markRunning(): void {
    if (this._phase !== 'idle') {
      this._setPhase('running');
    }
  }

  /** Cancels the check in flight, if any. */
  cancel(): void {
    this._abort?.abort();
  }

  /**
   * Shows the verdict of the check started with `signal`; false, and nothing
   * shown, when a newer check of the cell started since (its verdict follows).
   */
  finishCheck(verdict: IVerdictView, signal?: AbortSignal): boolean {
    if (signal && signal !== this._latest) {
      return false;
    }
    this._abort = null;
    this._verdict = verdict;
    this._stale = null;
    this._phase = 'idle';
    this._changed.emit();
    return true;
  }

  /** Reveals the next hint; returns how many are shown. */
  revealNextHint(): number {
    if (this._hintsShown < this.hints.length) {
      this._hintsShown += 1;
      this._changed.emit();
    }
    return this._hintsShown;
  }

  /** Restores state recorded earlier (e.g. in progress or notebook metadata). */
  restore(state: { hintsShown: number; solutionShown: boolean }): void {
    this._hintsShown = Math.min(state.hintsShown, this.hints.length);
    this._solutionShown = state.solutionShown && this._allowSolutions;
    this._changed.emit();
  }

  showSolution(): void {
    if (this._allowSolutions && !this._solutionShown) {
      this._solutionShown = true;
      this._changed.emit();
    }
  }

  private _setPhase(phase: FeedbackPhase): void {
    if (phase !== this._phase) {
      this._phase = phase;
      this._changed.emit();
    }
  }

  private _allowSolutions: boolean;
  private _abort: AbortController | null = null;
  private _changed = new Signal<this, void>(this);
  private _hintsShown = 0;
  private _phase: FeedbackPhase = 'idle';
  private _latest: AbortSignal | null = null;
  private _solutionShown = false;
  private _verdict: IVerdictView | null = null;
  private _stale: StaleReason | null = null;
  private _clean: ICleanVerdictView | null = null;
}
