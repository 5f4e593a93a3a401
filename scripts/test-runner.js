#!/usr/bin/env node
// Runs `npm test`'s suites and the builds they need as a small job graph:
// each job starts once the jobs it needs have succeeded and a slot is free,
// in the order of JOBS (a ready job is never overtaken): the integration
// suite as soon as the CLI is built, the short suites and verify beside it,
// then the UI suite, and the hub suite last: beside the integration suite's
// many kernels (each binding random ports) the class service, restarted by
// the hub on its fixed port, was not back within 180 s, twice. Most suites
// spend much of their time waiting on kernels, servers and the browser, and
// the builds are single-threaded, so two side by side use 2 cores better
// than one stream.
//
// Usage: node scripts/test-runner.js RESULTS_DIR
// Environment: MLTUTOR_TEST_SLOTS, the jobs run at once (default 2, one per
// core: three at once pushed the load to 15 and kernel timings failed; 1 runs
// them one after another). Each job's output goes to RESULTS_DIR/NAME.log,
// printed whole when it ends so outputs never interleave; NAME.status and
// NAME.seconds record its exit status and wall time for the summary.
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

const RESULTS = path.resolve(process.argv[2] ?? 'build/test-results');
const SLOTS = Math.max(1, Number(process.env.MLTUTOR_TEST_SLOTS ?? 2) || 2);

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
 * The jobs, in the order they start. `needs`: jobs that must succeed first.
 * The `build-*` jobs are setup steps, not suites: the summary counts one only
 * when it fails, and the suites that need it are then not run.
 */
const JOBS = [
  {
    name: 'build-extension',
    command: setup('extension')
  },
  { name: 'build-lab', command: setup('lab') },
  {
    // One file at a time: two at once raced kernels for their ports and
    // timed kernel restarts out on this 2-core machine.
    name: 'integration',
    command: jest(['-c', 'jest.integration.config.js'], 'integration'),
    needs: ['build-extension']
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
    name: 'build-wheel',
    command: setup('wheel'),
    needs: ['build-extension']
  },
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
  {
    // One worker: two labs and their browsers at once loaded this 2-core
    // machine past what the tests' timings allow (a keyboard test failed).
    name: 'ui',
    ...playwright('ui-tests/playwright.config.ts', 'ui'),
    needs: ['build-lab', 'build-wheel']
  },
  {
    // A real JupyterHub, proxy and learners' servers, started by the tests themselves.
    name: 'hub',
    ...playwright('ui-tests/hub/playwright.config.ts', 'hub'),
    needs: ['build-lab', 'build-wheel']
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
  const waiting = [...JOBS];
  const status = new Map();
  const running = new Set();
  await new Promise(done => {
    const schedule = () => {
      for (const job of [...waiting]) {
        const failed = (job.needs ?? []).find(
          need => status.has(need) && status.get(need) !== 0
        );
        if (failed) {
          waiting.splice(waiting.indexOf(job), 1);
          status.set(job.name, 1);
          skip(job, failed);
        }
      }
      for (const job of [...waiting]) {
        if (!(job.needs ?? []).every(need => status.get(need) === 0)) {
          continue;
        }
        if (running.size >= SLOTS) {
          // In order: a job that is ready is never overtaken by a later one.
          break;
        }
        waiting.splice(waiting.indexOf(job), 1);
        running.add(job.name);
        void runJob(job).then(code => {
          running.delete(job.name);
          status.set(job.name, code);
          schedule();
        });
      }
      if (waiting.length === 0 && running.size === 0) {
        done();
      }
    };
    schedule();
  });
  const failed = JOBS.filter(job => status.get(job.name) !== 0);
  if (failed.length > 0) {
    console.error(`failed: ${failed.map(job => job.name).join(' ')}`);
  }
  process.exit(failed.length > 0 ? 1 : 0);
}

void main();
