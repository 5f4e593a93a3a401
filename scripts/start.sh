#!/usr/bin/env bash
# `npm start`: install what is missing, build what is stale, and serve JupyterLab
# with the extension and the bundled exercises at http://127.0.0.1:$PORT/lab.
#   PORT (default 8888), JUPYTER_TOKEN (default: a random one, printed),
#   MLTUTOR_WORKSPACE (default ./workspace): the folder notebooks are served from.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

PORT=${PORT:-8888}
TOKEN=${JUPYTER_TOKEN:-$(node -e "process.stdout.write(require('crypto').randomBytes(24).toString('hex'))")}
WORKSPACE=${MLTUTOR_WORKSPACE:-$PWD/workspace}
mkdir -p "$WORKSPACE"

URL="http://127.0.0.1:$PORT/lab?token=$TOKEN"
printf '\n\033[1mJupyterLab with jupyterlab-mltutor\033[0m\n  %s\n  notebooks in %s\n  (Ctrl+C to stop)\n\n' "$URL" "$WORKSPACE"
exec /usr/bin/python3 lab/main.py \
  --ServerApp.ip=127.0.0.1 \
  --ServerApp.port="$PORT" \
  --ServerApp.port_retries=0 \
  --ServerApp.token="$TOKEN" \
  --ServerApp.open_browser=False \
  --ServerApp.root_dir="$WORKSPACE" \
  --ServerApp.allow_root=True \
  --LabServerApp.extra_labextensions_path="$PWD/build/labextensions"
