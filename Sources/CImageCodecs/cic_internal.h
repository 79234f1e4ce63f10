#ifndef CIC_INTERNAL_H
#define CIC_INTERNAL_H
/* Private declarations shared by the C files of CImageCodecs (not visible to Swift). */
#include "CImageCodecs.h"
#include <stdarg.h>
#include <sys/types.h>

/*
 * A byte source that is either a memory buffer or an open regular file read with pread on demand.
 * fetch() hands out the next block (memory: all the rest at once; file: one pread of up to the
 * block size into a single reused buffer, so a block stays valid only until the next fetch).
 */
typedef struct cic_reader {
    const uint8_t *mem;     /* memory mode: the whole input */
    size_t mem_len;
    int fd;                 /* file mode: the descriptor, else -1 */
    uint8_t *buf;           /* file mode: the one read buffer */
    size_t buf_cap;
    size_t first_block;     /* size of the first read (enough for any magic and most headers) */
    size_t block;           /* size of each later read */
    uint64_t offset;        /* input offset of the next byte not yet handed out */
    uint64_t size;          /* input size: the buffer's length, or the file's size at fstat */
    int err;                /* errno of a failed read, 0 if none */
} cic_reader;

void cic_reader_init_memory(cic_reader *r, const uint8_t *mem, size_t len);
/* Returns cic_status_ok, or io / too_large with the reason written to result->message. */
cic_status cic_reader_init_fd(cic_reader *r, int fd, size_t first_block, size_t block,
                              const cic_limits *limits, cic_result *result);
void cic_reader_close(cic_reader *r);
/* Next block: > 0 bytes at *data, 0 at end of input, -1 on a read error (r->err set). */
ssize_t cic_reader_fetch(cic_reader *r, const uint8_t **data);
/* Skip n bytes without reading them (clamped to the end of input). */
void cic_reader_skip(cic_reader *r, uint64_t n);
/* 1 when the input holds at least `end` bytes (a file that grew since it was opened counts at its
 * new size), else 0: a length declared in the data can be checked before anything is allocated for it. */
int cic_reader_holds(cic_reader *r, uint64_t end);

/* Up to n bytes from `offset` into dst (memory: copied; file: pread, whatever fetch has handed out); fewer at the
 * end of input, and on a read error (r->err set). The sequential position of fetch is not moved. */
size_t cic_reader_read_at(cic_reader *r, uint64_t offset, void *dst, size_t n);
/* The whole input in memory: the buffer itself (memory mode, *owned NULL), or one malloc of the file's size read
 * with pread (*owned: free it). Returns ok, or io / too_large with the reason in result->message. */
cic_status cic_reader_load(cic_reader *r, cic_result *result, const uint8_t **data, size_t *len, uint8_t **owned);

/* Formatted reason into result->message (first one wins unless overwrite). */
void cic_set_message(cic_result *result, int overwrite, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Append a non-fatal warning to result->notes and count it. */
void cic_add_note(cic_result *result, const char *text);
/* 1 when max_pixels is set and result->width * result->height exceeds it, with the reason
 * written to result->message (overwriting any earlier one); else 0 and result is untouched. */
int cic_over_pixel_limit(cic_result *result, uint64_t max_pixels);

/* As cic_over_pixel_limit for any width x height (a GIF's screen or frame, a TIFF page), named `what`. */
int cic_over_pixel_limit_of(cic_result *result, const char *what, uint64_t width, uint64_t height, uint64_t max_pixels);

/* EXIF orientation (1...8) from an APP1 payload; 1 when absent or malformed. */
int32_t cic_exif_orientation(const uint8_t *app1, size_t len);
/* 1 when the APP1 payload's IFD0 has a GPS IFD pointer (tag 0x8825) that is not zero, else 0. */
int32_t cic_exif_has_gps(const uint8_t *app1, size_t len);

/* Format-specific probe/verify. `data`/`len` is the first block already fetched from the reader. */
cic_status cic_jpeg_run(cic_reader *r, const uint8_t *data, size_t len,
                        const cic_limits *limits, cic_result *result, int verify);
cic_status cic_png_run(cic_reader *r, const uint8_t *data, size_t len,
                       const cic_limits *limits, cic_result *result, int verify);
cic_status cic_gif_run(cic_reader *r, const uint8_t *data, size_t len,
                       const cic_limits *limits, cic_result *result, int verify);
cic_status cic_tiff_run(cic_reader *r, const uint8_t *data, size_t len,
                        const cic_limits *limits, cic_result *result, int verify);
cic_status cic_bmp_run(cic_reader *r, const uint8_t *data, size_t len,
                       const cic_limits *limits, cic_result *result, int verify);
cic_status cic_webp_run(cic_reader *r, const uint8_t *data, size_t len,
                        const cic_limits *limits, cic_result *result, int verify);
cic_status cic_heif_run(cic_reader *r, const uint8_t *data, size_t len,
                        const cic_limits *limits, cic_result *result, int verify);

/* ---- conversion (cic_convert.c) ----
 * A format's decoder hands its picture to a cic_convert_sink: first cic_convert_begin with the stored size, the
 * channels of the rows it will push and the ICC profile (copied), then each row top to bottom in stored order
 * with cic_convert_row. The sink resizes, turns upright and, after the decoder returns ok, encodes. */
typedef struct cic_convert_sink cic_convert_sink;
/* channels: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA (8-bit, interleaved). Returns ok, or too_large with the reason
 * in the result (pixel limit, out of memory). Call it once. */
cic_status cic_convert_begin(cic_convert_sink *sink, uint32_t width, uint32_t height, int channels,
                             const uint8_t *icc, size_t icc_len);
/* One stored row of width * channels bytes. */
void cic_convert_row(cic_convert_sink *sink, const uint8_t *row);

/* Each format's decode for cic_convert: buf passed verify; decode the first frame/page/primary image to 8-bit
 * rows into the sink. Return ok, or a status with the reason written to result->message. */
cic_status cic_gif_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                           cic_result *result);
cic_status cic_tiff_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                            cic_result *result);
cic_status cic_bmp_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                           cic_result *result);
cic_status cic_webp_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                            cic_result *result);
cic_status cic_heif_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                            cic_result *result);

/* ---- resampling (cic_resample.c) ---- */

/* Receives output row y (out_w * channels bytes, valid only during the call). */
typedef void (*cic_row_sink)(void *ctx, uint32_t y, const uint8_t *row);

/* A streaming Lanczos-3 resampler of 8-bit interleaved rows (1...4 channels); see cic_resample.c. */
typedef struct cic_resampler {
    uint32_t in_w, in_h, out_w, out_h;
    int channels;
    int alpha;                      /* index of the alpha channel, or -1 */
    int32_t *h_start, *h_count;     /* per output column: first input column and how many */
    float *h_weights;               /* h_taps per output column */
    int h_taps;
    int32_t *v_start, *v_count;     /* per output row: first input row and how many */
    float *v_weights;
    int v_taps;
    float *ring;                    /* ring_rows horizontally filtered rows */
    int ring_rows;
    float *premultiplied;           /* one input row with alpha applied (alpha only) */
    float *acc_row;
    uint8_t *out_row;
    uint32_t rows_in, rows_out;
    cic_row_sink sink;
    void *sink_ctx;
} cic_resampler;

/* 1 on success, 0 when out of memory (free it either way). */
int cic_resampler_init(cic_resampler *r, uint32_t in_w, uint32_t in_h, uint32_t out_w, uint32_t out_h,
                       int channels, int alpha, cic_row_sink sink, void *sink_ctx);
/* One input row (in_w * channels bytes), top to bottom; output rows reach the sink as soon as they can. */
void cic_resampler_push(cic_resampler *r, const uint8_t *row);
void cic_resampler_free(cic_resampler *r);

/* The whole output image, upright: rows arrive in stored order and each pixel is placed where the EXIF
 * orientation shows it. width/height are the upright size. */
typedef struct cic_canvas {
    uint32_t stored_w, stored_h, width, height;
    int channels;
    int orientation;
    uint8_t *pixels;
} cic_canvas;

int cic_canvas_init(cic_canvas *c, uint32_t stored_w, uint32_t stored_h, int channels, int orientation);
void cic_canvas_free(cic_canvas *c);
/* A cic_row_sink whose ctx is a cic_canvas. */
void cic_canvas_sink(void *ctx, uint32_t y, const uint8_t *row);

/* The size of w x h fitted within max_side on its long side (unchanged when it fits or max_side is 0). */
void cic_fit_within(uint32_t w, uint32_t h, uint32_t max_side, uint32_t *out_w, uint32_t *out_h);

#endif
