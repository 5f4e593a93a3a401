#!/usr/bin/env bash
# Prints how long installing, building and starting take, and the size of the
# prebuilt extension, measured in a fresh clone of this repository (with
# Debian's packages already installed). Usage: bash scripts/bench-setup.sh
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
trap 'kill $LAB 2>/dev/null || true; rm -rf "$WORK"' EXIT
git clone -q "$SRC" "$WORK/repo"
cd "$WORK/repo"

seconds() { local start=$1; node -e "console.log(((Date.now() - $start) / 1000).toFixed(1))"; }
now() { node -e 'console.log(Date.now())'; }
step() { # step LABEL COMMAND...
  local label=$1; shift
  local start; start=$(now)
  "$@" > "$WORK/$label.log" 2>&1
  printf '%-28s %8s s\n' "$label" "$(seconds "$start")"
}

export MLTUTOR_SKIP_APT=1
step "setup, fresh clone" bash scripts/setup.sh
step "setup again, nothing to do" bash scripts/setup.sh
step "rebuild lab front end" npm run build:lab
step "rebuild extension (prod)" npm run build:prod
step "build wheel" /usr/bin/python3 -m pip wheel --no-build-isolation --no-deps --no-index -q -w dist .
grep -h "added .* packages in" "$WORK/setup, fresh clone.log" | sed 's/^/  npm ci: /' || true

PORT=$(node -e "const s=require('net').createServer();s.listen(0,()=>{console.log(s.address().port);s.close()})")
start=$(now)
PORT=$PORT JUPYTER_TOKEN=bench MLTUTOR_WORKSPACE="$WORK/ws" bash scripts/start.sh > "$WORK/start.log" 2>&1 &
LAB=$!
until curl -sf "http://127.0.0.1:$PORT/api/status?token=bench" > /dev/null; do sleep 0.1; done
printf '%-28s %8s s\n' "npm start until serving" "$(seconds "$start")"

static=jupyterlab_mltutor/labextension/static
printf '%-28s %8s KB\n' "prebuilt extension (all)" "$(du -sk "$static" | cut -f1)"
entry=$(ls "$static"/remoteEntry.*.js)
printf '%-28s %8s KB\n' "remoteEntry" "$(( $(stat -c %s "$entry") / 1024 ))"
printf '%-28s %8s KB\n' "wheel" "$(( $(stat -c %s dist/*.whl) / 1024 ))"
kill $LAB
