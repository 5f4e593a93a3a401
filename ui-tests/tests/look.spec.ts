/**
 * How the extension looks and is driven: keyboard navigation of the panel,
 * and the light and dark themes (screenshots for the README).
 * MLTUTOR_UPDATE_SCREENSHOTS=1 writes the screenshots into docs/images/.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { feedbackAt, openExercise, openPanel } from '../panel';
import { readExercise } from '../exercise';
import {
  cellIndexByTag,
  runCell,
  runCellsBefore,
  screenshotPath
} from '../helpers';

const exercise = readExercise('data/missing-data');

/** Luminance (0 dark to 1 light) of an element's computed background. */
function backgroundLuminance(page: Page, selector: string): Promise<number> {
  return page.evaluate(sel => {
    const color = getComputedStyle(
      document.querySelector(sel)!
    ).backgroundColor;
    const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).map(
      Number
    );
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  }, selector);
}

test('the panel is driven with the keyboard', async ({ labPage }) => {
  const { page } = labPage;
  await openPanel(page);
  const tree = page.getByRole('tree', { name: 'Exercises' });
  await expect(tree).toBeVisible();
  // Keys go where the focus is once the panel has drawn its exercises and
  // their progress (on a busy machine that comes after the tree appears).
  await expect(tree.locator('.jp-MLTutor-Exercise-status').first()).toHaveText(
    /\S/
  );
  const topics = tree.locator(':scope > [role="treeitem"]');
  await topics.first().focus();
  await expect(topics.first()).toBeFocused();
  await expect(topics.first()).toHaveAttribute('aria-expanded', 'true');

  await page.keyboard.press('ArrowDown');
  const first = tree.locator('[role="group"] [role="treeitem"]').first();
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(topics.first()).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(topics.first()).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('ArrowRight');
  await expect(topics.first()).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    folder =>
      (
        window.jupyterapp.shell.currentWidget as NotebookPanel | null
      )?.context?.path?.startsWith(`${folder}/`),
    labPage.exerciseFolder
  );
  // Status is written out, not only coloured.
  await expect(first.locator('.jp-MLTutor-Exercise-status')).toHaveText(
    /Not started|In progress|Passed|Solution revealed/
  );
});

test('feedback under a cell in the light and dark themes', async ({
  labPage
}) => {
  const { page } = labPage;
  await page.setViewportSize({ width: 1280, height: 800 });
  await openExercise(page, exercise, 'missing', labPage.exerciseFolder);
  const panel = page.locator('#jp-MLTutor-panel');
  const cell = exercise.cells[0];
  const index = await cellIndexByTag(page, cell.cell);
  await runCellsBefore(page, index);
  await runCell(page, index, cell.wrong_answers[0].code);
  const feedback = feedbackAt(page, index);
  await expect(feedback.locator('.jp-MLTutor-Verdict')).toHaveClass(
    /jp-mod-fail/
  );
  await feedback.getByRole('button', { name: /Show hint 1 of/ }).click();
  await expect(feedback.locator('.jp-MLTutor-Hint')).toHaveCount(1);
  await feedback.scrollIntoViewIfNeeded();
  // Fold the exercise's details so the screenshots show the tree of topics.
  await panel
    .locator('.jp-MLTutor-Exercise-row', { hasText: exercise.title })
    .click();
  await panel.getByRole('searchbox').fill('');

  expect(
    await backgroundLuminance(page, '.jp-MLTutor-Feedback')
  ).toBeGreaterThan(0.8);
  await page.screenshot({ path: screenshotPath('feedback.png') });
  await panel.screenshot({ path: screenshotPath('panel.png') });

  await page.evaluate(() =>
    window.jupyterapp.commands.execute('apputils:change-theme', {
      theme: 'JupyterLab Dark'
    })
  );
  await page.waitForFunction(
    () => document.body.dataset.jpThemeLight === 'false'
  );
  await expect(page.locator('#jupyterlab-splash')).toHaveCount(0);
  await expect
    .poll(() => backgroundLuminance(page, '.jp-MLTutor-Feedback'))
    .toBeLessThan(0.3);
  await expect
    .poll(() => backgroundLuminance(page, '#jp-MLTutor-panel'))
    .toBeLessThan(0.3);
  await page.screenshot({ path: screenshotPath('feedback-dark.png') });

  await page.evaluate(() =>
    window.jupyterapp.commands.execute('apputils:change-theme', {
      theme: 'JupyterLab Light'
    })
  );
  await page.waitForFunction(
    () => document.body.dataset.jpThemeLight === 'true'
  );
});

test('the Help menu opens the authoring guide, shipped with the extension', async ({
  labPage
}) => {
  const { page } = labPage;
  await page.getByRole('menuitem', { name: 'Help' }).click();
  await page
    .getByRole('menuitem', { name: 'ML Exercises: Authoring Guide' })
    .click();
  const guide = page.locator('.jp-MLTutor-Guide');
  await expect(guide.locator('h1').first()).toBeVisible();
  await expect(guide).toContainText('pack.json');
  await expect(guide).toContainText('exercise.json');
});
