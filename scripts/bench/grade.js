#!/usr/bin/env node
// Grading throughput (issue 14): submissions per minute of `mltutor grade -j 2`
// (sealed fresh kernel per submission, every check, hidden ones included)
// against running each submission through `nbconvert --to notebook --execute`
// (what nbgrader's autograde does at the least: it executes, without checking),
// one at a time and two at a time. Runs on two workloads: the small grading
// fixture and a solved flagship exercise.
//
// Usage: node scripts/bench/grade.js [--submissions N] [--rounds R] [--only fixture|flagship]
const { execFile } = require('child_process');
const { buildSync } = require('esbuild');
const fs = require('fs');
const os = require('os');
const path = require('path');
const {
  ROOT,
  Results,
  machine,
  solvedExercise,
  stats,
  timed
} = require('./lib');

const PYTHON = '/usr/bin/python3';
const SECTION = 'grade';

function parseArgs(argv) {
  const options = { submissions: 6, rounds: 3, only: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--submissions') {
      options.submissions = Number(argv[++i]);
    } else if (argv[i] === '--rounds') {
      options.rounds = Number(argv[++i]);
    } else if (argv[i] === '--only') {
      options.only = argv[++i];
    } else {
      throw new Error(`unknown argument '${argv[i]}'`);
    }
  }
  return options;
}

/** The CLI bundled from the sources, as `npm run build:cli` does. */
function buildCli(work) {
  const outfile = path.join(work, 'cli.js');
  buildSync({
    entryPoints: [path.join(ROOT, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    loader: { '.py': 'text' },
    outfile,
    logLevel: 'error'
  });
  const runner = path.join(work, 'run.js');
  fs.writeFileSync(runner, `require(${JSON.stringify(outfile)}).runCli();\n`);
  return runner;
}

/** Learners' notebooks: the exercise's notebook with every checked cell solved, one folder each. */
function submissions(packDir, exerciseFolder, count, into) {
  const { spec, notebook, dir } = solvedExercise(packDir, exerciseFolder);
  const files = [];
  for (let i = 0; i < count; i++) {
    const folder = path.join(into, `learner-${i}`);
    fs.mkdirSync(folder, { recursive: true });
    for (const asset of spec.assets ?? []) {
      fs.cpSync(path.join(dir, asset), path.join(folder, asset), {
        recursive: true
      });
    }
    const file = path.join(folder, `${spec.id}.ipynb`);
    fs.writeFileSync(file, JSON.stringify(notebook));
    files.push(file);
  }
  return files;
}

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd, maxBuffer: 64 * 1024 * 1024, timeout: 1800000 },
      (error, stdout, stderr) => {
        // Exit 1 (some submission not gradeable, a failing notebook) still ran to the end.
        if (error && typeof error.code !== 'number') {
          reject(
            new Error(
              `${command} ${args.join(' ')}: ${stderr || error.message}`
            )
          );
        } else {
          resolve({ code: error ? error.code : 0, stdout, stderr });
        }
      }
    );
  });
}

/** Runs `jobs` on `lanes` parallel lanes. */
async function pool(jobs, lanes) {
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      await jobs[next++]();
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

async function workload(
  results,
  name,
  packDir,
  exerciseFolder,
  options,
  runner,
  work
) {
  const into = path.join(work, name);
  const files = submissions(packDir, exerciseFolder, options.submissions, into);
  const perMinute = ms => (files.length * 60000) / ms;
  const grade = jobs => async () => {
    const out = path.join(into, `book-j${jobs}`, 'gradebook.csv');
    const result = await run(
      'node',
      [
        runner,
        'grade',
        ...files,
        '--pack',
        packDir,
        '-j',
        String(jobs),
        '--out',
        out,
        '--restart'
      ],
      into
    );
    if (!/submission\(s\) graded/.test(result.stderr)) {
      throw new Error(`mltutor grade did not finish: ${result.stderr}`);
    }
    const book = JSON.parse(
      fs.readFileSync(out.replace(/\.csv$/, '.json'), 'utf8')
    );
    const full = book.submissions.filter(s => s.points === s.max_points).length;
    if (full !== files.length) {
      throw new Error(
        `${full} of ${files.length} solved submissions got full marks: ${result.stderr}`
      );
    }
  };
  const nbconvert = lanes => () =>
    pool(
      files.map(
        file => () =>
          run(
            PYTHON,
            [
              '-m',
              'nbconvert',
              '--to',
              'notebook',
              '--execute',
              '--output-dir',
              path.join(path.dirname(file), 'executed'),
              file
            ],
            path.dirname(file)
          )
      ),
      lanes
    );
  // Warm caches (imports, the font cache) once for both.
  await nbconvert(1)();
  const configs = [
    ['mltutor grade -j 2', grade(2)],
    ['nbconvert --execute, one at a time', nbconvert(1)],
    ['nbconvert --execute, two at a time', nbconvert(2)],
    ['mltutor grade -j 1', grade(1)]
  ];
  // Rounds alternate the configurations, so that a busier moment of a shared machine weighs on all.
  const times = Object.fromEntries(configs.map(([label]) => [label, []]));
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? configs : [...configs].reverse();
    for (const [label, fn] of order) {
      times[label].push(await timed(fn));
    }
  }
  const figures = {};
  for (const [label] of configs) {
    const median = stats(times[label]).median;
    figures[label] = perMinute(median);
    results.add(SECTION, `${name}: ${label}`, figures[label], {
      unit: 'submissions/min',
      note: `${files.length} submissions, median of ${options.rounds} run(s): ${(median / 1000).toFixed(1)} s`
    });
  }
  const base = figures['nbconvert --execute, one at a time'];
  results.add(
    SECTION,
    `${name}: grade -j 2 / nbconvert one at a time`,
    figures['mltutor grade -j 2'] / base,
    {
      unit: '×'
    }
  );
  results.add(
    SECTION,
    `${name}: grade -j 2 / nbconvert two at a time`,
    figures['mltutor grade -j 2'] /
      figures['nbconvert --execute, two at a time'],
    { unit: '×' }
  );
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-bench-grade-'));
  const results = new Results();
  try {
    const runner = buildCli(work);
    process.stdout.write(
      `grading throughput, ${options.submissions} solved submissions per workload (load average ${os.loadavg()[0].toFixed(1)})\n`
    );
    if (options.only !== 'flagship') {
      await workload(
        results,
        'fixture',
        path.join(ROOT, 'tests', 'fixtures', 'grading', 'pack'),
        'squares',
        options,
        runner,
        work
      );
    }
    if (options.only !== 'fixture') {
      await workload(
        results,
        'flagship',
        path.join(ROOT, 'exercises'),
        'data/missing-data',
        options,
        runner,
        work
      );
    }
    results.save(machine());
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  process.stderr.write(
    `bench/grade: ${error instanceof Error ? error.stack : String(error)}\n`
  );
  process.exit(1);
});
