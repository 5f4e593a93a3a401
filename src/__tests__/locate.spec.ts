import { IExerciseSpec } from '../catalog/format';
import {
  checkedCellFor,
  ICellInfo,
  indexOfCheckedCell
} from '../notebook/locate';

const spec = {
  cells: [
    { cell: 'count', checks: [], hints: [], solution: '', wrong_answers: [] },
    { cell: 'fill', checks: [], hints: [], solution: '', wrong_answers: [] }
  ]
} as unknown as IExerciseSpec;

const code = (id: string, tags: string[] = []): ICellInfo => ({
  id,
  cellType: 'code',
  tags
});

describe('locating checked cells', () => {
  it('finds a cell by its tag wherever it moved', () => {
    const cells = [
      code('a'),
      code('b', ['mltutor:fill']),
      code('c', ['mltutor:count'])
    ];
    expect(indexOfCheckedCell(cells, 'count')).toBe(2);
    expect(checkedCellFor(cells[1], spec, cells)?.cell).toBe('fill');
  });

  it('keeps the check on a copied cell, whose id changed but tag did not', () => {
    const cells = [
      code('count', ['mltutor:count']),
      code('x-copy', ['mltutor:count'])
    ];
    expect(checkedCellFor(cells[1], spec, cells)?.cell).toBe('count');
  });

  it('falls back to the nbformat id only when no cell carries the tag', () => {
    const untagged = [code('count'), code('other')];
    expect(checkedCellFor(untagged[0], spec, untagged)?.cell).toBe('count');
    const tagged = [code('count'), code('other', ['mltutor:count'])];
    expect(checkedCellFor(tagged[0], spec, tagged)).toBeUndefined();
    expect(indexOfCheckedCell(tagged, 'count')).toBe(1);
  });

  it('ignores markdown cells and unknown names', () => {
    const cells = [
      { id: 'count', cellType: 'markdown', tags: ['mltutor:count'] },
      code('z')
    ];
    expect(checkedCellFor(cells[0], spec, cells)).toBeUndefined();
    expect(indexOfCheckedCell(cells, 'count')).toBe(-1);
    expect(indexOfCheckedCell(cells, 'nope')).toBe(-1);
  });
});
