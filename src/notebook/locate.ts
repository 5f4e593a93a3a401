/**
 * Finds the checked cells of an exercise in an open notebook with the rule
 * the CLI uses too (`locateCheckedCell` in catalog/notebook.ts): pure
 * functions over a minimal view of cells.
 */
import type { ICheckedCell, IExerciseSpec } from '../catalog/format';
import { ICellInfo, locateCheckedCell, taggedNames } from '../catalog/notebook';

export type { ICellInfo };
export { taggedNames };

/** The checked cell of `spec` the cell at `index` stands for, if any. */
export function checkedCellAt(
  index: number,
  spec: IExerciseSpec,
  cells: ReadonlyArray<ICellInfo>
): ICheckedCell | undefined {
  return spec.cells.find(checked =>
    locateCheckedCell(cells, checked.cell).indices.includes(index)
  );
}

/** The checked cell of `spec` that `cell` (one of `allCells`) stands for, if any. */
export function checkedCellFor(
  cell: ICellInfo,
  spec: IExerciseSpec,
  allCells: ReadonlyArray<ICellInfo>
): ICheckedCell | undefined {
  return checkedCellAt(allCells.indexOf(cell), spec, allCells);
}

/** Index of the first cell standing for the checked cell `name`, or -1. */
export function indexOfCheckedCell(
  cells: ReadonlyArray<ICellInfo>,
  name: string
): number {
  return locateCheckedCell(cells, name).indices[0] ?? -1;
}
