/**
 * The essential structure of an nbformat 4 notebook, checked by hand:
 * nbformat's own JSON schema is a Python resource the browser does not have.
 * Enough to guarantee that the panel can inject the notebook and the check
 * engine can find its cells.
 */
import type { ICell, INotebookContent } from '@jupyterlab/nbformat';
import { CELL_TAG_PREFIX } from './format';
import { pointer } from './paths';
import type { ISchemaProblem } from './schema-errors';
import { isObject } from '../json';

/** Reported per notebook at most: one broken pattern repeated in every cell says nothing more. */
const MAX_NOTEBOOK_PROBLEMS = 10;

const CELL_TYPES = ['code', 'markdown', 'raw'];

/** Valid nbformat 4.5 cell ids. */
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/** Checks a parsed notebook; [] when it can be used as an exercise notebook. */
export function validateNotebook(data: unknown): ISchemaProblem[] {
  const problems: ISchemaProblem[] = [];
  if (!isObject(data)) {
    return [{ path: '', message: 'a notebook must be a JSON object' }];
  }
  if (data.nbformat === undefined) {
    problems.push({
      path: '',
      message: "must have required property 'nbformat'"
    });
  } else if (data.nbformat !== 4) {
    problems.push({
      path: '/nbformat',
      message: `nbformat ${JSON.stringify(data.nbformat)} is not supported: save the notebook with JupyterLab 4 to write nbformat 4`
    });
  }
  if (
    data.nbformat_minor !== undefined &&
    !Number.isInteger(data.nbformat_minor)
  ) {
    problems.push({ path: '/nbformat_minor', message: 'must be an integer' });
  }
  if (data.metadata !== undefined && !isObject(data.metadata)) {
    problems.push({ path: '/metadata', message: 'must be an object' });
  }
  if (!Array.isArray(data.cells)) {
    problems.push(
      data.cells === undefined
        ? { path: '', message: "must have required property 'cells'" }
        : { path: '/cells', message: 'must be an array of cells' }
    );
    return problems;
  }
  data.cells.forEach((cell, index) => validateCell(cell, index, problems));
  if (problems.length > MAX_NOTEBOOK_PROBLEMS) {
    const more = problems.length - MAX_NOTEBOOK_PROBLEMS;
    problems.splice(MAX_NOTEBOOK_PROBLEMS);
    problems.push({
      path: '/cells',
      message: `${more} more problems not shown`
    });
  }
  return problems;
}

function validateCell(
  cell: unknown,
  index: number,
  problems: ISchemaProblem[]
): void {
  const at = (...tokens: Array<string | number>): string =>
    pointer('cells', index, ...tokens);
  if (!isObject(cell)) {
    problems.push({ path: at(), message: 'a cell must be a JSON object' });
    return;
  }
  if (cell.cell_type === undefined) {
    problems.push({
      path: at(),
      message: "must have required property 'cell_type'"
    });
  } else if (
    typeof cell.cell_type !== 'string' ||
    !CELL_TYPES.includes(cell.cell_type)
  ) {
    problems.push({
      path: at('cell_type'),
      message: `${JSON.stringify(cell.cell_type)} is not a cell type (code, markdown, raw)`
    });
  }
  if (cell.source === undefined) {
    problems.push({
      path: at(),
      message: "must have required property 'source'"
    });
  } else if (!isMultiline(cell.source)) {
    problems.push({
      path: at('source'),
      message: 'must be a string or an array of strings'
    });
  }
  if (
    cell.id !== undefined &&
    (typeof cell.id !== 'string' || !CELL_ID.test(cell.id))
  ) {
    problems.push({
      path: at('id'),
      message: 'must be 1 to 64 letters, digits, "-" or "_"'
    });
  }
  if (cell.metadata !== undefined && !isObject(cell.metadata)) {
    problems.push({ path: at('metadata'), message: 'must be an object' });
  } else if (isObject(cell.metadata) && cell.metadata.tags !== undefined) {
    const tags = cell.metadata.tags;
    if (!Array.isArray(tags) || !tags.every(tag => typeof tag === 'string')) {
      problems.push({
        path: at('metadata', 'tags'),
        message: 'must be an array of strings'
      });
    }
  }
  if (cell.cell_type === 'code') {
    if (cell.outputs !== undefined && !Array.isArray(cell.outputs)) {
      problems.push({ path: at('outputs'), message: 'must be an array' });
    }
    const count = cell.execution_count;
    if (count !== undefined && count !== null && !Number.isInteger(count)) {
      problems.push({
        path: at('execution_count'),
        message: 'must be an integer or null'
      });
    }
  }
}

/** What locating a checked cell needs of a cell: the notebook model and nbformat JSON alike. */
export interface ICellInfo {
  id: string;
  cellType: string;
  tags: ReadonlyArray<string>;
}

/** The cells standing for one checked cell, or why there is none. */
export interface ICheckedCellLocation {
  /**
   * Every code cell standing for it, top to bottom: the first is the
   * original, later ones are the learner's copies. Empty when none.
   */
  indices: number[];
  /** How they were found; null when none was. */
  by: 'tag' | 'id' | null;
  /** Why none was found ('' when found). */
  reason: string;
}

/** The checked-cell names a cell carries as `mltutor:` tags. */
export function taggedNames(cell: ICellInfo): string[] {
  return cell.tags
    .filter(tag => tag.startsWith(CELL_TAG_PREFIX))
    .map(tag => tag.slice(CELL_TAG_PREFIX.length));
}

/**
 * The one rule, shared by the lab, `mltutor check`/`verify` and the clean
 * kernel, for which cells stand for the checked cell `name`:
 *
 * 1. every code cell tagged `mltutor:<name>` (tags survive moving and
 *    copying, so copies count: each is checked where it is);
 * 2. else the code cell whose nbformat id is `<name>`;
 * 3. a tag on a markdown or raw cell never counts and never hides a code
 *    cell's id (a learner may paste the tag into their notes).
 */
export function locateCheckedCell(
  cells: ReadonlyArray<ICellInfo>,
  name: string
): ICheckedCellLocation {
  const tag = `${CELL_TAG_PREFIX}${name}`;
  const tagged = cells.flatMap((cell, index) =>
    cell.cellType === 'code' && cell.tags.includes(tag) ? [index] : []
  );
  if (tagged.length > 0) {
    return { indices: tagged, by: 'tag', reason: '' };
  }
  const byId = cells.findIndex(cell => cell.id === name);
  if (byId >= 0 && cells[byId].cellType === 'code') {
    return { indices: [byId], by: 'id', reason: '' };
  }
  const nonCode =
    byId >= 0 ? cells[byId] : cells.find(c => c.tags.includes(tag));
  return {
    indices: [],
    by: null,
    reason: nonCode
      ? byId >= 0
        ? `cell '${name}' is a ${nonCode.cellType} cell: checked cells must be code cells`
        : `the cell tagged '${tag}' is a ${nonCode.cellType} cell, not a code cell: checked cells must be code cells`
      : `no cell of the notebook is tagged '${tag}' or has the id '${name}'`
  };
}

/** The locating view of nbformat cells. */
export function cellInfos(notebook: INotebookContent): ICellInfo[] {
  return notebook.cells.map(cell => ({
    id: typeof cell.id === 'string' ? cell.id : '',
    cellType: cell.cell_type,
    tags: cellTags(cell)
  }));
}

/** Where a checked cell is in a notebook, or why it cannot be found. */
export type CellLookup =
  { ok: true; index: number } | { ok: false; message: string };

/**
 * The cell a checked cell names in an author's notebook, by `locateCheckedCell`.
 * An author's notebook must be unambiguous, so a tag on two code cells is an
 * error here (in a learner's notebook they are copies, each checked).
 */
export function findCheckedCell(
  notebook: INotebookContent,
  name: string
): CellLookup {
  const found = locateCheckedCell(cellInfos(notebook), name);
  if (found.indices.length > 1) {
    return {
      ok: false,
      message: `${found.indices.length} code cells are tagged '${CELL_TAG_PREFIX}${name}' (cells ${found.indices.join(', ')}): tag exactly one`
    };
  }
  return found.indices.length === 1
    ? { ok: true, index: found.indices[0] }
    : { ok: false, message: found.reason };
}

function cellTags(cell: ICell): string[] {
  const tags = cell.metadata?.tags;
  return Array.isArray(tags)
    ? tags.filter((tag): tag is string => typeof tag === 'string')
    : [];
}

function isMultiline(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    (Array.isArray(value) && value.every(line => typeof line === 'string'))
  );
}
