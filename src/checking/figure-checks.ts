/**
 * `figure` checks: pure functions of the figure snapshot the harness keeps of
 * the last non-silent execution (the inline backend closes figures at the end
 * of a cell, so the kernel no longer has them).
 */
import type { IFigureCheck } from '../catalog/format';
import type { ILocalOutcome } from './output-checks';

/** One axes of a snapshot, as `harness.py` writes it. */
export interface IAxesSnapshot {
  title: string;
  xlabel: string;
  ylabel: string;
  xticklabels: string[];
  yticklabels: string[];
  texts: string[];
  patches: number;
  lines: number;
  images: number;
  collections: number;
}

/** One figure of a snapshot. */
export interface IFigureSnapshot {
  suptitle: string;
  axes: IAxesSnapshot[];
}

function isFigure(value: unknown): value is IFigureSnapshot {
  const figure = value as IFigureSnapshot | null;
  return (
    typeof figure === 'object' && figure !== null && Array.isArray(figure.axes)
  );
}

/** The figures in the harness's `figures` answer (malformed entries dropped). */
export function figuresOf(data: unknown): IFigureSnapshot[] {
  const figures = (data as { figures?: unknown } | null)?.figures;
  return Array.isArray(figures) ? figures.filter(isFigure) : [];
}

const fail = (message: string): ILocalOutcome => ({ status: 'fail', message });

function includesAll(
  have: string[],
  wanted: string[] | undefined,
  what: string
): ILocalOutcome | null {
  const trimmed = have.map(text => text.trim());
  const missing = (wanted ?? []).filter(text => !trimmed.includes(text.trim()));
  return missing.length
    ? fail(
        `The ${what} do not include ${missing.map(t => `\`${t}\``).join(', ')}.`
      )
    : null;
}

function containsText(
  have: string,
  wanted: string | undefined,
  what: string
): ILocalOutcome | null {
  if (
    wanted === undefined ||
    have.toLowerCase().includes(wanted.toLowerCase())
  ) {
    return null;
  }
  return fail(
    have
      ? `The ${what} is \`${have}\`: it should mention \`${wanted}\`.`
      : `The plot has no ${what}: it should mention \`${wanted}\`.`
  );
}

function counts(ax: IAxesSnapshot, check: IFigureCheck): ILocalOutcome | null {
  if (check.min_patches !== undefined && ax.patches < check.min_patches) {
    return fail(
      `The plot has ${ax.patches} bars or patches; expected at least ${check.min_patches}.`
    );
  }
  if (check.max_patches !== undefined && ax.patches > check.max_patches) {
    return fail(
      `The plot has ${ax.patches} bars or patches; expected at most ${check.max_patches}.`
    );
  }
  if (check.min_images !== undefined && ax.images < check.min_images) {
    return fail(
      `The plot has ${ax.images} images (imshow); expected at least ${check.min_images}.`
    );
  }
  if (check.min_lines !== undefined && ax.lines < check.min_lines) {
    return fail(
      `The plot has ${ax.lines} lines; expected at least ${check.min_lines}.`
    );
  }
  return null;
}

/** How many cells ran since the harness was installed (0: it cannot have seen the figure). */
export function cellsSeen(data: unknown): number {
  const cell = (data as { cell?: unknown } | null)?.cell;
  return typeof cell === 'number' ? cell : 0;
}

/** Evaluates a `figure` check on the snapshot of the cell's figures. */
export function checkFigure(
  check: IFigureCheck,
  figures: ReadonlyArray<IFigureSnapshot>,
  cellsSinceInstall = 1
): ILocalOutcome {
  const figure = figures[figures.length - 1];
  if (!figure && cellsSinceInstall === 0) {
    return fail(
      'The checker started after this cell ran, so it could not see its figure: run the cell again, then check.'
    );
  }
  if (!figure) {
    return fail(
      'The cell drew no matplotlib figure: run the cell that plots, then check again.'
    );
  }
  const index = check.axes ?? 0;
  const ax = figure.axes[index];
  if (!ax) {
    return fail(
      `The figure has ${figure.axes.length} axes; the check looks at axes ${index}.`
    );
  }
  const title = ax.title || (index === 0 ? figure.suptitle : '');
  const steps: Array<ILocalOutcome | null> = [
    check.has_title && !title.trim()
      ? fail('The plot has no title: add one with `ax.set_title(...)`.')
      : null,
    check.has_xlabel && !ax.xlabel.trim()
      ? fail('The x axis has no label: add one with `ax.set_xlabel(...)`.')
      : null,
    check.has_ylabel && !ax.ylabel.trim()
      ? fail('The y axis has no label: add one with `ax.set_ylabel(...)`.')
      : null,
    containsText(title, check.title_contains, 'title'),
    containsText(ax.xlabel, check.xlabel_contains, 'x-axis label'),
    containsText(ax.ylabel, check.ylabel_contains, 'y-axis label'),
    counts(ax, check),
    includesAll(ax.texts, check.texts_include, "plot's texts"),
    includesAll(ax.xticklabels, check.xticklabels_include, 'x tick labels'),
    includesAll(ax.yticklabels, check.yticklabels_include, 'y tick labels')
  ];
  return (
    steps.find((step): step is ILocalOutcome => step !== null) ?? {
      status: 'pass',
      message: ''
    }
  );
}
