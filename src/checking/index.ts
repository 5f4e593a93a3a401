/**
 * The check engine: types, the engine, and the kernel helpers the CLI uses.
 */
export * from './types';
export { CheckEngine, DEFAULT_CHECK_TIMEOUT_MS } from './engine';
export type { ICheckEngineOptions } from './engine';
export { executeCell } from './cell-execution';
export type { ICellExecution } from './cell-execution';
export { runNotebook } from './notebook-run';
export type {
  ICheckedCellRun,
  INotebookRun,
  IRunOptions
} from './notebook-run';
export { DEFAULT_NOTEBOOK_LIMIT_MS, runNotebookWithin } from './notebook-limit';
export type { ILimitedRun, ILimitedRunOptions } from './notebook-limit';
