/**
 * Grading the class from the dashboard, on a real hub: Erin solves an exercise in her
 * lab (a live pass); Finn's notebook is wrong, but he posts a self-reported pass
 * through his own lab's event path; a learner cannot start a run (403); the
 * instructor presses "Grade current notebooks", a second press says a run is going,
 * and when it is done the dashboard shows graded points for both beside the live
 * status, and marks Finn's live pass as not confirmed.
 */
import { expect, test } from '@playwright/test';
import type { ICheckedCell } from '../../src/catalog/format';
import { readExercise } from '../exercise';
import { cellIndexByTag, runCell, saveCurrent } from '../helpers';
import { feedbackAt, openExercise } from '../panel';
import { IPerson, logIn, openHubLab } from './hub-page';
import { IHub, startHub } from './hub-server';

const exercise = readExercise('data/missing-data');
const KEY = `ml-interview/${exercise.id}`;
const SERVICE = '/services/mltutor-class/';

let hub: IHub;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  hub = await startHub();
});

test.afterAll(async () => {
  await hub?.stop();
});

/** Runs every checked cell with `answer(cell)` and waits for each verdict. */
async function answerAll(
  person: IPerson,
  answer: (cell: ICheckedCell) => string,
  verdict: RegExp
): Promise<void> {
  const { page } = person;
  await openExercise(page, exercise, 'missing');
  const types = await page.evaluate(() =>
    (
      window as unknown as {
        jupyterapp: {
          shell: {
            currentWidget: {
              content: { widgets: { model: { type: string } }[] };
            };
          };
        };
      }
    ).jupyterapp.shell.currentWidget.content.widgets.map(c => c.model.type)
  );
  let done = 0;
  for (const cell of exercise.cells) {
    const index = await cellIndexByTag(page, cell.cell);
    for (let i = done; i < index; i++) {
      if (types[i] === 'code') {
        await runCell(page, i);
      }
    }
    await runCell(page, index, answer(cell));
    await expect(
      feedbackAt(page, index).locator('.jp-MLTutor-Verdict')
    ).toHaveClass(verdict);
    done = index + 1;
  }
  await saveCurrent(page);
}

/** What a learner can always do: post "passed" through their own lab's event path. */
async function forgePass(person: IPerson): Promise<number> {
  const event = {
    id: `forged-${Date.now()}`,
    kind: 'check',
    pack: 'ml-interview',
    exercise: exercise.id,
    title: exercise.title,
    cell: exercise.cells[exercise.cells.length - 1].cell,
    verdict: 'pass',
    attempts: 9,
    passed: true,
    exerciseStatus: 'passed',
    checks: [],
    time: new Date().toISOString()
  };
  return person.page.evaluate(
    async ({ url, body }) => {
      const xsrf = /(?:^|; )_xsrf=([^;]*)/.exec(document.cookie)?.[1] ?? '';
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-XSRFToken': decodeURIComponent(xsrf)
        },
        body
      });
      return response.status;
    },
    {
      url: `/user/${person.name}/mltutor/api/events`,
      body: JSON.stringify({ events: [event] })
    }
  );
}

test('the instructor grades the class from the dashboard; a forged live pass is marked', async ({
  browser
}) => {
  test.setTimeout(480_000);
  const teacher = await logIn(browser, hub, 'teacher');
  const erin = await logIn(browser, hub, 'erin');
  const finn = await logIn(browser, hub, 'finn');
  await Promise.all([openHubLab(erin, hub), openHubLab(finn, hub)]);

  // Erin solves it: a live pass. Finn answers wrong, then forges a pass.
  await answerAll(erin, cell => cell.solution, /jp-mod-pass/);
  const first = exercise.cells[0];
  await answerAll(
    finn,
    cell => (cell === first ? cell.wrong_answers[0].code : cell.solution),
    /jp-mod-(pass|fail)/
  );
  expect(await forgePass(finn)).toBe(200);

  const board = teacher.page;
  await board.goto(`${hub.url}${SERVICE}`);
  const cellOf = (learner: string) =>
    board.locator(
      `#mltutor-table tr[data-learner="${learner}"] td[data-exercise="${KEY}"]`
    );
  // Both show "Passed" live, labelled as self-reported.
  for (const learner of ['erin', 'finn']) {
    await expect(cellOf(learner).locator('.mltutor-status')).toHaveText(
      'Live (self-reported): Passed',
      { timeout: 90_000 }
    );
  }

  // A learner cannot start a run, even from the dashboard's own headers.
  const refused = await finn.page.request.post(
    `${hub.url}${SERVICE}api/grade`,
    {
      headers: { 'X-MLTutor-Dashboard': '1' },
      data: { exercise: '' }
    }
  );
  expect(refused.status()).toBe(403);

  // The instructor grades this exercise; a second press says a run is going.
  const state = board.locator('#mltutor-grade-state');
  await expect(state).toHaveText('No grading run yet.');
  await board.locator('#mltutor-grade-scope').selectOption(KEY);
  const started = Date.now();
  const press = async (status: number): Promise<void> => {
    const answer = board.waitForResponse(
      r => r.url().endsWith('/api/grade') && r.request().method() === 'POST'
    );
    await board.locator('#mltutor-grade').click();
    expect((await answer).status()).toBe(status);
  };
  await press(202);
  await press(409);
  await expect(state).toContainText(
    'A grading run is already going (started by teacher'
  );
  await expect(state).toContainText(/Grading .* (queued|graded)/);
  await expect(board.locator('#mltutor-grading')).toHaveAttribute(
    'data-state',
    'done',
    { timeout: 360_000 }
  );
  const seconds = (Date.now() - started) / 1000;
  test.info().annotations.push({
    type: 'grading run from the dashboard (s, 2 learners, -j 2)',
    description: seconds.toFixed(1)
  });
  console.log(`grading run, 2 learners: ${seconds.toFixed(1)} s`);
  await expect(state).toContainText('2 notebook(s)');

  // Verified points beside the live status, with the time of the run.
  const erinGraded = cellOf('erin').locator('.mltutor-verified');
  await expect(erinGraded).toContainText(
    /Graded: (\d+)\/\1 points, passed, graded /
  );
  await expect(cellOf('erin').locator('.mltutor-mismatch')).toHaveCount(0);
  const finnGraded = cellOf('finn').locator('.mltutor-verified');
  await expect(finnGraded).toContainText(/Graded: \d+\/\d+ points, not passed/);
  const failed = `${first.cell}/${first.wrong_answers[0].fails}`;
  await expect(finnGraded.locator('.mltutor-reasons')).toContainText(
    'Checks not passed: '
  );
  await expect(finnGraded.locator('.mltutor-reasons')).toContainText(failed);
  // Finn's live pass is marked, with its explanation.
  const mark = cellOf('finn').locator('.mltutor-mismatch');
  await expect(mark).toBeVisible();
  await expect(mark).toHaveText('⚠ Live pass not confirmed');
  await expect(mark).toHaveAttribute('title', /self-reported/);
  await expect(cellOf('finn')).toHaveClass(/mltutor-disagrees/);
  await expect(cellOf('finn').locator('.mltutor-status')).toHaveText(
    'Live (self-reported): Passed'
  );
  await expect(
    board.locator('.mltutor-exercise .mltutor-verified-summary')
  ).toHaveText(
    'Graded: 1 of 2 verified pass(es); 1 live pass(es) not confirmed.'
  );
  await expect(board.locator('.mltutor-legend')).toContainText(
    'Live pass not confirmed'
  );

  await board.screenshot({
    path: test.info().outputPath('dashboard-graded.png'),
    fullPage: true
  });

  await teacher.context.close();
  await erin.context.close();
  await finn.context.close();
});
