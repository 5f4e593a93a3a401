import { Signal } from '@lumino/signaling';
import type { IExerciseCatalog } from '../../catalog/types';
import type { ICellVerdict } from '../../checking/types';
import type {
  ICellProgress,
  IExerciseProgress,
  IProgressStore
} from '../../progress/types';
import { ClassReporter, IClassEvent, stableId } from '../events';

function cell(overrides: Partial<ICellProgress> = {}): ICellProgress {
  return {
    verdict: null,
    attempts: 0,
    hintsUsed: 0,
    solutionRevealed: false,
    firstPassAt: null,
    lastCheckedAt: null,
    ...overrides
  };
}

class FakeProgress {
  changed = new Signal<this, void>(this);
  ready = Promise.resolve();
  records: IExerciseProgress[] = [];
  all(): IExerciseProgress[] {
    return this.records;
  }
  set(cells: Record<string, ICellProgress>): void {
    this.records = [
      {
        packId: 'pack',
        exerciseId: 'ex',
        cells,
        startedAt: null,
        updatedAt: '2026-12-01T10:00:00Z'
      }
    ];
    this.changed.emit();
  }
}

const catalog = {
  findExercise: () => ({
    packId: 'pack',
    spec: { id: 'ex', title: 'An exercise', cells: [{ cell: 'a' }] }
  })
} as unknown as IExerciseCatalog;

const verdict = {
  status: 'fail',
  message: '',
  elapsedMs: 1,
  cancelled: false,
  criteria: [
    {
      checkId: 'shape',
      kind: 'value',
      description: 'shape',
      status: 'fail',
      message: 'Expected `(3, 2)`'
    }
  ]
} as unknown as ICellVerdict;

async function settle(): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, 0));
}

describe('ClassReporter', () => {
  it('sends what exists at start, then one event per change, with the checks of a verdict', async () => {
    const progress = new FakeProgress();
    progress.records = [];
    const sent: IClassEvent[] = [];
    const reporter = new ClassReporter({
      progress: progress as unknown as IProgressStore,
      catalog,
      send: async events => void sent.push(...events)
    });
    await settle();
    reporter.noteVerdict('ex', 'a', verdict);
    progress.set({ a: cell({ verdict: 'fail', attempts: 1 }) });
    await settle();
    progress.set({ a: cell({ verdict: 'fail', attempts: 1 }) }); // nothing new
    await settle();
    progress.set({ a: cell({ verdict: 'fail', attempts: 1, hintsUsed: 1 }) });
    await settle();
    expect(sent.map(e => e.kind)).toEqual(['check', 'hint']);
    expect(sent[0]).toMatchObject({
      pack: 'pack',
      exercise: 'ex',
      title: 'An exercise',
      cell: 'a',
      attempts: 1,
      exerciseStatus: 'in-progress',
      checks: [{ id: 'shape', status: 'fail', message: 'Expected (3, 2)' }]
    });
    expect(sent[1].checks).toEqual([]);
  });

  it('keeps events when the server is away and sends them later', async () => {
    const progress = new FakeProgress();
    let up = false;
    const sent: IClassEvent[] = [];
    new ClassReporter({
      progress: progress as unknown as IProgressStore,
      catalog,
      retryMs: 10,
      send: async events => {
        if (!up) {
          throw new Error('down');
        }
        sent.push(...events);
      }
    });
    await settle();
    progress.set({ a: cell({ verdict: 'pass', attempts: 1 }) });
    await settle();
    expect(sent).toEqual([]);
    up = true;
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(sent).toHaveLength(1);
  });

  it('gives the same state the same id (counted once at the service)', () => {
    expect(stableId('pack/ex/a|fail|1')).toBe(stableId('pack/ex/a|fail|1'));
    expect(stableId('pack/ex/a|fail|1')).not.toBe(stableId('pack/ex/a|fail|2'));
    expect(stableId('x')).toMatch(/^ev-[0-9a-f]{16}$/);
  });
});
