/**
 * A verdict tied to what it judged: the hash of the cell's source and the
 * kernel session the checks ran in. Stored in the notebook's metadata so the
 * last verdict of each cell is shown again after a reload, marked stale when
 * the code or the kernel changed since.
 */
import type { IVerdictView } from './feedback-model';

/** Why a verdict no longer describes the cell. */
export type StaleReason = 'changed' | 'restarted' | 'no-kernel' | 'unfinished';

/** One verdict as recorded, under `metadata.mltutor.verdicts[<cell id>]`. */
export interface IVerdictRecord {
  verdict: IVerdictView;
  /** `hashSource` of the cell's source the checks judged. */
  sourceHash: string;
  /** The kernel's own session id (a new one after every restart), or null when unknown. */
  kernelSession: string | null;
  /** ISO 8601. */
  checkedAt: string;
}

/** A short stable hash of a cell's source (FNV-1a, 32 bits, hex). */
export function hashSource(source: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) {
    hash ^= source.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Why `record` is stale for a cell whose source hashes to `sourceHash` in kernel session `session`; null when current. */
export function staleness(
  record: Pick<IVerdictRecord, 'sourceHash' | 'kernelSession'>,
  sourceHash: string,
  session: string | null
): StaleReason | null {
  if (record.sourceHash !== sourceHash) {
    return 'changed';
  }
  if (session === null) {
    return 'no-kernel';
  }
  return record.kernelSession === session ? null : 'restarted';
}

/** The verdict records a notebook's `mltutor` metadata holds, keeping only well-formed ones. */
export function readVerdictRecords(
  metadata: unknown
): Record<string, IVerdictRecord> {
  const records: Record<string, IVerdictRecord> = {};
  const verdicts =
    metadata && typeof metadata === 'object'
      ? (metadata as { verdicts?: unknown }).verdicts
      : undefined;
  if (!verdicts || typeof verdicts !== 'object') {
    return records;
  }
  for (const [id, value] of Object.entries(verdicts as object)) {
    const record = value as Partial<IVerdictRecord> | null;
    if (
      record &&
      typeof record.sourceHash === 'string' &&
      typeof record.verdict?.status === 'string' &&
      Array.isArray(record.verdict.criteria)
    ) {
      records[id] = {
        verdict: record.verdict,
        sourceHash: record.sourceHash,
        kernelSession:
          typeof record.kernelSession === 'string'
            ? record.kernelSession
            : null,
        checkedAt: String(record.checkedAt ?? '')
      };
    }
  }
  return records;
}
