#!/usr/bin/env node
// The CLI is bundled (with its Python harness) into lib/cli.js by `npm run build:cli`.
require('../lib/cli.js').runCli();
