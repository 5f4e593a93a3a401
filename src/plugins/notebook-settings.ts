/** The notebook plugin's settings, read live from the setting registry. */
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../checking/engine';

export interface INotebookSettings {
  exerciseFolder: string;
  checkOnExecute: boolean;
  checkTimeout: number;
  allowSolutions: boolean;
}

export const DEFAULT_NOTEBOOK_SETTINGS: INotebookSettings = {
  exerciseFolder: 'ml-exercises',
  checkOnExecute: true,
  checkTimeout: DEFAULT_CHECK_TIMEOUT_MS / 1000,
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
