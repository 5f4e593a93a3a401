/**
 * The notebook plugin: exercise notebooks get feedback under their checked
 * cells, checks run on execution (a setting), and the exercise commands.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { INotebookTracker, NotebookActions } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { CommandToolbarButton } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { CommandIDs, TRANSLATION_DOMAIN } from '../commands';
import { CleanChecks } from '../notebook/clean-banner';
import { LearnerCopies } from '../notebook/learner-copies';
import { engineChecker } from '../notebook/engine-checker';
import { ExerciseInjector } from '../notebook/injection';
import { ExerciseNotebooks } from '../notebook/manager';
import { createMarkdownRenderer } from '../notebook/render-markdown';
import {
  ICheckEngine,
  IClassroom,
  IExerciseCatalog,
  IProgressStore
} from '../tokens';
import { addExerciseCommands } from './exercise-commands';
import {
  DEFAULT_NOTEBOOK_SETTINGS,
  INotebookSettings,
  readNotebookSettings
} from './notebook-settings';
import { markActivation } from './timing';

export const notebookPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlab-mltutor:notebook',
  description:
    'Exercise notebooks: injection, checks by the cell, hints and solutions.',
  autoStart: true,
  requires: [
    IExerciseCatalog,
    ICheckEngine,
    IProgressStore,
    INotebookTracker,
    IDocumentManager,
    IRenderMimeRegistry,
    IClassroom
  ],
  optional: [ISettingRegistry, ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    catalog: IExerciseCatalog,
    engine: ICheckEngine,
    progress: IProgressStore,
    tracker: INotebookTracker,
    docManager: IDocumentManager,
    rendermime: IRenderMimeRegistry,
    classroom: IClassroom,
    settingRegistry: ISettingRegistry | null,
    translator: ITranslator | null
  ) => {
    const translation = translator ?? nullTranslator;
    const trans = translation.load(TRANSLATION_DOMAIN);
    let current: INotebookSettings = { ...DEFAULT_NOTEBOOK_SETTINGS };
    const settings = await settingRegistry
      ?.load(notebookPlugin.id)
      .catch(reason => {
        console.error('mltutor: the notebook settings could not load', reason);
        return null;
      });
    current = readNotebookSettings(settings ?? null);

    const injector = new ExerciseInjector({
      contents: app.serviceManager.contents,
      folder: () => current.exerciseFolder,
      // Exam mode: learners' copies carry no checks or reference values.
      carryChecks: () => classroom.policy.carryChecks,
      readAsset: async (exercise, path) => {
        const asset = exercise.assets?.find(
          candidate => candidate.path === path
        );
        if (!asset) {
          throw new Error(trans.__('The exercise has no asset %1', path));
        }
        return { content: asset.content, format: asset.format };
      }
    });
    const renderMarkdown = createMarkdownRenderer(rendermime, translation);
    const notebooks = new ExerciseNotebooks({
      tracker,
      checker: engineChecker(engine),
      progress,
      renderMarkdown,
      trans,
      settings: () => ({
        timeoutSeconds: current.checkTimeout,
        allowSolutions: current.allowSolutions
      }),
      checkOnExecute: () => current.checkOnExecute,
      onController: controller => {
        const button = new CommandToolbarButton({
          commands: app.commands,
          id: CommandIDs.checkCleanKernel,
          label: trans.__('Check in a clean kernel')
        });
        const { toolbar } = controller.panel;
        if (
          !toolbar.insertAfter('cellType', 'mltutor-check-clean-kernel', button)
        ) {
          toolbar.addItem('mltutor-check-clean-kernel', button);
        }
      },
      prepareKernel: kernel => engine.prepare(kernel),
      findExercise: async (packId, exerciseId) => {
        await catalog.ready;
        return catalog.findExercise(packId, exerciseId);
      }
    });
    settings?.changed.connect(() => {
      current = readNotebookSettings(settings);
      notebooks.refreshSettings();
    });
    NotebookActions.executionScheduled.connect((_, { notebook, cell }) =>
      notebooks.onScheduled(notebook, cell)
    );
    NotebookActions.executed.connect((_, { notebook, cell }) =>
      notebooks.onExecuted(notebook, cell)
    );
    const copies = new LearnerCopies({
      contents: app.serviceManager.contents,
      defaultPath: exercise => injector.notebookPath(exercise),
      storage: window.localStorage
    });
    const cleanChecks = new CleanChecks({
      engine,
      kernels: app.serviceManager.kernels,
      trans,
      renderMarkdown,
      checkTimeoutMs: () => current.checkTimeout * 1000
    });
    addExerciseCommands({
      app,
      catalog,
      docManager,
      injector,
      notebooks,
      copies,
      cleanChecks,
      progress,
      tracker,
      trans,
      exerciseFolder: () => current.exerciseFolder
    });
  }
};

// Performance marks around activation (docs/performance.md).
markActivation(notebookPlugin);
