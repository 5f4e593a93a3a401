/**
 * "Check in a clean kernel": a second kernel of the notebook's kernelspec,
 * started in the notebook's folder, runs the notebook's current content top
 * to bottom with every check (the runner `mltutor check` uses), and each
 * checked cell shows the result beside its live verdict. The learner's own
 * kernel is never sent anything, so they keep working meanwhile.
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { Kernel, KernelMessage, ServerConnection } from '@jupyterlab/services';
import type { TranslationBundle } from '@jupyterlab/translation';
import { ISignal, Signal } from '@lumino/signaling';
import {
  ICheckedCellRun,
  INotebookRun,
  runNotebook
} from '../checking/notebook-run';
import type { ICheckEngine } from '../checking/types';
import type { ExerciseNotebookController } from './controller';
import { cellError, explainDifference, raisedMessage } from './diagnosis';
import type { FeedbackModel, ICleanVerdictView } from './feedback-model';
import { errorText } from '../errors';

/** Where a clean run is, for its banner. */
export type CleanRunState =
  | { kind: 'starting' }
  | { kind: 'running'; done: number; total: number }
  | {
      kind: 'done';
      passed: number;
      total: number;
      /** Markdown lines: cells that are not checked but fail from a fresh start. */
      problems: string[];
      /** Checked cells whose verdict differs from the live one. */
      differ: number;
    }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

export interface ICleanCheckOptions {
  engine: ICheckEngine;
  /** The server's kernels manager (`app.serviceManager.kernels`). */
  kernels: Kernel.IManager;
  trans: TranslationBundle;
  /** Budget of one kernel check, ms. */
  checkTimeoutMs: () => number;
}

/** Starts a kernel of `name` whose working folder is `folder` (relative to the server root). */
export async function startKernelIn(
  kernels: Kernel.IManager,
  name: string,
  folder: string
): Promise<Kernel.IKernelConnection> {
  const settings = kernels.serverSettings;
  const response = await ServerConnection.makeRequest(
    `${settings.baseUrl}api/kernels`,
    { method: 'POST', body: JSON.stringify({ name, path: folder }) },
    settings
  );
  if (!response.ok) {
    throw await ServerConnection.ResponseError.create(response);
  }
  const model = (await response.json()) as Kernel.IModel;
  return kernels.connectTo({ model });
}

/** One clean run of one notebook: its state, and cancel. */
export class CleanRun {
  constructor(
    private readonly _controller: ExerciseNotebookController,
    private readonly _options: ICleanCheckOptions
  ) {}

  get state(): CleanRunState {
    return this._state;
  }

  get stateChanged(): ISignal<this, CleanRunState> {
    return this._stateChanged;
  }

  get isRunning(): boolean {
    return this._state.kind === 'starting' || this._state.kind === 'running';
  }

  /** Stops the run: the clean kernel is interrupted and shut down. */
  cancel(): void {
    this._abort.abort();
  }

  /** Runs to the end (or the cancel); never rejects. */
  async run(): Promise<CleanRunState> {
    const { panel } = this._controller;
    const models = this._controller.feedbackModels();
    const notebook = panel.content.model?.toJSON() as
      INotebookContent | undefined;
    const name =
      panel.sessionContext.session?.kernel?.name ??
      (notebook?.metadata?.kernelspec?.name as string | undefined) ??
      'python3';
    for (const model of models.values()) {
      model.clean = { status: 'not-run', explanation: '', message: '' };
    }
    if (!notebook) {
      return this._set({ kind: 'failed', message: 'the notebook is empty' });
    }
    let kernel: Kernel.IKernelConnection | null = null;
    try {
      kernel = await startKernelIn(
        this._options.kernels,
        name,
        PathExt.dirname(panel.context.localPath)
      );
      if (this._abort.signal.aborted) {
        return this._set({ kind: 'cancelled' });
      }
      await waitReady(kernel);
      const run = await runNotebook({
        kernel,
        engine: this._options.engine,
        exercise: this._controller.exercise.spec,
        notebook,
        checkTimeoutMs: this._options.checkTimeoutMs(),
        signal: this._abort.signal,
        onProgress: progress => {
          this._set({
            kind: 'running',
            done: progress.done,
            total: progress.total
          });
          const id = panel.content.widgets[progress.index]?.model.id;
          const model = id ? models.get(id) : undefined;
          if (model) {
            model.clean = { status: 'running', explanation: '', message: '' };
          }
        },
        onChecked: item => this._show(item, notebook, models)
      });
      // Cells above that failed are known now: explain again with them.
      this._problems = run.problems;
      run.checked.forEach(item => this._show(item, notebook, models));
      return this._set(
        run.cancelled ? { kind: 'cancelled' } : this._summary(run, notebook)
      );
    } catch (error) {
      return this._set({
        kind: 'failed',
        message: errorText(error)
      });
    } finally {
      for (const model of models.values()) {
        if (model.clean?.status === 'running') {
          model.clean = { status: 'not-run', explanation: '', message: '' };
        }
      }
      if (kernel) {
        kernel.shutdown().catch(() => kernel?.dispose());
      }
    }
  }

  /** Shows one checked cell's clean result beside its live verdict. */
  private _show(
    item: ICheckedCellRun,
    notebook: INotebookContent,
    models: Map<string, FeedbackModel>
  ): void {
    const { trans } = this._options;
    const id = this._controller.panel.content.widgets[item.index]?.model.id;
    const model = id ? models.get(id) : undefined;
    if (!model) {
      return;
    }
    const sources = notebook.cells.map(cell =>
      cell.cell_type === 'code' ? sourceOf(cell.source) : null
    );
    const error = cellError(item.execution.outputs);
    const clean: ICleanVerdictView = {
      status: item.verdict.status,
      message: error
        ? raisedMessage(error, sources, item.index, trans)
        : item.verdict.message,
      explanation: ''
    };
    const live = model.stale ? null : model.verdict;
    const liveStatus = live?.status;
    const cleanPass = clean.status === 'pass';
    const differs =
      (liveStatus === 'pass' && !cleanPass) ||
      (liveStatus === 'fail' && cleanPass);
    if (differs) {
      this._differ.add(model);
    } else {
      this._differ.delete(model);
    }
    if (liveStatus === 'pass' && !cleanPass) {
      clean.explanation = explainDifference(
        true,
        {
          index: item.index,
          sources,
          error,
          messages: item.verdict.criteria.map(criterion => criterion.message),
          failedAbove: this._problems
            .filter(problem => problem.index < item.index)
            .map(problem => ({
              index: problem.index,
              message: problem.message.replace(/^cell \d+ /, '')
            }))
        },
        trans
      );
    } else if (liveStatus === 'fail' && cleanPass) {
      clean.explanation = explainDifference(
        false,
        {
          index: item.index,
          sources,
          error,
          messages: [],
          failedAbove: []
        },
        trans
      );
    } else if (!cleanPass) {
      clean.explanation = clean.message;
    }
    model.clean = clean;
  }

  private _summary(
    run: INotebookRun,
    notebook: INotebookContent
  ): CleanRunState {
    const { trans } = this._options;
    const primary = run.checked.filter(item => !item.copy);
    const differ = this._differ.size;
    return {
      kind: 'done',
      passed: primary.filter(item => item.verdict.status === 'pass').length,
      total: this._controller.exercise.spec.cells.length,
      differ,
      problems: [
        ...run.problems.map(problem =>
          trans.__(
            'Cell %1 (`%2`): %3',
            problem.index + 1,
            firstLine(notebook, problem.index),
            problem.message.replace(/^cell \d+ /, '')
          )
        ),
        ...run.missing.map(item => item.message)
      ]
    };
  }

  private _set(state: CleanRunState): CleanRunState {
    this._state = state;
    this._stateChanged.emit(state);
    return state;
  }

  private _abort = new AbortController();
  private _differ = new Set<FeedbackModel>();
  private _problems: INotebookRun['problems'] = [];
  private _state: CleanRunState = { kind: 'starting' };
  private _stateChanged = new Signal<this, CleanRunState>(this);
}

function sourceOf(source: string | string[]): string {
  return Array.isArray(source) ? source.join('') : source;
}

function firstLine(notebook: INotebookContent, index: number): string {
  const line = sourceOf(notebook.cells[index]?.source ?? '').split('\n')[0];
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}

/** How long a new kernel may take to connect and answer. */
const READY_MS = 60000;

/** Resolves when a new kernel is connected and answers (it is `starting` at first). */
async function waitReady(kernel: Kernel.IKernelConnection): Promise<void> {
  if (kernel.connectionStatus !== 'connected') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        kernel.connectionStatusChanged.disconnect(onChange);
        reject(new Error('the clean kernel did not connect'));
      }, READY_MS);
      const onChange = (
        _: Kernel.IKernelConnection,
        status: Kernel.ConnectionStatus
      ): void => {
        if (status === 'connected') {
          clearTimeout(timer);
          kernel.connectionStatusChanged.disconnect(onChange);
          resolve();
        }
      };
      kernel.connectionStatusChanged.connect(onChange);
    });
  }
  const reply: KernelMessage.IInfoReplyMsg | undefined =
    await kernel.requestKernelInfo();
  if (!reply) {
    throw new Error('the clean kernel did not answer');
  }
}
