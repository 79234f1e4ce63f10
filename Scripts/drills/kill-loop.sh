#!/usr/bin/env bash
# Kill loop drill: ROUNDS (default 20) imports of FILES (default 300) images killed at random moments
# (SIGINT and kill -9 alternating), then one run to the end; checks the end state equals an uninterrupted run.
# See Scripts/drills/kill_loop.py.
set -euo pipefail
exec python3 "$(dirname "$0")/kill_loop.py" "$@"
