#!/usr/bin/env node
// Sums up the suites run by scripts/test.sh into one closing line,
// "N passed, N failed": test counts from jest and Playwright JSON reports and
// from `mltutor verify`'s closing line; lint, typecheck and validate count as one test each.
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
const read = name => {
  const file = path.join(dir, name);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
};
const status = name => read(`${name}.status`)?.trim();
/** A suite's parts: itself, or its shards NAME-1, NAME-2... (scripts/test-runner.js). */
const parts = name => {
  const shards = fs
    .readdirSync(dir)
    .filter(file => new RegExp(`^${name}-\\d+\\.status$`).test(file))
    .map(file => file.replace(/\.status$/, ''))
    .sort();
  return shards.length > 0 ? shards : [name];
};

const rows = [];
function add(name, passed, failed) {
  rows.push({ name, passed, failed });
}
// What failed, with the first lines of why: CI keeps only the end of the output.
const failures = [];
const firstLines = text =>
  String(text ?? '')
    // eslint-disable-next-line no-control-regex -- terminal colours, from jest
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .filter(line => line.trim())
    .slice(0, 8)
    .join('\n    ');

for (const name of ['lint', 'typecheck', 'pylint', 'validate']) {
  if (status(name) !== undefined) {
    add(name, status(name) === '0' ? 1 : 0, status(name) === '0' ? 0 : 1);
  }
}
for (const name of ['unit', 'integration']) {
  for (const part of parts(name)) {
    const report = read(`${part}.json`);
    if (report) {
      const data = JSON.parse(report);
      // A suite that failed to load counts as a failure even with no test in it.
      let broken = 0;
      for (const file of data.testResults) {
        for (const result of file.assertionResults) {
          if (result.status === 'failed') {
            failures.push(
              `${part}: ${path.basename(file.name)} › ${result.fullName}\n    ` +
                firstLines(result.failureMessages.join('\n'))
            );
          }
        }
        if (file.status === 'failed' && file.assertionResults.length === 0) {
          broken += 1;
          failures.push(
            `${part}: ${path.basename(file.name)}\n    ${firstLines(file.message)}`
          );
        }
      }
      add(part, data.numPassedTests, data.numFailedTests + broken);
    } else if (status(part) !== undefined) {
      add(part, 0, 1);
    }
  }
}
const junit = read('python.xml');
if (junit) {
  // pytest's JUnit report: the first <testsuite> carries the totals.
  const count = attr =>
    Number(
      (junit.match(new RegExp(`<testsuite[^>]*\\s${attr}="(\\d+)"`)) ??
        [])[1] ?? 0
    );
  const failed = count('failures') + count('errors');
  add('python', count('tests') - failed - count('skipped'), failed);
} else if (status('python') !== undefined) {
  add('python', 0, 1);
}
const verify = read('verify.txt');
if (verify !== null) {
  const match = verify.match(/^(\d+) passed, (\d+) failed/m);
  if (match) {
    add('verify', Number(match[1]), Number(match[2]));
  } else {
    add('verify', 0, 1);
  }
} else if (status('verify') !== undefined) {
  add('verify', 0, 1);
}
// A failed build counts once, beside the suites it stopped.
for (const file of fs
  .readdirSync(dir)
  .filter(f => /^build-.*\.status$/.test(f))) {
  const name = file.replace(/\.status$/, '');
  if (status(name) !== '0') {
    add(name, 0, 1);
  }
}
for (const name of ['ui', 'hub']) {
  for (const part of parts(name)) {
    const report = read(`${part}.json`);
    if (report) {
      const { stats, suites } = JSON.parse(report);
      add(part, stats.expected, stats.unexpected + stats.flaky);
      collectPlaywrightFailures(part, suites ?? []);
    } else if (status(part) !== undefined) {
      add(part, 0, 1);
    }
  }
}

function collectPlaywrightFailures(part, suites) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) {
      for (const run of spec.tests ?? []) {
        if (run.status === 'expected' || run.status === 'skipped') {
          continue;
        }
        const result = (run.results ?? []).find(r => r.error) ?? {};
        failures.push(
          `${part}: ${spec.file} › ${spec.title} (${run.status})\n    ` +
            firstLines(result.error?.message)
        );
      }
    }
    collectPlaywrightFailures(part, suite.suites ?? []);
  }
}

if (failures.length > 0) {
  console.log('failed tests:');
  for (const failure of failures) {
    console.log(`  ${failure}`);
  }
}
for (const row of rows) {
  const seconds = read(`${row.name}.seconds`)?.trim();
  const time = seconds === undefined ? '' : ` (${seconds} s)`;
  console.log(
    `${row.name.padEnd(12)} ${row.passed} passed, ${row.failed} failed${time}`
  );
}
const passed = rows.reduce((sum, row) => sum + row.passed, 0);
const failed = rows.reduce((sum, row) => sum + row.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
