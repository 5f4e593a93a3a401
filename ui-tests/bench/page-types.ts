/**
 * What the benchmarks reach in the page through `window`: JupyterLab's
 * application and the benchmark's own timing record. Types only: the specs
 * cast `window` to these inside `page.evaluate`.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { NotebookPanel } from '@jupyterlab/notebook';

/** One Shift+Enter of the page benchmark, in ms from the key press. */
export interface IRunTiming {
  start?: number;
  output?: number;
  verdict?: number;
  /** The controller's marks (src/notebook/check-marks.ts) after the press. */
  stages?: Record<string, number>;
  done: Promise<void>;
}

/** The panel render benchmark's record. */
export interface IRenderTiming {
  start?: number;
  done?: Promise<{ ms: number; rows: number }>;
}

export interface IBenchWindow {
  jupyterapp: JupyterFrontEnd;
  mltutorBench?: IRunTiming;
  mltutorRender?: IRenderTiming;
}

/** The notebook panel in the main area (the benchmarks keep one open). */
export type CurrentNotebook = NotebookPanel;
