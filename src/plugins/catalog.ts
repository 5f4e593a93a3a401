/** The catalog plugin: loads the packs and reloads them when the settings change. */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ExerciseCatalog, foldersFromSettings } from '../catalog/catalog';
import { IExerciseCatalog } from '../tokens';

export const catalogPlugin: JupyterFrontEndPlugin<IExerciseCatalog> = {
  id: 'jupyterlab-mltutor:catalog',
  description:
    'Loads and validates exercise packs: bundled, system-wide and from folders.',
  autoStart: true,
  provides: IExerciseCatalog,
  optional: [ISettingRegistry],
  activate: async (
    app: JupyterFrontEnd,
    settingRegistry: ISettingRegistry | null
  ) => {
    // Settings first, so the packs load once at start-up with the right folders.
    const settings = await settingRegistry
      ?.load(catalogPlugin.id)
      .catch(reason => {
        console.error('mltutor: the catalog settings could not load', reason);
        return null;
      });
    const catalog = new ExerciseCatalog({
      contents: app.serviceManager.contents,
      folders: settings ? foldersFromSettings(settings) : {}
    });
    settings?.changed.connect(
      () => void catalog.setFolders(foldersFromSettings(settings))
    );
    return catalog;
  }
};
