/**
 * Keeps an exercise controller for every open notebook that names an exercise
 * in `metadata.mltutor`, and routes executions and commands to it.
 */
import type { Cell } from '@jupyterlab/cells';
import type { INotebookContent } from '@jupyterlab/nbformat';
import type {
  INotebookTracker,
  Notebook,
  NotebookPanel
} from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import { NOTEBOOK_METADATA_KEY } from '../catalog/format';
import type { ILoadedExercise } from '../catalog/types';
// Type only: the controller (feedback views, checks) loads with the first exercise notebook.
import type {
  ExerciseNotebookController,
  IControllerOptions
} from './controller';
import { exerciseFromNotebook } from './embedded';
import type { INotebookExerciseMetadata } from './injection';

export interface IManagerOptions extends Omit<
  IControllerOptions,
  'panel' | 'exercise'
> {
  tracker: INotebookTracker;
  /** Finds an exercise of the catalog, once the catalog is ready. */
  findExercise: (
    packId: string,
    exerciseId: string
  ) => Promise<ILoadedExercise | undefined>;
  checkOnExecute: () => boolean;
  /** Told of each new exercise notebook's controller (e.g. to add toolbar items). */
  onController?: (controller: ExerciseNotebookController) => void;
  /** Prepares each kernel of an exercise notebook for checks, as soon as it starts. */
  prepareKernel?: (kernel: Kernel.IKernelConnection) => Promise<void>;
}

export class ExerciseNotebooks {
  constructor(options: IManagerOptions) {
    this._options = options;
    options.tracker.widgetAdded.connect((_, panel) => void this._track(panel));
    options.tracker.forEach(panel => void this._track(panel));
  }

  /** The controller of a notebook panel, if it is an exercise notebook. */
  controllerOf(
    panel: NotebookPanel | null
  ): ExerciseNotebookController | undefined {
    return panel ? this._controllers.get(panel) : undefined;
  }

  /** The controller of the notebook holding `notebook`, if any. */
  controllerOfNotebook(
    notebook: Notebook
  ): ExerciseNotebookController | undefined {
    for (const [panel, controller] of this._controllers) {
      if (panel.content === notebook) {
        return controller;
      }
    }
    return undefined;
  }

  /** Called when a cell is about to run: a checked cell's checks may go right behind it. */
  onScheduled(notebook: Notebook, cell: Cell): void {
    this.controllerOfNotebook(notebook)?.onScheduled(
      cell,
      this._options.checkOnExecute()
    );
  }

  /** Called after a cell ran: the controller records the run and checks a checked cell when the setting says so. */
  onExecuted(notebook: Notebook, cell: Cell): void {
    this.controllerOfNotebook(notebook)?.onExecuted(
      cell,
      this._options.checkOnExecute()
    );
  }

  /** Every exercise notebook's controller. */
  controllers(): ExerciseNotebookController[] {
    return [...this._controllers.values()];
  }

  /** Applies changed settings to every open exercise notebook. */
  refreshSettings(): void {
    this._controllers.forEach(controller => controller.refreshSettings());
  }

  private async _track(panel: NotebookPanel): Promise<void> {
    await panel.context.ready;
    const model = panel.content.model;
    if (!model || panel.isDisposed || this._controllers.has(panel)) {
      return;
    }
    const metadata = model.getMetadata(NOTEBOOK_METADATA_KEY) as
      Partial<INotebookExerciseMetadata> | undefined;
    if (!metadata?.pack || !metadata.exercise) {
      return;
    }
    // The pack's exercise when it is installed here; else the checks the notebook carries.
    let exercise = await this._options.findExercise(
      metadata.pack,
      metadata.exercise
    );
    const carriedByNotebook = !exercise;
    exercise ??=
      (await exerciseFromNotebook(
        metadata.pack,
        metadata.exercise,
        metadata.version ?? '1',
        metadata.checks,
        model.toJSON() as INotebookContent
      )) ?? undefined;
    if (!exercise || panel.isDisposed || this._controllers.has(panel)) {
      return;
    }
    const { ExerciseNotebookController } = await import('./controller');
    if (panel.isDisposed || this._controllers.has(panel)) {
      return;
    }
    const controller = new ExerciseNotebookController({
      ...this._options,
      panel,
      exercise,
      carriedByNotebook
    });
    this._controllers.set(panel, controller);
    this._prepareKernels(panel);
    this._options.onController?.(controller);
    panel.disposed.connect(() => {
      controller.dispose();
      this._controllers.delete(panel);
    });
  }

  /** Installs what checks need in the notebook's kernel now and after each change of kernel. */
  private _prepareKernels(panel: NotebookPanel): void {
    const prepare = this._options.prepareKernel;
    if (!prepare) {
      return;
    }
    const { sessionContext } = panel;
    const run = (kernel: Kernel.IKernelConnection | null | undefined) => {
      if (kernel) {
        prepare(kernel).catch(reason =>
          console.warn('mltutor: kernel not prepared', reason)
        );
      }
    };
    void sessionContext.ready.then(() => run(sessionContext.session?.kernel));
    sessionContext.kernelChanged.connect((_, change) => run(change.newValue));
  }

  private _controllers = new Map<NotebookPanel, ExerciseNotebookController>();
  private _options: IManagerOptions;
}
