#!/usr/bin/env bash
# Sets up a fresh machine, builds the web app and serves it with the API (default: in-process
# engine with a demo clinic).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup_venv.sh
# The web app served at / (built when frontend/dist is missing or older than its sources).
if ! bash scripts/frontend.sh build; then
  echo "run_server.sh: WARNING: the web app could not be built; serving the API only" \
    "(and any earlier build). Retry with: bash scripts/frontend.sh build" >&2
fi
read -r ENGINE HOST PORT < <(.venv/bin/python -c \
  'from app.config import get_settings as g; s = g(); print("memory" if s.uses_memory_engine else "mongodb", s.host, s.port)')
if [ "$ENGINE" = "memory" ]; then
  # The in-process database lives inside the server, so the server seeds it itself.
  export SEED_DEMO_DATA=true
else
  .venv/bin/python -m scripts.init_db
  .venv/bin/python -m scripts.seed_data
fi
# --no-proxy-headers: the app alone decides whom to believe about the client's address and
# scheme (FORWARDED_ALLOW_IPS); uvicorn would otherwise trust X-Forwarded-* from 127.0.0.1.
exec .venv/bin/uvicorn app.main:app --host "$HOST" --port "$PORT" --no-proxy-headers
