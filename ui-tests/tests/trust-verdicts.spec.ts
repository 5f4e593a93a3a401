/**
 * Verdicts a learner can trust (issue 11, cases 1-4 and 8), in Chromium on a
 * real kernel: each verdict judges the code shown in the kernel running now,
 * survives a reload, leads with the root cause, and a Check leaves the
 * notebook unmodified. Each test has its own exercise folder.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { Page } from '@playwright/test';
import { expect, openLab, test } from '../fixtures';
import { readExercise } from '../exercise';
import {
  cellIndexByTag,
  screenshotPath,
  isDirty,
  openExerciseByCommand,
  readNotebook,
  readProgress,
  restartKernel,
  runCell,
  saveCurrent,
  setCellSource,
  startCell,
  waitForKernelIdle
} from '../helpers';
import { feedbackAt } from '../panel';

const exercise = readExercise('data/missing-data');
const [countCell, cleanCell] = exercise.cells;
const SETUP = 1;

/** Opens the exercise (in the test's own exercise folder): its checked cells. */
async function start(page: Page): Promise<{ count: number; clean: number }> {
  await openExerciseByCommand(page, exercise);
  return {
    count: await cellIndexByTag(page, countCell.cell),
    clean: await cellIndexByTag(page, cleanCell.cell)
  };
}

function verdictAt(page: Page, index: number) {
  return feedbackAt(page, index).locator('.jp-MLTutor-Verdict');
}

test('case 1: Run All judges the solved cell even though a later cell raises', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  const { count, clean } = await start(page);
  await setCellSource(page, count, countCell.solution);
  await page.evaluate(() =>
    window.jupyterapp.commands.execute('notebook:run-all-cells')
  );
  await waitForKernelIdle(page);
  // The solved cell passes: its check is sent again once the queue the failure dropped is gone.
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-pass/, {
    timeout: 60_000
  });
  await expect(
    verdictAt(page, count).locator('.jp-MLTutor-Verdict-text')
  ).toHaveText('Passed');
  // The untouched starter is the one that fails, and says why.
  await expect(verdictAt(page, clean)).toHaveClass(/jp-mod-fail/);
  await expect(verdictAt(page, clean)).toContainText('NotImplementedError');
});

test('case 2: an edited cell is run before it is checked; a restart and an interrupt make verdicts stale', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  const { count } = await start(page);
  await runCell(page, SETUP);
  await runCell(page, count, countCell.wrong_answers[0].code);
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-fail/);

  // Edited, not run: Check judges the code shown (it runs the cell first).
  await setCellSource(page, count, countCell.solution);
  await feedbackAt(page, count).getByRole('button', { name: 'Check' }).click();
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-pass/);
  await expect(verdictAt(page, count)).not.toHaveClass(/jp-mod-stale/);

  // An edit after the check: the verdict says it is for other code.
  await setCellSource(page, count, `${countCell.solution}\n# more`);
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-stale/);
  await expect(verdictAt(page, count)).toContainText('Changed since checked');
  await setCellSource(page, count, countCell.solution);
  await expect(verdictAt(page, count)).not.toHaveClass(/jp-mod-stale/);

  // A restart: the pass stays visible, marked stale; the progress earned stays.
  await restartKernel(page);
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-stale/);
  await expect(verdictAt(page, count)).toContainText(
    'Checked before the kernel restarted'
  );
  const progress = await readProgress(page, lab, labPage.exerciseFolder);
  expect(
    progress!.exercises['ml-interview/missing-data'].cells[countCell.cell]
      .firstPassAt
  ).not.toBeNull();

  // An interrupted run does not leave "Passed" under the cell.
  await runCell(page, SETUP);
  await runCell(page, count, countCell.solution);
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-pass/);
  await setCellSource(
    page,
    count,
    `import time\ntime.sleep(60)\n${countCell.solution}`
  );
  await startCell(page, count);
  await page.evaluate(() =>
    (
      window.jupyterapp.shell.currentWidget as NotebookPanel
    ).sessionContext.session!.kernel!.interrupt()
  );
  await waitForKernelIdle(page);
  await expect(verdictAt(page, count)).not.toHaveClass(/jp-mod-pass/);
  await expect(verdictAt(page, count)).toContainText('interrupted');
});

test('case 3: verdicts are shown again after a reload, stale once the kernel restarted', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  const { count, clean } = await start(page);
  await runCell(page, SETUP);
  await runCell(page, count, countCell.solution);
  await runCell(page, clean);
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-pass/);
  await expect(verdictAt(page, clean)).toHaveClass(/jp-mod-fail/);
  await saveCurrent(page);

  await openLab(page, lab);
  await openExerciseByCommand(page, exercise);
  // Same kernel (the session outlives the page): the verdicts are current.
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-pass/);
  await expect(
    verdictAt(page, count).locator('.jp-MLTutor-Verdict-text')
  ).toHaveText('Passed');
  await expect(verdictAt(page, clean)).toHaveClass(/jp-mod-fail/);
  await expect(verdictAt(page, count)).not.toHaveClass(/jp-mod-stale/);

  await restartKernel(page);
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-stale/);
  await expect(verdictAt(page, count)).toContainText(
    'Checked before the kernel restarted'
  );
  await feedbackAt(page, count).scrollIntoViewIfNeeded();
  await feedbackAt(page, count)
    .locator('..')
    .screenshot({ path: screenshotPath('stale-verdict.png') });
});

test('case 4: the root cause leads: the cell raised, or the cells above have not run', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  const { count, clean } = await start(page);
  await runCell(page, SETUP);
  // The untouched starter raises: no check counts as passed for it.
  await runCell(page, clean);
  const verdict = verdictAt(page, clean);
  await expect(verdict).toHaveClass(/jp-mod-fail/);
  await expect(verdict.locator('.jp-MLTutor-Verdict-message')).toContainText(
    'Your cell raised NotImplementedError on line 4'
  );
  await expect(verdict).toContainText('finish clean() first');
  await expect(
    verdict.locator('.jp-MLTutor-Criterion.jp-mod-pass')
  ).toHaveCount(0);
  await expect(verdict).not.toContainText("name 'clean_df' is not defined");

  // After a restart without the setup cell: blame the cells above, not the learner's names.
  await restartKernel(page);
  await runCell(page, count, countCell.solution);
  const again = verdictAt(page, count);
  await expect(again).toHaveClass(/jp-mod-fail/);
  await expect(again.locator('.jp-MLTutor-Verdict-message')).toContainText(
    'the cells above have not run in this kernel'
  );
  await expect(again.locator('.jp-MLTutor-Verdict-message')).toContainText(
    'Run All Above'
  );
  await expect(again.locator('.jp-MLTutor-Verdict-message')).toContainText(
    'df'
  );
});

test('case 8: a Check with no edit leaves the notebook unmodified', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  const { count } = await start(page);
  await runCell(page, SETUP);
  await runCell(page, count, countCell.solution);
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-pass/);
  await saveCurrent(page);
  await expect.poll(() => isDirty(page)).toBe(false);

  await feedbackAt(page, count).getByRole('button', { name: 'Check' }).click();
  await expect(
    feedbackAt(page, count).locator('.jp-MLTutor-Feedback-pending')
  ).toHaveCount(0);
  await expect(verdictAt(page, count)).toHaveClass(/jp-mod-pass/);
  await expect.poll(() => isDirty(page)).toBe(false);
  // The verdict it recorded is in the saved file, tied to the code it judged.
  const saved = await readNotebook(
    page,
    lab,
    `${labPage.exerciseFolder}/missing-data/missing-data.ipynb`
  );
  const cellId = saved!.cells[count].id as string;
  expect(saved!.metadata.mltutor).toMatchObject({
    verdicts: {
      [cellId]: {
        verdict: { status: 'pass' },
        sourceHash: expect.any(String),
        kernelSession: expect.any(String)
      }
    }
  });
});
