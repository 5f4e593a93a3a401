/** The catalog plugin: loads the packs and reloads them when the settings change. */
import {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ExerciseCatalog, foldersFromSettings } from '../catalog/catalog';
import type { ICatalogFolders } from '../catalog/types';
import { redactExercises } from '../classroom/enforce';
import { withClassFolders } from '../classroom/policy';
import { IClassroom, IExerciseCatalog } from '../tokens';
import { markActivation } from './timing';

export const catalogPlugin: JupyterFrontEndPlugin<IExerciseCatalog> = {
  id: 'jupyterlab-mltutor:catalog',
  description:
    'Loads and validates exercise packs: bundled, system-wide and from folders.',
  autoStart: true,
  provides: IExerciseCatalog,
  // Required, not optional: without the class policy no pack loads (fail closed).
  requires: [IClassroom],
  optional: [ISettingRegistry],
  activate: async (
    app: JupyterFrontEnd,
    classroom: IClassroom,
    settingRegistry: ISettingRegistry | null
  ) => {
    const { policy } = classroom;
    // The class's folders always, whatever the settings say (the point of use).
    const folders = (
      settings: ISettingRegistry.ISettings | null | undefined
    ): Partial<ICatalogFolders> => {
      const read = settings ? foldersFromSettings(settings) : null;
      return {
        packFolders: read?.packFolders ?? [],
        systemPackFolders: withClassFolders(
          read?.systemPackFolders ?? [],
          policy
        )
      };
    };
    // Settings first, so the packs load once at start-up with the right folders.
    const settings = await settingRegistry
      ?.load(catalogPlugin.id)
      .catch(reason => {
        console.error('mltutor: the catalog settings could not load', reason);
        return null;
      });
    const catalog = new ExerciseCatalog({
      contents: app.serviceManager.contents,
      folders: folders(settings)
    });
    // Connected first: exercises lose what the class may not see before anyone reads them.
    catalog.changed.connect(() => redactExercises(catalog.exercises, policy));
    settings?.changed.connect(() => void catalog.setFolders(folders(settings)));
    return catalog;
  }
};

// Performance marks around activation (docs/performance.md).
markActivation(catalogPlugin);
