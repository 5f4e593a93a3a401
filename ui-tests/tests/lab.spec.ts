/**
 * The foundation: the lab loads cleanly, the extension comes from its prebuilt
 * package, its panel opens, and notebooks run on the real kernel.
 */
import { expect, test } from '../fixtures';
import { newNotebook, runActiveCell, setActiveCellSource } from '../helpers';

test('the lab loads with no error and the extension from its prebuilt package', async ({
  labPage,
  lab
}) => {
  const { page, problems } = labPage;
  // The prebuilt package is what jupyterlab_server lists and serves.
  const remoteEntry = await page.evaluate(() => {
    const config = JSON.parse(
      document.getElementById('jupyter-config-data')!.textContent!
    );
    return config.federated_extensions.find(
      (ext: { name: string }) => ext.name === 'jupyterlab-mltutor'
    );
  });
  expect(remoteEntry?.load).toMatch(/^static\/remoteEntry\.[0-9a-f]+\.js$/);
  const served = await page.request.get(
    `${lab.url}/lab/extensions/jupyterlab-mltutor/${remoteEntry.load}?token=${lab.token}`
  );
  expect(served.ok()).toBe(true);
  expect(
    await page.evaluate(() =>
      window.jupyterapp.isPluginActivated('jupyterlab-mltutor:panel')
    )
  ).toBe(true);
  await expect(page.locator('.jp-Dialog')).toHaveCount(0);
  expect(problems).toEqual([]);
});

test('the exercise panel opens from the left sidebar', async ({ labPage }) => {
  const { page } = labPage;
  await page.locator('.jp-SideBar [data-id="jp-MLTutor-panel"]').click();
  await expect(page.locator('#jp-MLTutor-panel')).toBeVisible();
});

test('a notebook runs pandas on the real kernel', async ({ labPage }) => {
  const { page, problems } = labPage;
  await newNotebook(page);
  await setActiveCellSource(
    page,
    "import pandas as pd; pd.DataFrame({'a': [1, None]}).isna().sum()"
  );
  await runActiveCell(page);
  const output = page.locator('.jp-Notebook .jp-OutputArea-output').first();
  await expect(output).toContainText('a    1');
  await expect(output).toContainText('dtype: int64');
  expect(problems).toEqual([]);
});

test("Plotly figures render from the kernel's MIME bundle", async ({
  labPage
}) => {
  const { page, problems } = labPage;
  await newNotebook(page);
  await setActiveCellSource(
    page,
    "import plotly.express as px\npx.scatter(x=[1, 2, 3], y=[3, 1, 2], title='three points')"
  );
  await runActiveCell(page);
  const plot = page
    .locator('.jp-Notebook .jp-RenderedPlotly.js-plotly-plot')
    .first();
  await expect(plot).toBeVisible();
  await expect(plot.locator('.gtitle')).toHaveText('three points');
  await expect(plot.locator('.scatterlayer .point')).toHaveCount(3);
  expect(problems).toEqual([]);
});
