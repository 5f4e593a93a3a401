/**
 * Progress as CSV (RFC 4180), one row per exercise, for learners who keep
 * their own records and instructors who collect them.
 */
import { CellIdResolver, summarizeExercise } from './summary';
import type { IExerciseProgress } from './types';

/** The header row, in column order. */
export const CSV_COLUMNS: ReadonlyArray<string> = [
  'pack',
  'exercise',
  'status',
  'attempts',
  'hints_used',
  'solution_revealed',
  'first_pass_at',
  'last_checked_at'
];

/**
 * The progress as CSV text, rows sorted by pack then exercise, CRLF line ends.
 *
 * @param progress - the recorded exercises.
 * @param cellIds - each exercise's checked cells (a resolver, or a map keyed
 *   `packId/exerciseId`); an exercise the catalog no longer knows falls back
 *   to the cells recorded for it.
 */
export function toCSV(
  progress: ReadonlyArray<IExerciseProgress>,
  cellIds: CellIdResolver | ReadonlyMap<string, ReadonlyArray<string>>
): string {
  const resolve: CellIdResolver =
    typeof cellIds === 'function'
      ? cellIds
      : (packId, exerciseId) => cellIds.get(`${packId}/${exerciseId}`) ?? [];
  const sorted = [...progress].sort(
    (a, b) =>
      compareText(a.packId, b.packId) || compareText(a.exerciseId, b.exerciseId)
  );
  const rows = sorted.map(exercise =>
    progressRow(exercise, resolve(exercise.packId, exercise.exerciseId))
  );
  return csvText([CSV_COLUMNS, ...rows]);
}

/** One exercise's fields in `CSV_COLUMNS` order. */
export function progressRow(
  exercise: IExerciseProgress,
  cellIds: ReadonlyArray<string>
): string[] {
  const s = summarizeExercise(exercise, cellIds);
  return [
    exercise.packId,
    exercise.exerciseId,
    s.status,
    String(s.attempts),
    String(s.hintsUsed),
    String(s.solutionRevealed),
    s.firstPassAt ?? '',
    s.lastCheckedAt ?? ''
  ];
}

/** Rows as RFC 4180 text with CRLF line ends. */
export function csvText(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return rows.map(row => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** One CSV field: quoted, with quotes doubled, when it holds a separator, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
