/**
 * What the windowed tree measures in the page: the part of it the panel
 * shows (on scroll and resize), and the heights of its rows.
 */
import * as React from 'react';
import { ITreeView, RowHeights } from './tree-window';

/** Before the panel was measured (e.g. hidden): the first rows. */
const UNMEASURED: ITreeView = { top: 0, height: 800 };

/**
 * The part of the tree in `scroller`'s view, in px from the tree's top;
 * updated once per frame while scrolling and when the panel is resized.
 */
export function useTreeView(
  scroller: HTMLElement | null,
  tree: React.RefObject<HTMLElement>,
  mounted: boolean
): ITreeView {
  const [view, setView] = React.useState<ITreeView>(UNMEASURED);
  // The tree's offset in the scroller's content: the header and filter above it.
  const offset = React.useRef(0);
  const measure = React.useCallback(() => {
    if (!scroller || scroller.clientHeight === 0) {
      return; // hidden: keep the last view
    }
    if (tree.current) {
      offset.current =
        tree.current.getBoundingClientRect().top -
        scroller.getBoundingClientRect().top +
        scroller.scrollTop;
    }
    const next = {
      top: scroller.scrollTop - offset.current,
      height: scroller.clientHeight
    };
    setView(last =>
      last.top === next.top && last.height === next.height ? last : next
    );
  }, [scroller, tree]);

  React.useEffect(() => {
    if (!scroller) {
      return;
    }
    let frame = 0;
    const onScroll = () => {
      if (!frame) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          measure();
        });
      }
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    const resized =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => measure());
    resized?.observe(scroller);
    return () => {
      scroller.removeEventListener('scroll', onScroll);
      resized?.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [scroller, measure]);

  // When the tree appears (after a filter with no match): where it starts.
  React.useLayoutEffect(() => {
    if (mounted) {
      measure();
    }
  }, [mounted, measure]);
  return view;
}

/** Before anything was measured: a topic header and a one-line row of the default theme. */
const DEFAULT_HEADER = 26;
const DEFAULT_ROW = 24;

/**
 * The height of a topic's header, and of each exercise row as last rendered
 * (estimated for the others); re-measured after every render, so a wrapped
 * title, a selected row's details or a resized panel correct the window.
 */
export function useRowHeights(tree: React.RefObject<HTMLElement>): {
  header: number;
  heights: RowHeights;
} {
  const [heights] = React.useState(() => new RowHeights(DEFAULT_ROW));
  const [header, setHeader] = React.useState(DEFAULT_HEADER);
  const [, setMeasures] = React.useState(0);
  React.useLayoutEffect(() => {
    const node = tree.current;
    if (!node || node.offsetParent === null) {
      return; // not rendered, or hidden: nothing to measure
    }
    let changed = false;
    node
      .querySelectorAll<HTMLElement>('.jp-MLTutor-Exercise[data-key]')
      .forEach(row => {
        changed =
          heights.measured(row.dataset.key!, row.offsetHeight) || changed;
      });
    const topic = node.querySelector<HTMLElement>('.jp-MLTutor-Topic-header');
    if (topic && topic.offsetHeight > 0 && topic.offsetHeight !== header) {
      setHeader(topic.offsetHeight);
    }
    if (changed) {
      setMeasures(count => count + 1); // render again with what was measured
    }
  });
  return { header, heights };
}
