/**
 * jupyterlab-mltutor: the plugins. Each lives in its own module under
 * `plugins/`; this file only lists them.
 */
import { catalogPlugin } from './plugins/catalog';
import { checkerPlugin } from './plugins/checker';
import { classReportPlugin, classroomPlugin } from './plugins/classroom';
import { notebookPlugin } from './plugins/notebook';
import { panelPlugin } from './plugins/panel';
import { progressPlugin } from './plugins/progress';

export * from './tokens';
export type { IClassPolicy } from './classroom/policy';
// The public types of the tokens' services, for other extensions.
export type {
  Check,
  CheckKind,
  ICheckedCell,
  IExerciseSpec,
  IPackManifest
} from './catalog/format';
export type {
  ICatalogProblem,
  ILoadedAsset,
  ILoadedExercise,
  ILoadedPack
} from './catalog/types';
export type {
  ICellCheckRequest,
  ICellVerdict,
  ICriterionResult,
  VerdictStatus
} from './checking/types';
export type {
  ExerciseStatus,
  ICellProgress,
  IExerciseProgress,
  IProgressProblem,
  RecordedVerdict
} from './progress/types';

export default [
  classroomPlugin,
  catalogPlugin,
  checkerPlugin,
  progressPlugin,
  notebookPlugin,
  panelPlugin,
  classReportPlugin
];
