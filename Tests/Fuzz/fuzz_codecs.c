/*
 * libFuzzer harness over the codec entry points of CImageCodecs: sniff, probe and verify of
 * arbitrary bytes, from memory and from a file descriptor, what the pipeline then runs on what verify accepts
 * (metadata removal, turns, resizes, conversions of GIF/TIFF/BMP/WebP/HEIF), plus a zlib round trip.
 * Built and run by Scripts/fuzz.sh with AddressSanitizer and UndefinedBehaviorSanitizer, and with
 * -malloc_limit_mb=64: the limits below are small enough that no input they accept needs a 64 MB
 * allocation (4 megapixels: a PNG row of at most 32 MB, a JPEG coefficient buffer of at most
 * 48 MB; chunks of at most 1 MB), so any allocation over that is a finding.
 * Built without sanitizers and with replay_main.c, the same entry points replay a folder of
 * inputs and print each one's peak RSS (Scripts/fuzz.sh replay DIR).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "CImageCodecs.h"

static int memory_file(const uint8_t *data, size_t size) {
    int fd = memfd_create("fuzz", 0);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) { close(fd); return -1; }
        done += (size_t)n;
    }
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* Limits as the CLI sets them, but small enough that no accepted input may need 64 MB. */
    cic_limits limits = {
        .max_pixels = 4000000u,
        .max_file_bytes = 64u * 1024u * 1024u,
        .max_memory = 48u * 1024u * 1024u,
        .max_scans = 256,
        .max_chunk_bytes = 1u * 1024u * 1024u,
    };
    cic_result result;  /* every probe/verify entry point clears it first (reset in cic_dispatch.c) */
    static const uint8_t empty = 0;
    const uint8_t *buf = size ? data : &empty;

    (void)cic_sniff(buf, size);
    (void)cic_probe_memory(buf, size, &limits, &result);
    if (cic_verify_memory(buf, size, &limits, &result) == cic_status_ok) {
        /* metadata removal, turns and resizes run only on what verify accepted, as the pipeline runs them; the
         * input's length picks the orientation and the target side, so every transform and scale is reached */
        cic_resize_request request = {
            .max_side = 1u + (uint32_t)(size % 300u),
            .orientation = 1 + (int32_t)(size % 8u),
            .quality = 85,
        };
        uint8_t *out = NULL;
        size_t out_len = 0;
        cic_result other;
        if (result.format == cic_format_jpeg) {
            memset(&other, 0, sizeof(other));
            (void)cic_jpeg_strip_metadata(buf, size, limits.max_memory, result.orientation, &out, &out_len, &other);
            cic_free(out);
            out = NULL;
            memset(&other, 0, sizeof(other));
            (void)cic_jpeg_transform(buf, size, request.orientation, result.progressive, &out, &out_len, &other);
            cic_free(out);
            out = NULL;
            memset(&other, 0, sizeof(other));
            (void)cic_jpeg_resize(buf, size, &limits, &request, &out, &out_len, &other);
            cic_free(out);
        } else if (result.format == cic_format_png) {
            memset(&other, 0, sizeof(other));
            (void)cic_png_resize(buf, size, &limits, &request, &out, &out_len, &other);
            cic_free(out);
        } else {
            /* GIF, TIFF, BMP, WebP, HEIF: converted to a JPEG or PNG, as the pipeline does */
            request.orientation = result.orientation;
            memset(&other, 0, sizeof(other));
            (void)cic_convert(buf, size, &limits, &request, &out, &out_len, &other);
            cic_free(out);
        }
    }

    int fd = memory_file(data, size);
    if (fd >= 0) {
        (void)cic_probe_fd(fd, &limits, &result);
        (void)cic_verify_fd(fd, &limits, &result);
        close(fd);
    }

    if (size <= 65536) {
        size_t cap = cic_deflate_bound(size);
        uint8_t *packed = malloc(cap ? cap : 1);
        size_t packed_len = cap;
        if (packed && cic_deflate(buf, size, 6, packed, &packed_len, NULL, 0) == cic_status_ok) {
            uint8_t *out = NULL;
            size_t out_len = 0;
            if (cic_inflate(packed, packed_len, size + 1, &out, &out_len, NULL, 0) != cic_status_ok
                || out_len != size || (size && memcmp(out, data, size) != 0)) {
                abort(); /* a round trip that does not give back the input is a finding */
            }
            cic_free(out);
        }
        free(packed);
        /* inflate of arbitrary bytes must fail cleanly, never overrun */
        uint8_t *out = NULL;
        size_t out_len = 0;
        if (cic_inflate(buf, size, 1u << 20, &out, &out_len, NULL, 0) == cic_status_ok) cic_free(out);
    }
    return 0;
}
