#!/usr/bin/env bash
# Renewing-credentials drill: FILES (default 1000) images imported against `image-ingest-sandbox
# --demo-credentials` whose tickets (then OAuth access tokens) live LIFETIME seconds (default 2): every file done,
# each project's picture uploaded exactly once, renewals throughout; a revoked refresh token and a key that does
# not match end at once with exit 3; no secret anywhere. See Scripts/drills/renewing_credentials.py.
set -euo pipefail
exec python3 "$(dirname "$0")/renewing_credentials.py" "$@"
