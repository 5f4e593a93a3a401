/**
 * Commands on exercises: open (inject the learner's copy), reset (with a
 * backup), check a cell or a whole notebook, export progress.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { IDocumentManager } from '@jupyterlab/docmanager';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { TranslationBundle } from '@jupyterlab/translation';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import type { IExerciseCatalog, ILoadedExercise } from '../catalog/types';
import { CommandIDs, NO_ARGS } from '../commands';
import { exercisesIcon } from '../icons';
import type { CleanChecks } from '../notebook/clean-banner';
import type { ExerciseNotebookController } from '../notebook/controller';
import type { ExerciseInjector } from '../notebook/injection';
import type { LearnerCopies } from '../notebook/learner-copies';
import type { ExerciseNotebooks } from '../notebook/manager';
import type { IProgressStore } from '../progress/types';

export interface IExerciseCommandsOptions {
  app: JupyterFrontEnd;
  catalog: IExerciseCatalog;
  docManager: IDocumentManager;
  injector: ExerciseInjector;
  notebooks: ExerciseNotebooks;
  /** Finds the learner's notebook after renames and moves. */
  copies: LearnerCopies;
  cleanChecks: CleanChecks;
  progress: IProgressStore;
  tracker: INotebookTracker;
  trans: TranslationBundle;
  exerciseFolder: () => string;
}

const EXERCISE_ARGS = {
  type: 'object' as const,
  properties: {
    pack: { type: 'string', description: 'Id of the pack' },
    exercise: { type: 'string', description: 'Id of the exercise' }
  },
  required: ['pack', 'exercise']
};

export function addExerciseCommands(options: IExerciseCommandsOptions): void {
  const {
    app,
    catalog,
    docManager,
    injector,
    notebooks,
    progress,
    tracker,
    trans
  } = options;
  const { commands } = app;

  const exerciseOf = async (
    args: ReadonlyPartialJSONObject
  ): Promise<ILoadedExercise> => {
    await catalog.ready;
    const exercise = catalog.findExercise(
      String(args.pack),
      String(args.exercise)
    );
    if (!exercise) {
      throw new Error(
        trans.__(
          'No exercise %1 in pack %2',
          String(args.exercise),
          String(args.pack)
        )
      );
    }
    return exercise;
  };

  commands.addCommand(CommandIDs.openExercise, {
    label: args =>
      args.exercise
        ? trans.__('Open Exercise %1', String(args.exercise))
        : trans.__('Open Exercise'),
    caption: trans.__(
      "Open your own copy of the exercise's notebook (created if missing, never overwritten)"
    ),
    icon: exercisesIcon,
    describedBy: { args: EXERCISE_ARGS },
    execute: async args => {
      try {
        const exercise = await exerciseOf(args);
        const path =
          (await options.copies.locate(exercise)) ??
          (await injector.ensureCopy(exercise)).path;
        return docManager.openOrReveal(path);
      } catch (error) {
        Notification.error(
          trans.__('Could not open the exercise: %1', (error as Error).message)
        );
        return undefined;
      }
    }
  });

  commands.addCommand(CommandIDs.resetExercise, {
    label: trans.__('Reset Exercise…'),
    caption: trans.__(
      'Start the exercise again from a fresh notebook, keeping a backup of yours'
    ),
    describedBy: { args: EXERCISE_ARGS },
    execute: async args => {
      const exercise = await exerciseOf(args);
      const path = injector.notebookPath(exercise);
      const answer = await showDialog({
        title: trans.__('Reset “%1”?', exercise.spec.title),
        body: trans.__(
          'Your notebook %1 will be kept as a timestamped backup next to a fresh copy.',
          path
        ),
        buttons: [
          Dialog.cancelButton(),
          Dialog.warnButton({ label: trans.__('Reset') })
        ]
      });
      if (!answer.button.accept) {
        return;
      }
      const open = docManager.findWidget(path);
      if (open) {
        if (open.context.model.dirty) {
          await open.context.save();
        }
        open.dispose();
      }
      const { backup } = await injector.reset(exercise);
      if (backup) {
        Notification.info(
          trans.__('Your previous notebook was kept as %1', backup),
          {
            autoClose: 8000
          }
        );
      }
      return docManager.openOrReveal(path);
    }
  });

  commands.addCommand(CommandIDs.checkCell, {
    describedBy: { args: NO_ARGS },
    label: trans.__('Check Exercise Cell'),
    caption: trans.__('Check the active cell against its exercise'),
    icon: exercisesIcon,
    isEnabled: () =>
      notebooks.controllerOf(tracker.currentWidget) !== undefined,
    execute: async () => {
      const controller = notebooks.controllerOf(tracker.currentWidget);
      const cell = tracker.activeCell;
      if (!controller || !cell) {
        return;
      }
      if (!controller.checkedCellOf(cell)) {
        Notification.info(
          trans.__(
            'This cell has no checks: checked cells show a Check button.'
          ),
          {
            autoClose: 5000
          }
        );
        return;
      }
      await controller.check(cell);
    }
  });

  commands.addCommand(CommandIDs.checkNotebook, {
    describedBy: { args: NO_ARGS },
    label: trans.__('Check All Exercise Cells'),
    caption: trans.__(
      'Check every checked cell of the notebook, top to bottom'
    ),
    isEnabled: () =>
      notebooks.controllerOf(tracker.currentWidget) !== undefined,
    execute: async () => {
      await notebooks.controllerOf(tracker.currentWidget)?.checkAll();
    }
  });

  /** The notebook of the exercise the arguments name, else the current one. */
  const cleanTarget = (
    args: ReadonlyPartialJSONObject
  ): ExerciseNotebookController | undefined =>
    args.pack && args.exercise
      ? notebooks
          .controllers()
          .find(
            controller =>
              controller.exercise.packId === args.pack &&
              controller.exercise.spec.id === args.exercise
          )
      : notebooks.controllerOf(tracker.currentWidget);

  commands.addCommand(CommandIDs.checkCleanKernel, {
    label: trans.__('Check in a Clean Kernel'),
    caption: trans.__(
      'Run the notebook from a fresh start in a second kernel, with every check, without touching your kernel'
    ),
    icon: exercisesIcon,
    describedBy: {
      args: {
        type: 'object' as const,
        properties: EXERCISE_ARGS.properties
      }
    },
    isEnabled: args => cleanTarget(args) !== undefined,
    execute: async args => {
      const controller = cleanTarget(args);
      if (!controller || !(await controller.consent())) {
        return;
      }
      return options.cleanChecks.start(controller);
    }
  });

  commands.addCommand(CommandIDs.exportProgress, {
    describedBy: { args: NO_ARGS },
    label: trans.__('Export Exercise Progress (CSV and JSON)'),
    caption: trans.__(
      'Write your progress to progress-export.csv and progress-export.json'
    ),
    execute: async () => {
      await catalog.ready;
      await progress.ready;
      const folder = options.exerciseFolder().replace(/\/+$/, '');
      const contents = app.serviceManager.contents;
      const csvPath = `${folder}/progress-export.csv`;
      const jsonPath = `${folder}/progress-export.json`;
      await contents.save(csvPath, {
        type: 'file',
        format: 'text',
        content: progress.toCSV()
      });
      await contents.save(jsonPath, {
        type: 'file',
        format: 'text',
        content: progress.toJSON()
      });
      Notification.success(
        trans.__('Progress exported to %1 and %2', csvPath, jsonPath),
        {
          autoClose: 8000
        }
      );
      return csvPath;
    }
  });
}
