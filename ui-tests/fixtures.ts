/**
 * Playwright fixtures: `lab` is a real lab (one per worker, temporary root);
 * `labPage` is a page with JupyterLab loaded and its errors recorded. Each test
 * has its own folder in the lab's root (`home`) and its own exercise folder in
 * it, so no test sees what another one did. A test fails when the page logged
 * an error it did not expect (`expectProblem`).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  test as base,
  BrowserContext,
  expect,
  Page,
  TestInfo
} from '@playwright/test';
import { ILabServer, startLab } from './lab-server';

/** Settings as overrides.json holds them: plugin id -> setting -> value. */
export type SystemSettings = Record<string, Record<string, unknown>>;

/** The problems a page showed: page errors, console errors, failed requests. */
export interface IProblemWatch {
  /** Everything seen so far. */
  problems: string[];
  /** Declares a problem the test provokes on purpose, so that it does not fail the test. */
  expectProblem(pattern: RegExp): void;
  /** The problems seen so far that were not declared. */
  unexpected(): string[];
}

export interface ILabPage extends IProblemWatch {
  page: Page;
  /** This test's own folder, relative to the lab's root: no other test uses it. */
  home: string;
  /** This test's exercise folder (its notebooks and progress.json), in `home`. */
  exerciseFolder: string;
}

interface ITestFixtures {
  labPage: ILabPage;
  /** This test's own folder (relative to the lab's root), created empty. */
  home: string;
  /**
   * What an administrator would set in overrides.json for this test. Override
   * it with `test.use`, as a value or as a fixture that first writes the files
   * the settings name (e.g. packs in `home`).
   */
  systemSettings: SystemSettings;
}

const NOTEBOOK_PLUGIN = 'jupyterlab-mltutor:notebook';

/**
 * What every test's lab has under its own settings: editors' cursors do not
 * blink. A blinking cursor is an endless CSS animation: with a notebook open,
 * Chromium drew frames all the time, about a tenth of a core for nothing.
 */
const LAB_BASE: SystemSettings = {
  '@jupyterlab/codemirror-extension:plugin': {
    defaultConfig: { cursorBlinkRate: 0 }
  }
};

/** Writes `settings` (over LAB_BASE) as the lab's overrides.json (system-wide settings). */
export function writeSystemSettings(
  lab: ILabServer,
  settings: SystemSettings
): void {
  fs.writeFileSync(
    path.join(lab.appSettings, 'overrides.json'),
    JSON.stringify({ ...LAB_BASE, ...settings })
  );
}

/** `settings` with the exercise folder set to `folder`. */
export function withExerciseFolder(
  settings: SystemSettings,
  folder: string
): SystemSettings {
  return {
    ...settings,
    [NOTEBOOK_PLUGIN]: { ...settings[NOTEBOOK_PLUGIN], exerciseFolder: folder }
  };
}

/**
 * Debian's jupyter_server (1.23) answers GET /api/kernels with a 500 while a
 * kernel is starting: kernel_model() reads last_activity before start_kernel()
 * has set it. The lab polls that list, so any test that starts a kernel can
 * meet it. Each such traceback excuses its own 500 and console line, no other.
 */
function withoutKernelListRace(problems: string[]): string[] {
  const races = problems.filter(problem =>
    problem.includes("object has no attribute 'last_activity'")
  ).length;
  let requests = races;
  let lines = races;
  return problems.filter(problem => {
    if (problem.includes("object has no attribute 'last_activity'")) {
      return false;
    }
    if (requests > 0 && /^HTTP 500 \S+\/api\/kernels\?/.test(problem)) {
      requests--;
      return false;
    }
    if (
      lines > 0 &&
      problem ===
        'console error: Failed to load resource: the server responded with a status of 500 (Internal Server Error)'
    ) {
      lines--;
      return false;
    }
    return true;
  });
}

/** Records `page`'s errors from now on. */
export function watchProblems(page: Page): IProblemWatch {
  const problems: string[] = [];
  const expected: RegExp[] = [];
  page.on('pageerror', error => problems.push(`page error: ${error.message}`));
  page.on('console', message => {
    if (message.type() === 'error') {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('response', response => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()} ${response.url()}`);
    }
  });
  return {
    problems,
    expectProblem: pattern => expected.push(pattern),
    unexpected: () =>
      withoutKernelListRace(problems).filter(
        problem => !expected.some(pattern => pattern.test(problem))
      )
  };
}

/** Opens JupyterLab and waits until the application is restored. */
export async function openLab(page: Page, lab: ILabServer): Promise<void> {
  await page.goto(`${lab.url}/lab?token=${lab.token}&reset`);
  await page.waitForSelector('#jp-main-dock-panel');
  await page.waitForFunction(() => window.jupyterapp !== undefined);
  await page.evaluate(() => window.jupyterapp.restored);
}

/** Shuts down the kernels of the lab's sessions, so the next test starts without them. */
async function endSessions(lab: ILabServer): Promise<void> {
  const headers = { Authorization: `token ${lab.token}` };
  const response = await fetch(`${lab.url}/api/sessions`, { headers });
  const sessions = (await response.json()) as Array<{ id: string }>;
  await Promise.all(
    sessions.map(session =>
      fetch(`${lab.url}/api/sessions/${session.id}`, {
        method: 'DELETE',
        headers
      })
    )
  );
}

/** Clears what the lab's origin stored in the browser during a test. */
async function forget(page: Page, lab: ILabServer): Promise<void> {
  if (!page.url().startsWith(lab.url)) {
    await page.goto(`${lab.url}/api`).catch(() => undefined);
  }
  await page
    .evaluate(() => {
      window.localStorage.clear();
      window.sessionStorage.clear();
    })
    .catch(() => undefined);
}

let tests = 0;

/** The worker's page: kept from test to test, replaced when a test broke it. */
interface IPageSlot {
  page: Page | null;
}

/** The page events tests listen to (watchProblems): their listeners go with the test. */
const TEST_EVENTS = ['console', 'pageerror', 'response', 'dialog'] as const;

/**
 * Readies the worker's page for the next test: the test's listeners removed,
 * what the lab's origin stored forgotten, the viewport as configured, the
 * lab's document unloaded. False when the page cannot be reused (the test
 * failed, or the page would not leave the lab).
 */
async function recycle(
  page: Page,
  lab: ILabServer,
  testInfo: TestInfo
): Promise<boolean> {
  for (const event of TEST_EVENTS) {
    page.removeAllListeners(event);
  }
  await forget(page, lab);
  if (page.isClosed() || testInfo.status !== testInfo.expectedStatus) {
    return false;
  }
  const viewport = testInfo.project.use.viewport;
  if (viewport) {
    await page.setViewportSize(viewport);
  }
  return page
    .goto('about:blank', { timeout: 10_000 })
    .then(() => true)
    .catch(() => false);
}

interface IWorkerFixtures {
  lab: ILabServer;
  /**
   * One browser context per worker, kept across its tests: the lab's scripts
   * stay in its cache, compiled. A fresh context per test had Chromium parse
   * and compile all of JupyterLab at every page load, most of the suite's CPU.
   * What the context keeps (cookies, local and session storage) is cleared
   * after each test (`page` below).
   */
  sharedContext: BrowserContext;
  /**
   * One page per worker too, each test loading the lab anew in it: a new page
   * is a new renderer process, which compiled all of JupyterLab again (about
   * 6.5 s of CPU per test, against 3 s in a page the lab was loaded in before).
   */
  pageSlot: IPageSlot;
}

export const test = base.extend<ITestFixtures, IWorkerFixtures>({
  sharedContext: [
    async ({ browser }, use, workerInfo) => {
      const context = await browser.newContext({
        viewport: workerInfo.project.use.viewport
      });
      await use(context);
      await context.close();
    },
    { scope: 'worker' }
  ],
  // The page closes with the context; a page a test closed is not reused (`recycle`).
  // eslint-disable-next-line no-empty-pattern
  pageSlot: [async ({}, use) => use({ page: null }), { scope: 'worker' }],
  page: async ({ sharedContext, pageSlot, lab }, use, testInfo) => {
    const page = pageSlot.page ?? (await sharedContext.newPage());
    pageSlot.page = page;
    await use(page);
    const reusable = await recycle(page, lab, testInfo);
    await sharedContext.clearCookies();
    if (!reusable) {
      pageSlot.page = null;
      await page.close().catch(() => undefined);
    }
  },
  lab: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const lab = await startLab();
      await use(lab);
      await lab.stop();
    },
    { scope: 'worker' }
  ],
  home: async ({ lab }, use, testInfo) => {
    const slug = testInfo.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, 32)
      .replace(/^-|-$/g, '');
    const home = `t${++tests}-${slug}`;
    fs.mkdirSync(path.join(lab.root, home));
    await use(home);
  },
  systemSettings: [{}, { option: true }],
  labPage: async ({ page, lab, home, systemSettings }, use) => {
    const exerciseFolder = `${home}/ml-exercises`;
    writeSystemSettings(
      lab,
      withExerciseFolder(systemSettings, exerciseFolder)
    );
    const watch = watchProblems(page);
    await openLab(page, lab);
    await use({ ...watch, page, home, exerciseFolder });
    // Read before the kernels go: their shutdown is not the test's doing.
    const unexpected = watch.unexpected();
    await endSessions(lab);
    writeSystemSettings(lab, {});
    expect(unexpected, 'errors in the page during the test').toEqual([]);
  }
});

export { expect };
