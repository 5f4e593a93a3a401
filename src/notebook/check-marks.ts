/**
 * Performance marks of a check's way to the verdict, so the time from
 * Shift+Enter to the verdict can be taken apart in the page (issue 15,
 * item 2; `npm run bench -- --only page` reads them). Only the latest of
 * each is kept: a long session does not grow the performance buffer.
 */

/** The stages marked, in order. */
export const CHECK_STAGES = [
  'scheduled',
  'sent-early',
  'executed',
  'answered',
  'shown'
] as const;

export type CheckStage = (typeof CHECK_STAGES)[number];

/** The mark's name: `mltutor:check:<stage>`. */
export function checkMarkName(stage: CheckStage): string {
  return `mltutor:check:${stage}`;
}

/** Marks `stage` now, replacing the previous mark of that stage. */
export function markCheck(stage: CheckStage): void {
  if (typeof performance === 'undefined' || !performance.mark) {
    return;
  }
  const name = checkMarkName(stage);
  performance.clearMarks(name);
  performance.mark(name);
}
