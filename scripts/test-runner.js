#!/usr/bin/env node
// Runs `npm test`'s suites and the builds they need as a small job graph:
// each job starts once the jobs it needs have succeeded and the machine has
// room for it, in the order of JOBS (a ready job is never overtaken).
//
// Room is counted in cores (`cores`, each job's share of the budget, one
// core each but the lightest), and the budget is the machine's cores. The
// whole run needs about 1,100 s of CPU (Chromium is most of the UI suite's),
// so on 2 cores no order makes it much shorter than 9 minutes; running more
// at once only made the times vary. Runs from fresh clones here, each with
// every test passing: two jobs at a time 613 s; with the hub and both UI
// halves beside the integration suite (a load of 15 to 18) 586 s, 651 s and
// 716 s, the integration suite taking 392 to 629 s of it; with the others
// under `nice` 616 s (Chromium, run as root, resets its nice values), in
// the idle scheduling class 655 s.
//
// Usage: node scripts/test-runner.js RESULTS_DIR
// Environment: MLTUTOR_TEST_CORES, the budget (default the machine's cores;
// 1 or less runs the jobs one after another). Each job's output goes
// to RESULTS_DIR/NAME.log, printed whole when it ends so outputs never
// interleave; NAME.status and NAME.seconds record its exit status and wall
// time for the summary.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runJobs } = require('./job-graph');

const RESULTS = path.resolve(process.argv[2] ?? 'build/test-results');
const BUDGET =
  Number(process.env.MLTUTOR_TEST_CORES) ||
  (os.availableParallelism?.() ?? os.cpus().length);

const npx = (...args) => ['npx', ...args];
const setup = step => ['bash', 'scripts/setup.sh', step];
const jest = (config, name) => [
  ...npx('jest', '--ci', ...config),
  '--json',
  `--outputFile=${path.join(RESULTS, `${name}.json`)}`
];
/** A Playwright run writing its JSON report and artefacts under its own name. */
const playwright = (config, name, ...args) => ({
  command: [...npx('playwright', 'test', '-c', config, ...args)],
  env: {
    MLTUTOR_PW_REPORT: path.join(RESULTS, `${name}.json`),
    MLTUTOR_PW_OUTPUT: path.join(RESULTS, name)
  }
});
/**
 * The jobs, in the order they start. `needs`: jobs that must succeed first;
 * `cores`: its share of the budget (default 1, see above).
 * The `build-*` jobs are setup steps, not suites: the summary counts one only
 * when it fails, and the suites that need it are then not run.
 */
const JOBS = [
  { name: 'build-extension', command: setup('extension') },
  { name: 'build-lab', command: setup('lab') },
  {
    name: 'build-wheel',
    command: setup('wheel'),
    needs: ['build-extension']
  },
  {
    // One file at a time: two at once raced kernels for their ports and
    // timed kernel restarts out on this 2-core machine.
    name: 'integration',
    command: jest(['-c', 'jest.integration.config.js'], 'integration'),
    needs: ['build-extension']
  },
  {
    // Every recorded wrong answer must name the diagnosis its failure produces.
    name: 'verify',
    command: [
      'node',
      'bin/mltutor.js',
      'verify',
      'exercises',
      '--require-diagnoses'
    ],
    tee: 'verify.txt',
    needs: ['build-extension']
  },
  // The UI suite in two halves, each with its own lab and browser, one test
  // at a time in each (Playwright's shards: every spec file lands in one).
  ...[1, 2].map(shard => ({
    name: `ui-${shard}`,
    ...playwright(
      'ui-tests/playwright.config.ts',
      `ui-${shard}`,
      `--shard=${shard}/2`
    ),
    needs: ['build-lab', 'build-wheel']
  })),
  {
    // A real JupyterHub, proxy and learners' servers, started by the tests themselves.
    name: 'hub',
    ...playwright('ui-tests/hub/playwright.config.ts', 'hub'),
    needs: ['build-lab', 'build-wheel']
  },
  {
    name: 'lint',
    command: ['npm', 'run', '--silent', 'lint:check']
  },
  {
    name: 'typecheck',
    command: ['npm', 'run', '--silent', 'typecheck']
  },
  { name: 'pylint', command: ['flake8', '.'] },
  {
    name: 'python',
    command: [
      '/usr/bin/python3',
      '-m',
      'pytest',
      '-q',
      '-p',
      'no:cacheprovider',
      'tests/python',
      `--junitxml=${path.join(RESULTS, 'python.xml')}`
    ],
    cores: 0.5,
    needs: ['build-extension']
  },
  {
    name: 'unit',
    command: jest([], 'unit'),
    needs: ['build-extension']
  },
  {
    name: 'validate',
    command: ['node', 'bin/mltutor.js', 'validate', 'exercises'],
    needs: ['build-extension']
  }
];

function runJob(job) {
  return new Promise(resolve => {
    const log = fs.openSync(path.join(RESULTS, `${job.name}.log`), 'w');
    const tee = job.tee ? fs.openSync(path.join(RESULTS, job.tee), 'w') : null;
    const started = Date.now();
    console.log(`\x1b[1m-- ${job.name} started\x1b[0m`);
    const [command, ...args] = job.command;
    const child = spawn(command, args, {
      env: { ...process.env, ...job.env },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    const write = chunk => {
      fs.writeSync(log, chunk);
      if (tee !== null) {
        fs.writeSync(tee, chunk);
      }
    };
    child.stdout.on('data', write);
    child.stderr.on('data', chunk => fs.writeSync(log, chunk));
    const finish = status => {
      fs.closeSync(log);
      if (tee !== null) {
        fs.closeSync(tee);
      }
      const seconds = Math.round((Date.now() - started) / 1000);
      fs.writeFileSync(path.join(RESULTS, `${job.name}.status`), `${status}\n`);
      fs.writeFileSync(
        path.join(RESULTS, `${job.name}.seconds`),
        `${seconds}\n`
      );
      console.log(
        `\n\x1b[1m== ${job.name} (${seconds} s, exit ${status}) ==\x1b[0m`
      );
      process.stdout.write(
        fs.readFileSync(path.join(RESULTS, `${job.name}.log`))
      );
      resolve(status);
    };
    child.on('error', error => {
      fs.writeSync(log, `could not start ${command}: ${error.message}\n`);
      finish(127);
    });
    child.on('close', code => finish(code ?? 1));
  });
}

/** A job whose build failed: recorded as failed with the reason, never started. */
function skip(job, failedBuild) {
  const reason = `not run: ${failedBuild} failed\n`;
  fs.writeFileSync(path.join(RESULTS, `${job.name}.log`), reason);
  fs.writeFileSync(path.join(RESULTS, `${job.name}.status`), '1\n');
  console.log(`\n\x1b[1m== ${job.name} (exit 1) ==\x1b[0m\n${reason}`);
}

async function main() {
  fs.mkdirSync(RESULTS, { recursive: true });
  const status = await runJobs(JOBS, { budget: BUDGET, start: runJob, skip });
  const failed = JOBS.filter(job => status.get(job.name) !== 0);
  if (failed.length > 0) {
    console.error(`failed: ${failed.map(job => job.name).join(' ')}`);
  }
  process.exit(failed.length > 0 ? 1 : 0);
}

void main();
