/**
 * What checks record in an exercise notebook's metadata: the exercise's
 * progress (carried when the notebook is shared) and each cell's last
 * verdict with what it judged.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { NOTEBOOK_METADATA_KEY } from '../catalog/format';
import { notebookProgressMetadata } from '../progress/store';
import type { IExerciseProgress } from '../progress/types';
import type { IVerdictRecord } from './verdict-record';

/**
 * Writes `records` (of the cells the notebook still has) and `progress` into
 * the notebook's metadata. A notebook the learner had not changed is saved at
 * once, so a check never leaves it modified (and no "leave page?" on reload).
 */
export function writeVerdictMetadata(
  panel: NotebookPanel,
  records: Readonly<Record<string, IVerdictRecord>>,
  progress: IExerciseProgress | undefined
): void {
  const model = panel.content.model;
  if (!model || model.readOnly) {
    return;
  }
  const current = (model.getMetadata(NOTEBOOK_METADATA_KEY) ?? {}) as Record<
    string,
    unknown
  >;
  const ids = new Set(panel.content.widgets.map(cell => cell.model.id));
  const next: Record<string, unknown> = {
    ...current,
    verdicts: Object.fromEntries(
      Object.entries(records).filter(([id]) => ids.has(id))
    )
  };
  if (progress) {
    next.progress = notebookProgressMetadata(progress);
  }
  if (JSON.stringify(next) === JSON.stringify(current)) {
    return;
  }
  const wasClean = !model.dirty;
  model.setMetadata(NOTEBOOK_METADATA_KEY, next);
  if (wasClean && !panel.context.isDisposed) {
    panel.context
      .save()
      .catch(reason =>
        console.warn('mltutor: the verdicts could not be saved', reason)
      );
  }
}
