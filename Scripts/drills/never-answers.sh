#!/usr/bin/env bash
# Never-answers drill: FILES (default 12) images against a sandbox that never answers, with
# --request-timeout TIMEOUT (default 2 s); the run must end, fail them as timeouts, and a rerun against a healthy
# sandbox must finish them. See Scripts/drills/never_answers.py.
set -euo pipefail
exec python3 "$(dirname "$0")/never_answers.py" "$@"
