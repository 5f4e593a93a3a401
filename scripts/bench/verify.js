// Verification at authoring speed (issue 15, item 4): `mltutor verify
// exercises` judging every answer in a fork of one warm kernel per exercise
// (the default) against every answer in its own fresh kernel
// (`--fresh-kernels`, the older way), side by side in one run, exercise by
// exercise, with the number of recorded answers judged.
const { execFile } = require('child_process');
const fs = require('fs');
const path = require('path');
const { ROOT, stats } = require('./lib');

const CLI = path.join(ROOT, 'bin', 'mltutor.js');

/** One `mltutor verify --json` run: its wall time and report. */
function verify(args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile(
      'node',
      [CLI, 'verify', ...args, '--json'],
      { cwd: ROOT, maxBuffer: 256 * 1024 * 1024, timeout: 4 * 3600 * 1000 },
      (error, stdout) => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        try {
          resolve({ ms, report: JSON.parse(stdout) });
        } catch {
          reject(error ?? new Error(`no JSON report: ${stdout.slice(0, 300)}`));
        }
      }
    );
  });
}

function answers(report) {
  const { right, wrong } = report.counts;
  return right.total + wrong.total;
}

/** The exercise folders of the bundled pack, in its order (e.g. data/missing-data). */
function exerciseFolders() {
  const pack = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'exercises', 'pack.json'), 'utf8')
  );
  return pack.exercises;
}

module.exports = async function (results, { quick }) {
  // --quick: two small exercises, enough to see both ways work.
  const folders = quick
    ? ['data/missing-data', 'models/linear-regression']
    : exerciseFolders();
  // Exercise by exercise, the two ways back to back and in alternating order,
  // so a change of load on this shared machine weighs on both alike.
  const totals = { fresh: 0, fork: 0 };
  const counts = { answers: 0, passed: 0, failed: 0 };
  const ratios = [];
  for (const [index, folder] of folders.entries()) {
    const order = index % 2 === 0 ? ['fresh', 'fork'] : ['fork', 'fresh'];
    const ms = {};
    for (const mode of order) {
      const args = ['exercises', '--only', folder];
      const run = await verify(
        mode === 'fresh' ? [...args, '--fresh-kernels'] : args
      );
      ms[mode] = run.ms;
      totals[mode] += run.ms;
      if (mode === 'fork') {
        counts.answers += answers(run.report);
        counts.passed += run.report.passed;
        counts.failed += run.report.failed;
      }
    }
    ratios.push(ms.fresh / ms.fork);
    process.stderr.write(
      `verify ${folder}: fresh ${(ms.fresh / 1000).toFixed(1)} s, forks ${(ms.fork / 1000).toFixed(1)} s (${(ms.fresh / ms.fork).toFixed(2)}x)\n`
    );
  }
  const note = `${folders.length} exercises, ${counts.answers} answers; forks: ${counts.passed} passed / ${counts.failed} failed`;
  const freshStats = stats([totals.fresh]);
  const forkStats = stats([totals.fork]);
  results.add(
    'verify',
    'mltutor verify, every answer in a fresh kernel (sum over exercises)',
    freshStats,
    { note }
  );
  results.add(
    'verify',
    'mltutor verify, answers in forks of one kernel per exercise (sum)',
    forkStats,
    { note }
  );
  results.ratio(
    'verify',
    'fresh kernels / forks (speed-up)',
    freshStats,
    forkStats,
    {
      target: '>= 4',
      note: 'same answers, same machine, each exercise both ways back to back'
    }
  );
  results.add('verify', 'per exercise, fresh / forks', stats(ratios), {
    unit: '×',
    note: 'median and p95 over the exercises'
  });
};
