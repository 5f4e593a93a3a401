/**
 * A class policy the learner cannot undo, on a real hub: the admin's file switches
 * solutions off and limits hints; the learner edits their own settings to get them
 * back (allowSolutions: true, systemPackFolders: []) and still gets neither, nor loses
 * the course's pack; exam mode switches hints off too. The learner's lab cannot write
 * the policy file.
 */
import { expect, test } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { readExercise } from '../exercise';
import { cellIndexByTag, runCell, runCellsBefore } from '../helpers';
import {
  feedbackAt,
  openExercise,
  openPanel,
  waitForCurrentPath
} from '../panel';
import { IPerson, logIn, openHubLab } from './hub-page';
import { IHub, REPO, startHub } from './hub-server';

const exercise = readExercise('data/missing-data');
const other = readExercise('data/normalize-numpy');
const [countCell] = exercise.cells;
const COURSE_PACK = path.join(REPO, 'tests', 'fixtures', 'packs', 'valid');
/** An exercise only the course's pack has. */
const COURSE_EXERCISE = JSON.parse(
  fs.readFileSync(
    path.join(COURSE_PACK, 'basics', 'sum-list', 'exercise.json'),
    'utf8'
  )
).title;

let hub: IHub;

/** The `metadata.mltutor` of a learner's copy, read from their home. */
function carried(
  learner: string,
  id: string
): { exercise: string; checks?: unknown } {
  const file = path.join(hub.home(learner), 'ml-exercises', id, `${id}.ipynb`);
  return JSON.parse(fs.readFileSync(file, 'utf8')).metadata.mltutor;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  hub = await startHub({
    policy: {
      solutions: false,
      hints: 1,
      packFolders: ['course'],
      message: 'Practice quiz: try before you ask.'
    }
  });
  // The course's pack, in the learner's home where the policy names it.
  fs.cpSync(COURSE_PACK, path.join(hub.home('carol'), 'course'), {
    recursive: true
  });
});

test.afterAll(async () => {
  await hub?.stop();
});

/** Saves the learner's own settings through the lab's settings API, as the editor does. */
async function saveOwnSettings(person: IPerson, id: string, raw: string) {
  await person.page.evaluate(
    async ([plugin, text]) => {
      await window.jupyterapp.serviceManager.settings.save(plugin, text);
    },
    [id, raw]
  );
}

async function failFirstCell(person: IPerson) {
  const { page } = person;
  await openExercise(page, exercise, 'missing');
  const index = await cellIndexByTag(page, countCell.cell);
  await runCellsBefore(page, index);
  await runCell(page, index, countCell.wrong_answers[0].code);
  const feedback = feedbackAt(page, index);
  await expect(feedback.locator('.jp-MLTutor-Verdict')).toHaveClass(
    /jp-mod-fail/
  );
  return feedback;
}

test('solutions off and one hint hold against the learner editing their own settings', async ({
  browser
}) => {
  expect(countCell.hints.length).toBeGreaterThan(1);
  const carol = await logIn(browser, hub, 'carol');
  await openHubLab(carol, hub);
  const { page } = carol;

  // The learner tries to undo the policy in their own settings.
  await saveOwnSettings(
    carol,
    'jupyterlab-mltutor:notebook',
    '{"allowSolutions": true}'
  );
  await saveOwnSettings(
    carol,
    'jupyterlab-mltutor:catalog',
    '{"systemPackFolders": [], "packFolders": []}'
  );
  await page.reload();
  await openHubLab(carol, hub);

  // Told, in the status bar (focusable, with the full sentence).
  const status = page.locator('.jp-MLTutor-ClassPolicy');
  await expect(status).toHaveText('Class: no solutions');
  await expect(status).toHaveAttribute(
    'title',
    /Solutions are switched off for this class\.[\s\S]*first hint[\s\S]*Practice quiz/
  );

  // The course's pack is still there (the panel draws only the rows in view: search for it).
  const panel = await openPanel(page);
  await panel.getByRole('searchbox').fill(COURSE_EXERCISE);
  await expect(panel).toContainText(COURSE_EXERCISE);
  await panel.getByRole('searchbox').fill('');

  // One hint, then no more; no solution button.
  const feedback = await failFirstCell(carol);
  await feedback.getByRole('button', { name: 'Show hint 1 of 1' }).click();
  await expect(feedback.locator('.jp-MLTutor-Hint')).toHaveCount(1);
  await expect(feedback.getByRole('button', { name: /Show hint/ })).toHaveCount(
    0
  );
  await expect(
    feedback.getByRole('button', { name: 'Show solution' })
  ).toHaveCount(0);
  // The solution's text is nowhere in the page's catalog.
  const solutionInPage = await page.evaluate(
    solution => document.documentElement.innerHTML.includes(solution),
    countCell.solution.trim()
  );
  expect(solutionInPage).toBe(false);

  // The lab cannot reach the policy file (it lives outside the learner's home).
  const write = await page.evaluate(async () => {
    try {
      await window.jupyterapp.serviceManager.contents.save('../policy.json', {
        type: 'file',
        format: 'text',
        content: '{"solutions": true}'
      });
      return 'written';
    } catch (error) {
      return String(error);
    }
  });
  expect(write).not.toBe('written');
  expect(JSON.parse(fs.readFileSync(hub.policyFile, 'utf8')).solutions).toBe(
    false
  );

  // Exam mode, switched on by the admin during class: no hints at all after a reload.
  fs.writeFileSync(hub.policyFile, JSON.stringify({ exam: true }));
  await page.reload();
  await openHubLab(carol, hub);
  await expect(status).toHaveText('Exam mode');
  const examFeedback = await failFirstCell(carol);
  await expect(
    examFeedback.getByRole('button', { name: /Show hint|Show solution/ })
  ).toHaveCount(0);
  // Outside exam mode the copy carried its checks; an exam copy carries none.
  expect(carried('carol', exercise.id).checks).toBeDefined();
  await openExercise(page, other, 'normali');
  await waitForCurrentPath(page, `ml-exercises/${other.id}/${other.id}.ipynb`);
  const exam = carried('carol', other.id);
  expect(exam.exercise).toBe(other.id);
  expect(exam.checks).toBeUndefined();
  const text = fs.readFileSync(
    path.join(hub.home('carol'), 'ml-exercises', other.id, `${other.id}.ipynb`),
    'utf8'
  );
  for (const check of other.cells.flatMap(cell => cell.checks)) {
    expect(text).not.toContain(`"${check.id}"`);
  }
  await carol.context.close();
});
