/**
 * Reading an nbgrader source notebook: what role each cell plays, its
 * regions, and the versions of its source an mltutor pack needs.
 */
import type { ICell } from '@jupyterlab/nbformat';
import {
  dropDelimiters,
  HIDDEN_TESTS_REGION,
  joinLines,
  MARKDOWN_STUB,
  replaceRegions,
  scanRegions,
  SOLUTION_REGION,
  sourceLines,
  type IRegion
} from './regions';

/**
 * What a cell is to nbgrader: a code answer (`solution`), an autograder test
 * (`test`), a written answer in markdown (`answer`), or anything else.
 */
export type CellRole = 'solution' | 'test' | 'answer' | 'plain';

/** A cell of the source notebook with what the import needs to know about it. */
export interface ISourceCell {
  /** Position in the source notebook. */
  index: number;
  cell: ICell;
  role: CellRole;
  /** nbgrader's `grade_id`, when the cell has one. */
  gradeId?: string;
  lines: string[];
  /** Solution regions (answers) or hidden-test regions (tests); [] for plain cells. */
  regions: IRegion[];
}

/** The `metadata.nbgrader` fields the import reads. */
interface INbgraderFlags {
  solution: boolean;
  grade: boolean;
  gradeId?: string;
  /** A graded cell's points (nbgrader's `points`). */
  points?: number;
}

/** `metadata.nbgrader` of a cell, or null when the cell has none. */
export function nbgraderFlags(cell: ICell): INbgraderFlags | null {
  const meta = cell.metadata?.nbgrader;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    return null;
  }
  const fields = meta as Record<string, unknown>;
  return {
    solution: fields.solution === true,
    grade: fields.grade === true,
    gradeId: typeof fields.grade_id === 'string' ? fields.grade_id : undefined,
    points:
      typeof fields.points === 'number' &&
      Number.isFinite(fields.points) &&
      fields.points >= 0
        ? fields.points
        : typeof fields.points === 'string' &&
            /^\d+(\.\d+)?$/.test(fields.points)
          ? Number(fields.points)
          : undefined
  };
}

function roleOf(cell: ICell, flags: INbgraderFlags | null): CellRole {
  if (!flags) {
    return 'plain';
  }
  if (cell.cell_type === 'code') {
    // A cell that is both (nbgrader's "manually graded answer") is an answer.
    return flags.solution ? 'solution' : flags.grade ? 'test' : 'plain';
  }
  return cell.cell_type === 'markdown' && flags.solution ? 'answer' : 'plain';
}

/** Reads one cell; a message when its regions do not pair up. */
export function readCell(
  cell: ICell,
  index: number
): { ok: true; cell: ISourceCell } | { ok: false; message: string } {
  const flags = nbgraderFlags(cell);
  const role = roleOf(cell, flags);
  const lines = sourceLines(cell.source);
  const kind = role === 'test' ? HIDDEN_TESTS_REGION : SOLUTION_REGION;
  const scan =
    role === 'plain'
      ? { ok: true as const, regions: [] }
      : scanRegions(lines, kind);
  if (!scan.ok) {
    const name = flags?.gradeId ? ` ('${flags.gradeId}')` : '';
    return { ok: false, message: `cell ${index}${name}: ${scan.message}` };
  }
  return {
    ok: true,
    cell: {
      index,
      cell,
      role,
      gradeId: flags?.gradeId,
      lines,
      regions: scan.regions
    }
  };
}

/**
 * The learner's version of an answer cell: each solution region replaced by
 * `stub`; a cell without regions is all solution, so all of it is replaced.
 */
export function learnerSource(
  cell: ISourceCell,
  stub: ReadonlyArray<string>
): string {
  if (cell.regions.length === 0) {
    return stub.join('\n');
  }
  return joinLines(replaceRegions(cell.lines, cell.regions, stub));
}

/** The learner's version of a written (markdown) answer. */
export function learnerAnswer(cell: ISourceCell): string {
  return learnerSource(cell, MARKDOWN_STUB);
}

/** The reference solution of a code answer: its source without the delimiter lines. */
export function solutionSource(cell: ISourceCell): string {
  return joinLines(dropDelimiters(cell.lines, cell.regions));
}

/** A test cell's code as the check runs it: hidden tests included, delimiters dropped. */
export function fullTests(cell: ISourceCell): string {
  return joinLines(dropDelimiters(cell.lines, cell.regions));
}

/** A test cell as learners see it: hidden tests removed, as nbgrader's release does. */
export function visibleTests(cell: ISourceCell): string {
  return joinLines(replaceRegions(cell.lines, cell.regions, []));
}

/** Names a solution binds at top level (`def`, `class`, plain assignment). */
export function definedNames(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(
    /^(?:(?:def|class)\s+([A-Za-z_]\w*)|([A-Za-z_]\w*)\s*=(?!=))/gm
  )) {
    names.add(match[1] ?? match[2]);
  }
  return [...names];
}

/**
 * Why a test cannot be a check, or null when it can. Checks run on a copy of
 * the learner's namespace while the learner's functions keep reading the
 * real one, so a test that deletes or rebinds notebook names (to prove that
 * one function calls another, say) sees no effect and fails even for the
 * solution.
 */
export function namespaceMutation(
  code: string,
  notebookNames: ReadonlyArray<string>
): string | null {
  if (/^\s*del\s/m.test(code)) {
    return 'it deletes names (`del`)';
  }
  if (/^\s*global\s/m.test(code)) {
    return 'it declares `global` names';
  }
  const rebound = notebookNames.find(name =>
    new RegExp(`^\\s*${name}\\s*=(?!=)`, 'm').test(code)
  );
  return rebound ? `it rebinds '${rebound}'` : null;
}

/** The test's one-line docstring (nbgrader's examples start with one), to describe its check. */
export function docstringOf(code: string): string | undefined {
  const first = code.split('\n')[0]?.trim() ?? '';
  const match = /^("""|''')(.+)\1$/.exec(first);
  return match ? match[2].trim() : undefined;
}
