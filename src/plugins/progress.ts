/**
 * The progress plugin: the learner's progress file in the exercise folder,
 * and the "7 / 21 solved" status-bar item.
 */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { Notification } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { CommandIDs, TRANSLATION_DOMAIN } from '../commands';
import { ProgressStatus } from '../progress/statusbar';
import { ProgressStore } from '../progress/store';
import { IExerciseCatalog, IProgressStore } from '../tokens';
import { readNotebookSettings } from './notebook-settings';
import { markActivation } from './timing';

/** The notebook plugin's id: its settings hold the exercise folder. */
const NOTEBOOK_SETTINGS_ID = 'jupyterlab-mltutor:notebook';

function progressPath(folder: string): string {
  return `${folder.replace(/^\/+|\/+$/g, '')}/progress.json`;
}

export const progressPlugin: JupyterFrontEndPlugin<IProgressStore> = {
  id: 'jupyterlab-mltutor:progress',
  description:
    "Records the learner's progress in their Jupyter home, with a status-bar item.",
  autoStart: true,
  provides: IProgressStore,
  requires: [IExerciseCatalog],
  optional: [ISettingRegistry, IStatusBar, ITranslator],
  activate: async (
    app: JupyterFrontEnd,
    catalog: IExerciseCatalog,
    settingRegistry: ISettingRegistry | null,
    statusBar: IStatusBar | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const settings = await settingRegistry
      ?.load(NOTEBOOK_SETTINGS_ID)
      .catch(() => null);
    const store = new ProgressStore({
      contents: app.serviceManager.contents,
      path: progressPath(readNotebookSettings(settings ?? null).exerciseFolder),
      cellIds: (packId, exerciseId) =>
        catalog
          .findExercise(packId, exerciseId)
          ?.spec.cells.map(cell => cell.cell) ?? []
    });
    settings?.changed.connect(() => {
      const path = progressPath(readNotebookSettings(settings).exerciseFolder);
      if (path !== store.path) {
        void store.setPath(path);
      }
    });
    // Other tabs' progress shows when the learner comes back to this one.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') {
        void store.refresh();
      }
    });
    store.problemChanged.connect((_, problem) => {
      if (problem?.backupPath) {
        Notification.warning(
          trans.__(
            'Your progress file %1 could not be read; it was kept as %2.',
            problem.path,
            problem.backupPath
          )
        );
      } else if (problem) {
        Notification.warning(
          trans.__('Your progress could not be saved: %1', problem.detail)
        );
      }
    });
    if (statusBar) {
      const item = new ProgressStatus({
        store,
        exercises: () =>
          catalog.exercises.map(exercise => ({
            packId: exercise.packId,
            exerciseId: exercise.spec.id,
            cellIds: exercise.spec.cells.map(cell => cell.cell)
          })),
        exercisesChanged: catalog.changed,
        commands: app.commands,
        commandId: CommandIDs.openPanel,
        translator: translator ?? undefined
      });
      statusBar.registerStatusItem(progressPlugin.id, {
        item,
        align: 'left',
        rank: 4
      });
    }
    return store;
  }
};

// Performance marks around activation (docs/performance.md).
markActivation(progressPlugin);
