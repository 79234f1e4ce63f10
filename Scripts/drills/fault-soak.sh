#!/usr/bin/env bash
# Fault soak drill: FILES (default 1000) images through a sandbox that fails, throttles, drops and stalls;
# checks exactly-once, journal/report agreement and secrets. See Scripts/drills/fault_soak.py.
set -euo pipefail
exec python3 "$(dirname "$0")/fault_soak.py" "$@"
