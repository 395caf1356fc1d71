#!/usr/bin/env bash
# Sets up .venv and runs every check: lint, format, types, the web app's checks and build,
# the whole test suite, and the browser tests. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_venv.sh dev
.venv/bin/ruff check app tests scripts
.venv/bin/ruff format --check app tests scripts
.venv/bin/mypy
bash scripts/frontend.sh check
bash scripts/frontend.sh build
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
# The browser tests drive Debian's Chromium (never a browser Playwright downloads).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing Debian's chromium for the browser tests" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: the browser tests need /usr/bin/chromium; install it with:" >&2
    echo "  sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
bash scripts/frontend.sh e2e
