/* TIFF fixtures with libtiff, written into memory: pages, the Orientation tag, gray/RGB/RGBA, 8 or 16 bits,
 * strips or tiles, LZW/deflate/PackBits, either byte order, an ICC profile. */
#include "CImageFixtures.h"
#include "cif_pixels.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

typedef struct mem_file {
    uint8_t *data;
    size_t len, cap, pos;
    char message[160];
} mem_file;

static tmsize_t mf_read(thandle_t h, void *buf, tmsize_t n) {
    mem_file *f = (mem_file *)h;
    if (f->pos >= f->len) return 0;
    size_t take = (size_t)n < f->len - f->pos ? (size_t)n : f->len - f->pos;
    memcpy(buf, f->data + f->pos, take);
    f->pos += take;
    return (tmsize_t)take;
}

static tmsize_t mf_write(thandle_t h, void *buf, tmsize_t n) {
    mem_file *f = (mem_file *)h;
    size_t end = f->pos + (size_t)n;
    if (end > f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8192;
        while (cap < end) cap *= 2;
        uint8_t *grown = realloc(f->data, cap);
        if (!grown) return -1;
        f->data = grown;
        f->cap = cap;
    }
    if (f->pos > f->len) memset(f->data + f->len, 0, f->pos - f->len);
    memcpy(f->data + f->pos, buf, (size_t)n);
    f->pos = end;
    if (end > f->len) f->len = end;
    return n;
}

static toff_t mf_seek(thandle_t h, toff_t off, int whence) {
    mem_file *f = (mem_file *)h;
    uint64_t base = whence == SEEK_CUR ? f->pos : whence == SEEK_END ? f->len : 0;
    f->pos = (size_t)(base + off);
    return f->pos;
}

static int mf_close(thandle_t h) { (void)h; return 0; }
static toff_t mf_size(thandle_t h) { return ((mem_file *)h)->len; }
static int mf_map(thandle_t h, void **base, toff_t *size) { (void)h; (void)base; (void)size; return 0; }
static void mf_unmap(thandle_t h, void *base, toff_t size) { (void)h; (void)base; (void)size; }

static int on_error(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    (void)module;
    mem_file *f = (mem_file *)user;
    if (f && !f->message[0]) vsnprintf(f->message, sizeof(f->message), fmt, ap);
    return 1;
}

static int on_warning(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif; (void)user; (void)module; (void)fmt; (void)ap;
    return 1;
}

int cif_tiff_encode(const cif_tiff_options *o, uint8_t **out, size_t *out_len, char *errmsg, size_t errlen) {
    *out = NULL;
    *out_len = 0;
    mem_file f;
    memset(&f, 0, sizeof(f));
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    if (!opts) return -1;
    TIFFOpenOptionsSetErrorHandlerExtR(opts, on_error, &f);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, on_warning, &f);
    TIFF *tif = TIFFClientOpenExt("fixture", o->big_endian ? "wb" : "wl", (thandle_t)&f, mf_read, mf_write, mf_seek,
                                  mf_close, mf_size, mf_map, mf_unmap, opts);
    TIFFOpenOptionsFree(opts);
    if (!tif) {
        if (errmsg && errlen) snprintf(errmsg, errlen, "TIFFClientOpen: %s", f.message);
        free(f.data);
        return -1;
    }
    const uint32_t w = o->width, h = o->height;
    const int spp = o->samples == 1 || o->samples == 2 || o->samples == 4 ? o->samples : 3;
    const int bits = o->bits == 16 ? 16 : 8;
    const size_t bytes_per_sample = (size_t)bits / 8;
    const uint32_t tile = 16;
    uint8_t *buf = NULL;
    int ok = 1;
    for (int page = 0; ok && page < (o->pages > 0 ? o->pages : 1); page++) {
        TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, w);
        TIFFSetField(tif, TIFFTAG_IMAGELENGTH, h);
        TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, bits);
        TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, spp);
        TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, spp <= 2 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB);
        if (spp == 2 || spp == 4) {
            uint16_t extra = EXTRASAMPLE_UNASSALPHA;
            TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, &extra);
        }
        int compression = o->compression == cif_tiff_lzw ? COMPRESSION_LZW
                        : o->compression == cif_tiff_deflate ? COMPRESSION_ADOBE_DEFLATE
                        : o->compression == cif_tiff_packbits ? COMPRESSION_PACKBITS : COMPRESSION_NONE;
        TIFFSetField(tif, TIFFTAG_COMPRESSION, compression);
        if (o->orientation >= 1 && o->orientation <= 8) TIFFSetField(tif, TIFFTAG_ORIENTATION, o->orientation);
        if (o->icc) TIFFSetField(tif, TIFFTAG_ICCPROFILE, (uint32_t)cif_icc_profile_size(), cif_icc_profile());
        if (o->pages > 1) {
            TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
            TIFFSetField(tif, TIFFTAG_PAGENUMBER, page, o->pages);
        }
        /* the whole page in memory, then strips or tiles cut from it */
        const size_t stride = (size_t)w * (size_t)spp * bytes_per_sample;
        free(buf);
        buf = malloc(stride * h ? stride * h : 1);
        if (!buf) {
            ok = 0;
            break;
        }
        for (uint32_t y = 0; y < h; y++)
            for (uint32_t x = 0; x < w; x++) {
                uint8_t rgba[4];
                cif_fixture_pixel(o->orientation > 0 ? o->orientation : 1, x, y, w, h, rgba);
                uint8_t v[4] = {rgba[0], rgba[1], rgba[2], rgba[3]};
                if (spp <= 2) v[0] = (uint8_t)((rgba[0] * 3 + rgba[1] * 6 + rgba[2]) / 10);
                /* gray + alpha: half transparent everywhere, the white quadrant fully */
                if (spp == 2) v[1] = rgba[3] == 0 ? 0 : 128;
                for (int c = 0; c < spp; c++) {
                    uint8_t *p = buf + (size_t)y * stride + ((size_t)x * (size_t)spp + (size_t)c) * bytes_per_sample;
                    if (bits == 16) {
                        uint16_t s16 = (uint16_t)(v[c] * 257);
                        memcpy(p, &s16, 2);
                    } else {
                        *p = v[c];
                    }
                }
            }
        if (o->tiled) {
            TIFFSetField(tif, TIFFTAG_TILEWIDTH, tile);
            TIFFSetField(tif, TIFFTAG_TILELENGTH, tile);
            tmsize_t tile_size = TIFFTileSize(tif);
            uint8_t *t = malloc((size_t)tile_size);
            if (!t) {
                ok = 0;
                break;
            }
            const size_t tile_stride = (size_t)tile * (size_t)spp * bytes_per_sample;
            for (uint32_t ty = 0; ok && ty < h; ty += tile)
                for (uint32_t tx = 0; ok && tx < w; tx += tile) {
                    memset(t, 0, (size_t)tile_size);
                    for (uint32_t y = 0; y < tile && ty + y < h; y++) {
                        uint32_t n = tx + tile <= w ? tile : w - tx;
                        memcpy(t + (size_t)y * tile_stride,
                               buf + (size_t)(ty + y) * stride + (size_t)tx * (size_t)spp * bytes_per_sample,
                               (size_t)n * (size_t)spp * bytes_per_sample);
                    }
                    if (TIFFWriteTile(tif, t, tx, ty, 0, 0) < 0) ok = 0;
                }
            free(t);
        } else {
            uint32_t rows = o->rows_per_strip ? o->rows_per_strip : TIFFDefaultStripSize(tif, 0);
            TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, rows);
            for (uint32_t y = 0; ok && y < h; y++)
                if (TIFFWriteScanline(tif, buf + (size_t)y * stride, y, 0) < 0) ok = 0;
        }
        if (ok && !TIFFWriteDirectory(tif)) ok = 0;
    }
    free(buf);
    TIFFClose(tif);
    if (!ok) {
        if (errmsg && errlen) snprintf(errmsg, errlen, "libtiff: %s", f.message[0] ? f.message : "write failed");
        free(f.data);
        return -1;
    }
    *out = f.data;
    *out_len = f.len;
    return 0;
}
