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
