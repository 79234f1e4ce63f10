#!/usr/bin/env bash
# Fuzzes the codec entry points (sniff, probe, verify from memory and from a descriptor; metadata removal,
# lossless turns, resizes and conversions of what verify accepts; deflate/inflate) with libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer, counting memory: any
# single allocation of 64 MB or more (-malloc_limit_mb=64) and a process over 1 GiB RSS
# (-rss_limit_mb; ASan's own overhead included) are findings. The harness's limits (4 megapixels,
# 48 MB of libjpeg memory, 1 MB PNG chunks) let no acceptable input need that much.
# Seeds: images written by the project's own fixture encoder (Tests/Fuzz/fuzz_seeds.c over
# CImageFixtures), every image the codec test suite builds (exported by ImageFixtures when
# IMAGE_INGEST_FIXTURE_EXPORT is set; needs a `swift build --build-tests` first), the quick start's
# Samples/, and, when it is beside us, the PngSuite in ../shared/corpus/pngsuite.
#
# Usage: Scripts/fuzz.sh [SECONDS=900] [JOBS=1]
#        Scripts/fuzz.sh replay DIR_OR_FILE...   each input's peak RSS (KiB), largest last
# The corpus grows in .build-fuzz/corpus/ and is reused by the next run.
# Findings land in .build-fuzz/artifacts/; turn each into a regression test and a fix.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bootstrap.sh
out=.build-fuzz
mkdir -p "$out/corpus" "$out/artifacts" "$out/seeds" "$out/test-images"
deps=(libjpeg libturbojpeg libpng16 zlib libgif libtiff-4 libwebpdemux libwebpmux libwebp libheif)
deps_cflags=$(pkg-config --cflags "${deps[@]}")
deps_libs="$(pkg-config --libs "${deps[@]}") -lm"

if [ "${1:-}" = replay ]; then
    shift
    [ "$#" -gt 0 ] || { echo "usage: $0 replay DIR_OR_FILE..." >&2; exit 2; }
    # The same entry points and limits as the fuzzer, without sanitizers: the RSS is the codecs' own.
    clang -O2 -ISources/CImageCodecs/include $deps_cflags \
        Tests/Fuzz/replay_main.c Tests/Fuzz/fuzz_codecs.c Sources/CImageCodecs/*.c $deps_libs -o "$out/fuzz_replay"
    find "$@" -type f -print0 | sort -z | xargs -0 -r "$out/fuzz_replay" | sort -n -k1,1 \
        | awk '/^largest/ { last = $0; next } { print } END { if (last) print last }'
    exit 0
fi

seconds="${1:-900}"
jobs="${2:-1}"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -fuse-ld=lld \
    -ISources/CImageCodecs/include $deps_cflags \
    Tests/Fuzz/fuzz_codecs.c Sources/CImageCodecs/*.c $deps_libs -o "$out/fuzz_codecs"

# Seeds: the project's own fixtures (encoded here, never copied files), the test suite's images,
# then the PngSuite.
clang -O1 -ISources/CImageFixtures/include $deps_cflags \
    Tests/Fuzz/fuzz_seeds.c Sources/CImageFixtures/*.c $deps_libs -o "$out/fuzz_seeds"
"$out/fuzz_seeds" "$out/seeds"
if [ -z "$(ls -A "$out/test-images")" ] && ls -d .build/debug/*PackageTests.* >/dev/null 2>&1; then
    # The codec tests as last built (`swift build --build-tests`); they build every kind of test image.
    IMAGE_INGEST_FIXTURE_EXPORT="$PWD/$out/test-images" \
        swift test --skip-build --filter ImageCodecsTests >/dev/null 2>&1 || true
fi
images=$(ls "$out/test-images" | wc -l)
echo "test suite images: $images files$([ "$images" -gt 0 ] || echo ' (none: run `swift build --build-tests` first)')"
# Samples/ holds the quick start's files (written by the project's SampleWriter test), broken one included.
find Samples -maxdepth 2 -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.jpeg' -o -name '*.heic' -o -name '*.webp' \) -exec cp -f {} "$out/seeds/" \; 2>/dev/null || true
if [ -d ../shared/corpus/pngsuite ]; then
    cp -f ../shared/corpus/pngsuite/*.png "$out/seeds/" 2>/dev/null || true
fi
echo "seeds: $(ls "$out/seeds" | wc -l) files; corpus so far: $(ls "$out/corpus" | wc -l) files"

fork=()
[ "$jobs" -gt 1 ] && fork=(-fork="$jobs")
# A small quarantine keeps ASan's freed-memory pool from counting against the RSS limit.
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:quarantine_size_mb=32:malloc_context_size=20 \
UBSAN_OPTIONS=print_stacktrace=1 \
"$out/fuzz_codecs" "$out/corpus" "$out/seeds" "$out/test-images" \
    -dict=Tests/Fuzz/codecs.dict \
    -max_total_time="$seconds" -rss_limit_mb=1024 -malloc_limit_mb=64 -timeout=10 \
    -max_len=262144 "${fork[@]}" -artifact_prefix="$out/artifacts/" \
    -print_final_stats=1 2>&1 | tee "$out/fuzz.log" \
    | grep -E "^#[0-9]+.*(INITED|DONE|pulse|REDUCE|NEW)|ERROR|SUMMARY|stat::|malloc\(|rss" | grep -vE "(NEW|REDUCE)" || true
# First and last status lines: executions, coverage (cov: edges, ft: features), corpus size, exec/s.
echo "start: $(grep -m1 -E '^#[0-9]+.*INITED' "$out/fuzz.log" || true)"
echo "end:   $(grep -E '^#[0-9]+' "$out/fuzz.log" | tail -n1 || true)"
echo "log: $out/fuzz.log; findings: $(ls "$out/artifacts" | wc -l) in $out/artifacts/"
