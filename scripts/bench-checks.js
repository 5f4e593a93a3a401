#!/usr/bin/env node
// Median latency of the check engine on one real kernel: a bare silent
// `pass`, a scalar `value` check, a 10,000-row DataFrame `value` check.
// Bundles the engine from src/ with esbuild (as the CLI is built), starts a
// private Jupyter server, and prints one line per measurement.
//   node scripts/bench-checks.js [RUNS]   (default 50)
const { buildSync } = require('esbuild');
const { mkdtempSync, rmSync, writeFileSync } = require('fs');
const { tmpdir } = require('os');
const { join, resolve } = require('path');

const RUNS = Number(process.argv[2] || 50);
const ROOT = resolve(__dirname, '..');

function bundleEngine(dir) {
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `export { CheckEngine } from ${JSON.stringify(join(ROOT, 'src/checking'))};\n` +
      `export { executeCell } from ${JSON.stringify(join(ROOT, 'src/checking'))};\n` +
      `export { JupyterServer, silenceServicesLogging } from ${JSON.stringify(join(ROOT, 'src/cli/jupyter-server'))};\n`
  );
  const outfile = join(dir, 'engine.js');
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    loader: { '.py': 'text' },
    nodePaths: [join(ROOT, 'node_modules')],
    outfile,
    logLevel: 'warning'
  });
  return require(outfile);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function measure(label, runs, once) {
  await once(); // warm-up: imports, reference caches
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  process.stdout.write(
    `${label.padEnd(34)} median ${median(times).toFixed(1).padStart(6)} ms   ` +
      `(min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, ${runs} runs)\n`
  );
}

function cellOf(check) {
  const cell = {
    cell: 'bench',
    checks: [check],
    hints: ['a', 'b'],
    solution: 'pass',
    wrong_answers: []
  };
  const exercise = {
    schema: 1,
    id: 'bench',
    title: 'Bench',
    topic: 'data',
    difficulty: 'beginner',
    statement: 'Bench.',
    notebook: 'bench.ipynb',
    cells: [cell]
  };
  return { exercise, cell };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'mltutor-bench-'));
  const { CheckEngine, executeCell, JupyterServer, silenceServicesLogging } =
    bundleEngine(dir);
  silenceServicesLogging();
  const server = await JupyterServer.start(dir);
  try {
    const kernel = await server.startKernel();
    const engine = new CheckEngine();
    await engine.prepare(kernel);
    await executeCell(
      kernel,
      'import numpy as np, pandas as pd\nscore = 0.875\n' +
        "rng = np.random.default_rng(0)\ndf = pd.DataFrame({'a': rng.normal(size=10000), 'b': rng.integers(0, 100, 10000), 'c': rng.choice(list('xyz'), 10000)})"
    );
    const check = async request => {
      const verdict = await engine.checkCell({
        ...request,
        outputs: [],
        kernel
      });
      if (verdict.status !== 'pass') {
        throw new Error(
          `benchmark check did not pass: ${JSON.stringify(verdict)}`
        );
      }
    };
    const scalar = cellOf({
      id: 'score',
      kind: 'value',
      expr: 'score',
      expected: 0.875
    });
    const frame = cellOf({
      id: 'frame',
      kind: 'value',
      expr: 'df',
      reference:
        'import numpy as np, pandas as pd\nrng = np.random.default_rng(0)\n' +
        "expected = pd.DataFrame({'a': rng.normal(size=10000), 'b': rng.integers(0, 100, 10000), 'c': rng.choice(list('xyz'), 10000)})"
    });
    process.stdout.write(
      `check latency on one kernel (Python ${await pythonVersion(kernel, executeCell)})\n`
    );
    await measure(
      'bare silent `pass` execute',
      RUNS,
      () =>
        kernel.requestExecute({
          code: 'pass',
          silent: true,
          store_history: false
        }).done
    );
    await measure('scalar `value` check', RUNS, () => check(scalar));
    await measure('10,000-row DataFrame `value` check', RUNS, () =>
      check(frame)
    );
    await server.stopKernel(kernel);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pythonVersion(kernel, executeCell) {
  const result = await executeCell(
    kernel,
    'import platform; platform.python_version()'
  );
  return result.outputs[0]?.data?.['text/plain']?.replace(/'/g, '') ?? '?';
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`bench-checks: ${error.stack || error}\n`);
    process.exit(1);
  }
);
