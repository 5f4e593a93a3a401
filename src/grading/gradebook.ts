/**
 * The gradebook: what `mltutor grade` writes (JSON and CSV) and what the class
 * dashboard imports. Points come from the format: a check earns its `points`
 * (default 1) when it passes; a cell with `points` earns them all when every
 * check of the cell passes (nbgrader's test cells), none otherwise.
 */
import type { ICheckedCell, IExerciseSpec } from '../catalog/format';
import type { INotebookRun } from '../checking';
import type { VerdictStatus } from '../checking/types';

/** Version of the gradebook format (JSON `format`). */
export const GRADEBOOK_FORMAT = 1;

/** One check in a graded submission. */
export interface IGradedCheck {
  id: string;
  description: string;
  /** `not-run` when the run stopped before the cell, or the cell is missing. */
  status: VerdictStatus | 'not-run';
  hidden: boolean;
  /** Points earned; null in a cell graded as a whole (see the cell's). */
  points: number | null;
  max_points: number | null;
  message: string;
}

export interface IGradedCell {
  cell: string;
  points: number;
  max_points: number;
  checks: IGradedCheck[];
}

/** Why a run did not end normally. */
export type StopReason = 'time-limit' | 'memory-limit' | 'kernel-died';

/** One submission's grade. */
export interface ISubmissionGrade {
  learner: string;
  /** The submitted notebook, as given on the command line. */
  path: string;
  /** SHA-256 of the notebook file: a resumed run regrades a changed file. */
  sha256: string;
  pack: string | null;
  exercise: string | null;
  /** SHA-256 of the exercise's checks as graded: a resumed run with other checks grades again. */
  checks_sha256?: string;
  /** `graded`: ran to the end; `stopped`: a limit stopped it (see `stopped`); `error`: it could not be graded. */
  status: 'graded' | 'stopped' | 'error';
  stopped: StopReason | null;
  points: number;
  max_points: number;
  /** `cell/check` ids of every check that did not pass. */
  failing: string[];
  /** What the seal saw learner code do to the check machinery; empty when nothing. */
  tampering: string[];
  /** Cells that raised, limits reached, infrastructure errors. */
  problems: string[];
  cells: IGradedCell[];
  elapsed_ms: number;
  graded_at: string;
}

/** The gradebook file. */
export interface IGradebook {
  format: number;
  kind: 'mltutor-gradebook';
  generated: string;
  submissions: ISubmissionGrade[];
}

function checkPoints(
  cell: ICheckedCell,
  points: number | undefined
): number | null {
  return cell.points !== undefined ? null : (points ?? 1);
}

/** The most points an exercise gives. */
export function maxPoints(spec: IExerciseSpec): number {
  return spec.cells.reduce(
    (sum, cell) =>
      sum +
      (cell.points ??
        cell.checks.reduce((total, check) => total + (check.points ?? 1), 0)),
    0
  );
}

/** Points and checks of every cell of the exercise, from a run (cells it did not reach score nothing). */
export function scoreRun(
  spec: IExerciseSpec,
  run: INotebookRun
): IGradedCell[] {
  return spec.cells.map(cell => {
    const ran =
      run.checked.find(item => item.cell.cell === cell.cell && !item.copy) ??
      run.checked.find(item => item.cell.cell === cell.cell);
    const missing = run.missing.find(item => item.cell.cell === cell.cell);
    const checks = cell.checks.map((check): IGradedCheck => {
      const criterion = ran?.verdict.criteria.find(c => c.checkId === check.id);
      const status = criterion?.status ?? 'not-run';
      const max = checkPoints(cell, check.points);
      return {
        id: check.id,
        description: criterion?.description ?? check.description ?? check.id,
        status,
        hidden: check.hidden === true,
        points: max === null ? null : status === 'pass' ? max : 0,
        max_points: max,
        message:
          criterion?.message ??
          (missing
            ? `the cell is missing: ${missing.message}`
            : 'not run: the run stopped before this cell')
      };
    });
    const allPass = checks.length > 0 && checks.every(c => c.status === 'pass');
    const max =
      cell.points ?? checks.reduce((sum, c) => sum + (c.max_points ?? 0), 0);
    const points =
      cell.points !== undefined
        ? allPass
          ? cell.points
          : 0
        : checks.reduce((sum, c) => sum + (c.points ?? 0), 0);
    return { cell: cell.cell, points, max_points: max, checks };
  });
}

/** `cell/check` of every check that did not pass. */
export function failingChecks(cells: ReadonlyArray<IGradedCell>): string[] {
  return cells.flatMap(cell =>
    cell.checks
      .filter(c => c.status !== 'pass')
      .map(c => `${cell.cell}/${c.id}`)
  );
}

/** Rounds away binary noise (0.1 + 0.2). */
export function roundPoints(points: number): number {
  return Math.round(points * 1000) / 1000;
}

const CSV_COLUMNS = [
  'learner',
  'path',
  'exercise',
  'points',
  'max_points',
  'status',
  'stopped',
  'tampering_suspected',
  'tampering',
  'failing_checks',
  'problems'
] as const;

function csvField(value: string | number): string {
  const text = String(value);
  // A leading =, +, - or @ would be a formula in a spreadsheet.
  const safe =
    /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The gradebook as CSV: one row per submission. */
export function gradebookCsv(book: IGradebook): string {
  const rows = book.submissions.map(s =>
    [
      s.learner,
      s.path,
      s.exercise ? `${s.pack}/${s.exercise}` : '',
      roundPoints(s.points),
      roundPoints(s.max_points),
      s.status,
      s.stopped ?? '',
      s.tampering.length > 0 ? 'yes' : 'no',
      s.tampering.join('; '),
      s.failing.join('; '),
      s.problems.join('; ')
    ]
      .map(csvField)
      .join(',')
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\n')}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether parsed JSON is a submission's grade (journal lines, imports). */
export function isSubmissionGrade(value: unknown): value is ISubmissionGrade {
  return (
    isRecord(value) &&
    typeof value.learner === 'string' &&
    typeof value.path === 'string' &&
    typeof value.sha256 === 'string' &&
    typeof value.points === 'number' &&
    typeof value.max_points === 'number' &&
    Array.isArray(value.failing) &&
    Array.isArray(value.tampering) &&
    Array.isArray(value.cells)
  );
}

/** Parses a gradebook JSON file (for importers such as the class dashboard); throws a readable error. */
export function parseGradebook(text: string): IGradebook {
  const data = JSON.parse(text) as unknown;
  if (
    !isRecord(data) ||
    data.kind !== 'mltutor-gradebook' ||
    data.format !== GRADEBOOK_FORMAT ||
    !Array.isArray(data.submissions) ||
    !data.submissions.every(isSubmissionGrade)
  ) {
    throw new Error(`not an mltutor gradebook (format ${GRADEBOOK_FORMAT})`);
  }
  return data as unknown as IGradebook;
}
