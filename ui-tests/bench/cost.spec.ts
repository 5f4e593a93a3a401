/**
 * The extension's cost to JupyterLab (issue 15 item 5), in the real lab in
 * Chromium: what start-up loads, plugin activation from performance marks,
 * the panel's render with 500 exercises, and memory and listeners after
 * opening and closing 20 exercise notebooks.
 */
import { Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { expect, openLab, test } from '../fixtures';
import { waitForKernelIdle } from '../helpers';
import { openExercise, openPanel, waitForCurrentPath } from '../panel';
import { record, usePackFolders, writeManyPack } from './packs';
import type { CurrentNotebook, IBenchWindow } from './page-types';

const RELOADS = Number(process.env.MLTUTOR_BENCH_RELOADS ?? 10);
const RENDERS = Number(process.env.MLTUTOR_BENCH_RENDERS ?? 10);
const NOTEBOOKS = Number(process.env.MLTUTOR_BENCH_NOTEBOOKS ?? 20);
const STATIC = '/lab/extensions/jupyterlab-mltutor/static/';

test.describe.configure({ mode: 'serial' });

/** Sums of the synchronous and the total activation measures of the mltutor plugins. */
function activation(
  page: Page
): Promise<{ sync: number; total: number; span: number }> {
  return page.evaluate(() => {
    const measures = performance
      .getEntriesByType('measure')
      .filter(entry => entry.name.startsWith('mltutor:activate'));
    const sum = (prefix: string) =>
      measures
        .filter(entry => entry.name.startsWith(prefix))
        .reduce((total, entry) => total + entry.duration, 0);
    const totals = measures.filter(e => e.name.startsWith('mltutor:activate:'));
    const start = Math.min(...totals.map(e => e.startTime));
    const end = Math.max(...totals.map(e => e.startTime + e.duration));
    return {
      sync: sum('mltutor:activate-sync:'),
      total: sum('mltutor:activate:'),
      span: end - start
    };
  });
}

test('start-up: the chunks loaded and plugin activation', async ({
  page,
  lab
}) => {
  const loaded: { file: string; bytes: number; gzip: number }[] = [];
  page.on('response', async response => {
    const url = new URL(response.url());
    if (url.pathname.includes(STATIC) && url.pathname.endsWith('.js')) {
      const body = await response.body().catch(() => null);
      if (body) {
        loaded.push({
          file: path.basename(url.pathname),
          bytes: body.length,
          gzip: zlib.gzipSync(body, { level: 9 }).length
        });
      }
    }
  });
  await openLab(page, lab);
  // Start-up ends when the catalog has loaded (the status bar counts its
  // exercises) and the network is idle; later fetches are not start-up.
  await expect(page.locator('.jp-MLTutor-ProgressStatus-label')).toHaveText(
    /\/ [1-9]\d* solved/
  );
  await page.waitForLoadState('networkidle');
  const startup = [...loaded];
  const sync: number[] = [];
  const total: number[] = [];
  const span: number[] = [];
  for (let i = 0; i < RELOADS; i++) {
    if (i > 0) {
      await openLab(page, lab);
    }
    const a = await activation(page);
    expect(a.total).toBeGreaterThan(0);
    sync.push(a.sync);
    total.push(a.total);
    span.push(a.span);
  }
  record({ startup: { chunks: startup, activation: { sync, total, span } } });
});

test('the panel renders 500 generated exercises', async ({ page, lab }) => {
  writeManyPack(path.join(lab.root, 'bench-packs', 'many'), 500);
  usePackFolders(lab.appSettings, ['bench-packs']);
  await openLab(page, lab);
  const panel = await openPanel(page);
  const rows = panel.locator('.jp-MLTutor-Exercise');
  const topics = panel.locator('.jp-MLTutor-Topic');
  // 500 exercises come through the Contents API: slow on a busy machine.
  await expect(
    panel.locator('.jp-MLTutor-Topic-title', { hasText: 'Bench topic 9' })
  ).toBeVisible({ timeout: 180_000 });
  // Every topic is rendered; only the exercise rows near the view are (windowed).
  const topicCount = await topics.count();
  const all = await panel
    .locator('.jp-MLTutor-Topic-header [role="progressbar"]')
    .evaluateAll(bars =>
      bars.reduce(
        (sum, bar) => sum + Number(bar.getAttribute('aria-valuemax')),
        0
      )
    );
  expect(all).toBeGreaterThanOrEqual(500);
  const search = panel.getByRole('searchbox');
  const times: number[] = [];
  const inDom: number[] = [];
  for (let i = -1; i < RENDERS; i++) {
    await search.fill('no exercise is called this');
    await expect(rows).toHaveCount(0);
    await page.evaluate(
      ({ topicCount }) => {
        const bench: IBenchWindow['mltutorRender'] = {};
        (window as unknown as IBenchWindow).mltutorRender = bench;
        const panel = document.querySelector<HTMLElement>('#jp-MLTutor-panel')!;
        bench.done = new Promise(resolve => {
          const observer = new MutationObserver(() => {
            const tree = panel.querySelector<HTMLElement>('.jp-MLTutor-Tree');
            if (
              bench.start !== undefined &&
              tree &&
              tree.querySelectorAll('.jp-MLTutor-Topic').length >= topicCount &&
              tree.querySelector('.jp-MLTutor-Exercise')
            ) {
              observer.disconnect();
              // Rendered = in the DOM, laid out, through the next frame.
              requestAnimationFrame(() => {
                void tree.offsetHeight;
                resolve({
                  ms: performance.now() - bench.start!,
                  rows: tree.querySelectorAll('.jp-MLTutor-Exercise').length
                });
              });
            }
          });
          observer.observe(panel, { subtree: true, childList: true });
        });
        window.addEventListener(
          'input',
          () => {
            bench.start = performance.now();
          },
          { capture: true, once: true }
        );
      },
      { topicCount }
    );
    await search.fill('');
    const time = await page.evaluate(
      () => (window as unknown as IBenchWindow).mltutorRender!.done!
    );
    if (i >= 0) {
      times.push(time.ms);
      inDom.push(time.rows);
    }
  }
  // Scrolled to the end, the last topic's rows render (the window follows the view).
  await panel.evaluate(node => node.scrollTo(0, node.scrollHeight));
  await expect(
    panel.locator('.jp-MLTutor-Exercise', { hasText: 'Bench exercise 0499' })
  ).toBeVisible();
  record({ panel: { exercises: all, render: times, rowsInDom: inDom } });
});

interface IPageMetrics {
  heap: number;
  listeners: number;
  nodes: number;
}

test('memory and listeners after opening and closing exercise notebooks', async ({
  page,
  lab
}) => {
  writeManyPack(path.join(lab.root, 'bench-packs', 'many'), 500);
  usePackFolders(lab.appSettings, ['bench-packs']);
  await openLab(page, lab);
  await expect(
    (await openPanel(page)).locator('.jp-MLTutor-Topic-title', {
      hasText: 'Bench topic 9'
    })
  ).toBeVisible({ timeout: 180_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const measure = async (): Promise<IPageMetrics> => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) =>
      metrics.find(m => m.name === name)?.value ?? NaN;
    return {
      heap: value('JSHeapUsedSize'),
      listeners: value('JSEventListeners'),
      nodes: value('Nodes')
    };
  };
  const openAndClose = async (i: number) => {
    const number = String(i).padStart(4, '0');
    await openExercise(
      page,
      { id: `bench-${number}`, title: `Bench exercise ${number}` },
      `exercise ${number}`
    );
    await close();
  };
  const close = () =>
    page.evaluate(async () => {
      const widget = (window as unknown as IBenchWindow).jupyterapp.shell
        .currentWidget as CurrentNotebook;
      await widget.sessionContext.shutdown();
      widget.dispose();
    });
  // JupyterLab's own growth, side by side: plain notebooks (no exercise) opened and closed alike.
  const plain = (i: number) => `plain-${i}.ipynb`;
  for (let i = 0; i <= NOTEBOOKS; i++) {
    fs.writeFileSync(
      path.join(lab.root, plain(i)),
      JSON.stringify({
        cells: [
          { cell_type: 'markdown', id: 'a', metadata: {}, source: '# plain' }
        ],
        metadata: {
          kernelspec: {
            display_name: 'Python 3',
            language: 'python',
            name: 'python3'
          }
        },
        nbformat: 4,
        nbformat_minor: 5
      })
    );
  }
  const openAndClosePlain = async (i: number) => {
    await page.evaluate(async path => {
      await (window as unknown as IBenchWindow).jupyterapp.commands.execute(
        'docmanager:open',
        {
          path
        }
      );
    }, plain(i));
    await waitForCurrentPath(page, plain(i));
    await waitForKernelIdle(page);
    await close();
  };
  // One of each first, so that what loads once (chunks, factories) is not counted as growth.
  await openAndClosePlain(NOTEBOOKS);
  await openAndClose(NOTEBOOKS);
  const start = await measure();
  for (let i = 0; i < NOTEBOOKS; i++) {
    await openAndClosePlain(i);
  }
  const plainDone = await measure();
  for (let i = 0; i < NOTEBOOKS; i++) {
    await openAndClose(i);
  }
  await openPanel(page);
  await page.locator('#jp-MLTutor-panel').getByRole('searchbox').fill('');
  const after = await measure();
  record({
    memory: {
      notebooks: NOTEBOOKS,
      start,
      plain: plainDone,
      before: plainDone,
      after
    }
  });
});
