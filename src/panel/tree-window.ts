/**
 * Which exercise rows of the panel's tree to render: those in or near the
 * visible part of the panel, plus the row with the keyboard focus and the
 * selected one (issue 15, item 5: a pack of 500 exercises renders in the time
 * of a few dozen rows). Topics are always rendered; the rows a topic does not
 * render are stood in for by spacers of their height, so the scroll bar and
 * positions are those of the whole list. Pure: the view measures and renders.
 */
import type { IPackRows } from './tree';

/** The part of the tree in view, in px from the tree's top. */
export interface ITreeView {
  top: number;
  height: number;
}

/** Rendered beyond the view on each side, in px (so a scroll shows rows at once). */
export const OVERSCAN_PX = 400;

/** A run of a topic's rows: rendered, or a gap a spacer stands in for. */
export type RowSegment =
  | { kind: 'rows'; from: number; to: number }
  | { kind: 'gap'; from: number; to: number; height: number };

/**
 * For each open topic (by key), the indices of its exercise rows to render,
 * ascending: those within `overscan` px of `view`, and the rows whose keys are
 * in `always` (focus, selection) wherever they are. Rows are `heightOf(key)`
 * high (measured, or estimated until they were rendered once), topic headers
 * `header`.
 */
export function rowsToRender(
  tree: ReadonlyArray<IPackRows>,
  isOpen: (topicKey: string) => boolean,
  header: number,
  heightOf: (rowKey: string) => number,
  view: ITreeView,
  always: ReadonlySet<string>,
  overscan = OVERSCAN_PX
): Map<string, number[]> {
  const low = view.top - overscan;
  const high = view.top + view.height + overscan;
  const rendered = new Map<string, number[]>();
  let y = 0;
  for (const pack of tree) {
    for (const topic of pack.topics) {
      y += header;
      if (!isOpen(topic.key)) {
        continue;
      }
      const indices: number[] = [];
      topic.exercises.forEach((row, index) => {
        const height = heightOf(row.key);
        if ((y + height > low && y < high) || always.has(row.key)) {
          indices.push(index);
        }
        y += height;
      });
      rendered.set(topic.key, indices);
    }
  }
  return rendered;
}

/**
 * A topic's rows as runs to render and gaps, from the ascending indices to
 * render; a gap is as high as the rows it stands for.
 */
export function segments(
  indices: ReadonlyArray<number>,
  rows: ReadonlyArray<{ key: string }>,
  heightOf: (rowKey: string) => number
): RowSegment[] {
  const result: RowSegment[] = [];
  let next = 0;
  const gap = (from: number, to: number) => {
    if (to > from) {
      let height = 0;
      for (let index = from; index < to; index++) {
        height += heightOf(rows[index].key);
      }
      result.push({ kind: 'gap', from, to, height });
    }
  };
  for (const index of indices) {
    if (index < next || index >= rows.length) {
      continue;
    }
    gap(next, index);
    const last = result[result.length - 1];
    if (last?.kind === 'rows' && last.to === index) {
      last.to = index + 1;
    } else {
      result.push({ kind: 'rows', from: index, to: index + 1 });
    }
    next = index + 1;
  }
  gap(next, rows.length);
  return result;
}

/**
 * Heights of rows as last rendered, and an estimate for the others: the mean
 * of those measured (titles wrap in a narrow panel, so rows differ).
 */
export class RowHeights {
  constructor(private readonly _fallback: number) {}

  /** The height of the row `key`: measured, else the estimate. */
  heightOf(key: string): number {
    return this._heights.get(key) ?? this.estimate;
  }

  get estimate(): number {
    return this._heights.size > 0
      ? this._total / this._heights.size
      : this._fallback;
  }

  /** Records a rendered row's height; true when it changed what was known. */
  measured(key: string, height: number): boolean {
    const known = this._heights.get(key);
    if (height <= 0 || known === height) {
      return false;
    }
    this._total += height - (known ?? 0);
    this._heights.set(key, height);
    return true;
  }

  private _heights = new Map<string, number>();
  private _total = 0;
}
