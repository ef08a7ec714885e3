#!/usr/bin/env bash
# Set up rnn-atlas on this machine: Jupyter, node_modules, build, project-local tslab kernel.
#
#   bash kernel-helpers/setup.sh           # what `npm run notebooks` needs
#   bash kernel-helpers/setup.sh --tests   # also what `npm test` needs (headless Chromium)
#
# Idempotent and quick when everything is in place (each step checks before it acts).
# Nothing is written to $HOME: the kernelspec and all Jupyter state live in <repo>/.jupyter
# (see kernel-helpers/env.sh, which you can source to use that kernel from JupyterLab).
#
# Environment:
#   RNN_ATLAS_PYTHON=/path/python   the Python that has jupyter_client, nbclient, nbconvert
#                                   (default: /usr/bin/python3, then python3 on PATH)
#   RNN_ATLAS_ALLOW_TYPE_ERRORS=1   report TypeScript errors as a warning instead of failing
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WANT_TESTS=0
QUIET=0
for arg in "$@"; do
  case "$arg" in
    --tests) WANT_TESTS=1 ;;
    --quiet) QUIET=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "setup: unknown option '$arg' (known: --tests, --quiet, --help)" >&2; exit 2 ;;
  esac
done

T0=$(date +%s%N)
say() { [ "$QUIET" = 1 ] || echo "setup: $*"; }
warn() { echo "setup: WARNING: $*" >&2; }
die() { echo "setup: ERROR: $*" >&2; exit 1; }
elapsed() { echo "$(( ($(date +%s%N) - T0) / 1000000 ))ms"; }
# Per-step timings for the final line: `mark name` closes the step that started at the last mark.
TIMINGS=""
T_MARK=$T0
mark() { local now; now=$(date +%s%N); TIMINGS="$TIMINGS $1 $(( (now - T_MARK) / 1000000 ))ms,"; T_MARK=$now; }

JUPYTER_PKGS=(jupyter-client python3-nbclient python3-nbconvert jupyter-nbconvert python3-numpy)
TEST_PKGS=(chromium python3-jupyter-kernel-test python3-torch libopenblas0-pthread g++-aarch64-linux-gnu qemu-user jupyter-notebook slurm-wlm munge)  # slurm-wlm, munge: the one-node test cluster of kernel-helpers/slurm-local.sh (test/cluster/slurm); jupyter-notebook: classic Notebook 6.4 as a real client, serving the executed tour untrusted to Chromium (test/browser/classicNotebook); torch: the PyTorch interop test and the bench (OpenBLAS: without it torch and NumPy run on the reference BLAS, ~10× slower, an unfair peer); the cross compiler and qemu-user: the ARM64/NEON same-bytes tests
PY_MODULES="jupyter_client, nbclient, nbconvert, nbformat, numpy"
PIP_HINT="pip install jupyter_client nbclient nbconvert numpy   # then: export RNN_ATLAS_PYTHON=\$(command -v python3)"

can_apt() { [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  say "apt-get install $*"
  # A fresh machine may have no package lists yet: update once and retry.
  if ! apt-get install -y --no-install-recommends "$@"; then
    say "apt-get install failed; running apt-get update and retrying"
    apt-get update
    apt-get install -y --no-install-recommends "$@"
  fi
}

# --- 1. Node -----------------------------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "node is not on PATH. Install Node.js >= 20.19 (https://nodejs.org)."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node $(node --version) is too old: rnn-atlas needs >= 20.19 (tslab loads ESM-only packages through require)."

# --- 2. Jupyter (Python side) ------------------------------------------------------------------
# Locating the modules (find_spec) instead of importing them keeps this check fast; prints versions.
PY_CHECK='
import importlib.util as u, importlib.metadata as m, sys
mods = ["jupyter_client", "nbclient", "nbconvert", "nbformat", "numpy"]
missing = [n for n in mods if u.find_spec(n) is None]
if missing: sys.exit("missing: " + ", ".join(missing))
print(", ".join(f"{d} {m.version(d)}" for d in ["jupyter_client", "nbclient", "nbconvert"]))
'
JUPYTER_VERSIONS=""
has_jupyter() { JUPYTER_VERSIONS="$("$1" -c "$PY_CHECK" 2>/dev/null)"; }
find_python() {
  if [ -n "${RNN_ATLAS_PYTHON:-}" ]; then
    has_jupyter "$RNN_ATLAS_PYTHON" && PY="$RNN_ATLAS_PYTHON"
    return 0
  fi
  # The PATH python3 can be a pyenv without Jupyter; Debian's packages live in /usr/bin/python3.
  for cand in /usr/bin/python3 "$(command -v python3 || true)"; do
    if [ -n "$cand" ] && [ -x "$cand" ] && has_jupyter "$cand"; then PY="$cand"; return 0; fi
  done
}
PY=""
find_python
if [ -z "$PY" ]; then
  if [ -n "${RNN_ATLAS_PYTHON:-}" ]; then
    die "RNN_ATLAS_PYTHON=$RNN_ATLAS_PYTHON cannot import $PY_MODULES. Install them there: $PIP_HINT"
  fi
  if can_apt; then
    apt_install "${JUPYTER_PKGS[@]}"
    has_jupyter /usr/bin/python3 || die "installed ${JUPYTER_PKGS[*]} but /usr/bin/python3 still cannot import $PY_MODULES."
    PY=/usr/bin/python3
  else
    cat >&2 <<EOF
setup: ERROR: Jupyter is missing: no Python here can import $PY_MODULES.
  On Debian/Ubuntu as root this script installs it with apt:
      apt-get install -y --no-install-recommends ${JUPYTER_PKGS[*]}
  Elsewhere (or without root), install it with pip into a Python of your choice and point setup at it:
      $PIP_HINT
  then run this command again.
EOF
    exit 1
  fi
fi
mkdir -p .jupyter
printf '%s\n' "$PY" > .jupyter/python.tmp && mv .jupyter/python.tmp .jupyter/python
say "python: $PY ($JUPYTER_VERSIONS)"

if [ "$WANT_TESTS" = 1 ]; then
  MISSING=()
  for p in "${TEST_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || MISSING+=("$p")
  done
  if [ "${#MISSING[@]}" -gt 0 ] && can_apt; then
    apt_install "${MISSING[@]}"
  fi
  [ -x "${RNN_ATLAS_CHROMIUM:-/usr/bin/chromium}" ] \
    || die "the browser tests need Chromium at ${RNN_ATLAS_CHROMIUM:-/usr/bin/chromium}. Install it (Debian: apt-get install chromium) or set RNN_ATLAS_CHROMIUM=/path/to/chromium."
  command -v jupyter-notebook >/dev/null 2>&1 \
    || die "the classic Notebook test needs the jupyter-notebook command (Notebook 6). Install it (Debian: apt-get install jupyter-notebook; elsewhere: pip install 'notebook<7' and put its jupyter-notebook on PATH)."
  "$PY" -c 'import torch' 2>/dev/null \
    || die "the PyTorch interop test needs torch in $PY. Install it (Debian: apt-get install python3-torch; elsewhere: pip install torch into that Python)."
fi

mark jupyter

# --- 3. node_modules ---------------------------------------------------------------------------
npm_ci_if_stale() {
  local reason
  if reason="$(node kernel-helpers/deps-fresh.mjs "$ROOT")"; then return 0; fi
  say "npm ci ($reason)"
  # @tensorflow/tfjs-node is optional: offline its download fails and npm drops it. That is fine,
  # the library then uses the wasm backend.
  npm ci --no-audit --no-fund
  node kernel-helpers/deps-fresh.mjs "$ROOT" >/dev/null || die "node_modules still does not match package-lock.json after npm ci."
}
if command -v flock >/dev/null 2>&1 && { [ -w /tmp/npm.lock ] || [ ! -e /tmp/npm.lock ]; }; then
  # Serialise with any other npm install on this machine (check again once we hold the lock).
  exec 9>/tmp/npm.lock
  if ! node kernel-helpers/deps-fresh.mjs "$ROOT" >/dev/null; then flock 9; npm_ci_if_stale; fi
  exec 9>&-
else
  npm_ci_if_stale
fi

mark npm

# --- 4. Build ----------------------------------------------------------------------------------
# Skipped when no TypeScript source, tsconfig.json or package-lock.json changed since the last clean
# build (a fingerprint of every path and mtime: edits, additions, deletions and renames all count).
# Otherwise incremental; tsbuildinfo lives in dist/, so deleting dist/ forces a full build.
fingerprint() {
  find src kernel-helpers test bench -name '*.ts' -printf '%p %T@\n' 2>/dev/null | sort
  stat -c '%n %Y' tsconfig.json package-lock.json 2>/dev/null
}
FP="$(fingerprint | md5sum | cut -c1-32)"
if [ "$(cat dist/.sources.md5 2>/dev/null)" != "$FP" ] || [ ! -f dist/kernel-helpers/runner/main.js ]; then
  # Outputs of deleted or renamed sources would still resolve (dist/src/models/arch.js shadows the
  # folder dist/src/models/arch/): drop every emitted file whose .ts source is gone.
  [ -d dist ] && node -e '
    const fs = require("fs"), path = require("path");
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
    for (const f of walk("dist")) {
      const m = /^dist\/(.*)\.(js|d\.ts|js\.map)$/.exec(f);
      if (m && !fs.existsSync(m[1] + ".ts")) fs.rmSync(f);
    }'
  if TSC_OUT="$(node_modules/.bin/tsc -p . --incremental --tsBuildInfoFile dist/.tsbuildinfo 2>&1)"; then
    printf '%s\n' "$FP" > dist/.sources.md5
  elif [ -f dist/kernel-helpers/runner/main.js ] && [ "${RNN_ATLAS_ALLOW_TYPE_ERRORS:-0}" = 1 ]; then
    warn "TypeScript reported errors (output emitted anyway, RNN_ATLAS_ALLOW_TYPE_ERRORS=1):"
    echo "$TSC_OUT" | head -40 >&2
  else
    echo "$TSC_OUT" >&2
    die "TypeScript build failed (npx tsc -p .). Fix the errors above, or set RNN_ATLAS_ALLOW_TYPE_ERRORS=1 to continue with the emitted JavaScript."
  fi
fi
mark tsc
if node -e 'process.exit(require("./package.json").scripts?.["build:native"] ? 0 : 1)'; then
  # The native kernels are an optimisation with a JS fallback: a failed native build only warns.
  if ! NATIVE_OUT="$(npm run build:native --silent 2>&1)"; then
    warn "native build failed; the JavaScript kernels will be used. Output:"
    echo "$NATIVE_OUT" | tail -20 >&2
  elif grep -q WARNING <<<"$NATIVE_OUT"; then
    grep -A1 WARNING <<<"$NATIVE_OUT" >&2
  fi
fi

mark native

# --- 5. Self-link so notebooks can `import … from "rnn-atlas"` ------------------------------------
# tslab compiles every cell with the notebook's folder as root, so `../src` imports are impossible;
# a package-name import resolves through node_modules upwards from any folder in the repo.
if [ "$(readlink node_modules/rnn-atlas 2>/dev/null || true)" != ".." ]; then
  rm -rf node_modules/rnn-atlas
  ln -s .. node_modules/rnn-atlas
fi

# --- 6. Notebooks: each .ipynb is written from its percent-format .ts source ------------------------
# (kernel-helpers/notebook-source.mjs). An .ipynb edited in Jupyter after its source is never
# overwritten: set-up stops and says how to take the edits into the source.
node kernel-helpers/notebook-source.mjs >/dev/null || die "the notebooks and their .ts sources disagree (see above)."

# --- 7. Project-local tslab kernelspec ---------------------------------------------------------
TSLAB_BIN="$ROOT/node_modules/.bin/tslab"
[ -e "$TSLAB_BIN" ] || die "the tslab kernel is missing ($TSLAB_BIN). Run npm ci (tslab 1.0.22 is a devDependency)."
# The kernel is tslab 1.0.22 behind a thin wrapper (kernel-helpers/kernel) that makes it speak the Jupyter
# protocol properly: execute_result, execute_input with counts, error outputs with cell-line tracebacks.
KERNEL_MAIN="$ROOT/dist/kernel-helpers/kernel/main.js"
[ -e "$KERNEL_MAIN" ] || die "the kernel wrapper is not built ($KERNEL_MAIN). Run npm run build."
NODE_BIN="$(node -p process.execPath)"
source "$ROOT/kernel-helpers/env.sh"
mkdir -p "$JUPYTER_PATH/kernels/tslab" "$JUPYTER_CONFIG_DIR" "$JUPYTER_DATA_DIR" "$JUPYTER_RUNTIME_DIR" "$IPYTHONDIR"
# Absolute node + kernel paths: the kernel works whatever PATH the Jupyter front end has.
SPEC="$(node -e 'process.stdout.write(JSON.stringify({
  argv: [process.argv[1], process.argv[2], "kernel", "--config-path", "{connection_file}"],
  display_name: "TypeScript", language: "typescript",
  metadata: { "rnn-atlas": "project-local tslab kernel, written by kernel-helpers/setup.sh" },
}, null, 1) + "\n")' "$NODE_BIN" "$KERNEL_MAIN")"
KJSON="$JUPYTER_PATH/kernels/tslab/kernel.json"
if [ ! -f "$KJSON" ] || [ "$(cat "$KJSON")" != "$SPEC" ]; then
  rm -f "$JUPYTER_PATH/kernels/tslab/.verified"
  printf '%s\n' "$SPEC" > "$KJSON.tmp" && mv "$KJSON.tmp" "$KJSON"
  say "kernelspec written: $KJSON"
fi
# Ask Jupyter itself which 'tslab' it resolves (once per kernelspec and Python: it costs a second).
VERIFIED="$PY $JUPYTER_PATH"
if [ "$(cat "$JUPYTER_PATH/kernels/tslab/.verified" 2>/dev/null)" != "$VERIFIED" ]; then
  FOUND="$("$PY" -c 'from jupyter_client.kernelspec import KernelSpecManager as K; print(K().get_kernel_spec("tslab").resource_dir)' 2>&1)" \
    || die "Jupyter cannot find the tslab kernelspec: $FOUND"
  [ "$FOUND" = "$JUPYTER_PATH/kernels/tslab" ] || die "Jupyter resolves kernel 'tslab' to $FOUND instead of $JUPYTER_PATH/kernels/tslab."
  printf '%s\n' "$VERIFIED" > "$JUPYTER_PATH/kernels/tslab/.verified"
fi

mark kernel
say "ready in $(elapsed) (${TIMINGS%,} ): kernel 'tslab' -> $KJSON"
if [ "$QUIET" != 1 ]; then
  echo "setup: to use this kernel yourself: source kernel-helpers/env.sh   (sets JUPYTER_PATH=$JUPYTER_PATH,"
  echo "setup:   JUPYTER_CONFIG_DIR, JUPYTER_DATA_DIR, JUPYTER_RUNTIME_DIR, IPYTHONDIR under .jupyter/)"
fi
