/**
 * Finds the checked cells of an exercise in a notebook: by the tag
 * `mltutor:<cell>` (tags survive moving and copying cells), else by nbformat
 * cell id. Pure functions over a minimal view of cells, so the notebook model
 * and raw nbformat JSON are handled alike.
 */
import {
  CELL_TAG_PREFIX,
  ICheckedCell,
  IExerciseSpec
} from '../catalog/format';

/** What locating needs to know of a cell. */
export interface ICellInfo {
  id: string;
  cellType: string;
  tags: ReadonlyArray<string>;
}

/** The checked-cell names a cell carries as `mltutor:` tags. */
export function taggedNames(cell: ICellInfo): string[] {
  return cell.tags
    .filter(tag => tag.startsWith(CELL_TAG_PREFIX))
    .map(tag => tag.slice(CELL_TAG_PREFIX.length));
}

/**
 * The checked cell of `spec` that `cell` stands for, if any. A tag wins; the
 * nbformat id is used only when no cell of the notebook carries that tag.
 */
export function checkedCellFor(
  cell: ICellInfo,
  spec: IExerciseSpec,
  allCells: ReadonlyArray<ICellInfo>
): ICheckedCell | undefined {
  if (cell.cellType !== 'code') {
    return undefined;
  }
  const names = taggedNames(cell);
  const byTag = spec.cells.find(checked => names.includes(checked.cell));
  if (byTag) {
    return byTag;
  }
  const byId = spec.cells.find(checked => checked.cell === cell.id);
  if (byId && !allCells.some(other => taggedNames(other).includes(byId.cell))) {
    return byId;
  }
  return undefined;
}

/** Index of the first cell standing for the checked cell `name`, or -1. */
export function indexOfCheckedCell(
  cells: ReadonlyArray<ICellInfo>,
  name: string
): number {
  const tagged = cells.findIndex(
    cell => cell.cellType === 'code' && taggedNames(cell).includes(name)
  );
  if (tagged >= 0) {
    return tagged;
  }
  return cells.findIndex(cell => cell.cellType === 'code' && cell.id === name);
}
