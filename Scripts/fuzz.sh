#!/usr/bin/env bash
# Fuzzes the codec entry points (sniff, probe, verify from memory and from a descriptor, deflate/
# inflate) with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, seeded with images
# written by the project's own fixture encoder (Tests/Fuzz/fuzz_seeds.c over CImageFixtures), the
# quick start's Samples/, and, when it is beside us, the PngSuite in ../shared/corpus/pngsuite.
# Usage: Scripts/fuzz.sh [SECONDS=900] [JOBS=1]
# The corpus grows in .build-fuzz/corpus/ and is reused by the next run.
# Findings land in .build-fuzz/artifacts/; turn each into a regression test and a fix.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-900}"
jobs="${2:-1}"
Scripts/bootstrap.sh
out=.build-fuzz
mkdir -p "$out/corpus" "$out/artifacts" "$out/seeds"
deps_cflags=$(pkg-config --cflags libjpeg libpng16 zlib)
deps_libs=$(pkg-config --libs libjpeg libpng16 zlib)

clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fuse-ld=lld \
    -ISources/CImageCodecs/include $deps_cflags \
    Tests/Fuzz/fuzz_codecs.c Sources/CImageCodecs/*.c $deps_libs -o "$out/fuzz_codecs"

# Seeds: the project's own fixtures (encoded here, never copied files), then the PngSuite.
clang -O1 -ISources/CImageFixtures/include $deps_cflags \
    Tests/Fuzz/fuzz_seeds.c Sources/CImageFixtures/*.c $deps_libs -o "$out/fuzz_seeds"
"$out/fuzz_seeds" "$out/seeds"
# Samples/ holds the quick start's files (written by the project's SampleWriter test), broken one included.
find Samples -maxdepth 2 -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.jpeg' \) -exec cp -f {} "$out/seeds/" \; 2>/dev/null || true
if [ -d ../shared/corpus/pngsuite ]; then
    cp -f ../shared/corpus/pngsuite/*.png "$out/seeds/" 2>/dev/null || true
fi
echo "seeds: $(ls "$out/seeds" | wc -l) files; corpus so far: $(ls "$out/corpus" | wc -l) files"

fork=()
[ "$jobs" -gt 1 ] && fork=(-fork="$jobs")
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
UBSAN_OPTIONS=print_stacktrace=1 \
"$out/fuzz_codecs" "$out/corpus" "$out/seeds" \
    -dict=Tests/Fuzz/codecs.dict \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=10 \
    -max_len=262144 "${fork[@]}" -artifact_prefix="$out/artifacts/" \
    -print_final_stats=1 2>&1 | tee "$out/fuzz.log" \
    | grep -E "^#[0-9]+.*(INITED|DONE|pulse|REDUCE|NEW)|ERROR|SUMMARY|stat::" | grep -vE "(NEW|REDUCE)" || true
# First and last status lines: executions, coverage (cov: edges, ft: features), corpus size, exec/s.
echo "start: $(grep -m1 -E '^#[0-9]+.*INITED' "$out/fuzz.log" || true)"
echo "end:   $(grep -E '^#[0-9]+' "$out/fuzz.log" | tail -n1 || true)"
echo "log: $out/fuzz.log; findings: $(ls "$out/artifacts" | wc -l) in $out/artifacts/"
