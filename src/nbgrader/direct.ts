/**
 * nbgrader notebooks as they are, for `mltutor check` and `mltutor grade`:
 * a source or release notebook becomes its exercise in memory (its test
 * cells are the checks, with their points), and a learner's copy of it is
 * matched to that exercise through nbgrader's `grade_id`s.
 */
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import type { PartialJSONObject } from '@lumino/coreutils';
import { CELL_TAG_PREFIX, type IExerciseSpec } from '../catalog/format';
import type { ILoadedExercise } from '../catalog/types';
import { nbgraderFlags } from './cells';
import { convertNbgrader } from './convert';
import { slugify } from './names';

/** True when some cell carries nbgrader metadata. */
export function isNbgraderNotebook(notebook: INotebookContent): boolean {
  return (
    Array.isArray(notebook.cells) &&
    notebook.cells.some(cell => nbgraderFlags(cell) !== null)
  );
}

/** The exercise an nbgrader notebook stands for, or the reasons it cannot be one. */
export function exerciseFromNbgrader(
  notebook: INotebookContent,
  name: string
):
  | { ok: true; exercise: ILoadedExercise; warnings: string[] }
  | { ok: false; problems: string[] } {
  const converted = convertNbgrader(notebook, { name });
  if (!converted.ok) {
    return converted;
  }
  return {
    ok: true,
    warnings: converted.warnings,
    exercise: {
      packId: converted.pack.id,
      spec: converted.exercise,
      folder: converted.exercise.id,
      notebook: converted.notebook,
      assets: []
    }
  };
}

/** The checked cell name of a grade id in `spec`: the cell titled with it (imports title cells so), else its slug. */
function cellNameOf(spec: IExerciseSpec, gradeId: string): string | null {
  const byTitle = spec.cells.find(cell => cell.title === gradeId);
  if (byTitle) {
    return byTitle.cell;
  }
  const slug = slugify(gradeId);
  return spec.cells.some(cell => cell.cell === slug) ? slug : null;
}

/** How many of the exercise's checked cells the notebook's grade ids name. */
export function matchedCells(
  notebook: INotebookContent,
  spec: IExerciseSpec
): number {
  const names = new Set<string>();
  for (const cell of notebook.cells) {
    const gradeId = nbgraderFlags(cell)?.gradeId;
    const name = gradeId ? cellNameOf(spec, gradeId) : null;
    if (name) {
      names.add(name);
    }
  }
  return names.size;
}

/**
 * A copy of a learner's nbgrader notebook whose answer cells carry the
 * `mltutor:<cell>` tags of `spec`, so the run finds them.
 */
export function tagNbgraderCells(
  notebook: INotebookContent,
  spec: IExerciseSpec
): INotebookContent {
  const cells = notebook.cells.map((cell): ICell => {
    const gradeId = nbgraderFlags(cell)?.gradeId;
    const name = gradeId ? cellNameOf(spec, gradeId) : null;
    if (!name || cell.cell_type !== 'code') {
      return cell;
    }
    const metadata = (cell.metadata ?? {}) as PartialJSONObject;
    const tags = Array.isArray(metadata.tags)
      ? (metadata.tags as string[])
      : [];
    const tag = `${CELL_TAG_PREFIX}${name}`;
    return tags.includes(tag)
      ? cell
      : ({ ...cell, metadata: { ...metadata, tags: [...tags, tag] } } as ICell);
  });
  return { ...notebook, cells };
}
