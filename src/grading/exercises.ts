/**
 * Which exercise a notebook is graded or checked against: packs on disk, an
 * nbgrader source notebook, or (for `mltutor check`) an nbgrader notebook's
 * own test cells. Shared by `mltutor grade` and `mltutor check`.
 */
import { existsSync, promises as fs } from 'fs';
import * as path from 'path';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { NOTEBOOK_METADATA_KEY } from '../catalog/format';
import { readPacksFromDisk } from '../catalog/fs-source';
import type { ILoadedExercise } from '../catalog/types';
import {
  exerciseFromNbgrader,
  isNbgraderNotebook,
  matchedCells,
  tagNbgraderCells
} from '../nbgrader/direct';

/** The exercises to grade against: a pack folder, or an nbgrader source notebook. */
export async function loadExercises(
  pack: string
): Promise<ILoadedExercise[] | string> {
  if (!existsSync(pack)) {
    return `--pack ${pack}: no such file or folder`;
  }
  if (pack.endsWith('.ipynb')) {
    let notebook: INotebookContent;
    try {
      notebook = JSON.parse(
        await fs.readFile(pack, 'utf8')
      ) as INotebookContent;
    } catch (error) {
      return `--pack ${pack}: cannot read the notebook: ${String(error)}`;
    }
    const converted = exerciseFromNbgrader(
      notebook,
      path.basename(pack, '.ipynb')
    );
    return converted.ok
      ? [converted.exercise]
      : `--pack ${pack}: ${converted.problems.join('; ')}`;
  }
  const exercises: ILoadedExercise[] = [];
  const problems: string[] = [];
  for (const result of await readPacksFromDisk([pack])) {
    exercises.push(...(result.pack?.exercises ?? []));
    problems.push(
      ...(result.problems ?? []).map(p => `${p.file}: ${p.message}`)
    );
  }
  if (exercises.length === 0) {
    return `--pack ${pack}: no valid exercise${problems.length ? ` (${problems.slice(0, 3).join('; ')})` : ''}`;
  }
  return exercises;
}

/** The exercise a submission answers, and the notebook to run (nbgrader cells tagged). */
export function matchExercise(
  notebook: INotebookContent,
  exercises: ReadonlyArray<ILoadedExercise>
): { exercise: ILoadedExercise; notebook: INotebookContent } | string {
  const meta = notebook.metadata?.[NOTEBOOK_METADATA_KEY] as
    Record<string, unknown> | undefined;
  if (meta && typeof meta.exercise === 'string') {
    const found = exercises.find(
      e =>
        e.spec.id === meta.exercise &&
        (typeof meta.pack !== 'string' || e.packId === meta.pack)
    );
    return found
      ? { exercise: found, notebook }
      : `its exercise '${String(meta.pack ?? '*')}/${meta.exercise}' is not in the pack`;
  }
  if (isNbgraderNotebook(notebook)) {
    const ranked = exercises
      .map(exercise => ({ exercise, n: matchedCells(notebook, exercise.spec) }))
      .filter(item => item.n > 0)
      .sort((a, b) => b.n - a.n);
    if (ranked.length > 0) {
      const exercise = ranked[0].exercise;
      return { exercise, notebook: tagNbgraderCells(notebook, exercise.spec) };
    }
    return "none of its nbgrader grade_ids names a checked cell of the pack's exercises";
  }
  if (exercises.length === 1) {
    return { exercise: exercises[0], notebook };
  }
  return `it has no metadata.${NOTEBOOK_METADATA_KEY}.exercise and the pack has ${exercises.length} exercises`;
}

/**
 * The exercise of an nbgrader notebook for `mltutor check`: from an nbgrader
 * source notebook among `packs`, else a pack folder among them that matches
 * its grade ids, else the notebook's own test cells.
 */
export async function nbgraderExercise(
  file: string,
  notebook: INotebookContent,
  packs: ReadonlyArray<string>
): Promise<{ exercise: ILoadedExercise; notebook: INotebookContent } | string> {
  const exercises: ILoadedExercise[] = [];
  for (const pack of packs) {
    const loaded = await loadExercises(pack);
    if (typeof loaded === 'string') {
      return loaded;
    }
    exercises.push(...loaded);
  }
  if (exercises.length > 0) {
    return matchExercise(notebook, exercises);
  }
  const own = exerciseFromNbgrader(notebook, path.basename(file, '.ipynb'));
  if (!own.ok) {
    return `${file}: ${own.problems.join('; ')}`;
  }
  return {
    exercise: own.exercise,
    notebook: tagNbgraderCells(notebook, own.exercise.spec)
  };
}
