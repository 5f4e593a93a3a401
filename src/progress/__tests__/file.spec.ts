import {
  exportedProgressFile,
  notebookProgressMetadata,
  parseProgressFile,
  serializeProgressFile
} from '../file';
import type { IExerciseProgress } from '../types';

const progress: IExerciseProgress = {
  packId: 'p',
  exerciseId: 'e',
  cells: {
    c: {
      verdict: 'pass',
      attempts: 3,
      hintsUsed: 1,
      solutionRevealed: false,
      firstPassAt: '2024-01-01T10:00:00.000Z',
      lastCheckedAt: '2024-01-01T10:00:00.000Z',
      attemptsBy: { t1: 3 }
    }
  },
  startedAt: '2024-01-01T09:00:00.000Z',
  updatedAt: '2024-01-01T10:00:00.000Z'
};

describe('parseProgressFile', () => {
  it('reads what serializeProgressFile wrote', () => {
    const file = { version: 1 as const, exercises: { 'p/e': progress } };
    const parsed = parseProgressFile(serializeProgressFile(file));
    expect(parsed).toEqual({ ok: true, file });
  });

  it('treats an empty file as no progress', () => {
    expect(parseProgressFile('  \n')).toEqual({
      ok: true,
      file: { version: 1, exercises: {} }
    });
  });

  it('refuses text that is not JSON, or JSON of the wrong shape', () => {
    expect(parseProgressFile('{"version": 1, "exer')).toMatchObject({
      ok: false,
      kind: 'corrupt'
    });
    expect(parseProgressFile('[1, 2]')).toMatchObject({
      ok: false,
      kind: 'corrupt'
    });
    expect(
      parseProgressFile('{"version": 1, "exercises": {"p/e": 3}}')
    ).toMatchObject({ ok: false, kind: 'corrupt' });
  });

  it('refuses a version it does not know', () => {
    expect(parseProgressFile('{"version": 2, "exercises": {}}')).toMatchObject({
      ok: false,
      kind: 'unsupported-version'
    });
  });

  it('keeps what makes sense of a hand-edited entry', () => {
    const text = JSON.stringify({
      version: 1,
      exercises: {
        'p/e': {
          cells: {
            c: {
              verdict: 'great',
              attempts: -2,
              hintsUsed: 2.7,
              solutionRevealed: 'yes',
              firstPassAt: 'soon',
              attemptsBy: { t: 4 }
            }
          }
        }
      }
    });
    const parsed = parseProgressFile(text);
    expect(parsed.ok && parsed.file.exercises['p/e']).toEqual({
      packId: 'p',
      exerciseId: 'e',
      cells: {
        c: {
          verdict: null,
          attempts: 4,
          hintsUsed: 2,
          solutionRevealed: false,
          firstPassAt: null,
          lastCheckedAt: null,
          attemptsBy: { t: 4 }
        }
      },
      startedAt: null,
      updatedAt: '1970-01-01T00:00:00.000Z'
    });
  });
});

describe('notebookProgressMetadata and exportedProgressFile', () => {
  it('leave out the per-tab counts and copy the rest', () => {
    const metadata = notebookProgressMetadata(progress);
    expect(metadata).toEqual({
      ...progress,
      cells: { c: { ...progress.cells.c, attemptsBy: undefined } }
    });
    expect(JSON.stringify(metadata)).not.toContain('attemptsBy');
    const exported = exportedProgressFile({
      version: 1,
      exercises: { 'p/e': progress }
    });
    expect(JSON.stringify(exported)).not.toContain('attemptsBy');
    expect(progress.cells.c.attemptsBy).toEqual({ t1: 3 });
  });
});
