#!/usr/bin/env bash
# `npm test`: install what tests need, then run every test — lint, unit (jest),
# kernel-backed integration (jest + a real Jupyter server), the exercises'
# verification in real kernels, and the browser UI tests (Playwright + Chromium).
# Python: flake8 over the repository, pytest over tests/python (the harness,
# the hub service). Every suite runs even when an earlier one fails; the last line sums them up.
set -uo pipefail
cd "$(dirname "$0")/.."
# The packages and npm dependencies first; the builds run as jobs beside the
# suites that do not need them (scripts/test-runner.js).
bash scripts/setup.sh deps || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

RESULTS=build/test-results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# Every suite runs even when another fails; a failed build fails the suites that need it.
node scripts/test-runner.js "$RESULTS"

printf '\n\033[1m== summary ==\033[0m\n'
node scripts/test-summary.js "$RESULTS"
status=$?
# A job that failed without a report of its own (a build, a crash) shows in its status file.
failed_suites=$(grep -lv '^0$' "$RESULTS"/*.status 2>/dev/null | xargs -r -n1 basename | sed 's/\.status$//' | tr '\n' ' ')
if [ -n "$failed_suites" ]; then
  echo "failed suites: $failed_suites" >&2
  status=1
fi
exit $status
