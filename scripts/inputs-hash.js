#!/usr/bin/env node
// Prints a hash of the given files and folders (recursively), to skip a build
// step whose inputs did not change. Node built-ins only: runs before `npm ci`.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const SKIP = new Set([
  'node_modules',
  '.git',
  '__pycache__',
  '.ipynb_checkpoints'
]);

function walk(entry, hash) {
  if (!fs.existsSync(entry)) {
    hash.update(`missing:${entry}\n`);
    return;
  }
  const stat = fs.statSync(entry);
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(entry).sort()) {
      if (!SKIP.has(name)) {
        walk(path.join(entry, name), hash);
      }
    }
  } else {
    hash.update(`${entry}\n`);
    hash.update(fs.readFileSync(entry));
  }
}

const hash = crypto.createHash('sha256');
for (const entry of process.argv.slice(2)) {
  walk(entry, hash);
}
process.stdout.write(`${hash.digest('hex')}\n`);
