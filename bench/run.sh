#!/usr/bin/env bash
# The benchmark in one command (see bench/bench.py and docs/performance.md):
#   bench/run.sh            # or: make bench
# Needs PostgreSQL (BENCH_DATABASE_URL, default portal_bench on localhost) and wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

# The venv and the locked runtime dependencies; nothing to do when they are there.
make --no-print-directory install
if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq wrk >/dev/null || echo "wrk unavailable: falling back to a Python load generator"
fi
# wrk loads the site from one address: no render limit per address.
export PORTAL_RENDER_RATE=0
exec .venv/bin/python bench/bench.py run
