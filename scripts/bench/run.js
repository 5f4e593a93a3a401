#!/usr/bin/env node
// `npm run bench`: every performance figure of the project, measured side by
// side in one run on this machine, printed as a table and written to
// build/bench/results.json (median, p95 and runs of each figure).
//   npm run bench                       every section
//   npm run bench -- --only engine,page  some sections
//   npm run bench -- --quick             fewer runs (a smoke test of the benchmark)
const { Results, machine } = require('./lib');

const SECTIONS = {
  engine: () => require('./engine'),
  page: () => require('./page'),
  reexec: () => require('./reexec'),
  verify: () => require('./verify'),
  cost: () => require('./cost'),
  grade: () => require('./grade-section'),
  classroom: () => require('./classroom')
};

async function main() {
  const args = process.argv.slice(2);
  const only = args.includes('--only')
    ? args[args.indexOf('--only') + 1].split(',')
    : null;
  const quick = args.includes('--quick');
  const results = new Results();
  const chosen = Object.keys(SECTIONS).filter(
    name => !only || only.includes(name)
  );
  for (const name of chosen) {
    let section;
    try {
      section = SECTIONS[name]();
    } catch (error) {
      results.skipped(
        name,
        '(section)',
        `not available: ${error.message.split('\n')[0]}`
      );
      continue;
    }
    const started = Date.now();
    try {
      await section(results, { quick });
    } catch (error) {
      results.skipped(name, '(section)', `failed: ${error.stack || error}`);
    }
    process.stdout.write(
      `${name.padEnd(10)} section took ${((Date.now() - started) / 1000).toFixed(0)} s\n\n`
    );
  }
  process.stdout.write(`results: ${results.save(machine())}\n`);
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  }
);
