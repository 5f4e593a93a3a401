// A cell's verdict in the page (issue 15, item 2): Shift+Enter to the verdict
// against Shift+Enter to the cell's own output, on a cell with six kernel
// checks, in the real lab in Chromium (ui-tests/bench/page.spec.ts measures
// inside the page; this section runs it and adds the figures).
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ROOT, stats } = require('./lib');

/** Runs one spec of ui-tests/bench (build lock shared) and returns the figures it wrote. */
function runBenchSpec(spec, env = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-bench-ui-'));
  const out = path.join(dir, 'figures.json');
  try {
    execFileSync(
      'flock',
      [
        '-s',
        '/tmp/mltutor-build.lock',
        'npx',
        'playwright',
        'test',
        '-c',
        'ui-tests/bench/playwright.config.ts',
        spec
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...env, MLTUTOR_BENCH_OUT: out }
      }
    );
  } catch (error) {
    const output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    throw new Error(`${spec} failed:\n${output.slice(-3000)}`);
  }
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

async function page(results, { quick }) {
  const runs = quick ? 6 : 30;
  const figures = runBenchSpec('page.spec.ts', {
    MLTUTOR_BENCH_RUNS: String(runs)
  });
  const output = stats(figures.page.output);
  const verdict = stats(figures.page.verdict);
  const note = `cell with ${figures.page.checks} kernel checks, passing and failing alternately`;
  results.add('page', 'Shift+Enter to the cell output', output, { note });
  results.add('page', 'Shift+Enter to the verdict', verdict, { note });
  results.ratio('page', 'verdict / output', verdict, output, {
    target: '≤ 1.3×'
  });
  // Where the time goes: the controller's marks (src/notebook/check-marks.ts), from the press.
  const STAGES = {
    scheduled: 'the run scheduled (execute request next)',
    'sent-early': "the cell's checks sent behind its execute request",
    executed: "the cell's execute reply handled (JupyterLab's `executed`)",
    answered: 'the verdict back from the kernel and judged',
    shown: 'the verdict in the DOM (React commit)'
  };
  for (const [stage, label] of Object.entries(STAGES)) {
    const times = (figures.page.stages ?? [])
      .map(run => run[stage])
      .filter(time => typeof time === 'number');
    if (times.length > 0) {
      results.add('page', `  at ${stage}`, stats(times), { note: label });
    }
  }
}

module.exports = page;
module.exports.runBenchSpec = runBenchSpec;
