import type { ILoadedExercise } from '../../catalog/types';
import type { IPackRows } from '../tree';
import { RowHeights, rowsToRender, segments } from '../tree-window';

const HEADER = 30;

/** Topics of `sizes[i]` rows each, keys `t<i>` and `t<i>/<j>`. */
function tree(...sizes: number[]): IPackRows[] {
  return [
    {
      packId: 'p',
      title: 'P',
      topics: sizes.map((size, t) => ({
        key: `t${t}`,
        packId: 'p',
        title: `Topic ${t}`,
        solved: 0,
        exercises: Array.from({ length: size }, (_, i) => ({
          key: `t${t}/${i}`,
          exercise: {} as ILoadedExercise,
          status: 'not-started' as const
        }))
      }))
    }
  ];
}

const open = () => true;
const none = new Set<string>();
const rows20 = () => 20;

describe('rowsToRender: the rows in view, and focus and selection wherever they are', () => {
  it('renders the rows the view overlaps (no overscan), topic headers counted', () => {
    // Topic 0: header 0-30, rows 30-50, 50-70, ...; a view of 40 px at 45.
    const rows = rowsToRender(
      tree(100),
      open,
      HEADER,
      rows20,
      { top: 45, height: 40 },
      none,
      0
    );
    expect(rows.get('t0')).toEqual([0, 1, 2]);
  });

  it('renders a few dozen of 500 rows for a panel-high view, with overscan', () => {
    const rows = rowsToRender(
      tree(50, 50, 50, 50, 50, 50, 50, 50, 50, 50),
      open,
      HEADER,
      rows20,
      { top: 0, height: 600 },
      none
    );
    const count = [...rows.values()].reduce((n, list) => n + list.length, 0);
    expect(count).toBeGreaterThan(600 / 20);
    expect(count).toBeLessThan(80);
    expect(rows.get('t9')).toEqual([]);
  });

  it('always renders the focused and the selected rows, far out of view', () => {
    const rows = rowsToRender(
      tree(100, 100),
      open,
      HEADER,
      rows20,
      { top: 0, height: 100 },
      new Set(['t1/99', 't1/50']),
      0
    );
    expect(rows.get('t1')).toEqual([50, 99]);
  });

  it('skips collapsed topics and places later rows after their header only', () => {
    const collapsed = (key: string) => key !== 't0';
    const rows = rowsToRender(
      tree(100, 10),
      collapsed,
      HEADER,
      rows20,
      // Topic 0 is a 30 px header; topic 1's rows start at 60.
      { top: 60, height: 20 },
      none,
      0
    );
    expect(rows.has('t0')).toBe(false);
    expect(rows.get('t1')).toEqual([0]);
  });

  it('places rows at their own heights (a wrapped title, a selected row)', () => {
    const heightOf = (key: string) => (key === 't0/0' ? 100 : 20);
    const rows = rowsToRender(
      tree(20),
      open,
      HEADER,
      heightOf,
      // Rows: 0 at 30-130, 1 at 130-150, 2 at 150-170.
      { top: 125, height: 30 },
      none,
      0
    );
    expect(rows.get('t0')).toEqual([0, 1, 2]);
  });
});

describe('segments: rendered runs and the spacers between them', () => {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ key: `r${i}` }));

  it('merges consecutive rows and sizes each gap as the rows it stands for', () => {
    const heightOf = (key: string) => (key === 'r6' ? 50 : 20);
    expect(segments([2, 3, 4, 9], rows(12), heightOf)).toEqual([
      { kind: 'gap', from: 0, to: 2, height: 40 },
      { kind: 'rows', from: 2, to: 5 },
      { kind: 'gap', from: 5, to: 9, height: 110 },
      { kind: 'rows', from: 9, to: 10 },
      { kind: 'gap', from: 10, to: 12, height: 40 }
    ]);
  });

  it('is one run when every row renders, one gap when none does', () => {
    expect(segments([0, 1, 2], rows(3), rows20)).toEqual([
      { kind: 'rows', from: 0, to: 3 }
    ]);
    expect(segments([], rows(3), rows20)).toEqual([
      { kind: 'gap', from: 0, to: 3, height: 60 }
    ]);
  });
});

describe('RowHeights: measured heights, and their mean for rows not rendered yet', () => {
  it('estimates with the fallback, then with the mean of what was measured', () => {
    const heights = new RowHeights(24);
    expect(heights.heightOf('a')).toBe(24);
    expect(heights.measured('a', 30)).toBe(true);
    expect(heights.measured('b', 60)).toBe(true);
    expect(heights.heightOf('a')).toBe(30);
    expect(heights.heightOf('never-rendered')).toBe(45);
    expect(heights.measured('a', 30)).toBe(false);
    expect(heights.measured('a', 40)).toBe(true);
    expect(heights.estimate).toBe(50);
    // A hidden row (0 px) says nothing of its height.
    expect(heights.measured('c', 0)).toBe(false);
  });
});
