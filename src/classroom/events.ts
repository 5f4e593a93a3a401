/**
 * Verdict events for the class dashboard. Each change of a checked cell's recorded
 * progress becomes one event, sent to the lab's own server, whose outbox (in the
 * learner's home) forwards it to the class service with the learner's hub token.
 *
 * Event ids come from the state they describe, so the same state sent again (another
 * tab, a reload, a resend) counts once at the service.
 */
import type { IExerciseCatalog } from '../catalog/types';
import type { ICellVerdict } from '../checking/types';
import type { ICellProgress, IProgressStore } from '../progress/types';
import { exerciseStatus } from '../progress/types';

export interface IReportedCheck {
  id: string;
  status: string;
  message: string;
}

export interface IClassEvent {
  id: string;
  kind: 'check' | 'hint' | 'solution' | 'progress';
  pack: string;
  exercise: string;
  title: string;
  cell: string;
  verdict: string | null;
  attempts: number;
  hintsUsed: number;
  solutionRevealed: boolean;
  passed: boolean;
  exerciseStatus: string;
  checks: IReportedCheck[];
  time: string;
}

/** A 64-bit FNV-1a hash in hex: short, stable ids from a state's description. */
export function stableId(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const char of new TextEncoder().encode(text)) {
    hash ^= BigInt(char);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return `ev-${hash.toString(16).padStart(16, '0')}`;
}

function signature(cell: ICellProgress): string {
  return [
    cell.verdict ?? '',
    cell.attempts,
    cell.hintsUsed,
    cell.solutionRevealed ? 1 : 0,
    cell.firstPassAt ? 1 : 0
  ].join('|');
}

function kindOf(
  before: ICellProgress | undefined,
  after: ICellProgress
): IClassEvent['kind'] {
  if (!before) {
    return after.attempts > 0 ? 'check' : 'progress';
  }
  if (after.attempts > before.attempts) {
    return 'check';
  }
  if (after.solutionRevealed && !before.solutionRevealed) {
    return 'solution';
  }
  if (after.hintsUsed > before.hintsUsed) {
    return 'hint';
  }
  return 'progress';
}

/** Messages are markdown for the learner; the dashboard shows them as plain text. */
function plain(message: string): string {
  return message.replace(/[`*_]/g, '').slice(0, 2000);
}

export interface IReporterOptions {
  progress: IProgressStore;
  catalog: IExerciseCatalog;
  /** Sends events; rejects when the lab's server did not take them. */
  send: (events: IClassEvent[]) => Promise<void>;
  /** ms before a failed send is tried again. */
  retryMs?: number;
}

export class ClassReporter {
  constructor(options: IReporterOptions) {
    this._options = options;
    void options.progress.ready.then(() => {
      this._collect(true);
      options.progress.changed.connect(() => this._collect(false));
    });
  }

  /** Remembers the checks of a verdict, to go with the cell's next event. */
  noteVerdict(exerciseId: string, cellId: string, verdict: ICellVerdict): void {
    this._checks.set(
      `${exerciseId}/${cellId}`,
      verdict.criteria.map(criterion => ({
        id: criterion.checkId,
        status: criterion.status,
        message: plain(criterion.message)
      }))
    );
  }

  /** Events waiting for the lab's server (not yet in the outbox). */
  get waiting(): number {
    return this._queue.length;
  }

  private _collect(initial: boolean): void {
    const { progress, catalog } = this._options;
    for (const record of progress.all()) {
      const loaded = catalog.findExercise(record.packId, record.exerciseId);
      const cellIds = loaded?.spec.cells.map(cell => cell.cell) ?? [];
      const status = exerciseStatus(record, cellIds);
      for (const [cellId, cell] of Object.entries(record.cells)) {
        const key = `${record.packId}/${record.exerciseId}/${cellId}`;
        const state = signature(cell);
        const before = this._sent.get(key);
        if (before && signature(before) === state) {
          continue;
        }
        const kind = initial ? 'progress' : kindOf(before, cell);
        const checks =
          kind === 'check'
            ? (this._checks.get(`${record.exerciseId}/${cellId}`) ?? [])
            : [];
        this._sent.set(key, { ...cell });
        this._queue.push({
          id: stableId(`${key}|${state}|${kind}`),
          kind,
          pack: record.packId,
          exercise: record.exerciseId,
          title: loaded?.spec.title ?? record.exerciseId,
          cell: cellId,
          verdict: cell.verdict,
          attempts: cell.attempts,
          hintsUsed: cell.hintsUsed,
          solutionRevealed: cell.solutionRevealed,
          passed: !!cell.firstPassAt,
          exerciseStatus: status,
          checks,
          time: cell.lastCheckedAt ?? record.updatedAt
        });
      }
    }
    void this._flush();
  }

  private async _flush(): Promise<void> {
    if (this._sending || this._queue.length === 0) {
      return;
    }
    this._sending = true;
    const batch = this._queue.slice(0, 100);
    try {
      await this._options.send(batch);
      this._queue.splice(0, batch.length);
    } catch {
      // The lab's server is away (restarting): try again soon; nothing is dropped.
      setTimeout(() => void this._flush(), this._options.retryMs ?? 5000);
      return;
    } finally {
      this._sending = false;
    }
    if (this._queue.length > 0) {
      void this._flush();
    }
  }

  private _options: IReporterOptions;
  private _sent = new Map<string, ICellProgress>();
  private _checks = new Map<string, IReportedCheck[]>();
  private _queue: IClassEvent[] = [];
  private _sending = false;
}
