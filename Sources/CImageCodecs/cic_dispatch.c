/* Entry points: read the first block, sniff the type, hand each decoded format to its codec, name the rest. */
#include "cic_internal.h"
#include <string.h>

/* Block sizes for file input. The probe's first pread holds the magic and almost every header;
 * libjpeg/libpng ask for more only when markers or chunks run past it. */
enum {
    PROBE_FIRST_BLOCK = 4 * 1024,
    PROBE_BLOCK = 64 * 1024,
    VERIFY_FIRST_BLOCK = 64 * 1024,
    VERIFY_BLOCK = 256 * 1024,
};

/* A PNG signature damaged in transit (CR/LF translation, a cleared high bit, a changed letter):
 * most of its 8 bytes still match. It is reported as a broken PNG rather than "not an image". */
static int looks_like_damaged_png(const uint8_t *buf, size_t len) {
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (len < 8) return 0;
    int same = 0;
    for (int i = 0; i < 8; i++) same += (buf[i] == sig[i]) || (i >= 1 && i <= 3 && (buf[i] | 0x20) == (sig[i] | 0x20));
    int letters = (buf[1] | 0x20) == 'p' && (buf[2] | 0x20) == 'n' && (buf[3] | 0x20) == 'g';
    return same >= 5 && (letters || buf[0] == 0x89 || (buf[0] & 0x7F) == 0x09);
}

static cic_status run(cic_reader *r, const cic_limits *limits, cic_result *result, int verify) {
    const uint8_t *data = NULL;
    ssize_t n = cic_reader_fetch(r, &data);
    if (n < 0) {
        cic_set_message(result, 1, "read error: %s", strerror(r->err));
        return cic_status_io;
    }
    if (n == 0) {
        cic_set_message(result, 1, "empty file");
        return cic_status_not_an_image;
    }
    cic_format format = cic_sniff(data, (size_t)n);
    result->format = format;
    switch (format) {
    case cic_format_jpeg:
        return cic_jpeg_run(r, data, (size_t)n, limits, result, verify);
    case cic_format_png:
        return cic_png_run(r, data, (size_t)n, limits, result, verify);
    case cic_format_gif:
        return cic_gif_run(r, data, (size_t)n, limits, result, verify);
    case cic_format_tiff:
        return cic_tiff_run(r, data, (size_t)n, limits, result, verify);
    case cic_format_bmp:
        return cic_bmp_run(r, data, (size_t)n, limits, result, verify);
    case cic_format_webp:
        return cic_webp_run(r, data, (size_t)n, limits, result, verify);
    case cic_format_heic:
        return cic_heif_run(r, data, (size_t)n, limits, result, verify);
    case cic_format_unknown:
        if (looks_like_damaged_png(data, (size_t)n)) {
            result->format = cic_format_png;
            cic_set_message(result, 1, "damaged PNG signature");
            return cic_status_invalid_header;
        }
        cic_set_message(result, 1, "not an image");
        return cic_status_not_an_image;
    default:
        /* Swift names the format ("unsupported format image/webp"). */
        return cic_status_unsupported_format;
    }
}

static void reset(cic_result *result) {
    memset(result, 0, sizeof(*result));
    result->orientation = 1;
}

static cic_status run_memory(const uint8_t *buf, size_t len, const cic_limits *limits,
                             cic_result *result, int verify) {
    reset(result);
    if (limits->max_file_bytes && len > limits->max_file_bytes) {
        cic_set_message(result, 1, "file of %zu bytes is over the limit of %llu bytes", len,
                        (unsigned long long)limits->max_file_bytes);
        return cic_status_too_large;
    }
    cic_reader r;
    cic_reader_init_memory(&r, buf, len);
    return run(&r, limits, result, verify);
}

static cic_status run_fd(int fd, const cic_limits *limits, cic_result *result, int verify) {
    reset(result);
    cic_reader r;
    cic_status s = cic_reader_init_fd(&r, fd, verify ? VERIFY_FIRST_BLOCK : PROBE_FIRST_BLOCK,
                                      verify ? VERIFY_BLOCK : PROBE_BLOCK, limits, result);
    if (s == cic_status_ok) s = run(&r, limits, result, verify);
    cic_reader_close(&r);
    return s;
}

cic_status cic_probe_memory(const uint8_t *buf, size_t len, const cic_limits *limits, cic_result *result) {
    return run_memory(buf, len, limits, result, 0);
}

cic_status cic_probe_fd(int fd, const cic_limits *limits, cic_result *result) {
    return run_fd(fd, limits, result, 0);
}

cic_status cic_verify_memory(const uint8_t *buf, size_t len, const cic_limits *limits, cic_result *result) {
    return run_memory(buf, len, limits, result, 1);
}

cic_status cic_verify_fd(int fd, const cic_limits *limits, cic_result *result) {
    return run_fd(fd, limits, result, 1);
}
