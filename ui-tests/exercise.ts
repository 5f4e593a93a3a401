/**
 * Reads a bundled exercise's specification from the repository, so browser
 * tests use its real solutions and recorded wrong answers, not copies.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IExerciseSpec } from '../src/catalog/format';

export function readExercise(folder: string): IExerciseSpec {
  const file = path.resolve(
    __dirname,
    '..',
    'exercises',
    folder,
    'exercise.json'
  );
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Plain text of a markdown message, as the page shows it once rendered. */
export function plainText(markdown: string): string {
  return markdown.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * Writes a pack of one exercise into `folder`: pack.json, and the exercise's
 * exercise.json and starter notebook in `folder/ex`.
 */
export function writePack(
  folder: string,
  pack: object,
  exercise: { notebook: string },
  notebook: object
): void {
  fs.mkdirSync(path.join(folder, 'ex'), { recursive: true });
  const write = (file: string, value: object) =>
    fs.writeFileSync(path.join(folder, file), JSON.stringify(value));
  write('pack.json', { ...pack, exercises: ['ex'] });
  write(path.join('ex', 'exercise.json'), exercise);
  write(path.join('ex', exercise.notebook), notebook);
}

/** A starter notebook of one checked code cell, tagged `mltutor:answer`. */
export function oneCellNotebook(source: string): object {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: {
        name: 'python3',
        display_name: 'Python 3',
        language: 'python'
      }
    },
    cells: [
      {
        cell_type: 'code',
        id: 'answer',
        metadata: { tags: ['mltutor:answer'] },
        source,
        outputs: [],
        execution_count: null
      }
    ]
  };
}
