/**
 * Playwright fixtures: `lab` is a real lab (one per worker, temporary root);
 * `labPage` is a page with JupyterLab loaded and its errors recorded. A test
 * fails when the page logged an error it did not expect (`expectProblem`).
 */
import { test as base, expect, Page } from '@playwright/test';
import { ILabServer, startLab } from './lab-server';

export interface ILabPage {
  page: Page;
  /** Page errors, console errors and failed requests seen so far. */
  problems: string[];
  /** Declares a problem the test provokes on purpose, so that it does not fail the test. */
  expectProblem(pattern: RegExp): void;
}

/** Opens JupyterLab and waits until the application is restored. */
export async function openLab(page: Page, lab: ILabServer): Promise<void> {
  await page.goto(`${lab.url}/lab?token=${lab.token}&reset`);
  await page.waitForSelector('#jp-main-dock-panel');
  await page.waitForFunction(() => {
    const app = (
      window as unknown as { jupyterapp?: { restored: Promise<void> } }
    ).jupyterapp;
    return app !== undefined;
  });
  await page.evaluate(
    () =>
      (window as unknown as { jupyterapp: { restored: Promise<void> } })
        .jupyterapp.restored
  );
}

export const test = base.extend<{ labPage: ILabPage }, { lab: ILabServer }>({
  lab: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const lab = await startLab();
      await use(lab);
      await lab.stop();
    },
    { scope: 'worker' }
  ],
  labPage: async ({ page, lab }, use) => {
    const problems: string[] = [];
    page.on('pageerror', error =>
      problems.push(`page error: ${error.message}`)
    );
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
    const expected: RegExp[] = [];
    await openLab(page, lab);
    await use({
      page,
      problems,
      expectProblem: pattern => expected.push(pattern)
    });
    const unexpected = problems.filter(
      problem => !expected.some(pattern => pattern.test(problem))
    );
    expect(unexpected, 'errors in the page during the test').toEqual([]);
  }
});

export { expect };
