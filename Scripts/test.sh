#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite (Swift Testing).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bootstrap.sh
swift test -Xswiftc -warnings-as-errors "$@"
