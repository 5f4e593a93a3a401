#!/usr/bin/env bash
# Try a class on one machine: JupyterHub (Debian's 3.x) with the project's lab for every
# learner, each in their own home folder, and the class dashboard for instructors.
#
#   bash scripts/class-on-one-machine.sh            # then open the printed URL
#
# Environment (all optional):
#   PORT (8000)            the hub's public port on 127.0.0.1
#   CLASS_DIR (./class)    homes, hub database, dashboard data (kept between runs)
#   CLASS_PASSWORD         the one password everybody logs in with (default: printed)
#   CLASS_INSTRUCTORS      comma-separated instructor names (default: teacher)
#   CLASS_POLICY           a policy file learners cannot undo (see docs/classroom.md)
#   CLASS_DB_URL           the dashboard's database (default: SQLite in CLASS_DIR/service)
#   SKIP_SETUP=1           do not run scripts/setup.sh first (it is already built)
# Log in as any name with the password; "teacher" sees the dashboard under Services.
# Test authenticator, no isolation between learners beyond folders: not for strangers.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
[ "${SKIP_SETUP:-0}" = 1 ] || bash scripts/setup.sh

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export MLTUTOR_REPO=$REPO
export MLTUTOR_CLASS_DIR=${CLASS_DIR:-$REPO/class}
export MLTUTOR_CLASS_PORT=${PORT:-8000}
export MLTUTOR_CLASS_HUB_PORT=$(free_port)
export MLTUTOR_CLASS_PROXY_API_PORT=$(free_port)
export MLTUTOR_CLASS_SERVICE_PORT=$(free_port)
export MLTUTOR_CLASS_PASSWORD=${CLASS_PASSWORD:-$(node -e "process.stdout.write(require('crypto').randomBytes(6).toString('hex'))")}
export MLTUTOR_CLASS_INSTRUCTORS=${CLASS_INSTRUCTORS:-teacher}
[ -z "${CLASS_POLICY:-}" ] || export MLTUTOR_CLASS_POLICY=$CLASS_POLICY
[ -z "${CLASS_DB_URL:-}" ] || export MLTUTOR_CLASS_DB_URL=$CLASS_DB_URL
export CONFIGPROXY_AUTH_TOKEN=$(node -e "process.stdout.write(require('crypto').randomBytes(24).toString('hex'))")
SITE=$( (ls -d "$REPO"/build/prefix/local/lib/python3*/dist-packages "$REPO"/build/prefix/lib/python3*/site-packages 2>/dev/null || true) | head -n 1)
[ -n "$SITE" ] || { echo "the wheel is not installed in build/prefix: run scripts/setup.sh" >&2; exit 1; }
export PYTHONPATH=$SITE
mkdir -p "$MLTUTOR_CLASS_DIR"

printf '\n\033[1mA class on one machine\033[0m\n  http://127.0.0.1:%s/  password: %s\n  instructors: %s (dashboard: http://127.0.0.1:%s/services/mltutor-class/)\n  homes in %s/homes  (Ctrl+C to stop)\n\n' \
  "$MLTUTOR_CLASS_PORT" "$MLTUTOR_CLASS_PASSWORD" "$MLTUTOR_CLASS_INSTRUCTORS" "$MLTUTOR_CLASS_PORT" "$MLTUTOR_CLASS_DIR"
cd "$MLTUTOR_CLASS_DIR"
exec /usr/bin/python3 -m jupyterhub -f "$REPO/jupyterlab_mltutor/hub/testbed_config.py"
