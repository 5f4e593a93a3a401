import { includesProgress, mergeCells, mergeProgressFiles } from '../merge';
import { parseProgressFile } from '../file';
import type {
  ICellProgress,
  IExerciseProgress,
  IProgressFile,
  RecordedVerdict
} from '../types';
import { seeded } from './memory-contents';

const VERDICTS: RecordedVerdict[] = [
  'pass',
  'fail',
  'error',
  'timeout',
  'cancelled'
];

function randomFile(random: () => number): IProgressFile {
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const time = () =>
    random() < 0.3
      ? null
      : new Date(Date.UTC(2024, 0, 1 + Math.floor(random() * 4))).toISOString();
  const exercises: Record<string, IExerciseProgress> = {};
  for (const id of ['a', 'b', 'c']) {
    if (random() < 0.3) {
      continue;
    }
    const cells: Record<string, ICellProgress> = {};
    for (const cellId of ['x', 'y']) {
      if (random() < 0.3) {
        continue;
      }
      const attemptsBy: Record<string, number> = {};
      for (const tab of ['t1', 't2']) {
        if (random() < 0.5) {
          attemptsBy[tab] = Math.floor(random() * 3);
        }
      }
      const lastCheckedAt = time();
      cells[cellId] = {
        verdict: lastCheckedAt ? pick(VERDICTS) : null,
        attempts:
          Math.floor(random() * 4) +
          Object.values(attemptsBy).reduce((s, n) => s + n, 0),
        hintsUsed: Math.floor(random() * 3),
        solutionRevealed: random() < 0.2,
        firstPassAt: time(),
        lastCheckedAt,
        ...(Object.keys(attemptsBy).length ? { attemptsBy } : {})
      };
    }
    exercises[`pack/${id}`] = {
      packId: 'pack',
      exerciseId: id,
      cells,
      startedAt: time(),
      updatedAt: time() ?? '2024-01-01T00:00:00.000Z'
    };
  }
  return { version: 1, exercises };
}

const text = (file: IProgressFile) => JSON.stringify(file);

describe('mergeProgressFiles', () => {
  const random = seeded(42);
  const samples = Array.from({ length: 60 }, () => [
    randomFile(random),
    randomFile(random),
    randomFile(random)
  ]);

  it('is commutative', () => {
    for (const [a, b] of samples) {
      expect(text(mergeProgressFiles(a, b))).toBe(
        text(mergeProgressFiles(b, a))
      );
    }
  });

  it('is idempotent', () => {
    for (const [a, b] of samples) {
      const ab = mergeProgressFiles(a, b);
      expect(text(mergeProgressFiles(ab, ab))).toBe(text(ab));
      expect(text(mergeProgressFiles(ab, b))).toBe(text(ab));
    }
  });

  it('is associative', () => {
    for (const [a, b, c] of samples) {
      expect(text(mergeProgressFiles(mergeProgressFiles(a, b), c))).toBe(
        text(mergeProgressFiles(a, mergeProgressFiles(b, c)))
      );
    }
  });

  it('keeps everything from both sides', () => {
    for (const [a, b] of samples) {
      const ab = mergeProgressFiles(a, b);
      expect(includesProgress(ab, a)).toBe(true);
      expect(includesProgress(ab, b)).toBe(true);
    }
  });

  it('does not modify its arguments', () => {
    const [a, b] = samples[0];
    const before = [text(a), text(b)];
    mergeProgressFiles(a, b);
    expect([text(a), text(b)]).toEqual(before);
  });

  it('survives a round trip through the file text', () => {
    for (const [a] of samples) {
      const parsed = parseProgressFile(JSON.stringify(a));
      expect(parsed.ok && text(parsed.file)).toBe(
        text(mergeProgressFiles(a, a))
      );
    }
  });
});

describe('mergeCells', () => {
  const base: ICellProgress = {
    verdict: 'fail',
    attempts: 3,
    hintsUsed: 1,
    solutionRevealed: false,
    firstPassAt: null,
    lastCheckedAt: '2024-01-01T10:00:00.000Z'
  };

  it('adds up the checks two tabs made from the same starting point', () => {
    const one = {
      ...base,
      attempts: 4,
      attemptsBy: { t1: 1 },
      verdict: 'pass' as const,
      lastCheckedAt: '2024-01-01T10:05:00.000Z',
      firstPassAt: '2024-01-01T10:05:00.000Z'
    };
    const two = {
      ...base,
      attempts: 5,
      attemptsBy: { t2: 2 },
      lastCheckedAt: '2024-01-01T10:03:00.000Z',
      hintsUsed: 2
    };
    const merged = mergeCells(one, two);
    expect(merged.attempts).toBe(6);
    expect(merged.attemptsBy).toEqual({ t1: 1, t2: 2 });
    expect(merged.verdict).toBe('pass');
    expect(merged.lastCheckedAt).toBe('2024-01-01T10:05:00.000Z');
    expect(merged.firstPassAt).toBe('2024-01-01T10:05:00.000Z');
    expect(merged.hintsUsed).toBe(2);
  });

  it('takes the larger count when neither side counted by tab', () => {
    expect(mergeCells(base, { ...base, attempts: 7 }).attempts).toBe(7);
  });

  it('keeps the earliest first pass and any revealed solution', () => {
    const early = { ...base, firstPassAt: '2024-01-01T09:00:00.000Z' };
    const late = {
      ...base,
      firstPassAt: '2024-01-02T09:00:00.000Z',
      solutionRevealed: true
    };
    const merged = mergeCells(late, early);
    expect(merged.firstPassAt).toBe('2024-01-01T09:00:00.000Z');
    expect(merged.solutionRevealed).toBe(true);
  });

  it('takes the verdict of the latest check', () => {
    const later = {
      ...base,
      verdict: 'error' as const,
      lastCheckedAt: '2024-01-01T11:00:00.000Z'
    };
    expect(mergeCells(base, later).verdict).toBe('error');
    expect(mergeCells(later, base).verdict).toBe('error');
  });
});
