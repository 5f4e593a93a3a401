/**
 * Issue 9, "also to test": a 1,000-cell notebook. Its checked cell is found
 * wherever it sits, and the learner's copy keeps every cell, outputs cleared.
 */
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import { cellInfos, locateCheckedCell } from '../../catalog/notebook';
import type { ILoadedExercise } from '../../catalog/types';
import { learnerNotebook } from '../injection';

function bigNotebook(): INotebookContent {
  const cells: ICell[] = Array.from({ length: 1000 }, (_, n) => ({
    cell_type: 'code',
    id: `c${n}`,
    metadata: n === 777 ? { tags: ['mltutor:answer'] } : {},
    source: `x${n} = ${n}`,
    outputs: [{ output_type: 'stream', name: 'stdout', text: `${n}\n` }],
    execution_count: n + 1
  }));
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
}

describe('a 1,000-cell notebook', () => {
  it('finds the checked cell and copies every cell with outputs cleared', () => {
    const notebook = bigNotebook();
    expect(locateCheckedCell(cellInfos(notebook), 'answer').indices).toEqual([
      777
    ]);
    const exercise = {
      packId: 'p',
      folder: 'ex',
      notebook,
      spec: {
        schema: 1,
        id: 'big',
        title: 'Big',
        topic: 't',
        difficulty: 'beginner',
        statement: 's',
        notebook: 'big.ipynb',
        cells: []
      }
    } as unknown as ILoadedExercise;
    const copy = learnerNotebook(exercise);
    expect(copy.cells).toHaveLength(1000);
    expect(
      copy.cells.every(
        cell =>
          cell.cell_type === 'code' && (cell.outputs as unknown[]).length === 0
      )
    ).toBe(true);
  });
});
