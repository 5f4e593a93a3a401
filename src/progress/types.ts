/**
 * The learner's progress: what is recorded per exercise and per checked cell,
 * the status derived from it, and the store that persists it.
 */
import type { VerdictStatus } from '../checking/types';

/** A verdict as progress records it: the engine's statuses, or withdrawn by the learner. */
export type RecordedVerdict = VerdictStatus | 'cancelled';

/** What the learner did with one checked cell. Times are ISO 8601 strings. */
export interface ICellProgress {
  /** The verdict of the latest check, or null before the first check. */
  verdict: RecordedVerdict | null;
  /** How many times the cell was checked, all tabs together. */
  attempts: number;
  /** The most hints shown at once ("hint 2 of 3" shown means 2). */
  hintsUsed: number;
  /** Whether the learner asked to see the solution. */
  solutionRevealed: boolean;
  /** When the cell first passed. */
  firstPassAt: string | null;
  /** When the cell was last checked. */
  lastCheckedAt: string | null;
  /**
   * Checks counted per browser tab (tab id to count). A plain maximum of two
   * tabs' `attempts` would lose one tab's checks, so each tab counts its own
   * and `attempts` is the checks counted before this field existed plus the
   * sum of these. Only the store writes it.
   */
  attemptsBy?: Record<string, number>;
}

/** The progress on one exercise. */
export interface IExerciseProgress {
  packId: string;
  exerciseId: string;
  /** Keyed by the checked cell's id in the exercise spec. */
  cells: Record<string, ICellProgress>;
  /** When the learner first did anything on the exercise. */
  startedAt: string | null;
  /** When anything on the exercise last changed. */
  updatedAt: string;
}

/** The status of an exercise as the panel shows it. */
export type ExerciseStatus =
  'not-started' | 'in-progress' | 'passed' | 'solution-revealed';

/** The progress file, keyed by `progressKey(packId, exerciseId)`. */
export interface IProgressFile {
  version: 1;
  exercises: Record<string, IExerciseProgress>;
}

/** Why the progress file could not be used as it was. */
export type ProgressProblemKind =
  'corrupt' | 'unsupported-version' | 'read-failed' | 'write-failed';

/**
 * A problem with the progress file. Structured rather than a sentence so the
 * view can translate it.
 */
export interface IProgressProblem {
  kind: ProgressProblemKind;
  /** The progress file concerned. */
  path: string;
  /** Where the unusable file was copied before starting afresh, if it was. */
  backupPath: string | null;
  /** The underlying error message, untranslated, for the log. */
  detail: string;
}

export type { IProgressStore } from '../tokens';

/** The key of an exercise in `IProgressFile.exercises`. */
export function progressKey(packId: string, exerciseId: string): string {
  return `${packId}/${exerciseId}`;
}

/**
 * The status of an exercise from its progress.
 *
 * @param progress - the recorded progress, if any.
 * @param cellIds - the exercise's checked cells; when empty (the exercise is
 *   not in the catalog), the cells recorded in `progress` stand in for them.
 */
export function exerciseStatus(
  progress: IExerciseProgress | undefined,
  cellIds: ReadonlyArray<string>
): ExerciseStatus {
  if (!progress) {
    return 'not-started';
  }
  const cells = Object.values(progress.cells);
  if (cells.some(cell => cell.solutionRevealed)) {
    return 'solution-revealed';
  }
  const checked = cellIds.length > 0 ? cellIds : Object.keys(progress.cells);
  if (
    checked.length > 0 &&
    checked.every(id => !!progress.cells[id]?.firstPassAt)
  ) {
    return 'passed';
  }
  if (cells.some(cell => cell.attempts > 0 || cell.hintsUsed > 0)) {
    return 'in-progress';
  }
  return 'not-started';
}
