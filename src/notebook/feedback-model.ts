/**
 * State of the feedback shown under one checked cell: the check in flight,
 * the last verdict, the hints revealed and the solution. The view only renders it.
 */
import { ISignal, Signal } from '@lumino/signaling';
import type { ICheckedCell } from '../catalog/format';
import type { VerdictStatus } from '../progress/types';

/** One criterion of a verdict, as shown to the learner. */
export interface ICriterionView {
  id: string;
  description: string;
  status: VerdictStatus;
  message: string;
}

/** A verdict, as shown to the learner. */
export interface IVerdictView {
  status: VerdictStatus;
  /** Markdown; rendered sanitized. */
  message: string;
  criteria: ICriterionView[];
  elapsedMs: number;
}

/** Where a check is. */
export type CheckPhase = 'idle' | 'waiting' | 'running';

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

  get phase(): CheckPhase {
    return this._phase;
  }

  get verdict(): IVerdictView | null {
    return this._verdict;
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

  finishCheck(verdict: IVerdictView): void {
    this._abort = null;
    this._verdict = verdict;
    this._phase = 'idle';
    this._changed.emit();
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

  private _setPhase(phase: CheckPhase): void {
    if (phase !== this._phase) {
      this._phase = phase;
      this._changed.emit();
    }
  }

  private _allowSolutions: boolean;
  private _abort: AbortController | null = null;
  private _changed = new Signal<this, void>(this);
  private _hintsShown = 0;
  private _phase: CheckPhase = 'idle';
  private _solutionShown = false;
  private _verdict: IVerdictView | null = null;
}
