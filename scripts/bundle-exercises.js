#!/usr/bin/env node
// Validates the bundled exercise packs and writes every file the catalog's
// loader reads (pack.json, exercise.json, notebooks, assets) into
// src/catalog/bundled-pack.generated.json, which the extension imports lazily.
//
// Usage: node scripts/bundle-exercises.js [--strict] [--out FILE] [DIR...]
//   DIR       a pack folder or a folder of packs (default: exercises)
//   --strict  exit 1 when a pack has problems (default: report them and
//             bundle anyway; the panel shows them as error entries)
//
// The validation is the catalog's own TypeScript, bundled on the fly with esbuild.
const esbuild = require('esbuild');
const fs = require('fs');
const Module = require('module');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const CATALOG = path.join(ROOT, 'src', 'catalog');
const DEFAULT_OUT = path.join(CATALOG, 'bundled-pack.generated.json');
const BUNDLE_FORMAT = 1;

/** Compiles the catalog's loader for Node and returns its exports. */
function loadCatalogCode() {
  const entry = [
    "export { FsSource } from './fs-source';",
    "export { allProblems, discoverPacks, enforceUniqueIds, loadPack } from './loader';",
    "export { isExerciseFile, stripHiddenChecksFromText } from '../grading/hidden';",
    "export { EXPECTED_FILE, expectedFileText } from './expected';"
  ].join('\n');
  const result = esbuild.buildSync({
    stdin: {
      contents: entry,
      resolveDir: CATALOG,
      loader: 'ts',
      sourcefile: 'bundle-entry.ts'
    },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    logLevel: 'warning'
  });
  const filename = path.join(CATALOG, 'bundle-entry.js');
  const compiled = new Module(filename, module);
  compiled.filename = filename;
  compiled.paths = Module._nodeModulePaths(CATALOG);
  compiled._compile(result.outputFiles[0].text, filename);
  return compiled.exports;
}

/**
 * Wraps a pack source and keeps a copy of every file the loader reads.
 * Hidden checks are graded only: exercise.json files are recorded (and
 * validated) without them, so they never reach the front-end bundle.
 */
class RecordingSource {
  constructor(inner, files, catalog, prefix = '') {
    this.inner = inner;
    this.files = files;
    this.catalog = catalog;
    this.prefix = prefix;
    this.location = inner.location;
  }

  stat(file) {
    return this.inner.stat(file);
  }

  list(folder) {
    return this.inner.list(folder);
  }

  async read(file) {
    let content = await this.inner.read(file);
    let encoded = encode(content);
    if (typeof encoded === 'string' && this.catalog.isExerciseFile(file)) {
      encoded = this.catalog.stripHiddenChecksFromText(encoded);
      content = Buffer.from(encoded, 'utf8');
    }
    this.files[[this.prefix, file].filter(Boolean).join('/')] = encoded;
    return content;
  }

  child(name) {
    return new RecordingSource(
      this.inner.child(name),
      this.files,
      this.catalog,
      [this.prefix, name].filter(Boolean).join('/')
    );
  }
}

/** UTF-8 files as text (readable diffs, smaller); anything else as base64. */
function encode(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      bytes
    );
  } catch {
    return { base64: Buffer.from(bytes).toString('base64') };
  }
}

function parseArgs(argv) {
  const options = { strict: false, out: DEFAULT_OUT, dirs: [] };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--strict') {
      options.strict = true;
    } else if (arg === '--out') {
      options.out = path.resolve(argv[++index]);
    } else if (arg.startsWith('-')) {
      throw new Error(`unknown option '${arg}'`);
    } else {
      options.dirs.push(path.resolve(arg));
    }
  }
  if (options.dirs.length === 0) {
    options.dirs.push(path.join(ROOT, 'exercises'));
  }
  return options;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const catalog = loadCatalogCode();
  const bundled = [];
  const results = [];
  for (const dir of options.dirs) {
    for (const source of await catalog.discoverPacks(
      new catalog.FsSource(dir)
    )) {
      const files = {};
      const result = await catalog.loadPack(
        new RecordingSource(source, files, catalog),
        'bundled'
      );
      results.push(result);
      keepRecordedValuesThatApply(files, result, catalog);
      const location = path
        .relative(ROOT, source.location)
        .split(path.sep)
        .join('/');
      bundled.push({ location, files: sortKeys(files) });
    }
  }
  let problemCount = 0;
  for (const [index, result] of catalog.enforceUniqueIds(results).entries()) {
    // A pack the build found sound is not validated again in the browser.
    bundled[index].validated = catalog.allProblems(result).length === 0;
    for (const problem of catalog.allProblems(result)) {
      problemCount++;
      const file = path.relative(
        process.cwd(),
        path.join(result.location, problem.file)
      );
      process.stderr.write(
        `${file}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}\n`
      );
    }
  }
  const text = `${JSON.stringify({ format: BUNDLE_FORMAT, packs: bundled })}\n`;
  const previous = fs.existsSync(options.out)
    ? fs.readFileSync(options.out, 'utf8')
    : null;
  if (previous !== text) {
    // Unchanged output keeps its timestamp, so watchers do not rebuild for nothing.
    fs.writeFileSync(options.out, text);
  }
  const exercises = results.reduce(
    (count, result) => count + (result.pack ? result.pack.exercises.length : 0),
    0
  );
  const where = path.relative(process.cwd(), options.out);
  process.stderr.write(
    `bundle-exercises: ${bundled.length} pack(s), ${exercises} valid exercise(s), ${problemCount} problem(s) -> ${where}\n`
  );
  return options.strict && problemCount > 0 ? 1 : 0;
}

/**
 * Each exercise's expected.json as the loader attached it: only the entries
 * of present, non-hidden value checks (so a hand-written entry of a hidden
 * check never reaches the front-end bundle), or no file.
 */
function keepRecordedValuesThatApply(files, result, catalog) {
  for (const file of Object.keys(files)) {
    if (
      file === catalog.EXPECTED_FILE ||
      file.endsWith(`/${catalog.EXPECTED_FILE}`)
    ) {
      delete files[file];
    }
  }
  for (const exercise of result.pack ? result.pack.exercises : []) {
    const recorded = exercise.spec.recordedExpected;
    if (recorded && Object.keys(recorded).length > 0) {
      const file = [exercise.folder, catalog.EXPECTED_FILE]
        .filter(Boolean)
        .join('/');
      files[file] = catalog.expectedFileText(recorded);
    }
  }
}

function sortKeys(object) {
  return Object.fromEntries(
    Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  );
}

main().then(
  code => process.exit(code),
  error => {
    process.stderr.write(
      `bundle-exercises: ${error instanceof Error ? error.stack : String(error)}\n`
    );
    process.exit(2);
  }
);
