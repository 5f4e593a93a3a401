/**
 * The changes the learner's actions make to the progress, as pure functions
 * on the in-memory progress file.
 */
import {
  ICellProgress,
  IProgressFile,
  progressKey,
  RecordedVerdict
} from './types';

/** A change to one cell's progress at time `now`; false when it changed nothing. */
export type CellChange = (cell: ICellProgress, now: string) => boolean;

/**
 * Verdicts of checks that judged nothing: the kernel was gone, restarted or
 * skipped the check, or the learner withdrew it. They are no attempt and do
 * not replace the cell's last verdict.
 */
export const JUDGED_NOTHING: ReadonlyArray<RecordedVerdict> = [
  'kernel-dead',
  'kernel-restarted',
  'kernel-busy',
  'cancelled'
];

/** A check of the cell in tab `tabId`: one more attempt, and its verdict. */
export function verdictChange(
  verdict: RecordedVerdict,
  tabId: string
): CellChange {
  return (cell, now) => {
    if (JUDGED_NOTHING.includes(verdict)) {
      return false;
    }
    const byTab = cell.attemptsBy ?? {};
    byTab[tabId] = (byTab[tabId] ?? 0) + 1;
    cell.attemptsBy = byTab;
    cell.attempts += 1;
    cell.verdict = verdict;
    // Later than any check seen, even one from a tab whose clock runs ahead,
    // so that this verdict wins the merge.
    cell.lastCheckedAt = later(cell.lastCheckedAt, now);
    if (verdict === 'pass' && cell.firstPassAt === null) {
      cell.firstPassAt = cell.lastCheckedAt;
    }
    return true;
  };
}

/** `hintsShown` hints of the cell are shown; only the most counts. */
export function hintChange(hintsShown: number): CellChange {
  return cell => {
    const shown = Math.floor(hintsShown);
    if (!(shown > cell.hintsUsed)) {
      return false;
    }
    cell.hintsUsed = shown;
    return true;
  };
}

/** The cell's solution was revealed. */
export const solutionChange: CellChange = cell => {
  if (cell.solutionRevealed) {
    return false;
  }
  cell.solutionRevealed = true;
  return true;
};

/**
 * Applies `change` to a cell of `file` in place, creating the exercise and
 * cell records as needed; returns whether anything changed.
 */
export function applyCellChange(
  file: IProgressFile,
  packId: string,
  exerciseId: string,
  cellId: string,
  change: CellChange,
  now: string
): boolean {
  const key = progressKey(packId, exerciseId);
  const exercise = file.exercises[key] ?? {
    packId,
    exerciseId,
    cells: {},
    startedAt: null,
    updatedAt: now
  };
  const cell = exercise.cells[cellId] ?? emptyCell();
  if (!change(cell, now)) {
    return false;
  }
  exercise.cells[cellId] = cell;
  exercise.startedAt = exercise.startedAt ?? now;
  exercise.updatedAt = later(exercise.updatedAt, now);
  file.exercises[key] = exercise;
  return true;
}

/** A cell nobody has touched. */
export function emptyCell(): ICellProgress {
  return {
    verdict: null,
    attempts: 0,
    hintsUsed: 0,
    solutionRevealed: false,
    firstPassAt: null,
    lastCheckedAt: null
  };
}

/** `now`, or just after `previous` when the clock says otherwise. */
export function later(previous: string | null, now: string): string {
  if (previous === null || !(Date.parse(previous) >= Date.parse(now))) {
    return now;
  }
  return new Date(Date.parse(previous) + 1).toISOString();
}
