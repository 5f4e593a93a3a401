/**
 * The bar above an exercise notebook while and after it is checked in a
 * clean kernel: progress, Cancel, then the summary and the cells that fail
 * from a fresh start. The per-cell results show under each checked cell.
 */
import type { TranslationBundle } from '@jupyterlab/translation';
import { ReactWidget, UseSignal } from '@jupyterlab/ui-components';
import * as React from 'react';
import { ProgressBar } from '../panel/progress-bar';
// The run itself (and the runner it uses) loads with the first clean check.
import type {
  CleanRun,
  CleanRunState,
  ICleanCheckOptions
} from './clean-check';
import type { ExerciseNotebookController } from './controller';
import { Markdown, MarkdownRenderer } from './markdown';

export class CleanKernelBanner extends ReactWidget {
  constructor(
    private readonly _run: CleanRun,
    private readonly _trans: TranslationBundle,
    private readonly _renderMarkdown: MarkdownRenderer
  ) {
    super();
    this.addClass('jp-MLTutor-CleanBanner');
  }

  protected render(): JSX.Element {
    return (
      <UseSignal signal={this._run.stateChanged} initialArgs={this._run.state}>
        {(_, state) => (
          <BannerView
            state={state ?? this._run.state}
            trans={this._trans}
            renderMarkdown={this._renderMarkdown}
            onCancel={() => this._run.cancel()}
            onClose={() => this.dispose()}
          />
        )}
      </UseSignal>
    );
  }
}

function BannerView(props: {
  state: CleanRunState;
  trans: TranslationBundle;
  renderMarkdown: MarkdownRenderer;
  onCancel: () => void;
  onClose: () => void;
}): JSX.Element {
  const { state, trans, renderMarkdown } = props;
  const running = state.kind === 'starting' || state.kind === 'running';
  return (
    <div
      className={`jp-MLTutor-CleanBanner-body jp-mod-${state.kind}`}
      role="status"
      aria-live="polite"
    >
      <div className="jp-MLTutor-CleanBanner-row">
        <span className="jp-MLTutor-CleanBanner-text">
          {summaryText(state, trans)}
        </span>
        {state.kind === 'running' && (
          <ProgressBar
            value={state.done}
            max={state.total}
            label={trans.__('cell %1 of %2', state.done, state.total)}
          />
        )}
        {running ? (
          <button
            className="jp-Button jp-mod-styled jp-mod-reject jp-MLTutor-CleanBanner-cancel"
            onClick={props.onCancel}
          >
            {trans.__('Cancel')}
          </button>
        ) : (
          <button
            className="jp-Button jp-mod-styled jp-MLTutor-CleanBanner-close"
            onClick={props.onClose}
          >
            {trans.__('Close')}
          </button>
        )}
      </div>
      {state.kind === 'done' && state.problems.length > 0 && (
        <ul className="jp-MLTutor-CleanBanner-problems">
          {state.problems.map((problem, index) => (
            <li key={index}>
              <Markdown source={problem} render={renderMarkdown} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function summaryText(state: CleanRunState, trans: TranslationBundle): string {
  switch (state.kind) {
    case 'starting':
      return trans.__(
        'Starting a clean kernel (your own kernel is not touched)…'
      );
    case 'running':
      return trans.__('Running the notebook from a fresh start…');
    case 'done': {
      const head = trans.__(
        'In a clean kernel: %1 of %2 checked cells pass.',
        state.passed,
        state.total
      );
      return state.differ > 0
        ? `${head} ${trans._n(
            '%1 cell differs from your kernel: see under it.',
            '%1 cells differ from your kernel: see under them.',
            state.differ
          )}`
        : head;
    }
    case 'cancelled':
      return trans.__(
        'Clean-kernel check cancelled: the clean kernel was stopped; your own kernel was not touched.'
      );
    case 'failed':
      return trans.__('The clean kernel could not run: %1', state.message);
  }
}

/** Runs clean-kernel checks, one at a time per notebook, each with its banner. */
export class CleanChecks {
  constructor(
    private readonly _options: ICleanCheckOptions & {
      renderMarkdown: MarkdownRenderer;
    }
  ) {}

  /** The run of a notebook's controller in flight, if any. */
  runOf(controller: ExerciseNotebookController): CleanRun | undefined {
    const run = this._runs.get(controller);
    return run?.isRunning ? run : undefined;
  }

  /** Starts a clean run of the notebook (or shows the one running); resolves when it ends. */
  async start(controller: ExerciseNotebookController): Promise<CleanRunState> {
    const running = this.runOf(controller);
    if (running) {
      return running.state;
    }
    this._banners.get(controller)?.dispose();
    const { CleanRun } = await import('./clean-check');
    const run = new CleanRun(controller, this._options);
    const banner = new CleanKernelBanner(
      run,
      this._options.trans,
      this._options.renderMarkdown
    );
    this._runs.set(controller, run);
    this._banners.set(controller, banner);
    controller.panel.contentHeader.addWidget(banner);
    controller.panel.disposed.connect(() => run.cancel());
    try {
      return await run.run();
    } finally {
      if (this._runs.get(controller) === run) {
        this._runs.delete(controller);
      }
    }
  }

  private _banners = new Map<ExerciseNotebookController, CleanKernelBanner>();
  private _runs = new Map<ExerciseNotebookController, CleanRun>();
}
