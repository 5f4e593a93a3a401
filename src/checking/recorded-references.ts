/**
 * `mltutor verify` and expected.json: every non-hidden `value` check's
 * reference runs once, from scratch, in a kernel that has run none of the
 * exercise's cells; the harness reports its key, environment and encoded
 * value and how the recorded entry stands. `verify` fails an exercise whose
 * current entry holds another value; `--write-expected` writes the fresh ones.
 */
import type { Kernel } from '@jupyterlab/services';
import type { IRecordedValue, IValueCheck } from '../catalog/format';
import type { ILoadedExercise } from '../catalog/types';
import { DEFAULT_CHECK_TIMEOUT_MS } from './engine';
import { runOps } from './harness-client';
import type { BudgetedOp, IReferenceOp } from './protocol';
import { filesNamedBy } from './reference-files';

/** How a check's recorded entry stands against what its reference computes now. */
export type RecordedState = 'absent' | 'stale' | 'same' | 'differs';

/** What running one reference from scratch gave. */
export interface IReferenceRun {
  checkId: string;
  /** The fresh entry, when its value is recorded exactly (else `unrecorded` says why). */
  entry?: IRecordedValue;
  unrecorded?: string;
  /** How the entry of expected.json stood; absent when the reference did not run. */
  recorded?: RecordedState;
  /** Why the reference did not run to its end. */
  error?: string;
  ms?: number;
}

/** The value checks whose references may be recorded: hidden ones never are. */
export function recordableChecks(exercise: ILoadedExercise): IValueCheck[] {
  return exercise.spec.cells.flatMap(cell =>
    cell.checks.filter(
      (check): check is IValueCheck =>
        check.kind === 'value' &&
        check.reference !== undefined &&
        check.hidden !== true
    )
  );
}

/** Runs every recordable reference of `exercise` once in `kernel` (the harness installed). */
export async function runReferences(
  kernel: Kernel.IKernelConnection,
  exercise: ILoadedExercise
): Promise<IReferenceRun[]> {
  const checks = recordableChecks(exercise);
  if (checks.length === 0) {
    return [];
  }
  const recorded = exercise.spec.recordedExpected ?? {};
  const ops: Array<BudgetedOp & IReferenceOp> = checks.map(check => {
    const files = filesNamedBy(check.reference!, exercise.assets ?? []);
    return {
      op: 'reference',
      id: check.id,
      reference: check.reference!,
      ...(files.length > 0 ? { files } : {}),
      ...(recorded[check.id] ? { cached: recorded[check.id] } : {}),
      budget_ms: (check.timeout ?? DEFAULT_CHECK_TIMEOUT_MS / 1000) * 1000
    };
  });
  const outcome = await runOps(kernel, ops, {
    deadlineMs: ops.reduce((sum, op) => sum + (op.budget_ms ?? 0), 0)
  });
  return checks.map(check => {
    if (outcome.kind === 'failed') {
      return {
        checkId: check.id,
        error: `${outcome.status} ${outcome.detail}`
      };
    }
    const result = outcome.results.find(r => r.id === check.id);
    const data = result?.data;
    if (result?.status !== 'data' || !data) {
      return {
        checkId: check.id,
        error: result?.message ?? result?.status ?? 'no answer'
      };
    }
    const run: IReferenceRun = {
      checkId: check.id,
      recorded: data.recorded as RecordedState,
      ms: result.ms
    };
    if ('value' in data) {
      run.entry = {
        key: String(data.key),
        env: data.env as Record<string, string>,
        value: data.value as IRecordedValue['value']
      };
    } else {
      run.unrecorded = String(data.unrecorded ?? 'not recorded');
    }
    return run;
  });
}

/** The fresh entries of `runs`, by check id: what the answers are judged against. */
export function freshEntries(
  runs: ReadonlyArray<IReferenceRun>
): Record<string, IRecordedValue> {
  const entries: Record<string, IRecordedValue> = {};
  for (const run of runs) {
    if (run.entry) {
      entries[run.checkId] = run.entry;
    }
  }
  return entries;
}

/**
 * The exercise's problems with its expected.json: an entry with the current
 * key and environment whose value is not what the reference computes now.
 */
export function recordedProblems(
  exercise: ILoadedExercise,
  runs: ReadonlyArray<IReferenceRun>,
  refresh: string
): string[] {
  return runs
    .filter(run => run.recorded === 'differs')
    .map(
      run =>
        `${exercise.folder}/expected.json: check '${run.checkId}': the recorded value differs from what its reference computes now (same key and environment): refresh it with \`${refresh}\``
    );
}
