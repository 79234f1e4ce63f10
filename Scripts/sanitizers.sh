#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and ThreadSanitizer, each in its own scratch path
# (.build-asan, .build-tsan: full rebuilds, 10+ minutes each the first time).
# Usage: Scripts/sanitizers.sh [address|thread|all=all] [FILTER]
#   FILTER is a swift test --filter regex applied to both; by default every suite runs under each.
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
filter="${2:-}"
Scripts/bootstrap.sh
run() {
    local sanitizer="$1" scratch="$2"
    echo "== swift test --sanitize=$sanitizer --scratch-path $scratch ${filter:+--filter '$filter'}"
    swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" -Xswiftc -warnings-as-errors
    swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" ${filter:+--filter "$filter"}
}
# halt_on_error: the first report fails the run; detect_leaks: C-side leaks count too.
# Scripts/lsan.supp lists toolchain-only leaks (XCTest's harness, swift-foundation file reads).
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/Scripts/lsan.supp:print_suppressions=0}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1}"
case "$which" in
address) run address .build-asan ;;
thread) run thread .build-tsan ;;
all)
    run address .build-asan
    run thread .build-tsan
    ;;
*) echo "usage: $0 [address|thread|all] [FILTER]" >&2; exit 2 ;;
esac
