// Shared parts of `npm run bench`: bundling the project's TypeScript for Node
// (as the CLI is built), robust statistics, and the results file.
const { buildSync } = require('esbuild');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'build', 'bench', 'results.json');

/** Bundles `exports` (name -> module path under ROOT) into one CommonJS module and loads it. */
function bundle(exportsByModule) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mltutor-bench-build-'));
  const entry = path.join(dir, 'entry.ts');
  fs.writeFileSync(
    entry,
    Object.entries(exportsByModule)
      .map(
        ([module, names]) =>
          `export { ${names.join(', ')} } from ${JSON.stringify(path.join(ROOT, module))};\n`
      )
      .join('')
  );
  const outfile = path.join(dir, 'bundle.js');
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    loader: { '.py': 'text' },
    nodePaths: [path.join(ROOT, 'node_modules')],
    outfile,
    logLevel: 'error'
  });
  return require(outfile);
}

/**
 * An exercise's notebook with every checked cell given its solution, as a
 * learner who solved it would submit it (`metadata.mltutor` names the exercise).
 */
function solvedExercise(packDir, exerciseFolder) {
  const read = file => JSON.parse(fs.readFileSync(file, 'utf8'));
  const pack = read(path.join(packDir, 'pack.json'));
  const dir = path.join(packDir, exerciseFolder);
  const spec = read(path.join(dir, 'exercise.json'));
  const notebook = read(path.join(dir, spec.notebook));
  for (const checked of spec.cells) {
    const cell = notebook.cells.find(
      c =>
        c.cell_type === 'code' &&
        ((c.metadata?.tags ?? []).includes(`mltutor:${checked.cell}`) ||
          c.id === checked.cell)
    );
    if (cell && checked.solution !== undefined) {
      cell.source = checked.solution;
    }
  }
  notebook.metadata.mltutor = {
    pack: pack.id,
    exercise: spec.id,
    version: spec.version
  };
  return { spec, notebook, dir };
}

function quantile(sorted, q) {
  if (sorted.length === 0) {
    return NaN;
  }
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** Median, p95 and count of a list of numbers. */
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    runs: sorted.length
  };
}

/** Milliseconds taken by `fn` (awaited). */
async function timed(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs `a` and `b` alternately `runs` times each (after one warm-up of each),
 * so that a slower or busier moment of the machine weighs on both alike.
 */
async function interleaved(runs, a, b) {
  await a();
  await b();
  const timesA = [];
  const timesB = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      timesA.push(await timed(a));
      timesB.push(await timed(b));
    } else {
      timesB.push(await timed(b));
      timesA.push(await timed(a));
    }
  }
  return [stats(timesA), stats(timesB)];
}

/** The figures of one `npm run bench`, printed as a table and saved as JSON. */
class Results {
  constructor() {
    this.figures = [];
  }

  /** A measured figure: `value` is a stats() object or a plain number. */
  add(section, name, value, { unit = 'ms', target, note } = {}) {
    const figure =
      typeof value === 'number'
        ? { section, name, value, unit }
        : { section, name, ...value, unit };
    if (target !== undefined) {
      figure.target = target;
    }
    if (note) {
      figure.note = note;
    }
    this.figures.push(figure);
    printFigure(figure);
    return figure;
  }

  /** A ratio of two medians measured side by side. */
  ratio(section, name, numerator, denominator, options = {}) {
    return this.add(section, name, numerator.median / denominator.median, {
      unit: '×',
      ...options
    });
  }

  skipped(section, name, reason) {
    const figure = { section, name, skipped: reason };
    this.figures.push(figure);
    printFigure(figure);
  }

  save(machine) {
    fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
    let previous = { figures: [] };
    try {
      previous = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
    } catch {
      // first run
    }
    // Sections not run this time keep their last figures.
    const sections = new Set(this.figures.map(f => f.section));
    const kept = (previous.figures ?? []).filter(f => !sections.has(f.section));
    fs.writeFileSync(
      RESULTS,
      JSON.stringify(
        {
          machine,
          date: new Date().toISOString(),
          figures: [...kept, ...this.figures]
        },
        null,
        1
      ) + '\n'
    );
    return RESULTS;
  }
}

function format(number, unit) {
  if (unit === '') {
    return String(Math.round(number * 100) / 100);
  }
  if (unit === '×') {
    return `${number.toFixed(2)}×`;
  }
  const digits = Math.abs(number) >= 100 ? 0 : Math.abs(number) >= 10 ? 1 : 2;
  return `${number.toFixed(digits)} ${unit}`;
}

function printFigure(f) {
  const label = `${f.section.padEnd(10)} ${f.name}`.padEnd(78);
  if (f.skipped) {
    process.stdout.write(`${label} skipped: ${f.skipped}\n`);
    return;
  }
  const main =
    f.value !== undefined
      ? format(f.value, f.unit)
      : `median ${format(f.median, f.unit)}, p95 ${format(f.p95, f.unit)}, n=${f.runs}`;
  const target = f.target ? `  [target ${f.target}]` : '';
  process.stdout.write(
    `${label} ${main}${target}${f.note ? `  (${f.note})` : ''}\n`
  );
}

function machine() {
  return {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '?',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    load: os.loadavg().map(l => Number(l.toFixed(2)))
  };
}

module.exports = {
  ROOT,
  bundle,
  solvedExercise,
  stats,
  timed,
  interleaved,
  Results,
  machine
};
