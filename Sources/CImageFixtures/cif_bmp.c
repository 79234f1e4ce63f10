/* BMP fixtures written byte by byte (no BMP encoder among Debian's libraries): OS/2 core, v3, v4 and v5 headers;
 * 1/4/8-bit palettes, RLE8 and RLE4, 16-bit 5-6-5 bit fields, 24 and 32 bits with an alpha mask; bottom-up or
 * top-down. */
#include "CImageFixtures.h"
#include "cif_pixels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bytes {
    uint8_t *data;
    size_t len, cap;
    int failed;
} bytes;

static void put(bytes *b, const void *src, size_t n) {
    if (b->failed) return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->len + n) cap *= 2;
        uint8_t *grown = realloc(b->data, cap);
        if (!grown) {
            b->failed = 1;
            return;
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, src, n);
    b->len += n;
}

static void u8(bytes *b, uint32_t v) { uint8_t x = (uint8_t)v; put(b, &x, 1); }
static void u16(bytes *b, uint32_t v) { u8(b, v); u8(b, v >> 8); }
static void u32(bytes *b, uint32_t v) { u16(b, v); u16(b, v >> 16); }

static void set32(bytes *b, size_t at, uint32_t v) {
    if (b->failed) return;
    for (int i = 0; i < 4; i++) b->data[at + (size_t)i] = (uint8_t)(v >> (8 * i));
}

/* Palette index of a pattern colour: 0 red, 1 green, 2 blue, 3 white (as cif_gif.c). */
static uint8_t index_of(const uint8_t rgba[4]) {
    if (rgba[0] && rgba[1] && rgba[2]) return 3;
    if (rgba[0]) return 0;
    if (rgba[1]) return 1;
    return 2;
}

int cif_bmp_encode(const cif_bmp_options *o, uint8_t **out, size_t *out_len, char *errmsg, size_t errlen) {
    *out = NULL;
    *out_len = 0;
    const uint32_t w = o->width, h = o->height;
    const int bits = o->bits;
    const int core = o->header == 12;
    const uint32_t dib = core ? 12 : (o->header == 108 || o->header == 124) ? (uint32_t)o->header : 40;
    if (bits != 1 && bits != 4 && bits != 8 && bits != 16 && bits != 24 && bits != 32) {
        if (errmsg && errlen) snprintf(errmsg, errlen, "unsupported bit count %d", bits);
        return -1;
    }
    const int rle = o->rle && (bits == 8 || bits == 4) && !core && !o->top_down;
    const int fields = !core && (bits == 16 || (bits == 32 && dib > 40) || (bits == 32 && o->alpha));
    const uint32_t colors = bits <= 8 ? 1u << bits : 0;
    bytes b = {0};
    /* BITMAPFILEHEADER: size and offset filled in at the end */
    put(&b, "BM", 2);
    u32(&b, 0);
    u32(&b, 0);
    u32(&b, 0);
    u32(&b, dib);
    if (core) {
        u16(&b, w);
        u16(&b, h);
        u16(&b, 1);
        u16(&b, (uint32_t)bits);
    } else {
        u32(&b, w);
        u32(&b, o->top_down ? (uint32_t)-(int32_t)h : h);
        u16(&b, 1);
        u16(&b, (uint32_t)bits);
        u32(&b, rle ? (bits == 8 ? 1u : 2u) : fields && dib == 40 ? 3u : fields ? 3u : 0u);
        u32(&b, 0);                   /* image size (0 allowed when not compressed; set below when RLE) */
        u32(&b, 2835);
        u32(&b, 2835);
        u32(&b, colors);
        u32(&b, 0);
        if (dib == 40 && fields) {
            /* BI_BITFIELDS after a v3 header: three masks follow the header */
            u32(&b, bits == 16 ? 0xF800u : 0x00FF0000u);
            u32(&b, bits == 16 ? 0x07E0u : 0x0000FF00u);
            u32(&b, bits == 16 ? 0x001Fu : 0x000000FFu);
        }
        if (dib > 40) {
            u32(&b, bits == 16 ? 0xF800u : 0x00FF0000u);
            u32(&b, bits == 16 ? 0x07E0u : 0x0000FF00u);
            u32(&b, bits == 16 ? 0x001Fu : 0x000000FFu);
            u32(&b, bits == 32 && o->alpha ? 0xFF000000u : 0u);
            put(&b, "BGRs", 4);       /* LCS_sRGB, little-endian as written by Windows */
            for (int i = 0; i < 9 + 3; i++) u32(&b, 0); /* endpoints and gamma */
            if (dib == 124) {
                u32(&b, 4);           /* intent: LCS_GM_IMAGES */
                u32(&b, 0);
                u32(&b, 0);
                u32(&b, 0);
            }
        }
    }
    static const uint8_t palette[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
    for (uint32_t i = 0; i < colors; i++) {
        const uint8_t *c = i < 4 ? palette[i] : (const uint8_t[3]){0, 0, 0};
        u8(&b, c[2]);
        u8(&b, c[1]);
        u8(&b, c[0]);
        if (!core) u8(&b, 0);
    }
    const size_t pixel_offset = b.len;
    const size_t stride = (((size_t)w * (size_t)bits + 31) / 32) * 4;
    uint8_t *row = calloc(stride ? stride : 1, 1);
    uint8_t *idx = malloc(w ? w : 1);
    if (!row || !idx) b.failed = 1;
    for (uint32_t i = 0; !b.failed && i < h; i++) {
        uint32_t y = o->top_down ? i : h - 1 - i;   /* stored row i shows as picture row y */
        memset(row, 0, stride);
        for (uint32_t x = 0; x < w; x++) {
            uint8_t rgba[4];
            cif_fixture_pixel(1, x, y, w, h, rgba);
            idx[x] = index_of(rgba);
            switch (bits) {
            case 1: if (idx[x] & 1) row[x / 8] |= (uint8_t)(0x80 >> (x % 8)); break;
            case 4: row[x / 2] |= (uint8_t)(idx[x] << (x % 2 ? 0 : 4)); break;
            case 8: row[x] = idx[x]; break;
            case 16: {
                uint32_t v = (uint32_t)(rgba[0] >> 3) << 11 | (uint32_t)(rgba[1] >> 2) << 5 | (uint32_t)(rgba[2] >> 3);
                row[x * 2] = (uint8_t)v;
                row[x * 2 + 1] = (uint8_t)(v >> 8);
                break;
            }
            case 24: row[x * 3] = rgba[2]; row[x * 3 + 1] = rgba[1]; row[x * 3 + 2] = rgba[0]; break;
            default:
                row[x * 4] = rgba[2];
                row[x * 4 + 1] = rgba[1];
                row[x * 4 + 2] = rgba[0];
                row[x * 4 + 3] = o->alpha ? rgba[3] : 0;
                break;
            }
        }
        if (!rle) {
            put(&b, row, stride);
            continue;
        }
        /* RLE: runs of one colour (RLE4: a run of one index repeated in both nibbles), then end of line */
        for (uint32_t x = 0; x < w;) {
            uint32_t n = 1;
            while (x + n < w && n < 255 && idx[x + n] == idx[x]) n++;
            u8(&b, n);
            u8(&b, bits == 8 ? idx[x] : (uint32_t)(idx[x] << 4 | idx[x]));
            x += n;
        }
        u8(&b, 0);
        u8(&b, i + 1 == h ? 1 : 0);   /* end of line, end of bitmap after the last */
    }
    free(row);
    free(idx);
    if (b.failed) {
        free(b.data);
        if (errmsg && errlen) snprintf(errmsg, errlen, "out of memory");
        return -1;
    }
    set32(&b, 2, (uint32_t)b.len);
    set32(&b, 10, (uint32_t)pixel_offset);
    if (rle) set32(&b, 14 + 20, (uint32_t)(b.len - pixel_offset));
    *out = b.data;
    *out_len = b.len;
    return 0;
}
