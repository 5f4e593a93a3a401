/**
 * Tokens of the services the extension provides, so that other extensions
 * (and instructors' own plugins) can use the catalog, the checker and the
 * learner's progress.
 */
import { Token } from '@lumino/coreutils';
import type { IExerciseCatalog as ExerciseCatalog } from './catalog/types';
import type { ICheckEngine as CheckEngine } from './checking/types';
import type { IProgressStore as ProgressStore } from './progress/types';

/** The exercise catalog: loaded packs, their exercises and their problems. */
export const IExerciseCatalog = new Token<ExerciseCatalog>(
  'jupyterlab-mltutor:IExerciseCatalog',
  'Exercise packs loaded and validated, with the problems of those that did not load.'
);
export type IExerciseCatalog = ExerciseCatalog;

/** The learner's progress: verdicts, attempts, hints and solutions per exercise. */
export const IProgressStore = new Token<ProgressStore>(
  'jupyterlab-mltutor:IProgressStore',
  "The learner's progress, persisted in their Jupyter home."
);
export type IProgressStore = ProgressStore;

/** The check engine: checks a cell in its notebook's live kernel. */
export const ICheckEngine = new Token<CheckEngine>(
  'jupyterlab-mltutor:ICheckEngine',
  "Checks exercise cells through silent requests to the learner's kernel."
);
export type ICheckEngine = CheckEngine;
