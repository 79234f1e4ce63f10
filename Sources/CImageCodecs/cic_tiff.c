/* TIFF probe, verify and convert on libtiff, opened with TIFFClientOpenExt over the cic_reader (pread for a file,
 * the buffer itself for memory), with per-handle error and warning handlers (nothing printed, the first error
 * kept as the reason) and TIFFOpenOptionsSetMaxSingleMemAlloc (limits->max_memory).
 *
 * - probe: the first directory (on-demand strip arrays, mode "O"): size, bits, samples, photometric, the
 *   Orientation tag, alpha (extra samples); pages counted with TIFFNumberOfDirectories (libtiff stops at IFD loops
 *   and at its directory cap). decode/convert_bytes from the strip or tile size.
 * - verify: every page, every strip or tile decoded with TIFFReadEncodedStrip/Tile through one buffer. Before any
 *   decode each strip's declared byte count is checked: over the memory limit is "too large", past the end of
 *   the file is "truncated"; so a small file whose strips claim 4 GB is refused without reading them.
 *   A page libtiff cannot turn into RGBA (TIFFRGBAImageOK) verifies with a note; converting it fails.
 * - convert: the first page through TIFFRGBAImage in bands of a strip (or a row of tiles), asked for the file's
 *   own orientation so libtiff flips nothing: rows arrive in stored order and the sink applies the Orientation
 *   tag (the probe's orientation), once. Alpha comes back premultiplied and is divided out. Gray stays gray. */
#include "cic_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include "cic_tiff_library.h"

#define TIFF_WORKING_BYTES (256u << 10)
/* A band of decoded RGBA rows larger than this is cut into smaller bands (libtiff then decodes a strip once
 * per band, which only a picture stored as one huge compressed strip needs). */
#define TIFF_MAX_BAND_BYTES (16u << 20)

typedef struct tiff_io {
    cic_reader *reader;
    uint64_t pos;
    cic_result *result;
    int errors;
    int eof;              /* a read asked for bytes past the end of the input */
} tiff_io;

static tmsize_t io_read(thandle_t h, void *buf, tmsize_t n) {
    tiff_io *io = (tiff_io *)h;
    if (n <= 0) return 0;
    size_t got = cic_reader_read_at(io->reader, io->pos, buf, (size_t)n);
    io->pos += got;
    if (got < (size_t)n) io->eof = 1;
    return (tmsize_t)got;
}

static tmsize_t io_write(thandle_t h, void *buf, tmsize_t n) { (void)h; (void)buf; (void)n; return -1; }

static toff_t io_seek(thandle_t h, toff_t off, int whence) {
    tiff_io *io = (tiff_io *)h;
    uint64_t base = whence == SEEK_CUR ? io->pos : whence == SEEK_END ? io->reader->size : 0;
    io->pos = base + off;
    return io->pos;
}

static int io_close(thandle_t h) { (void)h; return 0; }
static toff_t io_size(thandle_t h) { return ((tiff_io *)h)->reader->size; }

static int io_map(thandle_t h, void **base, toff_t *size) {
    tiff_io *io = (tiff_io *)h;
    if (io->reader->fd >= 0) return 0;
    *base = (void *)io->reader->mem;
    *size = io->reader->mem_len;
    return 1;
}

static void io_unmap(thandle_t h, void *base, toff_t size) { (void)h; (void)base; (void)size; }

static int on_error(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    tiff_io *io = (tiff_io *)user;
    io->errors++;
    if (io->result->message[0] == '\0') {
        char text[160];
        vsnprintf(text, sizeof(text), fmt, ap);
        cic_set_message(io->result, 0, "%s%s%s", module ? module : "", module ? ": " : "", text);
    }
    return 1;
}

static int on_warning(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    (void)module;
    tiff_io *io = (tiff_io *)user;
    if (io->result->note_count < 4) {
        char text[160];
        vsnprintf(text, sizeof(text), fmt, ap);
        cic_add_note(io->result, text);
    } else {
        io->result->note_count++;
    }
    return 1;
}

/* Whether libtiff is loaded (cic_tiff_library.c); when it cannot be, the result says why. */
static int loaded_or_refused(cic_result *result) {
    const char *why = NULL;
    if (cic_tiff_library(&why)) return 1;
    cic_set_message(result, 1, "TIFF needs libtiff, which could not be loaded: %s", why);
    return 0;
}

static TIFF *open_tiff(tiff_io *io, const cic_limits *limits) {
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    if (!opts) return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(opts, on_error, io);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, on_warning, io);
    if (limits->max_memory) TIFFOpenOptionsSetMaxSingleMemAlloc(opts, (tmsize_t)limits->max_memory);
    /* "O": strip offsets and byte counts are read when asked, so a probe never loads a huge strip array; "m": no
     * mapping, every read goes through io_read, so memory and a file answer alike (truncation is seen the same) */
    TIFF *tif = TIFFClientOpenExt("image", "rOm", (thandle_t)io, io_read, io_write, io_seek, io_close, io_size, io_map,
                                  io_unmap, opts);
    TIFFOpenOptionsFree(opts);
    return tif;
}

/* The status of a libtiff failure: input that ran out is truncation, anything else corrupt data. */
static cic_status failure(tiff_io *io, cic_status otherwise, const char *what) {
    if (io->reader->err) {
        cic_set_message(io->result, 1, "read error: %s", strerror(io->reader->err));
        return cic_status_io;
    }
    if (io->eof) {
        char reason[sizeof(io->result->message)];
        snprintf(reason, sizeof(reason), "truncated: %s (%s)", what, io->result->message[0] ? io->result->message : "the file ends early");
        memcpy(io->result->message, reason, sizeof(reason));
        return cic_status_truncated;
    }
    if (io->result->message[0] == '\0') cic_set_message(io->result, 1, "%s", what);
    return otherwise;
}

typedef struct page_info {
    uint32_t width, height;
    uint16_t bits, samples, photometric, planar, extra_count;
    int alpha;
    int tiled;
    uint32_t tile_w, tile_h, rows_per_strip;
    uint64_t chunk_bytes;    /* one decoded strip or tile */
    uint64_t band_bytes;     /* one band of RGBA rows for the conversion */
} page_info;

static void read_page(TIFF *tif, page_info *p) {
    memset(p, 0, sizeof(*p));
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &p->width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &p->height);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &p->bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &p->samples);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &p->planar);
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &p->photometric)) p->photometric = 0xFFFF;
    uint16_t *extra = NULL;
    if (TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, &p->extra_count, &extra) && extra) {
        for (uint16_t i = 0; i < p->extra_count; i++)
            if (extra[i] == EXTRASAMPLE_ASSOCALPHA || extra[i] == EXTRASAMPLE_UNASSALPHA) p->alpha = 1;
    }
    p->tiled = TIFFIsTiled(tif);
    if (p->tiled) {
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &p->tile_w);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &p->tile_h);
        p->chunk_bytes = (uint64_t)p->tile_w * p->tile_h * p->samples * ((p->bits + 7u) / 8u);
    } else {
        TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &p->rows_per_strip);
        uint32_t rows = p->rows_per_strip < p->height ? p->rows_per_strip : p->height;
        p->chunk_bytes = ((uint64_t)p->width * p->samples * p->bits + 7) / 8 * rows;
    }
    uint64_t band_rows = p->tiled ? p->tile_h : (p->rows_per_strip < p->height ? p->rows_per_strip : p->height);
    if (band_rows == 0) band_rows = 1;
    if ((uint64_t)p->width * 4 * band_rows > TIFF_MAX_BAND_BYTES) band_rows = TIFF_MAX_BAND_BYTES / ((uint64_t)p->width * 4 + 1) + 1;
    p->band_bytes = (uint64_t)p->width * 4 * band_rows;
}

static cic_color color_of(const page_info *p) {
    int base = p->samples - p->extra_count;
    switch (p->photometric) {
    case PHOTOMETRIC_MINISBLACK:
    case PHOTOMETRIC_MINISWHITE: return p->alpha ? cic_color_gray_alpha : cic_color_gray;
    case PHOTOMETRIC_RGB: return p->alpha ? cic_color_rgba : cic_color_rgb;
    case PHOTOMETRIC_PALETTE: return cic_color_palette;
    case PHOTOMETRIC_SEPARATED: return base == 4 ? cic_color_cmyk : cic_color_unknown;
    case PHOTOMETRIC_YCBCR: return cic_color_ycbcr;
    default: return cic_color_unknown;
    }
}

/* Every strip or tile of the current page lies inside the file and within the memory limit. */
static cic_status check_chunks(TIFF *tif, tiff_io *io, const cic_limits *limits, int page) {
    uint32_t n = TIFFIsTiled(tif) ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
    const char *kind = TIFFIsTiled(tif) ? "tile" : "strip";
    for (uint32_t i = 0; i < n; i++) {
        int err = 0;
        uint64_t bytes = TIFFGetStrileByteCountWithErr(tif, i, &err);
        uint64_t offset = err ? 0 : TIFFGetStrileOffsetWithErr(tif, i, &err);
        if (err) return failure(io, cic_status_corrupt_data, "unreadable strip offsets or byte counts");
        if (limits->max_memory && bytes > limits->max_memory) {
            cic_set_message(io->result, 1, "page %d: %s %u claims %llu bytes, over the memory limit of %llu bytes", page,
                            kind, i, (unsigned long long)bytes, (unsigned long long)limits->max_memory);
            return cic_status_too_large;
        }
        if (bytes > 0 && (offset > io->reader->size || bytes > io->reader->size - offset)
            && (offset > UINT64_MAX - bytes || !cic_reader_holds(io->reader, offset + bytes))) {
            cic_set_message(io->result, 1, "truncated: page %d: %s %u claims %llu bytes at offset %llu, past the end of the "
                            "file (%llu bytes)", page, kind, i, (unsigned long long)bytes, (unsigned long long)offset,
                            (unsigned long long)io->reader->size);
            return cic_status_truncated;
        }
    }
    return cic_status_ok;
}

/* Decodes every strip or tile of the current page through one buffer. */
static cic_status decode_page(TIFF *tif, tiff_io *io, const cic_limits *limits, int page) {
    int tiled = TIFFIsTiled(tif);
    tmsize_t size = tiled ? TIFFTileSize(tif) : TIFFStripSize(tif);
    uint32_t n = tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
    if (size <= 0) return failure(io, cic_status_corrupt_data, "a strip or tile of no size");
    /* many samples per pixel or deep samples make a decoded strip far larger than its pixel count suggests
     * (fuzz finding: 13 pixels wide, a 365 MB strip) */
    if (limits->max_memory && (uint64_t)size > limits->max_memory) {
        cic_set_message(io->result, 1, "page %d: a decoded %s of %lld bytes is over the memory limit of %llu bytes", page,
                        tiled ? "tile" : "strip", (long long)size, (unsigned long long)limits->max_memory);
        return cic_status_too_large;
    }
    void *buf = malloc((size_t)size);
    if (!buf) {
        cic_set_message(io->result, 1, "out of memory for a %s of %lld bytes", tiled ? "tile" : "strip", (long long)size);
        return cic_status_too_large;
    }
    cic_status status = cic_status_ok;
    for (uint32_t i = 0; i < n; i++) {
        tmsize_t got = tiled ? TIFFReadEncodedTile(tif, i, buf, size) : TIFFReadEncodedStrip(tif, i, buf, size);
        if (got < 0 || io->errors) {
            char what[64];
            snprintf(what, sizeof(what), "page %d, %s %u", page, tiled ? "tile" : "strip", i);
            if (io->result->message[0] && !io->eof) {
                char reason[sizeof(io->result->message)];
                snprintf(reason, sizeof(reason), "corrupt TIFF data in %s: %s", what, io->result->message);
                memcpy(io->result->message, reason, sizeof(reason));
            }
            status = failure(io, cic_status_corrupt_data, what);
            break;
        }
    }
    free(buf);
    return status;
}

static cic_status run_tiff(cic_reader *r, const cic_limits *limits, cic_result *result, int verify) {
    if (!loaded_or_refused(result)) return cic_status_unsupported_feature;
    tiff_io io = {.reader = r, .result = result};
    TIFF *tif = open_tiff(&io, limits);
    if (!tif) {
        return failure(&io, cic_status_invalid_header, "invalid TIFF header");
    }
    page_info p;
    read_page(tif, &p);
    result->width = p.width;
    result->height = p.height;
    result->bit_depth = p.bits;
    result->components = p.samples;
    result->color = color_of(&p);
    result->has_alpha = p.alpha;
    uint16_t orientation = 1;
    if (TIFFGetField(tif, TIFFTAG_ORIENTATION, &orientation) && orientation >= 1 && orientation <= 8)
        result->orientation = orientation;
    result->decode_bytes = TIFF_WORKING_BYTES + p.chunk_bytes * 2;
    result->convert_bytes = TIFF_WORKING_BYTES + p.chunk_bytes * 2 + p.band_bytes;
    cic_status status = cic_status_ok;
    if (p.width == 0 || p.height == 0) {
        cic_set_message(result, 1, "invalid TIFF header: a page of %ux%u pixels", p.width, p.height);
        status = cic_status_invalid_header;
    } else if (cic_over_pixel_limit(result, limits->max_pixels)) {
        status = cic_status_too_large;
    }
    if (status == cic_status_ok) {
        tdir_t pages = TIFFNumberOfDirectories(tif);
        result->frame_count = pages > 0 ? (int32_t)pages : 1;
        if (io.errors) {
            /* the chain of directories is broken after the first page: a verify fails, a probe notes it */
            if (verify) {
                status = failure(&io, cic_status_corrupt_data, "the directory after the first page is unreadable");
            } else {
                char note[sizeof(result->message) + 40];
                snprintf(note, sizeof(note), "pages after the first are unreadable: %s", result->message);
                cic_add_note(result, note);
                result->message[0] = '\0';
            }
            io.errors = 0;
            io.eof = 0;
        }
    }
    /* declared strip sizes are checked by the probe too: a header whose strips claim 4 GB is refused before the
     * import budgets memory for it */
    if (status == cic_status_ok && !verify) status = check_chunks(tif, &io, limits, 1);
    if (status == cic_status_ok && verify) {
        uint64_t most = 0;
        for (int page = 1; status == cic_status_ok; page++) {
            if (page > 1) {
                read_page(tif, &p);
                if (p.width == 0 || p.height == 0) {
                    cic_set_message(result, 1, "page %d is %ux%u pixels", page, p.width, p.height);
                    status = cic_status_corrupt_data;
                    break;
                }
                char what[32];
                snprintf(what, sizeof(what), "page %d", page);
                if (cic_over_pixel_limit_of(result, what, p.width, p.height, limits->max_pixels)) {
                    status = cic_status_too_large;
                    break;
                }
            }
            if (p.chunk_bytes > most) most = p.chunk_bytes;
            status = check_chunks(tif, &io, limits, page);
            if (status == cic_status_ok) status = decode_page(tif, &io, limits, page);
            if (status == cic_status_ok && page == 1) {
                char why[1024] = "";
                if (!TIFFRGBAImageOK(tif, why)) {
                    char note[200];
                    snprintf(note, sizeof(note), "the first page cannot be converted: %s", why);
                    cic_add_note(result, note);
                }
            }
            if (status != cic_status_ok || !TIFFReadDirectory(tif)) break;
            io.errors = 0;
        }
        if (status == cic_status_ok && io.errors) status = failure(&io, cic_status_corrupt_data, "a broken directory");
        result->decode_bytes = TIFF_WORKING_BYTES + most * 2;
    }
    TIFFClose(tif);
    return status;
}

cic_status cic_tiff_run(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits, cic_result *result,
                        int verify) {
    (void)data;
    (void)len;  /* libtiff reads what it needs with read_at */
    return run_tiff(r, limits, result, verify);
}

cic_status cic_tiff_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                            cic_result *result) {
    if (!loaded_or_refused(result)) return cic_status_unsupported_feature;
    cic_reader r;
    cic_reader_init_memory(&r, buf, len);
    tiff_io io = {.reader = &r, .result = result};
    TIFF *tif = open_tiff(&io, limits);
    if (!tif) return failure(&io, cic_status_invalid_header, "invalid TIFF header");
    page_info p;
    read_page(tif, &p);
    result->width = p.width;
    result->height = p.height;
    cic_status status = cic_status_ok;
    TIFFRGBAImage img;
    int have_img = 0;
    uint32_t *raster = NULL;
    uint8_t *row = NULL;
    char why[1024] = "";
    if (p.width == 0 || p.height == 0) {
        cic_set_message(result, 1, "invalid TIFF header: a page of %ux%u pixels", p.width, p.height);
        status = cic_status_invalid_header;
    } else if (cic_over_pixel_limit(result, limits->max_pixels)) {
        status = cic_status_too_large;
    } else {
        status = check_chunks(tif, &io, limits, 1);
    }
    if (status == cic_status_ok && !TIFFRGBAImageOK(tif, why)) {
        cic_set_message(result, 1, "this TIFF cannot be converted: %s", why);
        status = cic_status_unsupported_feature;
    }
    if (status == cic_status_ok) {
        if (!TIFFRGBAImageBegin(&img, tif, 1, why)) {
            cic_set_message(result, 1, "this TIFF cannot be converted: %s", why);
            status = cic_status_unsupported_feature;
        } else {
            have_img = 1;
        }
    }
    const int gray = (p.photometric == PHOTOMETRIC_MINISBLACK || p.photometric == PHOTOMETRIC_MINISWHITE);
    const int channels = gray ? (p.alpha ? 2 : 1) : (p.alpha ? 4 : 3);
    if (status == cic_status_ok && gray && p.alpha && p.bits == 16) {
        /* libtiff's 16-bit gray path drops the alpha (every pixel opaque): refuse rather than upload a transparent
         * picture as an opaque one */
        cic_set_message(result, 1, "this TIFF cannot be converted: libtiff does not read the alpha of 16-bit gray");
        status = cic_status_unsupported_feature;
    }
    const uint32_t w = p.width, h = p.height;
    const uint32_t band = (uint32_t)(p.band_bytes / ((uint64_t)w * 4));
    if (status == cic_status_ok) {
        /* libtiff flips nothing when asked for the file's own orientation: rows come in stored order */
        img.req_orientation = img.orientation;
        uint32_t icc_len = 0;
        void *icc = NULL;
        if (!TIFFGetField(tif, TIFFTAG_ICCPROFILE, &icc_len, &icc)) icc = NULL;
        status = cic_convert_begin(sink, w, h, channels, icc, icc ? icc_len : 0);
    }
    if (status == cic_status_ok) {
        raster = malloc((size_t)w * band * 4);
        row = malloc((size_t)w * 4);
        if (!raster || !row) {
            cic_set_message(result, 1, "out of memory for %u rows of %u pixels", band, w);
            status = cic_status_too_large;
        }
    }
    for (uint32_t y = 0; status == cic_status_ok && y < h; y += band) {
        uint32_t rows = h - y < band ? h - y : band;
        img.row_offset = (int)y;
        img.col_offset = 0;
        if (!TIFFRGBAImageGet(&img, raster, w, rows) || io.errors) {
            status = failure(&io, cic_status_corrupt_data, "corrupt TIFF data");
            break;
        }
        for (uint32_t i = 0; i < rows; i++) {
            const uint32_t *src = raster + (size_t)i * w;
            for (uint32_t x = 0; x < w; x++) {
                uint32_t v = src[x];
                uint32_t a = TIFFGetA(v), rr = TIFFGetR(v), gg = TIFFGetG(v), bb = TIFFGetB(v);
                if (p.alpha && a > 0 && a < 255 && (!gray || img.alpha == EXTRASAMPLE_ASSOCALPHA)) {
                    /* TIFFRGBAImage hands out premultiplied colour (colour with unassociated alpha it multiplies
                     * itself, except 8-bit gray, which it passes as stored); the sink wants it straight */
                    rr = rr * 255 / a > 255 ? 255 : rr * 255 / a;
                    gg = gg * 255 / a > 255 ? 255 : gg * 255 / a;
                    bb = bb * 255 / a > 255 ? 255 : bb * 255 / a;
                }
                uint8_t *d = row + (size_t)x * (size_t)channels;
                switch (channels) {
                case 1: d[0] = (uint8_t)rr; break;
                case 2: d[0] = (uint8_t)rr; d[1] = (uint8_t)a; break;
                case 3: d[0] = (uint8_t)rr; d[1] = (uint8_t)gg; d[2] = (uint8_t)bb; break;
                default: d[0] = (uint8_t)rr; d[1] = (uint8_t)gg; d[2] = (uint8_t)bb; d[3] = (uint8_t)a; break;
                }
            }
            cic_convert_row(sink, row);
        }
    }
    free(raster);
    free(row);
    if (have_img) TIFFRGBAImageEnd(&img);
    TIFFClose(tif);
    return status;
}
