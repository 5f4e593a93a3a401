#!/usr/bin/env bash
# Installs what is missing and builds what is stale; fast when nothing changed.
# Used by `npm start` and `npm test` (see README). Set MLTUTOR_SKIP_APT=1 to skip
# the Debian packages step (e.g. when they are provided otherwise).
#
# Usage: scripts/setup.sh [STEP]: every step in order, or only one of
#   deps       the Debian packages and the npm dependencies
#   extension  the extension, its CLI (lib/cli.js) and its prebuilt package
#   lab        the development JupyterLab front end (lab/)
#   wheel      the Python package, installed into build/prefix (after extension)
# `npm test` runs deps first, then the other steps beside the suites that do
# not need them (scripts/test-runner.js).
set -euo pipefail
STEP=${1:-all}
case "$STEP" in all | deps | extension | lab | wheel) ;; *)
  echo "setup.sh: unknown step '$STEP' (deps, extension, lab, wheel)" >&2; exit 2 ;;
esac
step() { [ "$STEP" = all ] || [ "$STEP" = "$1" ]; }
cd "$(dirname "$0")/.."
ROOT=$PWD
STAMPS=build/.stamps
mkdir -p "$STAMPS"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# --- Debian packages: the Jupyter server, the kernel, the ML stack, the browser for tests.
APT_PACKAGES=(
  python3-jupyter-server python3-jupyterlab-server python3-ipykernel python3-nbformat
  python3-pandas python3-sklearn python3-matplotlib python3-seaborn python3-plotly
  python3-torch python3-torchvision python3-hatchling python3-pip jupyterhub chromium
  python3-pytest flake8 python3-sqlalchemy python3-psycopg2 postgresql
)
if step deps && [ "${MLTUTOR_SKIP_APT:-0}" != 1 ]; then
  missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

stale() { # stale NAME INPUTS... : true when the inputs changed since the last `fresh NAME`
  local name=$1; shift
  local now; now=$(node scripts/inputs-hash.js "$@")
  [ "$(cat "$STAMPS/$name" 2>/dev/null)" != "$now" ]
}
fresh() { local name=$1; shift; node scripts/inputs-hash.js "$@" > "$STAMPS/$name"; }

# --- npm dependencies (one workspace: extension and lab).
if step deps && { stale npm package-lock.json || [ ! -d node_modules ]; }; then
  log "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
  fresh npm package-lock.json
fi

# --- The development JupyterLab front end.
LAB_INPUTS=(package-lock.json lab/package.json lab/webpack.config.js lab/publicpath.js lab/src lab/templates/template.html)
if step lab && { stale lab "${LAB_INPUTS[@]}" || [ ! -f lab/templates/index.html ]; }; then
  log "building the JupyterLab front end (lab/)"
  npm run --silent build:lab
  fresh lab "${LAB_INPUTS[@]}"
fi

# --- The extension, its CLI and its prebuilt (federated) package.
EXT_INPUTS=(package-lock.json package.json tsconfig.json src style schema exercises docs/authoring.md scripts/bundle-exercises.js scripts/copy-resources.js)
if step extension && { stale extension "${EXT_INPUTS[@]}" || [ ! -f jupyterlab_mltutor/labextension/package.json ]; }; then
  log "building the extension"
  npm run --silent build:prod
  fresh extension "${EXT_INPUTS[@]}"
fi

# --- Install the wheel into a private prefix and serve the extension from there:
# the lab loads exactly what `pip install jupyterlab-mltutor` installs.
# MLTUTOR_DEVELOP=1 links the build folder instead (for `npm run watch`).
if ! step wheel; then
  :
elif [ "${MLTUTOR_DEVELOP:-0}" = 1 ]; then
  mkdir -p build/develop
  ln -sfn "$ROOT/jupyterlab_mltutor/labextension" build/develop/jupyterlab-mltutor
  ln -sfn "$ROOT/build/develop" build/labextensions
elif stale wheel jupyterlab_mltutor pyproject.toml hatch_build.py install.json scripts/npm_version.py ||
  [[ "$(readlink build/labextensions)" != */build/prefix/* ]] ||
  [ ! -e build/labextensions/jupyterlab-mltutor/package.json ]; then
  log "building and installing the wheel (build/prefix)"
  rm -rf dist build/prefix
  /usr/bin/python3 -m pip wheel --no-build-isolation --no-deps --no-index -q -w dist .
  # pip warns that the prefix's scripts folder is not on PATH: expected for a private prefix.
  /usr/bin/python3 -m pip install --no-deps --no-index --prefix build/prefix -q \
    --no-warn-script-location --root-user-action=ignore dist/*.whl
  installed=$(dirname "$(find build/prefix -path '*/share/jupyter/labextensions/jupyterlab-mltutor/package.json' | head -n 1)")
  [ -n "$installed" ] || { echo "the wheel did not install the extension" >&2; exit 1; }
  rm -rf build/labextensions
  ln -sfn "$ROOT/$(dirname "$installed")" build/labextensions
  fresh wheel jupyterlab_mltutor pyproject.toml hatch_build.py install.json scripts/npm_version.py
fi
