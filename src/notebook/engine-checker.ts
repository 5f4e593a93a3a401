/** Adapts the check engine to what the notebook UI asks of a checker. */
import type { ICheckEngine } from '../checking/types';
import { interruptionMessage } from '../checking/verdict';
import type { ICellChecker } from './checker';

export function engineChecker(engine: ICheckEngine): ICellChecker {
  return {
    async check(request) {
      const verdict = await engine.checkCell({
        exercise: request.exercise.spec,
        cell: request.checkedCell,
        // The engine judges `output` checks once the kernel checks answered.
        get outputs() {
          return request.outputs();
        },
        kernel: request.kernel,
        timeoutMs: request.timeoutMs,
        signal: request.signal,
        onStatus: request.onStatus,
        referenceFiles: request.exercise.assets
      });
      return {
        status: verdict.cancelled ? 'cancelled' : verdict.status,
        aborted:
          verdict.status === 'kernel-busy' &&
          verdict.criteria.some(criterion => criterion.message === ABORTED),
        ...(verdict.stillBusy ? { stillBusy: true } : {}),
        message: verdict.message,
        elapsedMs: verdict.elapsedMs,
        criteria: verdict.criteria.map(criterion => ({
          id: criterion.checkId,
          description: criterion.description,
          status: criterion.status,
          message: criterion.message
        }))
      };
    }
  };
}

/** What the engine says of a check the kernel dropped behind a failing cell. */
const ABORTED = interruptionMessage('kernel-busy', 'aborted', 0);
