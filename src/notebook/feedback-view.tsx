/**
 * The feedback under a checked cell: Check button, verdict with its message
 * and criteria, hints revealed one at a time, and the solution on request.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import { hiddenCheckCount } from '../grading/hidden';
import type { RecordedVerdict } from '../progress/types';
import {
  FeedbackModel,
  ICleanVerdictView,
  IVerdictView
} from './feedback-model';
import { markCheck } from './check-marks';
import { Markdown, MarkdownRenderer } from './markdown';
import type { StaleReason } from './verdict-record';

/** What the learner can ask of the feedback. */
export interface IFeedbackActions {
  check(): void;
  cancel(): void;
  revealHint(): void;
  showSolution(): void;
  insertSolution(): void;
  /** Restarts the notebook's kernel (offered when it ignored an interrupt). */
  restartKernel(): void;
}

export interface IFeedbackWidgetOptions {
  model: FeedbackModel;
  actions: IFeedbackActions;
  renderMarkdown: MarkdownRenderer;
  trans: TranslationBundle;
}

/** The widget the extension owns under each checked cell. */
export class FeedbackWidget extends ReactWidget {
  constructor(options: IFeedbackWidgetOptions) {
    super();
    this._options = options;
    this.addClass('jp-MLTutor-Feedback');
  }

  get model(): FeedbackModel {
    return this._options.model;
  }

  protected render(): JSX.Element {
    const { model } = this._options;
    return (
      <UseSignal signal={model.changed}>
        {() => <FeedbackView {...this._options} />}
      </UseSignal>
    );
  }

  private _options: IFeedbackWidgetOptions;
}

/** Visible text (never colour alone) and a symbol for each status. */
export function statusLabel(
  status: RecordedVerdict,
  trans: TranslationBundle
): { symbol: string; text: string } {
  switch (status) {
    case 'pass':
      return { symbol: '✓', text: trans.__('Passed') };
    case 'fail':
      return { symbol: '✗', text: trans.__('Not yet') };
    case 'error':
      return { symbol: '!', text: trans.__('The check itself failed') };
    case 'timeout':
      return { symbol: '⏱', text: trans.__('Timed out') };
    case 'kernel-busy':
      return { symbol: '…', text: trans.__('Kernel busy') };
    case 'kernel-restarted':
      return {
        symbol: '↻',
        text: trans.__('Kernel restarted: re-run the cells above')
      };
    case 'kernel-dead':
      return { symbol: '✗', text: trans.__('Kernel not running') };
    case 'cancelled':
      return { symbol: '–', text: trans.__('Check cancelled') };
    default:
      // A status added to the engine later still shows as text.
      return { symbol: '!', text: String(status) };
  }
}

/** Why a verdict shown is stale, in the learner's words. */
export function staleText(
  reason: StaleReason,
  trans: TranslationBundle
): string {
  switch (reason) {
    case 'changed':
      return trans.__(
        'Changed since checked: this verdict is for the code before your edit. Press Check to run and check the cell again.'
      );
    case 'restarted':
      return trans.__(
        'Checked before the kernel restarted: run the cell again (and the cells above) to check it in this kernel.'
      );
    case 'unfinished':
      return trans.__(
        'The cell ran again since this check and did not finish (it raised or was interrupted): press Check to check what it does now.'
      );
    case 'no-kernel':
      return trans.__(
        'Checked in a kernel that is not running any more: start the kernel and run the cell again.'
      );
  }
}

function FeedbackView(props: IFeedbackWidgetOptions): JSX.Element {
  const { model, actions, trans, renderMarkdown } = props;
  const busy = model.phase !== 'idle';
  const { verdict } = model;
  React.useLayoutEffect(() => {
    if (verdict && !busy) {
      markCheck('shown'); // in the DOM, before the browser paints it
    }
  }, [verdict, busy]);
  return (
    <div className="jp-MLTutor-Feedback-body">
      <div className="jp-MLTutor-Feedback-toolbar">
        <button
          className="jp-Button jp-mod-styled jp-mod-accept jp-MLTutor-Feedback-check"
          onClick={actions.check}
          disabled={busy}
        >
          {trans.__('Check')}
        </button>
        {model.checkedCell.title && (
          <span className="jp-MLTutor-Feedback-title">
            {model.checkedCell.title}
          </span>
        )}
        {busy && (
          <span className="jp-MLTutor-Feedback-pending" role="status">
            {model.phase === 'waiting'
              ? trans.__('Waiting for the kernel to finish running cells…')
              : trans.__('Checking…')}
            <button
              className="jp-Button jp-mod-styled jp-mod-reject"
              onClick={actions.cancel}
            >
              {trans.__('Cancel')}
            </button>
          </span>
        )}
      </div>
      {model.verdict && (
        <Verdict
          verdict={model.verdict}
          stale={model.stale}
          trans={trans}
          renderMarkdown={renderMarkdown}
        />
      )}
      {model.verdict?.stillBusy && !model.stale && (
        <button
          className="jp-Button jp-mod-styled jp-mod-warn jp-MLTutor-Feedback-restart"
          onClick={actions.restartKernel}
        >
          {trans.__('Restart the kernel')}
        </button>
      )}
      <HiddenChecks count={hiddenCheckCount(model.checkedCell)} trans={trans} />
      {model.clean && (
        <CleanVerdict
          clean={model.clean}
          trans={trans}
          renderMarkdown={renderMarkdown}
        />
      )}
      <Hints
        model={model}
        actions={actions}
        trans={trans}
        renderMarkdown={renderMarkdown}
      />
      <Solution model={model} actions={actions} trans={trans} />
    </div>
  );
}

/** Checks kept for grading (the lab never has them), counted so the learner is not surprised. */
function HiddenChecks(props: {
  count: number;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { count, trans } = props;
  return count > 0 ? (
    <div className="jp-MLTutor-Feedback-hidden">
      {trans._n(
        '%1 more check runs when your work is graded',
        '%1 more checks run when your work is graded',
        count
      )}
    </div>
  ) : null;
}

/** The verdict of the same cell from a fresh start, beside the live one. */
function CleanVerdict(props: {
  clean: ICleanVerdictView;
  trans: TranslationBundle;
  renderMarkdown: MarkdownRenderer;
}): JSX.Element {
  const { clean, trans, renderMarkdown } = props;
  const label =
    clean.status === 'running'
      ? { symbol: '…', text: trans.__('Running from a fresh start…') }
      : clean.status === 'not-run'
        ? { symbol: '–', text: trans.__('Not reached') }
        : statusLabel(clean.status, trans);
  return (
    <div
      className={`jp-MLTutor-Clean jp-mod-${clean.status}`}
      role="status"
      aria-live="polite"
    >
      <div className="jp-MLTutor-Clean-status">
        <span className="jp-MLTutor-Clean-label">
          {trans.__('In a clean kernel:')}
        </span>
        <span className="jp-MLTutor-Verdict-symbol" aria-hidden="true">
          {label.symbol}
        </span>
        <span className="jp-MLTutor-Clean-text">{label.text}</span>
      </div>
      {clean.explanation && (
        <Markdown
          className="jp-MLTutor-Clean-explanation"
          source={clean.explanation}
          render={renderMarkdown}
        />
      )}
    </div>
  );
}

function Verdict(props: {
  verdict: IVerdictView;
  stale: StaleReason | null;
  trans: TranslationBundle;
  renderMarkdown: MarkdownRenderer;
}): JSX.Element {
  const { verdict, stale, trans, renderMarkdown } = props;
  const label = statusLabel(verdict.status, trans);
  return (
    <div
      className={`jp-MLTutor-Verdict jp-mod-${verdict.status}${stale ? ' jp-mod-stale' : ''}`}
      role="status"
      aria-live="polite"
    >
      {stale && (
        <div className="jp-MLTutor-Verdict-stale">
          {staleText(stale, trans)}
        </div>
      )}
      <div className="jp-MLTutor-Verdict-status">
        <span className="jp-MLTutor-Verdict-symbol" aria-hidden="true">
          {label.symbol}
        </span>
        <span className="jp-MLTutor-Verdict-text">{label.text}</span>
      </div>
      {verdict.message && (
        <Markdown
          className="jp-MLTutor-Verdict-message"
          source={verdict.message}
          render={renderMarkdown}
        />
      )}
      {verdict.criteria.length > 0 && (
        <ul
          className="jp-MLTutor-Verdict-criteria"
          aria-label={trans.__('Checks')}
        >
          {verdict.criteria.map(criterion => {
            const item = statusLabel(criterion.status, trans);
            return (
              <li
                key={criterion.id}
                className={`jp-MLTutor-Criterion jp-mod-${criterion.status}`}
              >
                <span
                  className="jp-MLTutor-Criterion-symbol"
                  aria-hidden="true"
                >
                  {item.symbol}
                </span>
                <span className="jp-MLTutor-Criterion-description">
                  {criterion.description}
                </span>
                <span className="jp-MLTutor-Criterion-status">{item.text}</span>
                {criterion.status !== 'pass' && criterion.message && (
                  <Markdown
                    className="jp-MLTutor-Criterion-message"
                    source={criterion.message}
                    render={renderMarkdown}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

function Hints(props: {
  model: FeedbackModel;
  actions: IFeedbackActions;
  trans: TranslationBundle;
  renderMarkdown: MarkdownRenderer;
}): JSX.Element | null {
  const { model, actions, trans, renderMarkdown } = props;
  const total = model.hints.length;
  if (total === 0) {
    return null;
  }
  return (
    <div className="jp-MLTutor-Hints">
      {model.hints.slice(0, model.hintsShown).map((hint, index) => (
        <div key={index} className="jp-MLTutor-Hint">
          <div className="jp-MLTutor-Hint-label">
            {trans.__('Hint %1 of %2', index + 1, total)}
          </div>
          <Markdown
            source={hint}
            render={renderMarkdown}
            className="jp-MLTutor-Hint-text"
          />
        </div>
      ))}
      {model.hintsShown < total && (
        <button
          className="jp-Button jp-mod-styled jp-MLTutor-Hints-next"
          onClick={actions.revealHint}
        >
          {trans.__('Show hint %1 of %2', model.hintsShown + 1, total)}
        </button>
      )}
    </div>
  );
}

function Solution(props: {
  model: FeedbackModel;
  actions: IFeedbackActions;
  trans: TranslationBundle;
}): JSX.Element | null {
  const { model, actions, trans } = props;
  if (!model.allowSolutions) {
    return null;
  }
  if (!model.solutionShown) {
    return (
      <button
        className="jp-Button jp-mod-styled jp-MLTutor-Solution-show"
        onClick={actions.showSolution}
      >
        {trans.__('Show solution')}
      </button>
    );
  }
  return (
    <div className="jp-MLTutor-Solution">
      <div className="jp-MLTutor-Solution-label">
        {trans.__('Reference solution')}
      </div>
      <pre className="jp-MLTutor-Solution-code">
        {model.checkedCell.solution}
      </pre>
      <button
        className="jp-Button jp-mod-styled jp-MLTutor-Solution-insert"
        onClick={actions.insertSolution}
      >
        {trans.__('Insert solution into the cell')}
      </button>
    </div>
  );
}
