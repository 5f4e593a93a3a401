// Verification at authoring speed (issue 15, item 4): `mltutor verify
// exercises` judging every answer in a fork of one warm kernel per exercise
// (the default) against every answer in its own fresh kernel
// (`--fresh-kernels`, the older way), side by side in one run, with the
// number of recorded answers each judged.
const { execFile } = require('child_process');
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

module.exports = async function (results, { quick }) {
  // --quick: two small exercises, enough to see both ways work.
  const scope = quick
    ? [
        'exercises',
        '--only',
        'data/missing-data',
        '--only',
        'models/linear-regression'
      ]
    : ['exercises'];
  const runs = [];
  // One run each (a full run takes minutes): fresh kernels first, then forks.
  for (const mode of ['fresh', 'fork']) {
    const args = mode === 'fresh' ? [...scope, '--fresh-kernels'] : scope;
    const { ms, report } = await verify(args);
    runs.push({ mode, ms, report });
  }
  const fresh = runs.find(run => run.mode === 'fresh');
  const fork = runs.find(run => run.mode === 'fork');
  const note = run =>
    `${run.report.exercises.length} exercises, ${answers(run.report)} answers, ${run.report.passed} passed / ${run.report.failed} failed (${run.report.mode})`;
  const freshStats = stats([fresh.ms]);
  const forkStats = stats([fork.ms]);
  results.add(
    'verify',
    'mltutor verify, every answer in a fresh kernel',
    freshStats,
    { note: note(fresh) }
  );
  results.add(
    'verify',
    'mltutor verify, answers in forks of one kernel per exercise',
    forkStats,
    { note: note(fork) }
  );
  results.ratio(
    'verify',
    'fresh kernels / forks (speed-up)',
    freshStats,
    forkStats,
    {
      target: '>= 4',
      note: 'same answers, same machine, one run each'
    }
  );
};
