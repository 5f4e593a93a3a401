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

# Two lanes run side by side: most suites spend much of their time waiting on
# kernels, servers and the browser, so two streams use the 2 cores better than
# one. Each suite's output goes to its own log, printed whole when the suite
# ends so the lanes never interleave. MLTUTOR_TEST_LANES=1 runs one after another.
suite() { # suite NAME COMMAND...: runs a suite, recording its status and time
  local name=$1; shift
  local start=$SECONDS
  printf '\033[1m-- %s started\033[0m\n' "$name"
  "$@" > "$RESULTS/$name.log" 2>&1
  local status=$?
  echo "$status" > "$RESULTS/$name.status"
  # Each suite's wall time, so a slow suite is visible in every run's log.
  echo "$((SECONDS - start))" > "$RESULTS/$name.seconds"
  {
    printf '\n\033[1m== %s (%s s, exit %s) ==\033[0m\n' "$name" "$((SECONDS - start))" "$status"
    cat "$RESULTS/$name.log"
  } | flock "$RESULTS/.print" cat
}

# Every recorded wrong answer must name the diagnosis its failure produces.
verify() { node bin/mltutor.js verify exercises --require-diagnoses | tee "$RESULTS/verify.txt"; }

quick_and_verify() {
  suite lint npm run --silent lint:check
  suite typecheck npm run --silent typecheck
  suite pylint flake8 .
  suite python /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/python --junitxml="$RESULTS/python.xml"
  suite unit npx jest --ci --json --outputFile="$RESULTS/unit.json"
  suite validate node bin/mltutor.js validate exercises
  suite verify verify
  # A real JupyterHub, proxy and learners' servers, started by the tests themselves.
  suite hub npx playwright test -c ui-tests/hub/playwright.config.ts
}

servers_and_browser() {
  suite integration npx jest --ci -c jest.integration.config.js --json --outputFile="$RESULTS/integration.json"
  suite ui npx playwright test -c ui-tests/playwright.config.ts
}

if [ "${MLTUTOR_TEST_LANES:-2}" = 1 ]; then
  quick_and_verify
  servers_and_browser
else
  quick_and_verify &
  lane=$!
  servers_and_browser
  wait "$lane"
fi

printf '\n\033[1m== summary ==\033[0m\n'
node scripts/test-summary.js "$RESULTS"
status=$?
# The lanes run in subshells, so the failures are read back from the status files.
failed_suites=$(grep -lv '^0$' "$RESULTS"/*.status 2>/dev/null | xargs -r -n1 basename | sed 's/\.status$//' | tr '\n' ' ')
if [ -n "$failed_suites" ]; then
  echo "failed suites: $failed_suites" >&2
  status=1
fi
exit $status
