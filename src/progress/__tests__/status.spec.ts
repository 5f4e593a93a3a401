import { emptyCell } from '../record';
import { countSolved, summarizeExercise } from '../summary';
import { exerciseStatus, ICellProgress, IExerciseProgress } from '../types';

function cell(change: Partial<ICellProgress> = {}): ICellProgress {
  return { ...emptyCell(), ...change };
}

function exercise(
  cells: Record<string, ICellProgress>,
  exerciseId = 'e'
): IExerciseProgress {
  return {
    packId: 'p',
    exerciseId,
    cells,
    startedAt: null,
    updatedAt: '2024-01-01T00:00:00.000Z'
  };
}

const passed = (at: string) =>
  cell({ verdict: 'pass', attempts: 1, firstPassAt: at, lastCheckedAt: at });

describe('exerciseStatus', () => {
  it('is not started without progress or with untouched cells', () => {
    expect(exerciseStatus(undefined, ['a'])).toBe('not-started');
    expect(exerciseStatus(exercise({ a: cell() }), ['a'])).toBe('not-started');
  });

  it('is in progress after an attempt or a hint', () => {
    expect(
      exerciseStatus(exercise({ a: cell({ attempts: 1, verdict: 'fail' }) }), [
        'a'
      ])
    ).toBe('in-progress');
    expect(exerciseStatus(exercise({ a: cell({ hintsUsed: 1 }) }), ['a'])).toBe(
      'in-progress'
    );
  });

  it('is passed only when every checked cell has passed once', () => {
    const one = exercise({ a: passed('2024-01-01T00:00:00Z') });
    expect(exerciseStatus(one, ['a', 'b'])).toBe('in-progress');
    const both = exercise({
      a: passed('2024-01-01T00:00:00Z'),
      b: { ...passed('2024-01-02T00:00:00Z'), verdict: 'fail' }
    });
    expect(exerciseStatus(both, ['a', 'b'])).toBe('passed');
  });

  it('says the solution was revealed, even once passed', () => {
    const revealed = exercise({
      a: { ...passed('2024-01-01T00:00:00Z'), solutionRevealed: true }
    });
    expect(exerciseStatus(revealed, ['a'])).toBe('solution-revealed');
  });

  it('falls back to the recorded cells when the catalog knows none', () => {
    expect(
      exerciseStatus(exercise({ a: passed('2024-01-01T00:00:00Z') }), [])
    ).toBe('passed');
  });
});

describe('summarizeExercise and countSolved', () => {
  it('adds up the cells and dates the pass by the last cell to pass', () => {
    const progress = exercise({
      a: { ...passed('2024-01-01T00:00:00.000Z'), hintsUsed: 2 },
      b: {
        ...passed('2024-01-03T00:00:00.000Z'),
        attempts: 3,
        lastCheckedAt: '2024-01-04T00:00:00.000Z'
      }
    });
    expect(summarizeExercise(progress, ['a', 'b'])).toEqual({
      status: 'passed',
      attempts: 4,
      hintsUsed: 2,
      solutionRevealed: false,
      firstPassAt: '2024-01-03T00:00:00.000Z',
      lastCheckedAt: '2024-01-04T00:00:00.000Z'
    });
    expect(summarizeExercise(progress, ['a', 'b', 'c']).firstPassAt).toBeNull();
  });

  it('counts the passed exercises of the catalog', () => {
    const records: Record<string, IExerciseProgress> = {
      one: exercise({ a: passed('2024-01-01T00:00:00Z') }, 'one'),
      two: exercise(
        { a: { ...passed('2024-01-01T00:00:00Z'), solutionRevealed: true } },
        'two'
      )
    };
    const refs = ['one', 'two', 'three'].map(exerciseId => ({
      packId: 'p',
      exerciseId,
      cellIds: ['a']
    }));
    expect(countSolved((_, id) => records[id], refs)).toBe(1);
  });
});
