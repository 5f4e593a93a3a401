import { csvField, toCSV } from '../csv';
import type { IExerciseProgress } from '../types';

const record = (packId: string, exerciseId: string): IExerciseProgress => ({
  packId,
  exerciseId,
  cells: {
    c1: {
      verdict: 'pass',
      attempts: 2,
      hintsUsed: 1,
      solutionRevealed: false,
      firstPassAt: '2024-01-01T10:00:00.000Z',
      lastCheckedAt: '2024-01-01T10:00:00.000Z'
    },
    c2: {
      verdict: 'fail',
      attempts: 1,
      hintsUsed: 0,
      solutionRevealed: false,
      firstPassAt: null,
      lastCheckedAt: '2024-01-01T11:00:00.000Z'
    }
  },
  startedAt: '2024-01-01T09:00:00.000Z',
  updatedAt: '2024-01-01T11:00:00.000Z'
});

describe('csvField', () => {
  it('leaves plain values alone', () => {
    expect(csvField('missing-data')).toBe('missing-data');
    expect(csvField('')).toBe('');
  });

  it('quotes separators, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });
});

describe('toCSV', () => {
  it('writes the header and one sorted row per exercise', () => {
    const csv = toCSV([record('b', 'x'), record('a', 'y,z')], () => ['c1']);
    expect(csv.split('\r\n')).toEqual([
      'pack,exercise,status,attempts,hints_used,solution_revealed,first_pass_at,last_checked_at',
      'a,"y,z",passed,3,1,false,2024-01-01T10:00:00.000Z,2024-01-01T11:00:00.000Z',
      'b,x,passed,3,1,false,2024-01-01T10:00:00.000Z,2024-01-01T11:00:00.000Z',
      ''
    ]);
  });

  it('takes the checked cells from a map too', () => {
    const csv = toCSV([record('a', 'x')], new Map([['a/x', ['c1', 'c2']]]));
    expect(csv).toContain(
      'a,x,in-progress,3,1,false,,2024-01-01T11:00:00.000Z'
    );
  });

  it('writes only the header without progress', () => {
    expect(toCSV([], () => [])).toBe(
      'pack,exercise,status,attempts,hints_used,solution_revealed,first_pass_at,last_checked_at\r\n'
    );
  });
});
