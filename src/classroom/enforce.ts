/**
 * Holding the class policy against the learner's own settings and at the point of
 * use: settings-registry transforms (the Advanced Settings Editor cannot undo them)
 * and exercises stripped of what the class may not see before anything shows them.
 */
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { ILoadedExercise } from '../catalog/types';
import { allowedHints, IClassPolicy, withClassFolders } from './policy';

export const NOTEBOOK_PLUGIN_ID = 'jupyterlab-mltutor:notebook';
export const CATALOG_PLUGIN_ID = 'jupyterlab-mltutor:catalog';

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** The notebook settings as the class allows them. */
export function composeNotebookSettings(
  plugin: ISettingRegistry.IPlugin,
  policy: IClassPolicy
): ISettingRegistry.IPlugin {
  if (!policy.allowSolutions) {
    plugin.data.composite = { ...plugin.data.composite, allowSolutions: false };
  }
  return plugin;
}

/** The catalog settings with the class's pack folders always in. */
export function composeCatalogSettings(
  plugin: ISettingRegistry.IPlugin,
  policy: IClassPolicy
): ISettingRegistry.IPlugin {
  if (policy.packFolders.length > 0) {
    const current = stringList(plugin.data.composite.systemPackFolders);
    plugin.data.composite = {
      ...plugin.data.composite,
      systemPackFolders: withClassFolders(current, policy)
    };
  }
  return plugin;
}

/** Registers both transforms (the schemas say `jupyter.lab.transform`, so loads wait for them). */
export function registerPolicyTransforms(
  registry: ISettingRegistry,
  policy: IClassPolicy
): void {
  registry.transform(NOTEBOOK_PLUGIN_ID, {
    compose: plugin => composeNotebookSettings(plugin, policy)
  });
  registry.transform(CATALOG_PLUGIN_ID, {
    compose: plugin => composeCatalogSettings(plugin, policy)
  });
}

/**
 * Removes from loaded exercises what the class may not see: hints past the limit and
 * solutions. Done in place, when the catalog changes, before the panel or a notebook
 * reads them: what is not in the page cannot be revealed.
 */
export function redactExercises(
  exercises: ReadonlyArray<ILoadedExercise>,
  policy: IClassPolicy
): void {
  for (const exercise of exercises) {
    for (const cell of exercise.spec.cells) {
      const keep = allowedHints(cell.hints.length, policy);
      if (keep < cell.hints.length) {
        cell.hints = cell.hints.slice(0, keep);
      }
      if (!policy.allowSolutions) {
        cell.solution = '';
      }
    }
  }
}
