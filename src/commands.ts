/**
 * Command ids, declared once. Labels, icons and argument schemas are given
 * where the commands are registered.
 */
export namespace CommandIDs {
  export const openPanel = 'mltutor:open-panel';
  export const openExercise = 'mltutor:open-exercise';
  export const resetExercise = 'mltutor:reset-exercise';
  export const checkCell = 'mltutor:check-cell';
  export const checkNotebook = 'mltutor:check-notebook';
  export const checkCleanKernel = 'mltutor:check-clean-kernel';
  export const exportProgress = 'mltutor:export-progress';
  export const openAuthoringGuide = 'mltutor:open-authoring-guide';
}

/** Argument schema of the commands that take no argument (`describedBy`). */
export const NO_ARGS = {
  type: 'object' as const,
  properties: {}
};

/** Translation domain of every visible string of the extension. */
export const TRANSLATION_DOMAIN = 'jupyterlab_mltutor';
