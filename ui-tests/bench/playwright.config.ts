import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

/**
 * Benchmarks in the page (issue 15 items 2 and 5), run by `npm run bench`
 * (scripts/bench/page.js and cost.js): the UI tests' browser and lab, no
 * retries, figures written to the file named by MLTUTOR_BENCH_OUT.
 */
export default defineConfig({
  ...base,
  testDir: '.',
  outputDir: '../../build/test-results/bench',
  timeout: Number(process.env.MLTUTOR_BENCH_TIMEOUT ?? 900_000),
  reporter: [['list']]
});
