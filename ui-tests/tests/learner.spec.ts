/**
 * The learner's path through the missing-data exercise, in a real lab on a
 * real kernel: open it from the panel, get it wrong, follow the hints, get it
 * right, and find the progress saved after a reload and a server restart.
 */
import { Page } from '@playwright/test';
import { expect, openLab, test } from '../fixtures';
import { plainText, readExercise } from '../exercise';
import {
  cellIndexByTag,
  readContents,
  runCell,
  runCellsBefore,
  waitForKernelIdle
} from '../helpers';
import { startLab } from '../lab-server';
import { feedbackAt, openExercise, waitForCurrentPath } from '../panel';

const exercise = readExercise('data/missing-data');
const NOTEBOOK = 'ml-exercises/missing-data/missing-data.ipynb';
const [countCell, cleanCell] = exercise.cells;

/** Opens the missing-data exercise from the panel. */
function openExerciseFromPanel(page: Page): Promise<void> {
  return openExercise(page, exercise, 'missing');
}

/** The feedback under the first cell tagged for the checked cell `name`. */
async function feedbackOf(page: Page, name: string) {
  return feedbackAt(page, await cellIndexByTag(page, name));
}

test.describe.configure({ mode: 'serial' });

test('a wrong answer fails with its message, hints come one at a time, the fix passes', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  await openExerciseFromPanel(page);

  // Injected: the learner's own copy, naming its exercise.
  const copy = await readContents(page, lab, NOTEBOOK);
  expect(copy.status).toBe(200);
  expect(copy.content.metadata.mltutor).toMatchObject({
    pack: 'ml-interview',
    exercise: 'missing-data'
  });

  const index = await cellIndexByTag(page, countCell.cell);
  await runCellsBefore(page, index);
  const wrong = countCell.wrong_answers[0];
  await runCell(page, index, wrong.code);

  const feedback = await feedbackOf(page, countCell.cell);
  const verdict = feedback.locator('.jp-MLTutor-Verdict');
  await expect(verdict).toHaveClass(/jp-mod-fail/);
  await expect(verdict.locator('.jp-MLTutor-Verdict-text')).toHaveText(
    'Not yet'
  );
  const failing = countCell.checks.find(check => check.id === wrong.fails)!;
  const failed = verdict.locator('.jp-MLTutor-Criterion.jp-mod-fail');
  await expect(failed.first()).toBeVisible();
  if (failing.message) {
    await expect(verdict).toContainText(
      plainText(failing.message).slice(0, 40)
    );
  }

  await feedback.getByRole('button', { name: /Show hint 1 of/ }).click();
  await expect(feedback.locator('.jp-MLTutor-Hint')).toHaveCount(1);
  await expect(feedback.locator('.jp-MLTutor-Hint-label')).toHaveText(
    `Hint 1 of ${countCell.hints.length}`
  );
  await feedback.getByRole('button', { name: /Show hint 2 of/ }).click();
  await expect(feedback.locator('.jp-MLTutor-Hint')).toHaveCount(2);
  await expect(feedback.locator('.jp-MLTutor-Hint').nth(1)).toContainText(
    plainText(countCell.hints[1]).slice(0, 30)
  );

  await runCell(page, index, countCell.solution);
  await expect(verdict).toHaveClass(/jp-mod-pass/);
  await expect(verdict.locator('.jp-MLTutor-Verdict-text')).toHaveText(
    'Passed'
  );

  // The whole exercise: the second checked cell too, then the panel and status bar say so.
  const cleanIndex = await cellIndexByTag(page, cleanCell.cell);
  await runCell(page, cleanIndex, cleanCell.solution);
  await expect(
    (await feedbackOf(page, cleanCell.cell)).locator('.jp-MLTutor-Verdict')
  ).toHaveClass(/jp-mod-pass/);
  const row = page.locator('.jp-MLTutor-Exercise', { hasText: exercise.title });
  await expect(row.locator('.jp-MLTutor-Exercise-status')).toHaveText('Passed');
  await expect(page.locator('.jp-MLTutor-ProgressStatus')).toContainText(
    /^1 \/ \d+ solved$/
  );
  await page.evaluate(() =>
    (window as any).jupyterapp.shell.currentWidget.context.save()
  );
});

test('progress survives a page reload and a server restart', async ({
  labPage,
  lab,
  browser
}) => {
  const { page } = labPage;
  await expect(page.locator('.jp-MLTutor-ProgressStatus')).toContainText(
    /^1 \/ \d+ solved$/
  );
  const progress = await readContents(page, lab, 'ml-exercises/progress.json');
  expect(progress.status).toBe(200);
  const record = JSON.parse(progress.content).exercises[
    'ml-interview/missing-data'
  ];
  expect(record.cells[countCell.cell].hintsUsed).toBe(2);
  expect(record.cells[countCell.cell].firstPassAt).not.toBeNull();

  // A second server on the same home folder, as after a restart.
  const restarted = await startLab({ root: lab.root });
  try {
    const other = await browser.newPage();
    await openLab(other, restarted);
    await expect(other.locator('.jp-MLTutor-ProgressStatus')).toContainText(
      /^1 \/ \d+ solved$/
    );
    await other.close();
  } finally {
    await restarted.stop();
  }
});

test("reopening keeps the learner's edits; reset keeps them in a backup", async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  await openExerciseFromPanel(page);
  await page.evaluate(async () => {
    const panel = (window as any).jupyterapp.shell.currentWidget;
    panel.content.widgets[0].model.sharedModel.setSource('# my own notes');
    await panel.context.save();
    panel.dispose();
  });
  await openExerciseFromPanel(page);
  const reopened = await readContents(page, lab, NOTEBOOK);
  expect(reopened.content.cells[0].source).toBe('# my own notes');

  await page.locator('.jp-MLTutor-Exercise-reset').click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('backup');
  await dialog.getByRole('button', { name: 'Reset' }).click();
  await waitForCurrentPath(page, NOTEBOOK);
  const fresh = await readContents(page, lab, NOTEBOOK);
  expect(fresh.content.cells[0].source).not.toBe('# my own notes');
  const folder = await readContents(page, lab, 'ml-exercises/missing-data');
  const backups = folder.content.filter((file: { name: string }) =>
    /\.backup-\d{8}-\d{6}\.ipynb$/.test(file.name)
  );
  expect(backups).toHaveLength(1);
  const backup = await readContents(
    page,
    lab,
    `ml-exercises/missing-data/${backups[0].name}`
  );
  expect(backup.content.cells[0].source).toBe('# my own notes');
});

test('revealing the solution asks first and is recorded', async ({
  labPage,
  lab
}) => {
  const { page } = labPage;
  await openExerciseFromPanel(page);
  const feedback = await feedbackOf(page, cleanCell.cell);
  await feedback.getByRole('button', { name: 'Show solution' }).click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('keeps your pass');
  await dialog.getByRole('button', { name: 'Keep trying' }).click();
  await expect(feedback.locator('.jp-MLTutor-Solution-code')).toHaveCount(0);

  await feedback.getByRole('button', { name: 'Show solution' }).click();
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Show solution' })
    .click();
  await expect(feedback.locator('.jp-MLTutor-Solution-code')).toContainText(
    'def clean(frame)'
  );
  // The cell passed in the first test: looking afterwards keeps the pass and is
  // not held against the learner, as the dialog said (issue 11, case 7).
  await expect(
    page
      .locator('.jp-MLTutor-Exercise', { hasText: exercise.title })
      .locator('.jp-MLTutor-Exercise-status')
  ).toHaveText('Passed');
  await expect
    .poll(async () => {
      const file = await readContents(page, lab, 'ml-exercises/progress.json');
      return JSON.parse(file.content).exercises['ml-interview/missing-data']
        .cells[cleanCell.cell].solutionRevealed;
    })
    .toBe(false);
});

test('an instructor can switch solutions off for everyone (overrides.json)', async ({
  page,
  lab
}) => {
  const fs = await import('fs');
  const overrides = `${lab.appSettings}/overrides.json`;
  fs.writeFileSync(
    overrides,
    JSON.stringify({ 'jupyterlab-mltutor:notebook': { allowSolutions: false } })
  );
  try {
    await openLab(page, lab);
    await openExerciseFromPanel(page);
    const feedback = await feedbackOf(page, countCell.cell);
    await expect(
      feedback.getByRole('button', { name: /Show hint/ })
    ).toBeVisible();
    await expect(
      feedback.getByRole('button', { name: 'Show solution' })
    ).toHaveCount(0);
    await expect(feedback.locator('.jp-MLTutor-Solution-code')).toHaveCount(0);
  } finally {
    fs.unlinkSync(overrides);
  }
});

test('a check behind a long-running cell says it waits, and can be cancelled', async ({
  labPage
}) => {
  const { page } = labPage;
  await openExerciseFromPanel(page);
  const index = await cellIndexByTag(page, countCell.cell);
  // A long cell above the checked one keeps the kernel busy.
  await page.evaluate(() => {
    const notebook = (window as any).jupyterapp.shell.currentWidget.content;
    notebook.activeCellIndex = 0;
    notebook.widgets[1].model.sharedModel.setSource(
      'import time\ntime.sleep(30)'
    );
  });
  await page.evaluate(() => {
    const app = (window as any).jupyterapp;
    app.shell.currentWidget.content.activeCellIndex = 1;
    void app.commands.execute('notebook:run-cell');
  });
  await page.waitForFunction(
    () =>
      (window as any).jupyterapp.shell.currentWidget.sessionContext.session
        .kernel.status === 'busy'
  );
  const feedback = await feedbackOf(page, countCell.cell);
  await feedback.getByRole('button', { name: 'Check' }).click();
  await expect(feedback.locator('.jp-MLTutor-Feedback-pending')).toContainText(
    'Waiting for the kernel'
  );
  await feedback.getByRole('button', { name: 'Cancel' }).click();
  await expect(feedback.locator('.jp-MLTutor-Verdict-text')).toHaveText(
    'Check cancelled'
  );
  await page.evaluate(() =>
    (
      window as any
    ).jupyterapp.shell.currentWidget.sessionContext.session.kernel.interrupt()
  );
  await waitForKernelIdle(page);
  expect(index).toBeGreaterThan(1);
});
