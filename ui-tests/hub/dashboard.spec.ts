/**
 * The live class dashboard on a real hub: only instructors (the custom scope, granted
 * by a role to the instructors group) see it, learners get 403; a learner's check
 * shows on the instructor's page without a reload, with the check the class fails and
 * its message; CSV export; events wait in the learner's outbox while the service is
 * stopped and arrive once it is back (a restart included), counted once.
 */
import { expect, Page, test } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { plainText, readExercise } from '../exercise';
import { cellIndexByTag, runCell, runCellsBefore } from '../helpers';
import { feedbackAt, openExercise } from '../panel';
import { IPerson, logIn, openHubLab } from './hub-page';
import { IHub, startHub } from './hub-server';

const exercise = readExercise('data/missing-data');
const [countCell] = exercise.cells;
const wrong = countCell.wrong_answers[0];
const failing = countCell.checks.find(check => check.id === wrong.fails)!;
const SERVICE = '/services/mltutor-class/';

let hub: IHub;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  hub = await startHub();
});

test.afterAll(async () => {
  await hub?.stop();
});

function servicePid(): number {
  return Number(
    fs.readFileSync(path.join(hub.dir, 'service', 'service.pid'), 'utf8')
  );
}

function outboxLines(learner: string): number {
  const file = path.join(hub.home(learner), '.mltutor', 'outbox.jsonl');
  return fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length
    : 0;
}

async function openDashboard(person: IPerson): Promise<Page> {
  await person.page.goto(`${hub.url}${SERVICE}`);
  return person.page;
}

async function checkWrongAnswer(learner: IPerson): Promise<number> {
  const { page } = learner;
  const index = await cellIndexByTag(page, countCell.cell);
  await runCell(page, index, wrong.code);
  await expect(
    feedbackAt(page, index).locator('.jp-MLTutor-Verdict')
  ).toHaveClass(/jp-mod-fail/);
  return Date.now();
}

test('instructors see the class live; learners get 403; the outbox survives a stopped service', async ({
  browser
}) => {
  // The hub restarts the killed service and the outbox retries with a backoff
  // of up to 30 s: on a busy machine the replay can take a few minutes.
  test.setTimeout(360_000);
  const teacher = await logIn(browser, hub, 'teacher');
  const dave = await logIn(browser, hub, 'dave');

  // A learner is refused by the service (signed in, but without the class scope).
  const refused = await dave.page.goto(`${hub.url}${SERVICE}`);
  expect(refused?.status()).toBe(403);
  const data = await dave.page.request.get(`${hub.url}${SERVICE}api/class`);
  expect(data.status()).toBe(403);
  // Events need a hub token: a name in the body proves nothing.
  const forged = await dave.page.request.post(
    `${hub.url}${SERVICE}api/events`,
    { data: { events: [{ id: 'ev-forged-000001', learner: 'alice' }] } }
  );
  expect(forged.status()).toBe(401);

  // The instructor's page: JupyterHub's look, the self-reported warning.
  const board = await openDashboard(teacher);
  await expect(board.locator('h1')).toHaveText('Class dashboard');
  await expect(board.locator('#jupyterhub-logo')).toBeVisible();
  await expect(board.locator('#mltutor-self-reported')).toContainText(
    'self-reported'
  );

  // Dave fails a check; the instructor's page shows it without a reload.
  await openHubLab(dave, hub);
  await openExercise(dave.page, exercise, 'missing');
  await runCellsBefore(
    dave.page,
    await cellIndexByTag(dave.page, countCell.cell)
  );
  const checkedAt = await checkWrongAnswer(dave);
  const row = board.locator('#mltutor-table tr[data-learner="dave"]');
  await expect(row).toContainText('In progress', { timeout: 60_000 });
  const latencyMs = Date.now() - checkedAt;
  test.info().annotations.push({
    type: 'dashboard latency (ms, check verdict to instructor page)',
    description: String(latencyMs)
  });
  console.log(`dashboard latency: ${latencyMs} ms`);
  await expect(row).toContainText('1 attempt(s)');
  const summary = board.locator('.mltutor-exercise', {
    hasText: exercise.title
  });
  await expect(summary.locator('.mltutor-failed')).toContainText(failing.id);
  if (failing.message) {
    await expect(summary.locator('.mltutor-failed')).toContainText(
      plainText(failing.message).slice(0, 30)
    );
  }
  await expect(summary.locator('.mltutor-passes')).toContainText(
    '0 of 1 learner(s) passed'
  );

  // Keyboard: the export and the table are reachable with Tab.
  await board.locator('body').focus();
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await board.keyboard.press('Tab');
    reached = await board.evaluate(
      () => document.activeElement?.id === 'mltutor-csv'
    );
  }
  expect(reached).toBe(true);
  const csv = await teacher.page.request.get(`${hub.url}${SERVICE}class.csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toMatch(/^dave,ml-interview,missing-data,/m);

  // The service stops: Dave's next checks wait in the outbox in his home...
  const pid = servicePid();
  process.kill(pid, 'SIGSTOP');
  try {
    await checkWrongAnswer(dave);
    await checkWrongAnswer(dave);
    await expect.poll(() => outboxLines('dave')).toBeGreaterThanOrEqual(2);
  } finally {
    // ...it dies while stopped; the hub starts it again; the outbox replays.
    process.kill(pid, 'SIGKILL');
  }
  try {
    await expect(row).toContainText('3 attempt(s)', { timeout: 180_000 });
  } catch (error) {
    // What the hub, the service and Dave's server said decides where it stuck.
    console.log(hub.log().split('\n').slice(-120).join('\n'));
    throw error;
  }
  await expect.poll(() => outboxLines('dave'), { timeout: 60_000 }).toBe(0);
  expect(servicePid()).not.toBe(pid);
  // Counted once: the replay did not add attempts or failures twice.
  const view = await (
    await teacher.page.request.get(`${hub.url}${SERVICE}api/class`)
  ).json();
  expect(view.grid.dave['ml-interview/missing-data'].attempts).toBe(3);
  const failed = view.exercises[0].mostFailed.find(
    (f: { check: string }) => f.check === failing.id
  );
  expect(failed.count).toBe(3);

  await teacher.context.close();
  await dave.context.close();
});
