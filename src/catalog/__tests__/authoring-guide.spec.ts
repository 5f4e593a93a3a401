import * as fs from 'fs';
import * as path from 'path';
import { allProblems, loadPack } from '../loader';
import { MemorySource } from '../source';

/** The JSON code blocks of docs/authoring.md, in order. */
function jsonBlocks(): string[] {
  const guide = fs.readFileSync(
    path.join(__dirname, '..', '..', '..', 'docs', 'authoring.md'),
    'utf8'
  );
  return [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map(match => match[1]);
}

describe('the example pack of docs/authoring.md', () => {
  it('is valid', async () => {
    const [pack, exercise, notebook] = jsonBlocks();
    const folder = 'describe/mean-and-spread';
    const source = new MemorySource(
      {
        'pack.json': pack,
        [`${folder}/exercise.json`]: exercise,
        [`${folder}/mean-and-spread.ipynb`]: notebook,
        [`${folder}/heights.csv`]: 'height\n162\n175\n'
      },
      'stats-basics'
    );
    const result = await loadPack(source, 'folder');
    expect(allProblems(result)).toEqual([]);
    const kinds = result.pack!.exercises[0].spec.cells.flatMap(cell =>
      cell.checks.map(check => check.kind)
    );
    expect(new Set(kinds)).toEqual(
      new Set(['value', 'assert', 'output', 'figure', 'quiz'])
    );
  });
});
