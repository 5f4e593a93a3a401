/**
 * A whole-notebook time limit for `mltutor check`, `verify` and `grade`:
 * when a notebook's cells and checks together run past it, the kernel is
 * stopped for good (a kernel that swallows interrupts, or learner code that
 * breaks the kernel's own machinery, would otherwise hold the run for ever)
 * and the result says so.
 */
import { IRunOptions, INotebookRun, runNotebook } from './notebook-run';

/** Default limit of one notebook, ms: far above any exercise's honest run. */
export const DEFAULT_NOTEBOOK_LIMIT_MS = 10 * 60 * 1000;

export interface ILimitedRunOptions extends IRunOptions {
  /** Budget of the whole notebook (every cell and check, waiting included), ms. */
  limitMs: number;
  /**
   * Stops the kernel for good; called once when the limit passes. Shut it
   * down through the server (e.g. `JupyterServer.stopKernel`): an interrupt
   * is not enough for a kernel that ignores it.
   */
  killKernel: () => Promise<void>;
}

/** A run that may have been stopped by its limit. */
export interface ILimitedRun extends INotebookRun {
  /** True when the limit passed and the kernel was stopped. */
  timedOut: boolean;
}

/**
 * Runs the notebook like `runNotebook`, within `limitMs`. Past the limit the
 * kernel is killed, the run ends (cells and checks in flight end as
 * `kernel-dead`) and a `time-limit` problem says what happened.
 */
export async function runNotebookWithin(
  options: ILimitedRunOptions
): Promise<ILimitedRun> {
  const { limitMs, killKernel, ...runOptions } = options;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void killKernel().catch(() => undefined);
  }, limitMs);
  let run: INotebookRun;
  try {
    run = await runNotebook(runOptions);
  } finally {
    clearTimeout(timer);
  }
  if (!timedOut) {
    return { ...run, timedOut };
  }
  return {
    ...run,
    timedOut,
    problems: [
      ...run.problems,
      {
        index: -1,
        kind: 'time-limit',
        message: `the notebook did not finish within ${formatSeconds(limitMs)}: its kernel was stopped`
      }
    ]
  };
}

function formatSeconds(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  return `${seconds} s`;
}
