#!/usr/bin/env node
// Copies the non-TypeScript resources of src/ (the Python harness, generated
// JSON) next to the compiled JavaScript in lib/, where webpack bundles them.
// `--watch` keeps copying them as they change (for `npm run watch`).
const fs = require('fs');
const path = require('path');

const EXTENSIONS = new Set(['.py', '.json']);

function copy(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__') {
        copy(source, target);
      }
    } else if (EXTENSIONS.has(path.extname(entry.name))) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
    }
  }
}

const SRC = path.join(__dirname, '..', 'src');
const LIB = path.join(__dirname, '..', 'lib');
copy(SRC, LIB);

if (process.argv.includes('--watch')) {
  fs.watch(SRC, { recursive: true }, (event, name) => {
    if (
      name &&
      EXTENSIONS.has(path.extname(name)) &&
      !name.split(path.sep).includes('__tests__') &&
      fs.existsSync(path.join(SRC, name))
    ) {
      fs.mkdirSync(path.dirname(path.join(LIB, name)), { recursive: true });
      fs.copyFileSync(path.join(SRC, name), path.join(LIB, name));
    }
  });
}
