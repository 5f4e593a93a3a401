/**
 * Merging two versions of the progress file, e.g. this tab's and the one on
 * disk that another tab wrote. The merge is a join: commutative, associative
 * and idempotent, so tabs can merge in any order, any number of times, and
 * agree. Its output is canonical (keys sorted), so equal progress serializes
 * to equal text.
 */
import type {
  ICellProgress,
  IExerciseProgress,
  IProgressFile,
  RecordedVerdict
} from './types';

/** Merges two progress files; neither argument is modified. */
export function mergeProgressFiles(
  a: IProgressFile,
  b: IProgressFile
): IProgressFile {
  const exercises: Record<string, IExerciseProgress> = {};
  for (const key of unionKeys(a.exercises, b.exercises)) {
    const mine = a.exercises[key];
    const theirs = b.exercises[key];
    exercises[key] =
      mine && theirs
        ? mergeExercises(mine, theirs)
        : mergeExercises(mine ?? theirs, mine ?? theirs);
  }
  return { version: 1, exercises };
}

/** Merges two records of the same exercise. */
export function mergeExercises(
  a: IExerciseProgress,
  b: IExerciseProgress
): IExerciseProgress {
  const cells: Record<string, ICellProgress> = {};
  for (const id of unionKeys(a.cells, b.cells)) {
    const mine = a.cells[id];
    const theirs = b.cells[id];
    cells[id] = mergeCells(mine ?? theirs, theirs ?? mine);
  }
  return {
    packId: a.packId,
    exerciseId: a.exerciseId,
    cells,
    startedAt: earliest(a.startedAt, b.startedAt),
    updatedAt: latest(a.updatedAt, b.updatedAt) ?? a.updatedAt
  };
}

/** Merges two records of the same checked cell. */
export function mergeCells(a: ICellProgress, b: ICellProgress): ICellProgress {
  const byTab: Record<string, number> = {};
  for (const tab of unionKeys(a.attemptsBy ?? {}, b.attemptsBy ?? {})) {
    byTab[tab] = Math.max(a.attemptsBy?.[tab] ?? 0, b.attemptsBy?.[tab] ?? 0);
  }
  const base = Math.max(untabbedAttempts(a), untabbedAttempts(b));
  const order = compareTimes(a.lastCheckedAt, b.lastCheckedAt);
  const merged: ICellProgress = {
    verdict:
      order > 0
        ? a.verdict
        : order < 0
          ? b.verdict
          : laterVerdict(a.verdict, b.verdict),
    attempts: base + sumOf(byTab),
    hintsUsed: Math.max(a.hintsUsed, b.hintsUsed),
    solutionRevealed: a.solutionRevealed || b.solutionRevealed,
    firstPassAt: earliest(a.firstPassAt, b.firstPassAt),
    lastCheckedAt: latest(a.lastCheckedAt, b.lastCheckedAt)
  };
  if (Object.keys(byTab).length > 0) {
    merged.attemptsBy = byTab;
  }
  return merged;
}

/**
 * Whether `file` already holds everything in `part`, i.e. merging `part` into
 * it changes nothing. The store uses it to see whether another tab's write
 * replaced its own.
 */
export function includesProgress(
  file: IProgressFile,
  part: IProgressFile
): boolean {
  return (
    JSON.stringify(mergeProgressFiles(file, part)) ===
    JSON.stringify(mergeProgressFiles(file, file))
  );
}

/** The checks counted before tabs counted their own. */
export function untabbedAttempts(cell: ICellProgress): number {
  return Math.max(0, cell.attempts - sumOf(cell.attemptsBy ?? {}));
}

/**
 * Orders two ISO times, null first. Times naming the same instant in different
 * spellings are ordered by their text so that the order stays total.
 */
export function compareTimes(a: string | null, b: string | null): number {
  if (a === b) {
    return 0;
  }
  if (a === null || b === null) {
    return a === null ? -1 : 1;
  }
  const diff = (Date.parse(a) || 0) - (Date.parse(b) || 0);
  if (diff !== 0) {
    return diff;
  }
  return a < b ? -1 : 1;
}

function earliest(a: string | null, b: string | null): string | null {
  if (a === null || b === null) {
    return a ?? b;
  }
  return compareTimes(a, b) <= 0 ? a : b;
}

function latest(a: string | null, b: string | null): string | null {
  return compareTimes(a, b) >= 0 ? a : b;
}

/**
 * Two checks at the very same instant: an arbitrary but fixed choice, so that
 * the merge stays commutative.
 */
const VERDICT_RANK: ReadonlyArray<RecordedVerdict> = [
  'cancelled',
  'kernel-busy',
  'kernel-restarted',
  'kernel-dead',
  'timeout',
  'error',
  'fail',
  'pass'
];

function laterVerdict(
  a: RecordedVerdict | null,
  b: RecordedVerdict | null
): RecordedVerdict | null {
  const rank = (v: RecordedVerdict | null) =>
    v === null ? -1 : VERDICT_RANK.indexOf(v);
  return rank(a) >= rank(b) ? a : b;
}

function unionKeys(a: object, b: object): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

function sumOf(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, n) => total + n, 0);
}
