/**
 * Issue 9, case 4, in the lab: a check whose interrupt the kernel ignores
 * (learner code that swallows KeyboardInterrupt) does not say "the kernel was
 * interrupted": it says the kernel is still busy and offers a restart, which
 * frees the kernel.
 */
import type { NotebookPanel } from '@jupyterlab/notebook';
import * as path from 'path';
import { oneCellNotebook, writePack } from '../exercise';
import { expect, test } from '../fixtures';
import { cellIndexByTag, runCell, waitForKernelIdle } from '../helpers';
import { feedbackAt, openExercise } from '../panel';

const EXERCISE = {
  schema: 1,
  id: 'stubborn-kernel',
  title: 'Stubborn kernel',
  topic: 'faults',
  difficulty: 'beginner',
  statement: 'A function that never returns.',
  notebook: 'stubborn.ipynb',
  cells: [
    {
      cell: 'answer',
      checks: [
        {
          id: 'value',
          kind: 'value',
          expr: 'stubborn()',
          expected: 1,
          timeout: 2
        }
      ],
      hints: ['a', 'b'],
      solution: 'def stubborn():\n    return 1',
      wrong_answers: [{ code: 'def stubborn():\n    return 0', fails: 'value' }]
    }
  ]
};

const NOTEBOOK = oneCellNotebook('def stubborn():\n    ...');

const STUBBORN = `import time
def stubborn():
    while True:
        try:
            time.sleep(0.05)
        except KeyboardInterrupt:
            pass`;

test.use({
  systemSettings: async ({ lab, home }, use) => {
    writePack(
      path.join(lab.root, home, 'fault-packs', 'stubborn'),
      {
        schema: 1,
        id: 'fault-pack',
        title: 'Faults',
        topics: [{ id: 'faults', title: 'Faults' }]
      },
      EXERCISE,
      NOTEBOOK
    );
    await use({
      'jupyterlab-mltutor:catalog': {
        systemPackFolders: [`${home}/fault-packs/stubborn`]
      },
      // Checked on the learner's press only: a check on execute would start
      // the endless call as the cell ends, before the test sees the kernel idle.
      'jupyterlab-mltutor:notebook': { checkOnExecute: false }
    });
  }
});

test('a check whose interrupt the kernel ignores says it is still busy and offers a restart', async ({
  labPage
}) => {
  const { page, exerciseFolder } = labPage;
  await openExercise(page, EXERCISE, 'Stubborn', exerciseFolder);
  const index = await cellIndexByTag(page, 'answer');
  await runCell(page, index, STUBBORN);
  const feedback = feedbackAt(page, index);
  await feedback.getByRole('button', { name: 'Check' }).click();
  const verdict = feedback.locator('.jp-MLTutor-Verdict');
  await expect(verdict).toContainText('still busy', { timeout: 60_000 });
  await expect(verdict).not.toContainText('so the kernel was interrupted');
  const restart = feedback.getByRole('button', {
    name: 'Restart the kernel'
  });
  await expect(restart).toBeVisible();
  await restart.click();
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const context = (
            window.jupyterapp.shell.currentWidget as NotebookPanel
          ).sessionContext;
          return !context.isRestarting && context.session?.kernel?.status;
        }),
      { timeout: 90_000 }
    )
    .toBe('idle');
  // The restart frees the kernel: it answers again.
  await waitForKernelIdle(page);
  await runCell(page, index, 'def stubborn():\n    return 1');
  await feedback.getByRole('button', { name: 'Check' }).click();
  await expect(verdict).toHaveClass(/jp-mod-pass/, { timeout: 60_000 });
});
