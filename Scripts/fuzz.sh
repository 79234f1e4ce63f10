#!/usr/bin/env bash
# Fuzzes the codec entry points (probe, verify, deflate/inflate) with libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer, seeded with the project's own images.
# Usage: Scripts/fuzz.sh [SECONDS=900] [JOBS=2]
# Findings land in .build-fuzz/artifacts/; turn each into a regression test and a fix.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-900}"
jobs="${2:-2}"
Scripts/bootstrap.sh
out=.build-fuzz
mkdir -p "$out/corpus" "$out/artifacts" "$out/seeds"

clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -ISources/CImageCodecs/include $(pkg-config --cflags libjpeg libpng16 zlib) \
    Tests/Fuzz/fuzz_codecs.c Sources/CImageCodecs/*.c \
    $(pkg-config --libs libjpeg libpng16 zlib) -o "$out/fuzz_codecs"

# Seeds: the project's own sample images, plus the PngSuite from ../shared when it is beside us.
cp -f Samples/*.jpg Samples/*.png "$out/seeds/" 2>/dev/null || true
[ -d ../shared/corpus/pngsuite ] && cp -f ../shared/corpus/pngsuite/*.png "$out/seeds/" 2>/dev/null || true
[ -d "$out/fixtures" ] && cp -f "$out"/fixtures/* "$out/seeds/" 2>/dev/null || true

ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
"$out/fuzz_codecs" "$out/corpus" "$out/seeds" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=10 \
    -max_len=262144 $([ "$jobs" -gt 1 ] && echo "-fork=$jobs") -artifact_prefix="$out/artifacts/" \
    -print_final_stats=1 2>&1 | tee "$out/fuzz.log" | grep -E "^#[0-9]+.*(INITED|DONE|pulse)|ERROR|SUMMARY|stat::" || true
echo "log: $out/fuzz.log; findings: $(ls "$out/artifacts" | wc -l)"
