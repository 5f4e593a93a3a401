/**
 * "Check in a clean kernel" (issue 11), in Chromium on real kernels: a second
 * kernel runs the notebook from a fresh start with every check and shows the
 * result beside the live verdicts; a notebook that only works out of order is
 * explained; Cancel stops it; the learner's kernel is never touched.
 */
import { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { readExercise } from '../exercise';
import {
  cellIndexByTag,
  screenshotPath,
  kernelIds,
  openExerciseByCommand,
  peekKernel,
  runCell,
  setCellSource,
  waitForKernelIdle
} from '../helpers';
import { feedbackAt } from '../panel';

const exercise = readExercise('data/missing-data');
const [countCell, cleanCell] = exercise.cells;
const SETUP = 1;
const COMPARE = 7;

/** What the learner's kernel holds: its execution count and its names. */
const LEARNER_STATE = {
  count: 'get_ipython().execution_count',
  names: "sorted(k for k in globals() if not k.startswith('_'))"
};

/** Opens the exercise (in the test's own exercise folder): its checked cells. */
async function start(page: Page): Promise<{ count: number; clean: number }> {
  await openExerciseByCommand(page, exercise);
  return {
    count: await cellIndexByTag(page, countCell.cell),
    clean: await cellIndexByTag(page, cleanCell.cell)
  };
}

function banner(page: Page) {
  return page.locator('.jp-MLTutor-CleanBanner');
}

test('a solved notebook passes from a fresh start; the learner kernel is untouched', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  const { count, clean } = await start(page);
  await runCell(page, SETUP);
  await runCell(page, count, countCell.solution);
  await runCell(page, clean, cleanCell.solution);
  await runCell(page, COMPARE, 'learner_marker = 42');
  const kernelsBefore = await kernelIds(page, lab);
  const before = await peekKernel(page, LEARNER_STATE);

  // From the notebook toolbar.
  await page
    .locator('.jp-NotebookPanel-toolbar')
    .getByRole('button', { name: /Check in a clean kernel/ })
    .click();
  await expect(banner(page)).toContainText(
    'In a clean kernel: 2 of 2 checked cells pass.',
    { timeout: 90_000 }
  );
  for (const index of [count, clean]) {
    const cleanVerdict = feedbackAt(page, index).locator('.jp-MLTutor-Clean');
    await expect(cleanVerdict).toHaveClass(/jp-mod-pass/);
    await expect(cleanVerdict).toContainText('In a clean kernel:');
  }
  // The learner's kernel: same execution count, same names (learner_marker included).
  expect(await peekKernel(page, LEARNER_STATE)).toEqual(before);
  expect(before.names).toContain('learner_marker');
  // The clean kernel is gone.
  await expect.poll(() => kernelIds(page, lab)).toEqual(kernelsBefore);
});

test('a notebook that only works out of order is explained in plain words', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  const { count, clean } = await start(page);
  await runCell(page, SETUP);
  await runCell(page, count, countCell.solution);
  // A helper defined in a cell the learner then deleted: the kernel still has it.
  await runCell(page, COMPARE, 'X_scaled = df.copy()');
  await setCellSource(page, COMPARE, 'print(clean_df.shape)');
  await runCell(
    page,
    clean,
    cleanCell.solution.replace(
      'clean_df = clean(df)',
      'clean_df = clean(X_scaled)'
    )
  );
  await expect(
    feedbackAt(page, clean).locator('.jp-MLTutor-Verdict')
  ).toHaveClass(/jp-mod-pass/);
  const before = await peekKernel(page, LEARNER_STATE);

  // From the palette's command.
  await page.evaluate(() =>
    window.jupyterapp.commands.execute('mltutor:check-clean-kernel')
  );
  await expect(banner(page)).toContainText(
    'In a clean kernel: 1 of 2 checked cells pass.',
    { timeout: 90_000 }
  );
  const cleanVerdict = feedbackAt(page, clean).locator('.jp-MLTutor-Clean');
  await expect(cleanVerdict).not.toHaveClass(/jp-mod-pass/);
  await expect(cleanVerdict).toContainText(
    'Passes in your kernel but not from a fresh start'
  );
  await expect(cleanVerdict).toContainText(
    'it uses X_scaled, which no cell above defines any more'
  );
  await expect(
    feedbackAt(page, count).locator('.jp-MLTutor-Clean')
  ).toHaveClass(/jp-mod-pass/);
  // The live verdict is still the live one.
  await expect(
    feedbackAt(page, clean).locator('.jp-MLTutor-Verdict')
  ).toHaveClass(/jp-mod-pass/);
  expect(await peekKernel(page, LEARNER_STATE)).toEqual(before);
  await page.locator('.jp-NotebookPanel').screenshot({
    path: screenshotPath('clean-kernel.png')
  });
});

test('Cancel stops the clean kernel; the learner kernel is untouched', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  const { count } = await start(page);
  await runCell(page, SETUP);
  await runCell(page, count, countCell.solution);
  const kernelsBefore = await kernelIds(page, lab);
  const before = await peekKernel(page, LEARNER_STATE);
  // A slow setup, from a fresh start only (the learner's kernel ran the quick one).
  await setCellSource(
    page,
    SETUP,
    `import time\ntime.sleep(60)\nimport numpy as np\nimport pandas as pd\n\nTARGET = "price_k"\n\ndf = pd.read_csv("apartments.csv")\n`
  );
  // Not awaited: the command resolves when the run ends.
  await page.evaluate(() => {
    void window.jupyterapp.commands.execute('mltutor:check-clean-kernel');
  });
  await expect(banner(page)).toContainText(
    'Running the notebook from a fresh start',
    { timeout: 60_000 }
  );
  await expect(banner(page).getByRole('progressbar')).toBeVisible();
  // The learner keeps working in their own kernel meanwhile.
  await runCell(page, count, countCell.solution);
  await banner(page).getByRole('button', { name: 'Cancel' }).click();
  await expect(banner(page)).toContainText('Clean-kernel check cancelled');
  await expect.poll(() => kernelIds(page, lab)).toEqual(kernelsBefore);
  await waitForKernelIdle(page);
  const after = await peekKernel(page, LEARNER_STATE);
  // One more execution: the learner's own run above; nothing from the clean run.
  expect(Number(after.count)).toBe(Number(before.count) + 1);
  expect(after.names).toEqual(before.names);
});
