/**
 * Per-exercise figures derived from the per-cell progress: what the CSV export
 * and the status bar show.
 */
import { compareTimes } from './merge';
import { ExerciseStatus, exerciseStatus, IExerciseProgress } from './types';

/** The checked cells of an exercise, as the catalog knows them. */
export type CellIdResolver = (
  packId: string,
  exerciseId: string
) => ReadonlyArray<string>;

/** An exercise of the catalog, as far as progress needs to know it. */
export interface IExerciseRef {
  packId: string;
  exerciseId: string;
  /** Its checked cells. */
  cellIds: ReadonlyArray<string>;
}

/** The progress on one exercise, all its cells together. */
export interface IExerciseSummary {
  status: ExerciseStatus;
  /** Checks of all its cells. */
  attempts: number;
  /** Hints shown, all its cells together. */
  hintsUsed: number;
  solutionRevealed: boolean;
  /** When its last checked cell first passed, once all have. */
  firstPassAt: string | null;
  /** When any of its cells was last checked. */
  lastCheckedAt: string | null;
}

/** Sums up the progress on one exercise whose checked cells are `cellIds`. */
export function summarizeExercise(
  progress: IExerciseProgress | undefined,
  cellIds: ReadonlyArray<string>
): IExerciseSummary {
  const cells = Object.values(progress?.cells ?? {});
  const checked =
    cellIds.length > 0 ? cellIds : Object.keys(progress?.cells ?? {});
  const passTimes = checked.map(id => progress?.cells[id]?.firstPassAt ?? null);
  const allPassed = passTimes.length > 0 && passTimes.every(t => t !== null);
  return {
    status: exerciseStatus(progress, cellIds),
    attempts: cells.reduce((n, cell) => n + cell.attempts, 0),
    hintsUsed: cells.reduce((n, cell) => n + cell.hintsUsed, 0),
    solutionRevealed: cells.some(cell => cell.solutionRevealed),
    firstPassAt: allPassed ? latestOf(passTimes) : null,
    lastCheckedAt: latestOf(cells.map(cell => cell.lastCheckedAt))
  };
}

/** How many of `exercises` are passed (a revealed solution does not count). */
export function countSolved(
  get: (packId: string, exerciseId: string) => IExerciseProgress | undefined,
  exercises: ReadonlyArray<IExerciseRef>
): number {
  return exercises.filter(
    ref =>
      exerciseStatus(get(ref.packId, ref.exerciseId), ref.cellIds) === 'passed'
  ).length;
}

function latestOf(times: ReadonlyArray<string | null>): string | null {
  return times.reduce<string | null>(
    (found, t) => (compareTimes(t, found) > 0 ? t : found),
    null
  );
}
