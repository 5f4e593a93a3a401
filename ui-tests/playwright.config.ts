import { defineConfig } from '@playwright/test';

/**
 * Browser tests: Debian's Chromium (a downloaded browser is not available here)
 * against a real lab started per worker by the `lab` fixture (fixtures.ts).
 */
export default defineConfig({
  testDir: './tests',
  outputDir: process.env.MLTUTOR_PW_OUTPUT ?? '../build/test-results/ui',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile:
          process.env.MLTUTOR_PW_REPORT ?? '../build/test-results/ui.json'
      }
    ]
  ],
  use: {
    viewport: { width: 1400, height: 900 },
    video: 'off',
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.MLTUTOR_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run'
      ]
    }
  }
});
