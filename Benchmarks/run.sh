#!/usr/bin/env bash
# Times image-ingest and the tools people use instead, in one run, on one corpus.
# Usage: Benchmarks/run.sh [CORPUS_DIR] [RUNS]
#   CORPUS_DIR defaults to Benchmarks/corpus-3000 (written by ../shared/bench/make-corpus.py if missing,
#   with the settings of issue 5: --count 3000 --max-side 1600 --bad 60). Nothing here is committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
shared="$root/../shared/bench"
corpus="${1:-$here/corpus-3000}"
runs="${2:-3}"

if [ ! -f "$corpus/MANIFEST.tsv" ]; then
    python3 "$shared/make-corpus.py" "$corpus" --count 3000 --max-side 1600 --bad 60
fi
# Statically linked Swift runtime, as the CLI would ship: ~3 ms less start-up a process.
(cd "$root" && swift build -c release --static-swift-stdlib --product image-ingest && swift build -c release --static-swift-stdlib --product image-ingest-sandbox)
(cd "$here" && swift build -c release --product ingest-bench)
bin="$root/.build/release/image-ingest"

echo "== probe: image-ingest beside its peers (probe-peers.py) =="
python3 "$shared/probe-peers.py" "$corpus" --runs "$runs" --ours "$bin probe --json --files-from {list}"
echo
echo "== verify and pack: image-ingest beside its peers (verify-peers.py) =="
python3 "$shared/verify-peers.py" "$corpus" --runs "$runs" \
    --ours-verify "$bin probe --verify --json --files-from {list}" \
    --ours-pack "$bin probe --pack --zip-level 6 --json --files-from {list}"
echo
echo "== ingest-bench: rates, end-to-end import against the sandbox, peak RSS =="
"$here/.build/release/ingest-bench" "$corpus" --binary "$bin" --runs "$runs"
