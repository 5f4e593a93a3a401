/**
 * Self-checking notebooks: a learner's copy carries its exercise's checks and
 * hints in `metadata.mltutor.checks`, so a notebook shared with someone who
 * lacks the pack still checks itself. Solutions and recorded wrong answers
 * stay in the pack: they are never carried (instructors may hide solutions).
 *
 * Checks carried by a notebook are code from whoever shared it: the notebook
 * UI runs them only after the learner agrees (see the controller).
 */
import type { INotebookContent } from '@jupyterlab/nbformat';
import type {
  ICheckedCell,
  IExerciseSpec,
  IPackManifest
} from '../catalog/format';
import type { ILoadedExercise } from '../catalog/types';
import { isHiddenCheck } from '../grading/hidden';

/** What a notebook carries of its exercise. */
export interface IEmbeddedChecks {
  title: string;
  topic: string;
  difficulty: IExerciseSpec['difficulty'];
  statement: string;
  cells: Pick<ICheckedCell, 'cell' | 'title' | 'checks' | 'hints'>[];
}

/** Stands in for the solution, which a shared notebook does not carry. */
export const NOT_CARRIED =
  '# The reference solution is not carried by shared notebooks.';

/** The part of an exercise a learner's notebook carries. */
export function embeddedChecks(spec: IExerciseSpec): IEmbeddedChecks {
  return {
    title: spec.title,
    topic: spec.topic,
    difficulty: spec.difficulty,
    statement: spec.statement,
    cells: spec.cells
      .map(({ cell, title, checks, hints }) => {
        const carried = checks.filter(check => !isHidden(check));
        return title === undefined
          ? { cell, checks: carried, hints }
          : { cell, title, checks: carried, hints };
      })
      .filter(cell => cell.checks.length > 0)
  };
}

/**
 * Hidden checks (graded only, nbgrader's hidden tests) never travel in a
 * learner's notebook: read without the format's type so that this holds
 * whichever build declares the field.
 */
function isHidden(check: unknown): boolean {
  // Graded-only checks: hidden ones and tests that mutate the learner's names.
  return isHiddenCheck(check);
}

/**
 * The exercise a notebook carries, validated like a pack's, or null when the
 * notebook carries none or an invalid one (then it simply is not checked).
 * The validator (ajv and the schemas) loads on first use, in its own chunk.
 */
export async function exerciseFromNotebook(
  packId: string,
  exerciseId: string,
  version: string,
  carried: unknown,
  notebook: INotebookContent
): Promise<ILoadedExercise | null> {
  if (typeof carried !== 'object' || carried === null) {
    return null;
  }
  const embedded = carried as IEmbeddedChecks;
  if (!Array.isArray(embedded.cells)) {
    return null;
  }
  // The schema wants a solution and a recorded wrong answer per cell: fill
  // both with inert stand-ins so the checks are validated as a pack's are.
  const spec = {
    schema: 1,
    id: exerciseId,
    version,
    title: embedded.title,
    topic: embedded.topic,
    difficulty: embedded.difficulty,
    statement: embedded.statement,
    notebook: 'notebook.ipynb',
    cells: embedded.cells.map(cell => ({
      ...cell,
      solution: NOT_CARRIED,
      wrong_answers: [{ code: 'pass', fails: cell.checks?.[0]?.id ?? 'none' }]
    }))
  };
  const manifest: IPackManifest = {
    schema: 1,
    id: packId,
    title: packId,
    topics: [{ id: String(embedded.topic), title: String(embedded.topic) }],
    exercises: []
  };
  const { validateExerciseSpec } = await import('../catalog/validate');
  if (validateExerciseSpec(spec, manifest, '').length > 0) {
    return null;
  }
  return { packId, folder: '', notebook, spec: spec as IExerciseSpec };
}
