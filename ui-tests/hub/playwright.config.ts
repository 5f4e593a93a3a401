import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

/**
 * Hub tests: a real JupyterHub per spec file (hub-server.ts), learners logging in
 * through its login page in Debian's Chromium.
 */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: process.env.MLTUTOR_PW_OUTPUT ?? '../../build/test-results/hub',
  timeout: 180_000,
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile:
          process.env.MLTUTOR_PW_REPORT ?? '../../build/test-results/hub.json'
      }
    ]
  ]
});
