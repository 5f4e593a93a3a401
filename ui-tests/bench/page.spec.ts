/**
 * A cell's verdict in the page (issue 15 item 2): Shift+Enter to the verdict
 * against Shift+Enter to the cell's own output, on a cell with six kernel
 * checks, timed inside the page (performance.now() and a MutationObserver).
 */
import * as path from 'path';
import { expect, openLab, test } from '../fixtures';
import { activateCell, cellIndexByTag, setActiveCellSource } from '../helpers';
import { openExercise } from '../panel';
import type { CurrentNotebook, IBenchWindow, IRunTiming } from './page-types';
import {
  SIX,
  failing,
  passing,
  record,
  usePackFolders,
  writeSixChecksPack
} from './packs';

const RUNS = Number(process.env.MLTUTOR_BENCH_RUNS ?? 30);

test('Shift+Enter to the verdict against Shift+Enter to the output', async ({
  page,
  lab
}) => {
  writeSixChecksPack(path.join(lab.root, 'bench-packs', 'six'));
  usePackFolders(lab.appSettings, ['bench-packs']);
  await openLab(page, lab);
  await openExercise(page, SIX, 'six checks');
  const index = await cellIndexByTag(page, 'six');

  const output: number[] = [];
  const verdict: number[] = [];
  const stages: Record<string, number>[] = [];
  // One warm-up pair, then RUNS timed ones; passing and failing alternate so
  // that every run has a verdict of its own to wait for.
  for (let run = -2; run < RUNS; run++) {
    const pass = run % 2 === 0;
    const token = `bench-run-${run + 2}`;
    await activateCell(page, index);
    await setActiveCellSource(page, pass ? passing(token) : failing(token));
    await page
      .locator('.jp-Notebook .jp-Cell.jp-mod-active .jp-InputArea-editor')
      .click();
    await page.evaluate(
      ({ index, token, status }) => {
        const bench = window as unknown as IBenchWindow;
        const notebook = (
          bench.jupyterapp.shell.currentWidget as CurrentNotebook
        ).content;
        const node: HTMLElement = notebook.widgets[index].node;
        const timing: IRunTiming = { done: Promise.resolve() };
        bench.mltutorBench = timing;
        timing.done = new Promise<void>((resolve, reject) => {
          setTimeout(
            () =>
              reject(
                new Error(
                  `no verdict in 60 s: ${JSON.stringify(timing)} ${node.textContent?.slice(0, 500)}`
                )
              ),
            60_000
          );
          const look = () => {
            const now = performance.now();
            if (timing.start === undefined) {
              return;
            }
            const out = node.querySelector('.jp-OutputArea');
            if (
              timing.output === undefined &&
              out?.textContent?.includes(token)
            ) {
              timing.output = now - timing.start;
            }
            const shown = node.querySelector(
              `.jp-MLTutor-Verdict.jp-mod-${status}:not(.jp-mod-stale)`
            );
            const pending = node.querySelector('.jp-MLTutor-Feedback-pending');
            if (timing.verdict === undefined && shown && !pending) {
              timing.verdict = now - timing.start;
            }
            if (timing.output !== undefined && timing.verdict !== undefined) {
              observer.disconnect();
              resolve();
            }
          };
          const observer = new MutationObserver(look);
          observer.observe(node, {
            subtree: true,
            childList: true,
            characterData: true,
            attributes: true,
            attributeFilter: ['class']
          });
          // Not `once`: Shift itself comes first, as its own keydown.
          const onKey = (event: KeyboardEvent) => {
            if (event.key === 'Enter' && event.shiftKey) {
              timing.start = performance.now();
              window.removeEventListener('keydown', onKey, true);
            }
          };
          window.addEventListener('keydown', onKey, true);
        });
      },
      { index, token, status: pass ? 'pass' : 'fail' }
    );
    await page.keyboard.press('Shift+Enter');
    const times = await page.evaluate(async () => {
      const timing = (window as unknown as IBenchWindow).mltutorBench!;
      await timing.done;
      // The controller's marks of this run (src/notebook/check-marks.ts), from the press.
      const stages: Record<string, number> = {};
      for (const mark of performance.getEntriesByType('mark')) {
        if (
          mark.name.startsWith('mltutor:check:') &&
          mark.startTime >= timing.start!
        ) {
          stages[mark.name.slice('mltutor:check:'.length)] =
            mark.startTime - timing.start!;
        }
      }
      return {
        output: timing.output!,
        verdict: timing.verdict!,
        stages
      };
    });
    expect(times.verdict).toBeGreaterThan(0);
    if (run >= 0) {
      output.push(times.output);
      verdict.push(times.verdict);
      stages.push(times.stages);
    }
  }
  record({ page: { checks: 6, output, verdict, stages } });
});
