#!/usr/bin/env bash
# Client CPU of an import beside `probe --verify` on the same files, and the import's wall time beside the
# reference uploader (../shared/bench/reference-uploader.py --threads 4 --verify), in one run, against one
# `image-ingest-sandbox` started as its own process (request limiter off). Issue 22's figures.
# Usage: Benchmarks/import-cpu.sh CORPUS_DIR [BINARY]
#   CORPUS_DIR: written by ../shared/bench/make-corpus.py (never committed); BINARY: a release build of the CLI,
#   with image-ingest-sandbox built beside it (swift build -c release --product image-ingest-sandbox).
# Each line: what, wall seconds, user + sys CPU seconds, peak RSS (KiB), from GNU time.
set -euo pipefail
corpus="$1"
bin="${2:-$(cd "$(dirname "$0")/.." && pwd)/.build/release/image-ingest}"
shared="$(cd "$(dirname "$0")/../.." && pwd)/shared/bench"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 20000))
export SO_TICKET="7T:bench-ticket"
measure() { # name, command...
    local name="$1"; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >"$work/out" 2>"$work/err" || tail -3 "$work/err" >&2
    read -r wall user sys rss <"$work/time"
    printf '%-28s wall %6.2f s  cpu %6.2f s (user %.2f, sys %.2f)  rss %d KiB\n' "$name" "$wall" \
        "$(echo "$user + $sys" | bc)" "$user" "$sys" "$rss"
    echo "$wall $(echo "$user + $sys" | bc)" >"$work/$name.fig"
}
sandbox_bin="$(dirname "$bin")/image-ingest-sandbox"
[ -x "$sandbox_bin" ] || { echo "no $sandbox_bin: build it beside $bin (swift build -c release --product image-ingest-sandbox)" >&2; exit 1; }
start_sandbox() {
    [ -n "${sandbox_pid:-}" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null || true
    rm -rf "$work/sandbox-data"
    "$sandbox_bin" --port "$port" --quiet >/dev/null 2>&1 &  # in memory, as ingest-bench starts it
    sandbox_pid=$!
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/api/v1/Project/1/ImageInfo?projectId=1" \
        -H "Authorization: SOTicket $SO_TICKET" && return 0; sleep 0.1; done
    echo "the sandbox did not answer on port $port" >&2
    exit 1
}
find "$corpus" -maxdepth 1 -type f \( -name '*.jpg' -o -name '*.png' \) | sort >"$work/list"
# make-corpus.py names files `1000-0.jpg`: digits after the dash read as a date to the name rule, so the import
# takes its projects from a manifest, as the reference uploader takes them from the leading digits
{ echo "path,projectId"; sed -E 's|.*/(([0-9]+)[^/]*)$|\1,\2|' "$work/list"; } >"$work/manifest.csv"
echo "$(wc -l <"$work/list") files in $corpus; $(nproc) cores; load $(cut -d' ' -f1 /proc/loadavg)"
measure "probe --verify" "$bin" probe --verify --json --files-from "$work/list"
start_sandbox
measure "import" "$bin" import "$corpus" --json --force --journal "$work/journal.sqlite" --manifest "$work/manifest.csv" \
    --base-url "http://127.0.0.1:$port/" --requests-per-second 0
grep -c "\"event\":\"done\"" "$work/out" | sed "s/^/  import done: /"
# the reference uploader's work and nothing more: two requests a file (no read of the project's ImageInfo, which
# the defaults --existing if-different and the backup of a replaced picture need), Description the file's name
{ echo "path,projectId,description"; sed -E 's|.*/(([0-9]+)[^/]*)$|\1,\2,\1|' "$work/list"; } >"$work/manifest-described.csv"
start_sandbox
measure "import (reference's work)" "$bin" import "$corpus" --json --force --journal "$work/journal2.sqlite" \
    --manifest "$work/manifest-described.csv" --existing replace --no-backup --conceptual-type "" \
    --base-url "http://127.0.0.1:$port/" --requests-per-second 0
grep -c "\"event\":\"done\"" "$work/out" | sed "s/^/  import done: /"
start_sandbox
measure "reference-uploader" python3 "$shared/reference-uploader.py" "$corpus" \
    --base-url "http://127.0.0.1:$port/" --threads 4 --verify
tail -1 "$work/out" | sed 's/^/  reference: /'
read -r _ probe_cpu <"$work/probe --verify.fig"
read -r import_wall import_cpu <"$work/import.fig"
read -r ref_wall _ <"$work/reference-uploader.fig"
echo "import CPU / probe --verify CPU: $(echo "scale=2; $import_cpu / $probe_cpu" | bc)x (target at most 1.4x)"
echo "reference wall / import wall:    $(echo "scale=2; $ref_wall / $import_wall" | bc)x (target at least 3x)"
read -r same_wall same_cpu <"$work/import (reference's work).fig"
echo "the reference's work only (two requests a file, no read, no backup):"
echo "  import CPU / probe --verify CPU: $(echo "scale=2; $same_cpu / $probe_cpu" | bc)x"
echo "  reference wall / import wall:    $(echo "scale=2; $ref_wall / $same_wall" | bc)x"
