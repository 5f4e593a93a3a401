/**
 * Reading and writing the progress file's text. Reading is forgiving about
 * single fields (a hand-edited file keeps what makes sense) but refuses a file
 * whose structure is wrong, so the store can keep a copy before starting afresh.
 */
import type { JSONObject } from '@lumino/coreutils';
import { mergeProgressFiles } from './merge';
import {
  ICellProgress,
  IExerciseProgress,
  IProgressFile,
  progressKey,
  RecordedVerdict
} from './types';
import { isObject } from '../json';

/** What reading the progress file's text gave. */
export type ProgressParseResult =
  | { ok: true; file: IProgressFile }
  | { ok: false; kind: 'corrupt' | 'unsupported-version'; detail: string };

const VERDICTS: ReadonlyArray<RecordedVerdict> = [
  'pass',
  'fail',
  'error',
  'timeout',
  'kernel-busy',
  'kernel-restarted',
  'kernel-dead',
  'cancelled'
];

/** A progress file with nothing in it. */
export function emptyProgressFile(): IProgressFile {
  return { version: 1, exercises: {} };
}

/** Reads the progress file's text; an empty text is an empty file. */
export function parseProgressFile(text: string): ProgressParseResult {
  if (text.trim() === '') {
    return { ok: true, file: emptyProgressFile() };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, kind: 'corrupt', detail: String(error) };
  }
  if (!isObject(data) || !isObject(data.exercises)) {
    return {
      ok: false,
      kind: 'corrupt',
      detail: 'not an object with "exercises"'
    };
  }
  if (data.version !== 1) {
    return {
      ok: false,
      kind: 'unsupported-version',
      detail: `version ${JSON.stringify(data.version)}`
    };
  }
  const exercises: Record<string, IExerciseProgress> = {};
  for (const [key, value] of Object.entries(data.exercises)) {
    const exercise = Private.readExercise(key, value);
    if (!exercise) {
      return { ok: false, kind: 'corrupt', detail: `bad entry "${key}"` };
    }
    exercises[progressKey(exercise.packId, exercise.exerciseId)] = exercise;
  }
  // Merging with itself puts it in canonical form.
  const file: IProgressFile = { version: 1, exercises };
  return { ok: true, file: mergeProgressFiles(file, file) };
}

/** The text written to disk: stable, pretty-printed JSON. */
export function serializeProgressFile(file: IProgressFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * The progress of an exercise as `JSONObject`, for the notebook's
 * `metadata.mltutor.progress`, so a shared notebook carries it. The per-tab
 * counts are bookkeeping of the progress file and stay out.
 */
export function notebookProgressMetadata(
  progress: IExerciseProgress
): JSONObject {
  const cells: JSONObject = {};
  for (const [id, cell] of Object.entries(progress.cells)) {
    cells[id] = { ...withoutTabCounts(cell) };
  }
  return {
    packId: progress.packId,
    exerciseId: progress.exerciseId,
    cells,
    startedAt: progress.startedAt,
    updatedAt: progress.updatedAt
  };
}

/** A copy of the file without the per-tab counts, for export. */
export function exportedProgressFile(file: IProgressFile): IProgressFile {
  const exercises: Record<string, IExerciseProgress> = {};
  for (const [key, exercise] of Object.entries(file.exercises)) {
    const cells: Record<string, ICellProgress> = {};
    for (const [id, cell] of Object.entries(exercise.cells)) {
      cells[id] = withoutTabCounts(cell);
    }
    exercises[key] = { ...exercise, cells };
  }
  return { version: 1, exercises };
}

function withoutTabCounts(
  cell: ICellProgress
): Required<Omit<ICellProgress, 'attemptsBy'>> {
  return {
    verdict: cell.verdict,
    attempts: cell.attempts,
    hintsUsed: cell.hintsUsed,
    solutionRevealed: cell.solutionRevealed,
    firstPassAt: cell.firstPassAt,
    lastCheckedAt: cell.lastCheckedAt
  };
}

namespace Private {
  export function readExercise(
    key: string,
    value: unknown
  ): IExerciseProgress | null {
    if (!isObject(value) || !isObject(value.cells)) {
      return null;
    }
    const slash = key.indexOf('/');
    const packId =
      typeof value.packId === 'string' ? value.packId : key.slice(0, slash);
    const exerciseId =
      typeof value.exerciseId === 'string'
        ? value.exerciseId
        : key.slice(slash + 1);
    if (!packId || !exerciseId || slash < 0) {
      return null;
    }
    const cells: Record<string, ICellProgress> = {};
    for (const [id, cell] of Object.entries(value.cells)) {
      if (!isObject(cell)) {
        return null;
      }
      cells[id] = readCell(cell);
    }
    const startedAt = time(value.startedAt);
    return {
      packId,
      exerciseId,
      cells,
      startedAt,
      updatedAt: time(value.updatedAt) ?? startedAt ?? new Date(0).toISOString()
    };
  }

  function readCell(cell: Record<string, unknown>): ICellProgress {
    const read: ICellProgress = {
      verdict: VERDICTS.find(v => v === cell.verdict) ?? null,
      attempts: count(cell.attempts),
      hintsUsed: count(cell.hintsUsed),
      solutionRevealed: cell.solutionRevealed === true,
      firstPassAt: time(cell.firstPassAt),
      lastCheckedAt: time(cell.lastCheckedAt)
    };
    if (isObject(cell.attemptsBy)) {
      const byTab: Record<string, number> = {};
      for (const [tab, n] of Object.entries(cell.attemptsBy)) {
        byTab[tab] = count(n);
      }
      read.attemptsBy = byTab;
      // A hand-edited total below the tabs' sum would make no sense.
      read.attempts = Math.max(
        read.attempts,
        Object.values(byTab).reduce((a, b) => a + b, 0)
      );
    }
    return read;
  }

  function count(value: unknown): number {
    return typeof value === 'number' && Number.isFinite(value) && value > 0
      ? Math.floor(value)
      : 0;
  }

  function time(value: unknown): string | null {
    return typeof value === 'string' && !Number.isNaN(Date.parse(value))
      ? value
      : null;
  }
}
