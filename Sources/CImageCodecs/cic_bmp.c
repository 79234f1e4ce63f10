/* BMP probe, verify and convert: a small reader over the format's fixed headers.
 *
 * Why not a library: Debian ships no small BMP decoder as a C library. giflib, libtiff, libwebp and libheif do
 * not read it; ImageMagick, GraphicsMagick, FreeImage, SDL_image and GdkPixbuf do, each as a large dependency (and
 * a large attack surface) for a format whose whole structure is two fixed headers, an optional palette or
 * bit masks, and rows of pixels. So this file reads them itself, with every offset and size checked against the
 * input's size before anything is read or allocated.
 *
 * Covered: BITMAPFILEHEADER + OS/2 core (12), v3 (40), v3 with masks (52, 56), v4 (108) and v5 (124) headers;
 * 1/4/8-bit palettes, 16/24/32 bits (BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS), RLE8 and RLE4 (with deltas and
 * end-of-line codes); bottom-up and top-down rows. An alpha mask (v4/v5, 56-byte headers, BI_ALPHABITFIELDS) sets
 * has_alpha. Embedded JPEG/PNG (BI_JPEG, BI_PNG) answer "unsupported feature".
 * Uncompressed rows are read one at a time with read_at (random access: a bottom-up file is converted top row
 * first); RLE needs the whole index picture (width x height bytes) for a conversion, and nothing for a verify. */
#include "cic_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BMP_WORKING_BYTES (64u << 10)

enum { BI_RGB = 0, BI_RLE8 = 1, BI_RLE4 = 2, BI_BITFIELDS = 3, BI_JPEG = 4, BI_PNG = 5, BI_ALPHABITFIELDS = 6 };

typedef struct bmp_info {
    uint64_t file_size;
    uint32_t pixel_offset;
    uint32_t dib;
    uint32_t width, height;
    int top_down;
    uint32_t bits, compression;
    uint32_t masks[4];          /* R, G, B, A */
    uint32_t colors;            /* palette entries */
    uint8_t palette[256][3];    /* RGB */
    uint64_t stride;
} bmp_info;

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p) { return le16(p) | le16(p + 2) << 16; }

static cic_status truncated(cic_result *result, const char *what) {
    cic_set_message(result, 1, "truncated: the file ends inside %s", what);
    return cic_status_truncated;
}

static cic_status read_header(cic_reader *r, bmp_info *b, cic_result *result) {
    memset(b, 0, sizeof(*b));
    b->file_size = r->size;
    uint8_t h[14 + 124 + 16];
    memset(h, 0, sizeof(h));
    size_t got = cic_reader_read_at(r, 0, h, sizeof(h));
    if (got < 18) return truncated(result, "the BMP header");
    b->pixel_offset = le32(h + 10);
    b->dib = le32(h + 14);
    if (b->dib != 12 && b->dib != 40 && b->dib != 52 && b->dib != 56 && b->dib != 64 && b->dib != 108 && b->dib != 124) {
        cic_set_message(result, 1, "invalid BMP header: an information header of %u bytes", b->dib);
        return cic_status_invalid_header;
    }
    if (got < 14 + b->dib) return truncated(result, "the BMP header");
    const uint8_t *d = h + 14;
    uint32_t clr_used = 0;
    if (b->dib == 12) {
        b->width = le16(d + 4);
        b->height = le16(d + 6);
        b->bits = le16(d + 10);
    } else {
        int32_t w = (int32_t)le32(d + 4), hh = (int32_t)le32(d + 8);
        if (w <= 0 || hh == 0 || hh == INT32_MIN) {
            cic_set_message(result, 1, "invalid BMP header: a size of %d x %d", w, hh);
            return cic_status_invalid_header;
        }
        b->width = (uint32_t)w;
        b->top_down = hh < 0;
        b->height = (uint32_t)(hh < 0 ? -hh : hh);
        b->bits = le16(d + 14);
        b->compression = le32(d + 16);
        clr_used = le32(d + 32);
        if (b->dib >= 52) memcpy(b->masks, (uint32_t[3]){le32(d + 40), le32(d + 44), le32(d + 48)}, 12);
        if (b->dib >= 56) b->masks[3] = le32(d + 52);
        if (b->dib == 40 && (b->compression == BI_BITFIELDS || b->compression == BI_ALPHABITFIELDS)) {
            size_t n = b->compression == BI_ALPHABITFIELDS ? 16 : 12;
            if (got < 14 + 40 + n) return truncated(result, "the BMP bit masks");
            for (size_t i = 0; i < n / 4; i++) b->masks[i] = le32(d + 40 + 4 * i);
        }
    }
    if (le16(d + (b->dib == 12 ? 8 : 12)) != 1) cic_add_note(result, "the plane count is not 1");
    if (b->width == 0 || b->height == 0) {
        cic_set_message(result, 1, "invalid BMP header: a size of %u x %u", b->width, b->height);
        return cic_status_invalid_header;
    }
    switch (b->compression) {
    case BI_RGB: break;
    case BI_RLE8: if (b->bits != 8) goto bad; break;
    case BI_RLE4: if (b->bits != 4) goto bad; break;
    case BI_BITFIELDS:
    case BI_ALPHABITFIELDS: if (b->bits != 16 && b->bits != 32) goto bad; break;
    case BI_JPEG:
    case BI_PNG:
        cic_set_message(result, 1, "a BMP holding a %s is not decoded", b->compression == BI_JPEG ? "JPEG" : "PNG");
        return cic_status_unsupported_feature;
    default: goto bad;
    }
    if (b->bits != 1 && b->bits != 4 && b->bits != 8 && b->bits != 16 && b->bits != 24 && b->bits != 32) goto bad;
    if (b->top_down && (b->compression == BI_RLE8 || b->compression == BI_RLE4)) {
        cic_set_message(result, 1, "invalid BMP header: a top-down picture cannot be RLE-compressed");
        return cic_status_invalid_header;
    }
    if (b->compression == BI_RGB && b->bits == 16) {
        b->masks[0] = 0x7C00; b->masks[1] = 0x03E0; b->masks[2] = 0x001F; b->masks[3] = 0;
    } else if (b->compression == BI_RGB && b->bits == 32) {
        b->masks[0] = 0xFF0000; b->masks[1] = 0xFF00; b->masks[2] = 0xFF; b->masks[3] = 0;
    } else if (b->compression != BI_ALPHABITFIELDS && b->dib < 56) {
        b->masks[3] = 0;
    }
    if (b->bits >= 16 && b->bits != 24 && (!b->masks[0] || !b->masks[1] || !b->masks[2])) {
        cic_set_message(result, 1, "invalid BMP header: an empty colour mask");
        return cic_status_invalid_header;
    }
    if (b->bits <= 8) {
        uint32_t max = 1u << b->bits;
        b->colors = clr_used == 0 || clr_used > max ? max : clr_used;
        uint32_t entry = b->dib == 12 ? 3 : 4;
        uint64_t at = 14 + (uint64_t)b->dib + (b->dib == 40 && b->compression == BI_BITFIELDS ? 12 : 0);
        uint8_t raw[256 * 4];
        size_t want = (size_t)b->colors * entry;
        size_t have = cic_reader_read_at(r, at, raw, want);
        if (have < want) return truncated(result, "the BMP palette");
        for (uint32_t i = 0; i < b->colors; i++) {
            b->palette[i][0] = raw[i * entry + 2];
            b->palette[i][1] = raw[i * entry + 1];
            b->palette[i][2] = raw[i * entry];
        }
    }
    b->stride = (((uint64_t)b->width * b->bits + 31) / 32) * 4;
    return cic_status_ok;
bad:
    cic_set_message(result, 1, "invalid BMP header: compression %u with %u bits per pixel", b->compression, b->bits);
    return cic_status_invalid_header;
}

/* A mask's value scaled to 8 bits. */
static uint8_t channel(uint32_t v, uint32_t mask) {
    if (!mask) return 255;
    int shift = 0;
    while (!((mask >> shift) & 1)) shift++;
    uint32_t m = mask >> shift, x = (v & mask) >> shift;
    return (uint8_t)((uint64_t)x * 255 / m);
}

/* Stored row bytes to RGB(A). */
static void row_to_rgb(const bmp_info *b, const uint8_t *src, uint8_t *dst, int channels, int *bad_index) {
    for (uint32_t x = 0; x < b->width; x++) {
        uint8_t *px = dst + (size_t)x * (size_t)channels;
        if (b->bits <= 8) {
            uint32_t i;
            if (b->bits == 8) i = src[x];
            else if (b->bits == 4) i = (src[x / 2] >> (x % 2 ? 0 : 4)) & 15;
            else i = (src[x / 8] >> (7 - x % 8)) & 1;
            if (i >= b->colors) {
                *bad_index = 1;
                i = 0;
            }
            memcpy(px, b->colors ? b->palette[i] : (const uint8_t[3]){0, 0, 0}, 3);
            if (channels == 4) px[3] = 255;
        } else if (b->bits == 24) {
            px[0] = src[x * 3 + 2];
            px[1] = src[x * 3 + 1];
            px[2] = src[x * 3];
            if (channels == 4) px[3] = 255;
        } else {
            uint32_t v = b->bits == 16 ? le16(src + x * 2) : le32(src + x * 4);
            px[0] = channel(v, b->masks[0]);
            px[1] = channel(v, b->masks[1]);
            px[2] = channel(v, b->masks[2]);
            if (channels == 4) px[3] = channel(v, b->masks[3]);
        }
    }
}

/* Sequential reads of the RLE stream through a small buffer. */
typedef struct rle_in {
    cic_reader *r;
    uint64_t at;
    uint8_t buf[4096];
    size_t len, pos;
} rle_in;

static int rle_byte(rle_in *in) {
    if (in->pos == in->len) {
        in->len = cic_reader_read_at(in->r, in->at, in->buf, sizeof(in->buf));
        in->at += in->len;
        in->pos = 0;
        if (in->len == 0) return -1;
    }
    return in->buf[in->pos++];
}

/* Decodes the RLE stream; indexes (bottom-up rows as stored, width * height) may be NULL (verify). */
static cic_status rle_decode(cic_reader *r, const bmp_info *b, uint8_t *indexes, cic_result *result) {
    rle_in in = {.r = r, .at = b->pixel_offset};
    uint32_t x = 0, y = 0;  /* y counts stored rows, bottom row first */
    const int four = b->compression == BI_RLE4;
    for (;;) {
        int n = rle_byte(&in), v = rle_byte(&in);
        if (n < 0 || v < 0) return truncated(result, "the RLE data");
        if (n > 0) {
            for (int i = 0; i < n; i++, x++) {
                if (x >= b->width || y >= b->height) {
                    cic_set_message(result, 1, "corrupt BMP RLE data: a run outside the picture at row %u", y);
                    return cic_status_corrupt_data;
                }
                int idx = four ? (i % 2 ? v & 15 : v >> 4) : v;
                if (indexes) indexes[(size_t)y * b->width + x] = (uint8_t)idx;
            }
            continue;
        }
        if (v == 0) {          /* end of line */
            x = 0;
            y++;
        } else if (v == 1) {   /* end of bitmap */
            return cic_status_ok;
        } else if (v == 2) {   /* delta */
            int dx = rle_byte(&in), dy = rle_byte(&in);
            if (dx < 0 || dy < 0) return truncated(result, "the RLE data");
            x += (uint32_t)dx;
            y += (uint32_t)dy;
            if (y > b->height || (y == b->height && x > 0)) {
                cic_set_message(result, 1, "corrupt BMP RLE data: a delta moves outside the picture");
                return cic_status_corrupt_data;
            }
        } else {               /* absolute run of v indexes, padded to 16 bits */
            int bytes = four ? (v + 1) / 2 : v;
            int byte = 0;
            for (int i = 0; i < v; i++, x++) {
                if (!four || i % 2 == 0) {
                    byte = rle_byte(&in);
                    if (byte < 0) return truncated(result, "the RLE data");
                }
                if (x >= b->width || y >= b->height) {
                    cic_set_message(result, 1, "corrupt BMP RLE data: literal pixels outside the picture at row %u", y);
                    return cic_status_corrupt_data;
                }
                int idx = four ? (i % 2 ? byte & 15 : byte >> 4) : byte;
                if (indexes) indexes[(size_t)y * b->width + x] = (uint8_t)idx;
            }
            if (bytes % 2 && rle_byte(&in) < 0) return truncated(result, "the RLE data");
        }
        if (y > b->height) {
            cic_set_message(result, 1, "corrupt BMP RLE data: more rows than the picture has");
            return cic_status_corrupt_data;
        }
        if (y == b->height && x == 0) {
            /* every row is done; an end-of-bitmap code may follow, and files without one are common */
            return cic_status_ok;
        }
    }
}

static int is_rle(const bmp_info *b) { return b->compression == BI_RLE8 || b->compression == BI_RLE4; }

static cic_status run_bmp(cic_reader *r, const cic_limits *limits, cic_result *result, int verify, cic_convert_sink *sink) {
    bmp_info *b = calloc(1, sizeof(bmp_info));
    if (!b) {
        cic_set_message(result, 1, "out of memory");
        return cic_status_too_large;
    }
    uint8_t *raw = NULL, *rgb = NULL, *indexes = NULL;
    cic_status s = read_header(r, b, result);
    if (s != cic_status_ok) goto done;
    result->width = b->width;
    result->height = b->height;
    result->bit_depth = b->bits <= 8 ? (int32_t)b->bits : 8;
    result->color = b->bits <= 8 ? cic_color_palette : b->masks[3] ? cic_color_rgba : cic_color_rgb;
    result->components = b->bits <= 8 ? 1 : b->masks[3] ? 4 : 3;
    result->has_alpha = b->masks[3] != 0;
    result->frame_count = 1;
    const int rle = is_rle(b);
    result->decode_bytes = BMP_WORKING_BYTES + b->stride;
    result->convert_bytes = BMP_WORKING_BYTES + (rle ? (uint64_t)b->width * b->height : b->stride) + (uint64_t)b->width * 4;
    if (cic_over_pixel_limit(result, limits->max_pixels)) {
        s = cic_status_too_large;
        goto done;
    }
    if (b->pixel_offset < 14 + b->dib || b->pixel_offset >= b->file_size) {
        if (b->pixel_offset >= b->file_size && b->pixel_offset >= 14 + b->dib) s = truncated(result, "the header: no pixel data");
        else {
            cic_set_message(result, 1, "invalid BMP header: pixel data at offset %u", b->pixel_offset);
            s = cic_status_invalid_header;
        }
        goto done;
    }
    /* the last row's padding may be missing (some writers leave it out) */
    const uint64_t row_bytes = ((uint64_t)b->width * b->bits + 7) / 8;
    if (!rle && b->stride * (b->height - 1) + row_bytes > b->file_size - b->pixel_offset) {
        /* the header claims more pixels than the file's bytes can hold: refused before any row is read */
        cic_set_message(result, 1, "truncated: %ux%u at %u bits needs %llu bytes of pixels, the file holds %llu",
                        b->width, b->height, b->bits, (unsigned long long)(b->stride * b->height),
                        (unsigned long long)(b->file_size - b->pixel_offset));
        s = cic_status_truncated;
        goto done;
    }
    if (!verify && !sink) goto done;
    const int channels = b->masks[3] ? 4 : 3;
    int bad_index = 0;
    if (rle) {
        if (sink) {
            indexes = calloc((size_t)b->width * b->height, 1);
            if (!indexes) {
                cic_set_message(result, 1, "out of memory for a %ux%u picture", b->width, b->height);
                s = cic_status_too_large;
                goto done;
            }
        }
        s = rle_decode(r, b, indexes, result);
        if (s != cic_status_ok || !sink) goto done;
    }
    if (sink) {
        s = cic_convert_begin(sink, b->width, b->height, channels, NULL, 0);
        if (s != cic_status_ok) goto done;
    }
    raw = malloc((size_t)b->stride);
    rgb = malloc((size_t)b->width * 4);
    if (!raw || !rgb) {
        cic_set_message(result, 1, "out of memory for a row of %llu bytes", (unsigned long long)b->stride);
        s = cic_status_too_large;
        goto done;
    }
    for (uint32_t y = 0; y < b->height; y++) {
        /* picture row y (top first) is stored row y (top-down) or height-1-y (bottom-up) */
        uint32_t stored = b->top_down ? y : b->height - 1 - y;
        if (rle) {
            /* RLE indexes are 8-bit whatever the depth: read as an 8-bit row */
            bmp_info as8 = *b;
            as8.bits = 8;
            row_to_rgb(&as8, indexes + (size_t)stored * b->width, rgb, channels, &bad_index);
        } else {
            uint64_t at = b->pixel_offset + (uint64_t)stored * b->stride;
            if (cic_reader_read_at(r, at, raw, (size_t)b->stride) < row_bytes) {
                s = r->err ? cic_status_io : truncated(result, "the pixel rows");
                if (r->err) cic_set_message(result, 1, "read error: %s", strerror(r->err));
                goto done;
            }
            row_to_rgb(b, raw, rgb, channels, &bad_index);
        }
        if (sink) cic_convert_row(sink, rgb);
    }
    if (bad_index) cic_add_note(result, "palette indexes beyond the palette (shown as its first colour)");
done:
    free(raw);
    free(rgb);
    free(indexes);
    free(b);
    return s;
}

cic_status cic_bmp_run(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits, cic_result *result,
                       int verify) {
    (void)data;
    (void)len;  /* the headers are read again with read_at: they are small */
    return run_bmp(r, limits, result, verify, NULL);
}

cic_status cic_bmp_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                           cic_result *result) {
    cic_reader r;
    cic_reader_init_memory(&r, buf, len);
    return run_bmp(&r, limits, result, 1, sink);
}
