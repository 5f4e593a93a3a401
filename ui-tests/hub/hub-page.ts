/**
 * A learner (or instructor) in the browser: logs in through the hub's login page and
 * waits for their lab behind /user/<name>/.
 */
import { Browser, BrowserContext, expect, Page } from '@playwright/test';
import { IHub } from './hub-server';

export interface IPerson {
  name: string;
  context: BrowserContext;
  page: Page;
}

/** Logs `name` in with the class password, in a browser context of their own. */
export async function logIn(
  browser: Browser,
  hub: IHub,
  name: string
): Promise<IPerson> {
  const context = await browser.newContext();
  const page = await context.newPage();
  // To the hub's home: nobody's server starts before their lab is opened.
  await page.goto(
    `${hub.url}/hub/login?next=${encodeURIComponent('/hub/home')}`
  );
  await page.locator('#username_input').fill(name);
  await page.locator('#password_input').fill(hub.password);
  await page.locator('#login_submit').click();
  await page.waitForURL(/\/(hub\/home|hub\/spawn|user\/)/);
  return { name, context, page };
}

/** Opens the learner's lab (spawning their server if needed) and waits until it is restored. */
export async function openHubLab(person: IPerson, hub: IHub): Promise<void> {
  const { page, name } = person;
  await page.goto(`${hub.url}/hub/spawn/${name}`);
  await page.waitForURL(new RegExp(`/user/${name}/lab`), { timeout: 120_000 });
  await page.waitForSelector('#jp-main-dock-panel', { timeout: 60_000 });
  await page.waitForFunction(() => window.jupyterapp !== undefined);
  await page.evaluate(() => window.jupyterapp.restored);
}

/** A GET of the learner's own server, with their browser session (cookies, XSRF). */
export async function serverGet(
  person: IPerson,
  hub: IHub,
  path: string
): Promise<{ status: number; body: string }> {
  const response = await person.page.request.get(
    `${hub.url}/user/${person.name}/${path}`
  );
  return { status: response.status(), body: await response.text() };
}

/** Stops the person's server from the hub's home page (Stop My Server). */
export async function stopServerFromHub(
  person: IPerson,
  hub: IHub
): Promise<void> {
  const { page } = person;
  await page.goto(`${hub.url}/hub/home`);
  // The button's handler is bound once the page's scripts have loaded.
  await page.waitForLoadState('networkidle');
  const stop = page.locator('#stop');
  await stop.click();
  await expect(stop).toBeHidden({ timeout: 60_000 });
  await expect(page.locator('#start')).toBeVisible();
}
