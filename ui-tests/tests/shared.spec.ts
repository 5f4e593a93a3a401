/**
 * Self-checking notebooks: a notebook shared by someone whose pack is not
 * installed here still checks itself, but its checks (code from whoever
 * shared it) run only once the learner agrees.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IExerciseSpec } from '../../src/catalog/format';
import { expect, test } from '../fixtures';
import { feedbackAt, waitForCurrentPath } from '../panel';
import {
  cellIndexByTag,
  runCell,
  runCellsBefore,
  waitForKernelIdle
} from '../helpers';

const FIXTURE = path.resolve(
  __dirname,
  '..',
  '..',
  'tests',
  'fixtures',
  'packs',
  'valid',
  'basics',
  'sum-list'
);

test("a shared notebook checks itself, and only on the learner's action", async ({
  labPage,
  lab
}) => {
  const { page, home } = labPage;
  const spec: IExerciseSpec = JSON.parse(
    fs.readFileSync(path.join(FIXTURE, 'exercise.json'), 'utf8')
  );
  const notebook = JSON.parse(
    fs.readFileSync(path.join(FIXTURE, 'sum-list.ipynb'), 'utf8')
  );
  // What a learner's copy carries (see src/notebook/embedded.ts), from a pack not installed here.
  notebook.metadata.mltutor = {
    pack: 'a-colleagues-pack',
    exercise: spec.id,
    version: '1',
    checks: {
      title: spec.title,
      topic: spec.topic,
      difficulty: spec.difficulty,
      statement: spec.statement,
      cells: spec.cells.map(cell => ({
        cell: cell.cell,
        checks: cell.checks,
        hints: cell.hints
      }))
    }
  };
  const shared = `${home}/shared/from-a-friend.ipynb`;
  fs.mkdirSync(path.join(lab.root, home, 'shared'));
  fs.writeFileSync(path.join(lab.root, shared), JSON.stringify(notebook));

  // Nothing returned: the widget cannot be serialized out of the page.
  await page.evaluate(async file => {
    await window.jupyterapp.commands.execute('docmanager:open', { path: file });
  }, shared);
  await waitForCurrentPath(page, shared);
  await waitForKernelIdle(page);
  const total = spec.cells[0];
  const index = await cellIndexByTag(page, total.cell);
  const feedback = feedbackAt(page, index);
  await expect(feedback.getByRole('button', { name: 'Check' })).toBeVisible();
  // The notebook carries no solution.
  await expect(
    feedback.getByRole('button', { name: 'Show solution' })
  ).toHaveCount(0);

  // Running the cell does not run the carried checks by itself.
  await runCellsBefore(page, index);
  await runCell(page, index, total.solution);
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  await expect(feedback.locator('.jp-MLTutor-Verdict')).toHaveCount(0);

  // Asking runs them, after consent.
  await feedback.getByRole('button', { name: 'Check' }).click();
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText(
    'Python code that will run in your kernel'
  );
  await dialog.getByRole('button', { name: 'Not now' }).click();
  await expect(feedback.locator('.jp-MLTutor-Verdict')).toHaveCount(0);

  await feedback.getByRole('button', { name: 'Check' }).click();
  await page
    .locator('.jp-Dialog')
    .getByRole('button', { name: 'Run the checks' })
    .click();
  await expect(feedback.locator('.jp-MLTutor-Verdict')).toHaveClass(
    /jp-mod-pass/
  );

  // Once agreed, running the cell checks it again (here with a wrong answer).
  await runCell(page, index, total.wrong_answers[0].code);
  await expect(feedback.locator('.jp-MLTutor-Verdict')).toHaveClass(
    /jp-mod-fail/
  );
});
