#!/usr/bin/env bash
# Installs what is missing (with Debian's chromium, for the pictures page test), then runs the whole test
# suite (Swift Testing).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bootstrap.sh chromium
swift test -Xswiftc -warnings-as-errors "$@"
