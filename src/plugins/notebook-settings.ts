/** The notebook plugin's settings, read live from the setting registry. */
import type { ISettingRegistry } from '@jupyterlab/settingregistry';

export interface INotebookSettings {
  exerciseFolder: string;
  checkOnExecute: boolean;
  checkTimeout: number;
  allowSolutions: boolean;
}

/**
 * The engine's DEFAULT_CHECK_TIMEOUT_MS in seconds, written out so start-up
 * does not load the engine for a number (locate.spec.ts keeps them equal).
 */
const DEFAULT_CHECK_TIMEOUT_SECONDS = 30;

export const DEFAULT_NOTEBOOK_SETTINGS: INotebookSettings = {
  exerciseFolder: 'ml-exercises',
  checkOnExecute: true,
  checkTimeout: DEFAULT_CHECK_TIMEOUT_SECONDS,
  allowSolutions: true
};

/** The typed, composite (defaults + user + overrides) view of the settings. */
export function readNotebookSettings(
  settings: ISettingRegistry.ISettings | null
): INotebookSettings {
  if (!settings) {
    return { ...DEFAULT_NOTEBOOK_SETTINGS };
  }
  const get = <K extends keyof INotebookSettings>(
    key: K
  ): INotebookSettings[K] => {
    const value = settings.get(key).composite;
    return (value ?? DEFAULT_NOTEBOOK_SETTINGS[key]) as INotebookSettings[K];
  };
  return {
    exerciseFolder: get('exerciseFolder'),
    checkOnExecute: get('checkOnExecute'),
    checkTimeout: get('checkTimeout'),
    allowSolutions: get('allowSolutions')
  };
}
