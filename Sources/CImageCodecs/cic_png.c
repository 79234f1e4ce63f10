/* PNG probe and verify on libpng. setjmp/longjmp (png_jmpbuf) stay in this file. */
#include "cic_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

/* The probe stops right after IHDR: signature (8) + length/type (8) + 13 data + CRC (4). */
#define IHDR_END 33u
/* A row buffer larger than this is refused (libpng keeps about three rows): memory stays bounded
 * even for a 250-megapixel image one pixel high. */
#define MAX_ROW_BYTES (64u << 20)

typedef struct png_run {
    cic_reader *reader;
    cic_result *result;
    const uint8_t *data;  /* current block */
    size_t avail;
    uint64_t consumed;    /* bytes handed to libpng so far */
    uint64_t stop_at;     /* probe: stop when libpng asks past this offset */
    int stopped;          /* probe reached its stop (not an error) */
    cic_status status;
    uint64_t next_chunk;  /* input offset of the next chunk's length field (8: IHDR) */
    uint8_t head[8];      /* that chunk's length and type, gathered as they pass through on_read */
    uint32_t max_chunk;   /* ancillary chunks declaring more are skipped unread; 0: no limit */
} png_run;

/* Chunk types whose content nothing here uses and libpng would keep in memory, one copy per chunk
 * (zTXt and iTXt inflated, each up to the chunk limit): they are skipped, their CRCs still checked. */
static const png_byte UNUSED_CHUNKS[] = "tEXt\0zTXt\0iTXt\0sPLT";

static void on_error(png_structp png, png_const_charp message) {
    png_run *run = (png_run *)png_get_error_ptr(png);
    cic_set_message(run->result, 0, "%s", message);
    if (run->status == cic_status_ok) run->status = cic_status_corrupt_data;
    png_longjmp(png, 1);
}

/* libpng warnings and benign errors lose no pixel (unknown chunk quirks, sRGB profile remarks,
 * extra compressed data after the image): they become notes. Everything that does lose pixels is
 * an error in libpng itself (bad filter, zlib error, too little image data) or made one below
 * (CRC errors in any chunk, truncation, a missing IEND). */
static void on_warning(png_structp png, png_const_charp message) {
    png_run *run = (png_run *)png_get_error_ptr(png);
    cic_add_note(run->result, message);
}

/* Every chunk's declared length is checked as its header passes through on_read, before libpng
 * acts on it. libpng allocates a text chunk's declared size (up to 2 GiB, zeroed) before reading it,
 * and libpng 1.6.39 only warns "chunk data is too large" over the chunk limit. So:
 *  - a chunk that runs past the end of the input is truncation, refused before any allocation, the
 *    same answer from memory and from a file, whatever memory the process may have;
 *  - an ancillary chunk over the chunk limit is skipped unread (its CRC still checked), with a note. */
static void watch_chunks(png_structp png, png_run *run, uint64_t start, const uint8_t *bytes, size_t n) {
    uint64_t end = start + n;
    while (run->next_chunk < end && run->next_chunk + 8 > start) {
        uint64_t from = run->next_chunk > start ? run->next_chunk : start;
        uint64_t to = run->next_chunk + 8 < end ? run->next_chunk + 8 : end;
        memcpy(run->head + (from - run->next_chunk), bytes + (from - start), (size_t)(to - from));
        if (to < run->next_chunk + 8) return;  /* the rest of the header comes with the next read */
        uint32_t length = (uint32_t)run->head[0] << 24 | (uint32_t)run->head[1] << 16
                          | (uint32_t)run->head[2] << 8 | run->head[3];
        if (length > PNG_UINT_31_MAX) {
            run->next_chunk = UINT64_MAX;  /* libpng refuses the length itself */
            return;
        }
        char type[5];
        for (int i = 0; i < 4; i++) {
            uint8_t c = run->head[4 + i];
            type[i] = (char)(((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? c : '?');
        }
        type[4] = '\0';
        uint64_t chunk_end = run->next_chunk + 12 + length;
        /* IHDR's length is libpng's to judge (anything but 13 is a broken header). */
        if (run->next_chunk > 8 && !cic_reader_holds(run->reader, chunk_end)) {
            cic_set_message(run->result, 1, "truncated: the %s chunk declares %u bytes, past the end of the input",
                            type, length);
            run->status = cic_status_truncated;
            png_error(png, "truncated");
        }
        if (run->max_chunk && length > run->max_chunk && (run->head[4] & 0x20)) {
            png_byte name[5] = {run->head[4], run->head[5], run->head[6], run->head[7], 0};
            png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, name, 1);
            char note[96];
            snprintf(note, sizeof(note), "%s: a chunk of %u bytes is over the limit of %u bytes: skipped",
                     type, length, run->max_chunk);
            cic_add_note(run->result, note);
        }
        run->next_chunk = chunk_end;
    }
}

static void on_read(png_structp png, png_bytep out, size_t length) {
    png_run *run = (png_run *)png_get_io_ptr(png);
    const uint64_t start = run->consumed;
    png_bytep const first = out;
    const size_t asked = length;
    if (run->stop_at && run->consumed >= run->stop_at) {
        run->stopped = 1;
        png_error(png, "probe stop");
    }
    while (length > 0) {
        if (run->avail == 0) {
            const uint8_t *data = NULL;
            ssize_t n = cic_reader_fetch(run->reader, &data);
            if (n < 0) {
                cic_set_message(run->result, 1, "read error: %s", strerror(run->reader->err));
                run->status = cic_status_io;
                png_error(png, "read error");
            }
            if (n == 0) {
                /* Truncated data and a missing IEND both end here: png_read_end reads to IEND. */
                cic_set_message(run->result, 1, run->consumed < IHDR_END
                                                    ? "truncated: file ends inside the PNG header"
                                                    : "truncated: unexpected end of PNG data");
                run->status = cic_status_truncated;
                png_error(png, "truncated");
            }
            run->data = data;
            run->avail = (size_t)n;
        }
        size_t take = length < run->avail ? length : run->avail;
        memcpy(out, run->data, take);
        run->data += take;
        run->avail -= take;
        run->consumed += take;
        out += take;
        length -= take;
    }
    watch_chunks(png, run, start, first, asked);
}

static cic_color color_of(int color_type) {
    switch (color_type) {
    case PNG_COLOR_TYPE_GRAY: return cic_color_gray;
    case PNG_COLOR_TYPE_GRAY_ALPHA: return cic_color_gray_alpha;
    case PNG_COLOR_TYPE_RGB: return cic_color_rgb;
    case PNG_COLOR_TYPE_RGB_ALPHA: return cic_color_rgba;
    case PNG_COLOR_TYPE_PALETTE: return cic_color_palette;
    default: return cic_color_unknown;
    }
}

/* libpng's state, zlib's inflate state and 32 KiB window, the IDAT read buffer: rounded up. */
#define PNG_WORKING_BYTES (256u << 10)

/* Copies IHDR's fields with the plain getters: png_get_IHDR re-validates and may png_error,
 * which must never happen inside the setjmp handler (it would jump back into it). */
static int read_ihdr(png_structp png, png_infop info, cic_result *result) {
    png_uint_32 w = png_get_image_width(png, info);
    if (w == 0) return 0;
    result->width = w;
    result->height = png_get_image_height(png, info);
    result->bit_depth = png_get_bit_depth(png, info);
    result->color = color_of(png_get_color_type(png, info));
    result->components = png_get_channels(png, info);
    result->interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    /* The verify keeps three rows (libpng's current and previous row, and ours), whatever the height
     * or interlacing. */
    uint64_t row_bytes = ((uint64_t)w * (uint64_t)result->components * (uint64_t)result->bit_depth + 7) / 8 + 1;
    result->decode_bytes = PNG_WORKING_BYTES + 3 * row_bytes;
    return 1;
}

cic_status cic_png_run(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits,
                       cic_result *result, int verify) {
    /* libpng checks the rest of the header (IHDR length 13, its CRC, 1 <= w,h <= 2^31-1, a legal
     * colour type and bit depth); the first chunk must be IHDR, which we check up front. */
    if (len >= 16 && memcmp(data + 12, "IHDR", 4) != 0) {
        cic_set_message(result, 1, "first chunk is not IHDR");
        return cic_status_invalid_header;
    }
    png_run run;
    memset(&run, 0, sizeof(run));
    run.reader = r;
    run.result = result;
    run.data = data;
    run.avail = len;
    run.stop_at = verify ? 0 : IHDR_END;
    run.next_chunk = 8;
    run.max_chunk = limits->max_chunk_bytes;

    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &run, on_error, on_warning);
    if (png == NULL) {
        cic_set_message(result, 1, "out of memory");
        return cic_status_io;
    }
    png_infop info = png_create_info_struct(png);
    png_bytep volatile row = NULL;  /* set after setjmp: volatile so the error path sees it */
    if (info == NULL) {
        png_destroy_read_struct(&png, NULL, NULL);
        cic_set_message(result, 1, "out of memory");
        return cic_status_io;
    }
    if (setjmp(png_jmpbuf(png))) {
        cic_status status = run.status;
        if (run.stopped) {
            /* The probe read IHDR and was asked for the next chunk: a success, not an error. */
            result->message[0] = '\0';
            status = read_ihdr(png, info, result) ? cic_status_ok : cic_status_invalid_header;
            if (status == cic_status_ok && cic_over_pixel_limit(result, limits->max_pixels))
                status = cic_status_too_large;
        } else if (status == cic_status_ok || status == cic_status_corrupt_data) {
            /* libpng's own error: a header failure while IHDR is read and checked (its data, its
             * CRC, png_check_IHDR all run before the next chunk is asked for), a data failure after. */
            status = run.consumed <= IHDR_END ? cic_status_invalid_header : cic_status_corrupt_data;
            if (status == cic_status_corrupt_data) read_ihdr(png, info, result);
            if (status == cic_status_invalid_header && result->notes[0] != '\0') {
                /* libpng warns the detail ("Invalid bit depth in IHDR") before its generic error. */
                char detail[sizeof(result->message)];
                size_t n = strcspn(result->notes, "\n");
                snprintf(detail, sizeof(detail), "%s: %.*s", result->message, (int)n, result->notes);
                memcpy(result->message, detail, sizeof(detail));
                result->notes[0] = '\0';
                result->note_count = 0;
            }
        }
        free(row);
        png_destroy_read_struct(&png, &info, NULL);
        return status;
    }
    /* Let libpng accept any legal size; the pixel limit below gives the clearer reason. */
    png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    png_set_chunk_malloc_max(png, limits->max_chunk_bytes);  /* 0: no limit, as libpng reads it */
    png_set_chunk_cache_max(png, 1000);
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, UNUSED_CHUNKS, 4);
    /* CRC errors fail the file in any chunk (libpng's default only warns for ancillary ones). */
    if (verify) png_set_crc_action(png, PNG_CRC_DEFAULT, PNG_CRC_ERROR_QUIT);
    png_set_read_fn(png, &run, on_read);

    png_read_info(png, info);
    /* Only verify gets here (the probe stops inside png_read_info). */
    read_ihdr(png, info, result);
    if (cic_over_pixel_limit(result, limits->max_pixels)) {
        run.status = cic_status_too_large;
        png_error(png, "too large");
    }
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes == 0 || row_bytes > MAX_ROW_BYTES) {
        run.status = cic_status_too_large;
        cic_set_message(result, 1, "a row of %zu bytes is over the limit of %u bytes", row_bytes, MAX_ROW_BYTES);
        png_error(png, "row too large");
    }
    row = malloc(row_bytes);
    if (row == NULL) {
        run.status = cic_status_too_large;
        cic_set_message(result, 1, "out of memory for a row of %zu bytes", row_bytes);
        png_error(png, "out of memory");
    }
    for (int pass = 0; pass < passes; pass++)
        for (png_uint_32 y = 0; y < result->height; y++) png_read_row(png, row, NULL);
    png_read_end(png, NULL);  /* the remaining chunks, their CRCs, and IEND */
    free(row);
    png_destroy_read_struct(&png, &info, NULL);
    return cic_status_ok;
}
