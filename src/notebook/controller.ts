/**
 * Ties one open notebook to its exercise: finds the checked cells, gives each
 * the feedback widget the extension owns, runs checks (on request or after
 * execution), and records verdicts, hints and solutions in the progress store.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { Cell, ICodeCellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import { IDisposable } from '@lumino/disposable';
import type { PanelLayout } from '@lumino/widgets';
import { ICheckedCell, NOTEBOOK_METADATA_KEY } from '../catalog/format';
import type { ILoadedExercise } from '../catalog/types';
import { notebookProgressMetadata } from '../progress/store';
import type { IProgressStore } from '../progress/types';
import type { ICellChecker } from './checker';
import { FeedbackModel } from './feedback-model';
import { FeedbackWidget } from './feedback-view';
import { checkedCellFor, ICellInfo } from './locate';
import type { MarkdownRenderer } from './markdown';

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
    panel.content.model?.cells.changed.connect(this._attach, this);
    panel.content.modelContentChanged.connect(this._attach, this);
    this._attach();
  }

  get exercise(): ILoadedExercise {
    return this._options.exercise;
  }

  get isDisposed(): boolean {
    return this._isDisposed;
  }

  /** The checked cell a notebook cell stands for, if any. */
  checkedCellOf(cell: Cell): ICheckedCell | undefined {
    const infos = this._cellInfos();
    const index = this._options.panel.content.widgets.indexOf(cell);
    return index < 0
      ? undefined
      : checkedCellFor(infos[index], this.exercise.spec, infos);
  }

  /** Whether running a checked cell checks it (carried checks wait for the learner's consent). */
  get checksOnExecute(): boolean {
    return !this._options.carriedByNotebook || this._consented;
  }

  /** Checks one cell and shows the verdict under it. Resolves when done. */
  async check(cell: Cell): Promise<void> {
    const widget = this._feedback.get(cell.model.id);
    if (!widget || !(await this._consent())) {
      return;
    }
    const { checker, exercise, panel, progress, settings } = this._options;
    const model = widget.model;
    const signal = model.startCheck();
    const verdict = await checker.check({
      exercise,
      checkedCell: model.checkedCell,
      outputs: (cell.model as ICodeCellModel).outputs.toJSON(),
      kernel: panel.sessionContext.session?.kernel ?? null,
      timeoutMs: settings().timeoutSeconds * 1000,
      signal,
      onStatus: status =>
        status === 'waiting' ? model.markWaiting() : model.markRunning()
    });
    model.finishCheck(verdict);
    if (verdict.status === 'cancelled') {
      return; // the learner withdrew it: not an attempt
    }
    await progress.recordVerdict(
      exercise.packId,
      exercise.spec.id,
      model.checkedCell.cell,
      verdict.status
    );
    this._mirrorProgress();
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
  private async _consent(): Promise<boolean> {
    if (this.checksOnExecute) {
      return true;
    }
    const { trans } = this._options;
    const result = await showDialog({
      title: trans.__('Run the checks this notebook carries?'),
      body: trans.__(
        'This notebook checks itself: its checks came with the notebook, not from an exercise pack installed here. They are Python code that will run in your kernel. Run them only if you trust whoever shared the notebook.'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Not now') }),
        Dialog.okButton({ label: trans.__('Run the checks') })
      ]
    });
    this._consented = result.button.accept;
    return this._consented;
  }

  dispose(): void {
    if (this._isDisposed) {
      return;
    }
    this._isDisposed = true;
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
      const checked = checkedCellFor(infos[index], this.exercise.spec, infos);
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
        insertSolution: () => cell.model.sharedModel.setSource(checked.solution)
      }
    });
    // Cells render their input and outputs lazily: add the feedback after them.
    void cell.ready.then(() => {
      if (!widget.isDisposed && !cell.isDisposed) {
        (cell.layout as PanelLayout).addWidget(widget);
      }
    });
    return widget;
  }

  private async _confirmSolution(model: FeedbackModel): Promise<void> {
    const { exercise, progress, trans } = this._options;
    const result = await showDialog({
      title: trans.__('Show the solution?'),
      body: trans.__(
        'Trying with the hints first teaches more. Revealing the solution is recorded in your progress.'
      ),
      buttons: [
        Dialog.cancelButton({ label: trans.__('Keep trying') }),
        Dialog.warnButton({ label: trans.__('Show solution') })
      ]
    });
    if (!result.button.accept) {
      return;
    }
    model.showSolution();
    await progress.recordSolutionRevealed(
      exercise.packId,
      exercise.spec.id,
      model.checkedCell.cell
    );
    this._mirrorProgress();
  }

  /** Mirrors the exercise's progress into the notebook, which then carries it when shared. */
  private _mirrorProgress(): void {
    const { exercise, panel, progress } = this._options;
    const model = panel.content.model;
    const record = progress.get(exercise.packId, exercise.spec.id);
    if (!model || !record) {
      return;
    }
    const current = (model.getMetadata(NOTEBOOK_METADATA_KEY) ?? {}) as Record<
      string,
      unknown
    >;
    model.setMetadata(NOTEBOOK_METADATA_KEY, {
      ...current,
      progress: notebookProgressMetadata(record)
    });
  }

  private _cellInfos(): ICellInfo[] {
    return this._options.panel.content.widgets.map(cell => ({
      id: cell.model.id,
      cellType: cell.model.type,
      tags: (cell.model.getMetadata('tags') as string[] | undefined) ?? []
    }));
  }

  private _consented = false;
  private _feedback = new Map<string, FeedbackWidget>();
  private _isDisposed = false;
  private _options: IControllerOptions;
}
