/**
 * Ties one open notebook to its exercise: finds the checked cells, gives each
 * the feedback widget the extension owns, runs checks (on request or after
 * execution), and records verdicts, hints and solutions in the progress store.
 */
import type { Cell, CodeCell, ICodeCellModel } from '@jupyterlab/cells';
import type { IOutput } from '@jupyterlab/nbformat';
import { NotebookActions, NotebookPanel } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import type { PanelLayout } from '@lumino/widgets';
import { ICheckedCell, NOTEBOOK_METADATA_KEY } from '../catalog/format';
import type { ILoadedExercise } from '../catalog/types';
import type { CheckPhase } from '../checking/types';
import type { IProgressStore } from '../progress/types';
import type { ICellChecker } from './checker';
import { markCheck } from './check-marks';
import { askToRunCarriedChecks, confirmSolution } from './dialogs';
import {
  behindRun,
  EarlyChecks,
  earlyCheckMatches,
  IEarlyCheck,
  startEarlyCheck
} from './early-checks';
import {
  cellError,
  firstUndefinedName,
  ICellError,
  namedCause,
  raisedMessage
} from './diagnosis';
import { FeedbackModel, IVerdictView } from './feedback-model';
import { FeedbackWidget } from './feedback-view';
import { kernelIdle, KernelSessionTracker } from './kernel-session';
import { checkedCellAt, ICellInfo } from './locate';
import type { MarkdownRenderer } from './markdown';
import { writeVerdictMetadata } from './verdict-metadata';
import {
  hashSource,
  IVerdictRecord,
  readVerdictRecords,
  StaleReason,
  staleness
} from './verdict-record';

/** What the controller knows of a cell's last run. */
interface IExecutionRecord {
  sourceHash: string;
  /** The kernel session it ran in. */
  session: string | null;
  /** What it raised, if it did not run to the end. */
  error: ICellError | null;
  /** Its checks, sent behind the run (not yet used by a verdict). */
  early?: IEarlyCheck;
}

/** Checks the kernel dropped behind a failing cell are sent again this many times. */
const ABORTED_RETRIES = 3;

export interface IControllerOptions {
  panel: NotebookPanel;
  exercise: ILoadedExercise;
  checker: ICellChecker;
  progress: IProgressStore;
  renderMarkdown: MarkdownRenderer;
  trans: TranslationBundle;
  settings: () => { timeoutSeconds: number; allowSolutions: boolean };
  /**
   * True when the checks come from the notebook itself (a shared notebook whose
   * pack is not installed): they run only once the learner agrees.
   */
  carriedByNotebook?: boolean;
}

export class ExerciseNotebookController implements IDisposable {
  constructor(options: IControllerOptions) {
    this._options = options;
    const { panel } = options;
    this._records = readVerdictRecords(
      panel.content.model?.getMetadata(NOTEBOOK_METADATA_KEY)
    );
    this._sessions = new KernelSessionTracker(panel.sessionContext);
    this._sessions.changed.connect(() => this._refreshStale(), this);
    panel.content.model?.cells.changed.connect(this._attach, this);
    panel.content.modelContentChanged.connect(this._attach, this);
    this._attach();
  }

  /** The notebook panel this controller serves. */
  get panel(): NotebookPanel {
    return this._options.panel;
  }

  /** The identity of the kernel process the notebook talks to (see KernelSessionTracker). */
  get kernelSessions(): KernelSessionTracker {
    return this._sessions;
  }

  /** The feedback models of the checked cells, by cell model id. */
  feedbackModels(): Map<string, FeedbackModel> {
    return new Map(
      [...this._feedback].map(([id, widget]) => [id, widget.model])
    );
  }

  get exercise(): ILoadedExercise {
    return this._options.exercise;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The checked cell a notebook cell stands for, if any. */
  checkedCellOf(cell: Cell): ICheckedCell | undefined {
    const index = this._options.panel.content.widgets.indexOf(cell);
    return index < 0
      ? undefined
      : checkedCellAt(index, this.exercise.spec, this._cellInfos());
  }

  /**
   * A cell of the notebook is about to run: when the run will be checked,
   * its kernel checks are sent right behind the cell's execute request (see
   * early-checks.ts), so the kernel runs them as soon as the cell is done.
   */
  onScheduled(cell: Cell, checkNow: boolean): void {
    const id = cell.model.id;
    const widget = this._feedback.get(id);
    const kernel = this._options.panel.sessionContext.session?.kernel ?? null;
    const session = this._sessions.current;
    if (
      !widget ||
      !kernel ||
      session === null ||
      cell.model.type !== 'code' ||
      !(this._runningForCheck.has(id) || (checkNow && this.checksOnExecute)) ||
      // Output checks need no round trip: nothing to gain.
      widget.model.checkedCell.checks.every(check => check.kind === 'output')
    ) {
      return;
    }
    markCheck('scheduled');
    const sourceHash = hashSource(cell.model.sharedModel.getSource());
    behindRun((cell as CodeCell).outputArea, () => {
      if (this._isDisposed || widget.isDisposed) {
        return;
      }
      markCheck('sent-early');
      this._early.add(
        id,
        startEarlyCheck({
          sourceHash,
          session,
          kernel,
          send: (signal, onStatus) =>
            this._request(cell, widget.model, kernel, signal, onStatus)
        })
      );
    });
  }

  /**
   * A cell of the notebook ran: remember what ran (its source, the kernel
   * session, what it raised), then check it when it is a checked cell and
   * `checkNow` says so.
   */
  onExecuted(cell: Cell, checkNow: boolean): void {
    const outputs =
      cell.model.type === 'code'
        ? (cell.model as ICodeCellModel).outputs.toJSON()
        : [];
    markCheck('executed');
    const error = cellError(outputs);
    const early = this._early.take(cell.model.id);
    this._executions.set(cell.model.id, {
      sourceHash:
        early?.sourceHash ?? hashSource(cell.model.sharedModel.getSource()),
      session: this._sessions.current,
      error,
      early: error ? undefined : early
    });
    const checked = this._feedback.has(cell.model.id);
    if (
      checked &&
      checkNow &&
      this.checksOnExecute &&
      !this._runningForCheck.has(cell.model.id)
    ) {
      void this.check(cell);
    } else if (checked && !this._runningForCheck.has(cell.model.id)) {
      // Not checked now: a run that did not finish makes the old verdict stale.
      if (error) {
        this._unfinished.add(cell.model.id);
      } else {
        this._unfinished.delete(cell.model.id);
      }
      this._refreshStale();
    }
  }

  /** Whether running a checked cell checks it (carried checks wait for the learner's consent). */
  get checksOnExecute(): boolean {
    return !this._options.carriedByNotebook || this._consented;
  }

  /**
   * Checks one cell and shows the verdict under it. Resolves when done. The
   * verdict judges the code shown: a cell edited (or not run in this kernel)
   * since it last ran is run first.
   */
  async check(cell: Cell): Promise<void> {
    const widget = this._feedback.get(cell.model.id);
    if (!widget || !(await this.consent())) {
      return;
    }
    const { exercise, progress } = this._options;
    const model = widget.model;
    const signal = model.startCheck();
    const session = await this._sessions.resolve();
    if (this._needsRun(cell, session)) {
      if (
        this._options.panel.sessionContext.session?.kernel?.status === 'busy'
      ) {
        model.markWaiting(); // the run waits behind the cells running
      }
      // Cancel withdraws the check at once; the run the learner asked for goes on.
      await Promise.race([this._runForCheck(cell), whenAborted(signal)]);
    }
    const source = cell.model.sharedModel.getSource();
    const verdict = signal.aborted
      ? cancelledVerdict()
      : await this._judge(cell, model, signal);
    markCheck('answered');
    if (!model.finishCheck(verdict, signal)) {
      return; // a newer check of this cell started: its verdict is the one to show
    }
    if (verdict.status === 'cancelled' || verdict.aborted) {
      return; // withdrawn by the learner or dropped by the kernel: not an attempt
    }
    this._unfinished.delete(cell.model.id);
    this._records[cell.model.id] = {
      verdict,
      sourceHash: hashSource(source),
      kernelSession: this._sessions.current ?? session,
      checkedAt: new Date().toISOString()
    };
    this._refreshStale();
    // The verdict renders first (React's task is queued already); the progress
    // (and the panel and status bar it updates) and the metadata follow a task later.
    await nextTask();
    // The store updates at once and writes later: the metadata follows in the same tick.
    const written = progress.recordVerdict(
      exercise.packId,
      exercise.spec.id,
      model.checkedCell.cell,
      verdict.status
    );
    this._persist();
    await written;
  }

  /** Whether the cell's code as shown did not run in this kernel session. */
  private _needsRun(cell: Cell, session: string | null): boolean {
    if (session === null) {
      return false; // no kernel: the check says so
    }
    const hash = hashSource(cell.model.sharedModel.getSource());
    const ran = this._executions.get(cell.model.id);
    if (ran) {
      return ran.sourceHash !== hash || ran.session !== session;
    }
    // After a reload: a verdict recorded for this code in this kernel process proves it ran.
    const record = this._records[cell.model.id];
    return !(
      record &&
      record.sourceHash === hash &&
      record.kernelSession === session
    );
  }

  /** Runs a cell as Run does, without the check on execute (the caller checks). */
  private async _runForCheck(cell: Cell): Promise<void> {
    const { panel } = this._options;
    this._runningForCheck.add(cell.model.id);
    try {
      await NotebookActions.runCells(
        panel.content,
        [cell],
        panel.sessionContext
      );
    } finally {
      this._runningForCheck.delete(cell.model.id);
    }
  }

  /**
   * The verdict of a cell, root cause first: a cell that raised is not
   * checked (its checks would judge what it did not do), and a name the
   * cells above define but the kernel lacks says to run them.
   */
  private async _judge(
    cell: Cell,
    model: FeedbackModel,
    signal: AbortSignal
  ): Promise<IVerdictView> {
    const { panel, trans } = this._options;
    const index = panel.content.widgets.indexOf(cell);
    const sources = this._sources();
    const ran = this._executions.get(cell.model.id);
    if (ran?.error && ran.sourceHash === hashSource(sources[index] ?? '')) {
      return {
        status: 'fail',
        message: raisedMessage(ran.error, sources, index, trans),
        criteria: [],
        elapsedMs: 0,
        cause: 'cell-raised'
      };
    }
    const onStatus = (status: CheckPhase): void =>
      status === 'waiting' ? model.markWaiting() : model.markRunning();
    const request = () =>
      this._request(
        cell,
        model,
        panel.sessionContext.session?.kernel ?? null,
        signal,
        onStatus
      );
    const early = this._takeEarly(cell, sources[index] ?? '');
    let verdict: IVerdictView;
    if (early) {
      // Cancel (or a newer check) withdraws it as it would a check sent now.
      const withdraw = () => early.abort();
      signal.addEventListener('abort', withdraw, { once: true });
      early.listen(onStatus);
      verdict = await early.verdict;
      signal.removeEventListener('abort', withdraw);
    } else {
      verdict = await request();
    }
    // Run All queues checks behind later cells; one that fails drops them all.
    for (
      let retry = 0;
      verdict.aborted && retry < ABORTED_RETRIES && !signal.aborted;
      retry++
    ) {
      await kernelIdle(this._options.panel.sessionContext.session?.kernel);
      // The kernel drops requests for a moment after a failure: let it pass.
      await new Promise(resolve => setTimeout(resolve, 200 * (retry + 1)));
      verdict = await request();
    }
    if (verdict.status === 'pass' || verdict.status === 'cancelled') {
      return verdict;
    }
    const missing = firstUndefinedName([
      verdict.message,
      ...verdict.criteria.map(criterion => criterion.message)
    ]);
    const cause = missing && namedCause(missing, sources, index, trans);
    return cause
      ? { ...verdict, message: cause, cause: 'cells-above' }
      : verdict;
  }

  /** Sends the cell's checks to `kernel`. */
  private _request(
    cell: Cell,
    model: FeedbackModel,
    kernel: Kernel.IKernelConnection | null,
    signal: AbortSignal,
    onStatus: (phase: CheckPhase) => void
  ): Promise<IVerdictView> {
    const { checker, exercise, settings } = this._options;
    return checker.check({
      exercise,
      checkedCell: model.checkedCell,
      outputs: () =>
        (cell.model as ICodeCellModel).outputs.toJSON() as IOutput[],
      kernel,
      timeoutMs: settings().timeoutSeconds * 1000,
      signal,
      onStatus
    });
  }

  /**
   * The checks sent behind the cell's last run, once, when they judged the
   * code shown in the kernel running now.
   */
  private _takeEarly(cell: Cell, source: string): IEarlyCheck | undefined {
    const ran = this._executions.get(cell.model.id);
    const early = ran?.early;
    if (ran) {
      ran.early = undefined;
    }
    const run = {
      sourceHash: hashSource(source),
      session: this._sessions.current,
      kernel: this._options.panel.sessionContext.session?.kernel ?? null
    };
    if (early && earlyCheckMatches(early, run)) {
      return early;
    }
    return undefined;
  }

  /** Sources of the notebook's cells, null for cells that are not code. */
  private _sources(): Array<string | null> {
    return this._options.panel.content.widgets.map(cell =>
      cell.model.type === 'code' ? cell.model.sharedModel.getSource() : null
    );
  }

  /** Marks each verdict shown stale when its code or kernel changed since it was checked. */
  private _refreshStale(): void {
    for (const [id, widget] of this._feedback) {
      const cell = this._options.panel.content.widgets.find(
        candidate => candidate.model.id === id
      );
      widget.model.stale = cell ? this._staleness(cell) : null;
    }
  }

  /**
   * Why the verdict recorded for a cell is stale. While a running kernel has
   * not told its session yet (just after a reload), only the code counts.
   */
  private _staleness(cell: Cell): StaleReason | null {
    const record = this._records[cell.model.id];
    if (!record) {
      return null;
    }
    const hash = hashSource(cell.model.sharedModel.getSource());
    if (record.sourceHash === hash && this._unfinished.has(cell.model.id)) {
      return 'unfinished';
    }
    const session = this._sessions.current;
    const kernel = this._options.panel.sessionContext.session?.kernel;
    if (
      session === null &&
      kernel &&
      !kernel.isDisposed &&
      kernel.status !== 'dead'
    ) {
      return record.sourceHash === hash ? null : 'changed';
    }
    return staleness(record, hash, session);
  }

  /** Checks every checked cell, top to bottom. */
  async checkAll(): Promise<void> {
    for (const cell of this._options.panel.content.widgets) {
      if (this._feedback.has(cell.model.id)) {
        await this.check(cell);
      }
    }
  }

  /** Applies a change of the settings to every feedback. */
  refreshSettings(): void {
    for (const widget of this._feedback.values()) {
      widget.model.allowSolutions = this._allowSolutions();
    }
  }

  /** Solutions are shown when allowed, and never for checks a notebook carries (it has none). */
  private _allowSolutions(): boolean {
    return (
      !this._options.carriedByNotebook &&
      this._options.settings().allowSolutions
    );
  }

  /** Asks once before running checks that came with the notebook rather than from a pack. */
  async consent(): Promise<boolean> {
    if (this.checksOnExecute) {
      return true;
    }
    this._consented = await askToRunCarriedChecks(this._options.trans);
    return this._consented;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
    this._sessions.dispose();
    this._early.clear();
    for (const widget of this._feedback.values()) {
      widget.dispose();
    }
    this._feedback.clear();
  }

  /** Gives every checked cell its feedback widget (cells may be added, moved or copied). */
  private _attach(): void {
    if (this._isDisposed) {
      return;
    }
    const cells = this._options.panel.content.widgets;
    const infos = this._cellInfos();
    const seen = new Set<string>();
    cells.forEach((cell, index) => {
      const checked = checkedCellAt(index, this.exercise.spec, infos);
      const existing = this._feedback.get(cell.model.id);
      if (existing && (!checked || existing.model.checkedCell !== checked)) {
        existing.dispose();
        this._feedback.delete(cell.model.id);
      }
      if (checked) {
        seen.add(cell.model.id);
        if (!this._feedback.has(cell.model.id)) {
          this._feedback.set(
            cell.model.id,
            this._createFeedback(cell, checked)
          );
        }
      }
    });
    for (const [id, widget] of this._feedback) {
      if (!seen.has(id)) {
        widget.dispose();
        this._feedback.delete(id);
      }
    }
  }

  private _createFeedback(cell: Cell, checked: ICheckedCell): FeedbackWidget {
    const { exercise, progress, renderMarkdown, trans } = this._options;
    const model = new FeedbackModel(checked, {
      allowSolutions: this._allowSolutions()
    });
    const recorded = progress.get(exercise.packId, exercise.spec.id)?.cells[
      checked.cell
    ];
    if (recorded) {
      model.restore({
        hintsShown: recorded.hintsUsed,
        solutionShown: recorded.solutionRevealed
      });
    }
    const last = this._records[cell.model.id];
    if (last) {
      model.restoreVerdict(last.verdict, this._staleness(cell));
    }
    const onEdit = (): void => this._refreshStale();
    cell.model.contentChanged.connect(onEdit);
    const widget = new FeedbackWidget({
      model,
      renderMarkdown,
      trans,
      actions: {
        check: () => void this.check(cell),
        cancel: () => model.cancel(),
        revealHint: () => {
          const shown = model.revealNextHint();
          void progress.recordHint(
            exercise.packId,
            exercise.spec.id,
            checked.cell,
            shown
          );
        },
        showSolution: () => void this._confirmSolution(model),
        insertSolution: () =>
          cell.model.sharedModel.setSource(checked.solution),
        restartKernel: () =>
          void this._options.panel.sessionContext.restartKernel()
      }
    });
    widget.disposed.connect(() => cell.model.contentChanged.disconnect(onEdit));
    // Cells render their input and outputs lazily: add the feedback after them.
    void cell.ready.then(() => {
      if (!widget.isDisposed && !cell.isDisposed) {
        (cell.layout as PanelLayout).addWidget(widget);
      }
    });
    return widget;
  }

  /** Asks before revealing a solution (see confirmSolution), then records it when it counts. */
  private async _confirmSolution(model: FeedbackModel): Promise<void> {
    const { exercise, progress, trans } = this._options;
    const passed = !!progress.get(exercise.packId, exercise.spec.id)?.cells[
      model.checkedCell.cell
    ]?.firstPassAt;
    if (!(await confirmSolution(trans, passed))) {
      return;
    }
    model.showSolution();
    if (passed) {
      return;
    }
    const written = progress.recordSolutionRevealed(
      exercise.packId,
      exercise.spec.id,
      model.checkedCell.cell
    );
    this._persist();
    await written;
  }

  /** Writes the verdicts and the exercise's progress into the notebook's metadata. */
  private _persist(): void {
    const { exercise, panel, progress } = this._options;
    writeVerdictMetadata(
      panel,
      this._records,
      progress.get(exercise.packId, exercise.spec.id)
    );
  }

  private _cellInfos(): ICellInfo[] {
    return this._options.panel.content.widgets.map(cell => ({
      id: cell.model.id,
      cellType: cell.model.type,
      tags: (cell.model.getMetadata('tags') as string[] | undefined) ?? []
    }));
  }

  private _consented = false;
  private _early = new EarlyChecks();
  private _executions = new Map<string, IExecutionRecord>();
  private _records: Record<string, IVerdictRecord>;
  private _runningForCheck = new Set<string>();
  /** Checked cells whose last run, after their verdict, raised or was interrupted. */
  private _unfinished = new Set<string>();
  private _sessions: KernelSessionTracker;
  private _feedback = new Map<string, FeedbackWidget>();
  private _isDisposed = false;
  private _options: IControllerOptions;
}

/** The verdict of a check withdrawn before it ran. */
function cancelledVerdict(): IVerdictView {
  return {
    status: 'cancelled',
    message: '',
    criteria: [],
    elapsedMs: 0
  };
}

/** Resolves in a task of its own, after what is queued now. */
function nextTask(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 0));
}

/** Resolves when `signal` aborts. */
function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise(resolve =>
    signal.aborted
      ? resolve()
      : signal.addEventListener('abort', () => resolve(), { once: true })
  );
}
