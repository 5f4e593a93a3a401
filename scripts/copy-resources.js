#!/usr/bin/env node
// Copies the non-TypeScript resources of src/ (the Python harness, generated
// JSON) next to the compiled JavaScript in lib/, where webpack bundles them.
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

copy(path.join(__dirname, '..', 'src'), path.join(__dirname, '..', 'lib'));
