/**
 * Hidden checks are graded only: whatever reaches a learner's browser (the
 * bundled exercises, packs read through the Contents API) carries, instead of
 * them, how many there are. Pure, Node- and browser-safe.
 */

import type { IExerciseSpec } from '../catalog/format';
import { isObject } from '../json';

/** A check of an exercise.json whose content has not been validated yet. */
interface IRawCheck {
  id?: unknown;
  hidden?: unknown;
  mutates_namespace?: unknown;
}

interface IRawCell {
  checks?: unknown;
  wrong_answers?: unknown;
  hidden_checks?: unknown;
}

/**
 * True for a graded-only check: marked `hidden: true`, or a test that mutates
 * the learner's namespace (it may run only in a throwaway kernel).
 */
export function isHiddenCheck(check: unknown): boolean {
  return (
    isObject(check) &&
    ((check as IRawCheck).hidden === true ||
      (check as IRawCheck).mutates_namespace === true)
  );
}

/**
 * A copy of a parsed exercise.json without its hidden checks: each cell keeps
 * `hidden_checks` (their count, added to any already there) and loses the
 * wrong answers that name a hidden check. Anything that is not an exercise's
 * shape is returned as it is, for the validator to report.
 */
export function stripHiddenChecks(data: unknown): unknown {
  if (!isObject(data) || !Array.isArray(data.cells)) {
    return data;
  }
  let changed = false;
  const cells = data.cells.map((cell: unknown) => {
    if (!isObject(cell) || !Array.isArray((cell as IRawCell).checks)) {
      return cell;
    }
    const checks = cell.checks as unknown[];
    const hidden = checks.filter(isHiddenCheck);
    if (hidden.length === 0) {
      return cell;
    }
    changed = true;
    const hiddenIds = new Set(hidden.map(check => (check as IRawCheck).id));
    const copy: Record<string, unknown> = {
      ...cell,
      checks: checks.filter(check => !isHiddenCheck(check)),
      hidden_checks:
        (typeof cell.hidden_checks === 'number' ? cell.hidden_checks : 0) +
        hidden.length
    };
    if (Array.isArray(cell.wrong_answers)) {
      copy.wrong_answers = cell.wrong_answers.filter(
        (wrong: unknown) => !(isObject(wrong) && hiddenIds.has(wrong.fails))
      );
    }
    return copy;
  });
  return changed ? { ...data, cells } : data;
}

/** The exercise.json text without hidden checks; text that is not JSON is returned unchanged. */
export function stripHiddenChecksFromText(text: string): string {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return text;
  }
  const stripped = stripHiddenChecks(data);
  return stripped === data ? text : `${JSON.stringify(stripped, null, 2)}\n`;
}

/** True when a pack file is an exercise's spec (the only file that holds checks). */
export function isExerciseFile(path: string): boolean {
  return path === 'exercise.json' || path.endsWith('/exercise.json');
}

/** How many hidden checks a cell has: those it carries and those stripped from it. */
export function hiddenCheckCount(cell: {
  checks: ReadonlyArray<unknown>;
  hidden_checks?: number;
}): number {
  return cell.checks.filter(isHiddenCheck).length + (cell.hidden_checks ?? 0);
}

/**
 * The exercise as a learner's own check runs it (`mltutor check`): without
 * its hidden checks, and how many there were. Tests that mutate the
 * learner's namespace stay: `check` runs in a throwaway kernel too.
 */
export function withoutHiddenChecks(spec: IExerciseSpec): {
  spec: IExerciseSpec;
  hidden: number;
} {
  let hidden = 0;
  const cells = spec.cells.map(cell => {
    const kept = cell.checks.filter(check => check.hidden !== true);
    hidden += cell.checks.length - kept.length;
    return kept.length === cell.checks.length
      ? cell
      : {
          ...cell,
          checks: kept,
          hidden_checks:
            (cell.hidden_checks ?? 0) + cell.checks.length - kept.length
        };
  });
  return { spec: hidden ? { ...spec, cells } : spec, hidden };
}
