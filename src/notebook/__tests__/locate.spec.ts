import * as fs from 'fs';
import * as path from 'path';
import type { INotebookContent } from '@jupyterlab/nbformat';
import { IExerciseSpec } from '../../catalog/format';
import {
  cellInfos,
  findCheckedCell,
  locateCheckedCell
} from '../../catalog/notebook';
import { DEFAULT_CHECK_TIMEOUT_MS } from '../../checking/notebook-run';
import { DEFAULT_NOTEBOOK_SETTINGS } from '../../plugins/notebook-settings';
import {
  checkedCellAt,
  checkedCellFor,
  ICellInfo,
  indexOfCheckedCell
} from '../locate';

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

describe('one lookup for the lab and the CLI (locateCheckedCell)', () => {
  // The same rule serves the lab's feedback, `mltutor check` and the clean kernel.
  const nb = (
    cells: Array<{ id: string; type: string; tags?: string[] }>
  ): INotebookContent => ({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map(cell => ({
      id: cell.id,
      cell_type: cell.type,
      source: '',
      metadata: cell.tags ? { tags: cell.tags } : {},
      ...(cell.type === 'code' ? { outputs: [], execution_count: null } : {})
    })) as INotebookContent['cells']
  });

  it('checks every copy: two code cells with the tag are the original and a copy', () => {
    const notebook = nb([
      { id: 'a', type: 'code', tags: ['mltutor:count'] },
      { id: 'b', type: 'markdown' },
      { id: 'c', type: 'code', tags: ['mltutor:count'] }
    ]);
    const infos = cellInfos(notebook);
    expect(locateCheckedCell(infos, 'count')).toEqual({
      indices: [0, 2],
      by: 'tag',
      reason: ''
    });
    // The lab gives both their feedback...
    expect(checkedCellAt(0, spec, infos)?.cell).toBe('count');
    expect(checkedCellAt(2, spec, infos)?.cell).toBe('count');
    // ...and an author's notebook must still tag exactly one.
    expect(findCheckedCell(notebook, 'count')).toMatchObject({
      ok: false,
      message: expect.stringContaining('2 code cells')
    });
  });

  it('ignores a tag on a markdown cell: the code cell with that id is the checked cell, in both', () => {
    const notebook = nb([
      { id: 'notes', type: 'markdown', tags: ['mltutor:count'] },
      { id: 'count', type: 'code' }
    ]);
    const infos = cellInfos(notebook);
    expect(locateCheckedCell(infos, 'count')).toEqual({
      indices: [1],
      by: 'id',
      reason: ''
    });
    expect(checkedCellAt(1, spec, infos)?.cell).toBe('count');
    expect(checkedCellAt(0, spec, infos)).toBeUndefined();
    expect(findCheckedCell(notebook, 'count')).toEqual({ ok: true, index: 1 });
  });

  it('says why when only a markdown cell carries the tag or the id', () => {
    const tagged = cellInfos(
      nb([{ id: 'x', type: 'markdown', tags: ['mltutor:count'] }])
    );
    expect(locateCheckedCell(tagged, 'count').reason).toContain(
      'markdown cell, not a code cell'
    );
    const named = cellInfos(nb([{ id: 'count', type: 'markdown' }]));
    expect(locateCheckedCell(named, 'count').reason).toContain(
      "cell 'count' is a markdown cell"
    );
    expect(locateCheckedCell(named, 'fill').reason).toContain(
      "no cell of the notebook is tagged 'mltutor:fill'"
    );
  });

  it('has one default check budget for the lab setting and the CLI runner', () => {
    const schema = JSON.parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../schema/settings/notebook.json'),
        'utf8'
      )
    );
    expect(schema.properties.checkTimeout.default * 1000).toBe(
      DEFAULT_CHECK_TIMEOUT_MS
    );
    expect(DEFAULT_NOTEBOOK_SETTINGS.checkTimeout * 1000).toBe(
      DEFAULT_CHECK_TIMEOUT_MS
    );
  });
});
