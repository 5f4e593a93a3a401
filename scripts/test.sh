#!/usr/bin/env bash
# `npm test`: install what tests need, then run every test — lint, unit (jest),
# kernel-backed integration (jest + a real Jupyter server), the exercises'
# verification in real kernels, and the browser UI tests (Playwright + Chromium).
# Python: flake8 over the repository, pytest over tests/python (the harness,
# the hub service). Every suite runs even when an earlier one fails; the last line sums them up.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

RESULTS=build/test-results
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
failed_suites=()

suite() { # suite NAME COMMAND...: runs a suite, recording its exit status
  local name=$1; shift
  printf '\n\033[1m== %s ==\033[0m\n' "$name"
  local start=$SECONDS
  "$@"
  local status=$?
  echo "$status" > "$RESULTS/$name.status"
  # Each suite's wall time, so a slow suite is visible in every run's log.
  echo "$((SECONDS - start))" > "$RESULTS/$name.seconds"
  [ "$status" = 0 ] || failed_suites+=("$name")
}

suite lint npm run --silent lint:check
suite typecheck npm run --silent typecheck
suite pylint flake8 .
suite python /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/python --junitxml="$RESULTS/python.xml"
suite unit npx jest --ci --json --outputFile="$RESULTS/unit.json"
suite integration npx jest --ci -c jest.integration.config.js --json --outputFile="$RESULTS/integration.json"
suite validate node bin/mltutor.js validate exercises
verify() { node bin/mltutor.js verify exercises | tee "$RESULTS/verify.txt"; }
suite verify verify
suite ui npx playwright test -c ui-tests/playwright.config.ts
# A real JupyterHub, proxy and learners' servers, started by the tests themselves.
suite hub npx playwright test -c ui-tests/hub/playwright.config.ts

printf '\n\033[1m== summary ==\033[0m\n'
node scripts/test-summary.js "$RESULTS"
status=$?
if [ ${#failed_suites[@]} -gt 0 ]; then
  echo "failed suites: ${failed_suites[*]}" >&2
  status=1
fi
exit $status
