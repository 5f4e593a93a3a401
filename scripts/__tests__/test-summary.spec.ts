/**
 * The closing summary of `npm test`: counts every suite, and names each failed test
 * with the first lines of why (CI keeps only the end of the output).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.resolve(__dirname, '..', 'test-summary.js');

function summarize(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-summary-'));
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text);
  }
  const result = spawnSync(process.execPath, [SCRIPT, dir], {
    encoding: 'utf8'
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

const jestReport = (failed: boolean) =>
  JSON.stringify({
    numPassedTests: 1,
    numFailedTests: failed ? 1 : 0,
    testResults: [
      {
        name: '/repo/tests/integration/guarantees.spec.ts',
        status: failed ? 'failed' : 'passed',
        message: '',
        assertionResults: [
          { status: 'passed', fullName: 'kept', failureMessages: [] },
          ...(failed
            ? [
                {
                  status: 'failed',
                  fullName: 'a restart during a check',
                  failureMessages: [
                    '\x1b[31mexpect(received).toBe(expected)\x1b[0m\n\nExpected: "fail"'
                  ]
                }
              ]
            : [])
        ]
      }
    ]
  });

const playwrightReport = JSON.stringify({
  stats: { expected: 2, unexpected: 1, flaky: 0 },
  suites: [
    {
      suites: [
        {
          specs: [
            {
              file: 'dashboard.spec.ts',
              title: 'the outbox survives a stopped service',
              tests: [
                {
                  status: 'unexpected',
                  results: [{ error: { message: 'Timed out 180000ms' } }]
                }
              ]
            },
            {
              file: 'dashboard.spec.ts',
              title: 'learners get 403',
              tests: [{ status: 'expected', results: [{}] }]
            }
          ]
        }
      ]
    }
  ]
});

describe('scripts/test-summary.js', () => {
  it('names each failed test with its reason, and fails', () => {
    const result = summarize({
      'integration.json': jestReport(true),
      'integration.status': '1',
      'hub.json': playwrightReport,
      'hub.status': '1'
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      'integration: guarantees.spec.ts › a restart during a check'
    );
    expect(result.stdout).toContain('Expected: "fail"');
    expect(result.stdout).not.toContain('\x1b[31m');
    expect(result.stdout).toContain(
      'hub: dashboard.spec.ts › the outbox survives a stopped service (unexpected)'
    );
    expect(result.stdout).toContain('Timed out 180000ms');
    expect(result.stdout).not.toContain('learners get 403');
    expect(result.stdout.trim().split('\n').pop()).toBe('3 passed, 2 failed');
  });

  it('lists no failures when everything passed', () => {
    const result = summarize({
      'integration.json': jestReport(false),
      'integration.status': '0',
      'lint.status': '0'
    });
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain('failed tests');
    expect(result.stdout.trim().split('\n').pop()).toBe('2 passed, 0 failed');
  });
});
