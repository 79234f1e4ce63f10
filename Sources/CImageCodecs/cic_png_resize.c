/* PNG resize and re-encode on libpng: decode with palette and low bit depths expanded and 16-bit samples
 * scaled to 8, the streaming Lanczos-3 resampler (premultiplied when there is alpha), then a new PNG with
 * the same kind of pixels (gray, gray+alpha, RGB, RGBA; a palette again when the colours still fit in 256)
 * and the source's colour chunks (iCCP, sRGB, gAMA, cHRM). Memory: a row or two, the resampler's ring and
 * the result; an interlaced (Adam7) source needs its whole decoded image, as any Adam7 decoder does.
 * setjmp/longjmp (png_jmpbuf) stay in this file. */
#include "cic_internal.h"
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

typedef struct png_resize_job {
    jmp_buf jump;               /* both libpng structs' errors end here */
    cic_result *result;
    const uint8_t *in;
    size_t in_len, in_pos;
    png_structp read;
    png_infop read_info;
    png_structp write;
    png_infop write_info;
    uint8_t *rows;              /* one row, or the whole image when interlaced */
    png_bytep *pointers;        /* interlaced: a pointer per row */
    cic_resampler resampler;
    cic_canvas canvas;
    uint8_t *encoded;
    size_t encoded_len, encoded_cap;
    int failed_alloc;
    uint8_t *index_row;
    uint32_t palette_keys[1024];   /* open addressing: RGBA key + 1 (0: empty) */
    uint8_t palette_index[1024];
} png_resize_job;

static void on_error(png_structp png, png_const_charp message) {
    png_resize_job *job = png_get_error_ptr(png);
    cic_set_message(job->result, 0, "%s", message);
    longjmp(job->jump, 1);
}

static void on_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

static void read_memory(png_structp png, png_bytep data, size_t length) {
    png_resize_job *job = png_get_io_ptr(png);
    if (length > job->in_len - job->in_pos) png_error(png, "truncated");
    memcpy(data, job->in + job->in_pos, length);
    job->in_pos += length;
}

static void write_memory(png_structp png, png_bytep data, size_t length) {
    png_resize_job *job = png_get_io_ptr(png);
    if (length > job->encoded_cap - job->encoded_len) {
        size_t cap = job->encoded_cap ? job->encoded_cap : 64 * 1024;
        while (cap - job->encoded_len < length) cap *= 2;
        uint8_t *grown = realloc(job->encoded, cap);
        if (!grown) {
            job->failed_alloc = 1;
            png_error(png, "out of memory for the encoded picture");
        }
        job->encoded = grown;
        job->encoded_cap = cap;
    }
    memcpy(job->encoded + job->encoded_len, data, length);
    job->encoded_len += length;
}

static void flush_memory(png_structp png) { (void)png; }

static void job_free(png_resize_job *job) {
    if (job->read) png_destroy_read_struct(&job->read, &job->read_info, NULL);
    if (job->write) png_destroy_write_struct(&job->write, &job->write_info);
    free(job->rows);
    free(job->pointers);
    free(job->index_row);
    cic_resampler_free(&job->resampler);
    cic_canvas_free(&job->canvas);
    free(job->encoded);
    free(job);
}

/* Index of an RGBA colour in the palette being built; adds it while there is room. -1: more than 256. */
static int palette_slot(png_resize_job *job, uint32_t rgba, int *count, png_color *palette, png_byte *alpha) {
    uint32_t key = rgba + 1u;
    uint32_t h = (rgba * 2654435761u) >> 22;  /* 10 bits */
    for (;;) {
        if (job->palette_keys[h] == key) return job->palette_index[h];
        if (job->palette_keys[h] == 0) {
            if (*count == 256) return -1;
            job->palette_keys[h] = key;
            job->palette_index[h] = (uint8_t)*count;
            palette[*count].red = (png_byte)(rgba >> 24);
            palette[*count].green = (png_byte)(rgba >> 16);
            palette[*count].blue = (png_byte)(rgba >> 8);
            alpha[*count] = (png_byte)rgba;
            return (*count)++;
        }
        h = (h + 1) & 1023u;
    }
}

static uint32_t pixel_rgba(const uint8_t *p, int channels) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (channels == 4 ? p[3] : 255u);
}

cic_status cic_png_resize(const uint8_t *buf, size_t len, const cic_limits *limits, const cic_resize_request *request,
                          uint8_t **out, size_t *out_len, cic_result *result) {
    *out = NULL;
    *out_len = 0;
    png_resize_job *job = calloc(1, sizeof(png_resize_job));
    if (!job) {
        cic_set_message(result, 1, "out of memory");
        return cic_status_too_large;
    }
    job->result = result;
    job->in = buf;
    job->in_len = len;
    job->read = png_create_read_struct(PNG_LIBPNG_VER_STRING, job, on_error, on_warning);
    job->read_info = job->read ? png_create_info_struct(job->read) : NULL;
    job->write = png_create_write_struct(PNG_LIBPNG_VER_STRING, job, on_error, on_warning);
    job->write_info = job->write ? png_create_info_struct(job->write) : NULL;
    if (!job->read_info || !job->write_info) {
        cic_set_message(result, 1, "out of memory");
        job_free(job);
        return cic_status_too_large;
    }
    if (setjmp(job->jump)) {
        cic_status status = job->failed_alloc ? cic_status_too_large : cic_status_corrupt_data;
        job_free(job);
        return status;
    }
    png_set_read_fn(job->read, job, read_memory);
    png_set_crc_action(job->read, PNG_CRC_WARN_USE, PNG_CRC_WARN_USE);  /* verify judged the CRCs */
    png_read_info(job->read, job->read_info);
    uint32_t width = png_get_image_width(job->read, job->read_info);
    uint32_t height = png_get_image_height(job->read, job->read_info);
    int source_type = png_get_color_type(job->read, job->read_info);
    /* the caller verified the picture within its limits; a direct caller gets the same pixel limit here */
    result->width = width;
    result->height = height;
    if (cic_over_pixel_limit(result, limits->max_pixels)) {
        job_free(job);
        return cic_status_too_large;
    }
    png_set_expand(job->read);
    png_set_scale_16(job->read);
    int passes = png_set_interlace_handling(job->read);
    png_read_update_info(job->read, job->read_info);
    int channels = png_get_channels(job->read, job->read_info);
    int color_type = png_get_color_type(job->read, job->read_info);
    int alpha = (color_type & PNG_COLOR_MASK_ALPHA) ? channels - 1 : -1;
    size_t stride = png_get_rowbytes(job->read, job->read_info);

    uint32_t target_w, target_h;
    cic_fit_within(width, height, request->max_side, &target_w, &target_h);
    job->rows = malloc(passes > 1 ? stride * (size_t)height : stride);
    if (!job->rows || !cic_canvas_init(&job->canvas, target_w, target_h, channels, request->orientation)
        || !cic_resampler_init(&job->resampler, width, height, target_w, target_h, channels, alpha,
                               cic_canvas_sink, &job->canvas)) {
        cic_set_message(result, 1, "out of memory for a %ux%u picture", target_w, target_h);
        job_free(job);
        return cic_status_too_large;
    }
    if (passes > 1) {
        /* Adam7: every pass touches every part of the image, so it is decoded whole first */
        job->pointers = malloc(sizeof(png_bytep) * height);
        if (!job->pointers) png_error(job->read, "out of memory");
        for (uint32_t y = 0; y < height; y++) job->pointers[y] = job->rows + (size_t)y * stride;
        png_read_image(job->read, job->pointers);
        for (uint32_t y = 0; y < height; y++) cic_resampler_push(&job->resampler, job->rows + (size_t)y * stride);
    } else {
        for (uint32_t y = 0; y < height; y++) {
            png_read_row(job->read, job->rows, NULL);
            cic_resampler_push(&job->resampler, job->rows);
        }
    }

    /* the colour chunks travel with the pixels */
    png_charp icc_name = NULL;
    int icc_compression = 0;
    png_bytep icc = NULL;
    png_uint_32 icc_len = 0;
    int intent = 0;
    png_fixed_point gamma = 0;
    png_fixed_point wx, wy, rx, ry, gx, gy, bx, by;
    png_set_write_fn(job->write, job, write_memory, flush_memory);
    int out_type = color_type;
    png_color palette[256];
    png_byte palette_alpha[256];
    int palette_count = 0;
    int as_palette = 0;
    if (source_type == PNG_COLOR_TYPE_PALETTE && channels >= 3) {
        /* a palette again when the filtered colours still fit in 256 (hard-edged art usually does) */
        as_palette = 1;
        for (size_t i = 0, n = (size_t)job->canvas.width * job->canvas.height; i < n && as_palette; i++) {
            if (palette_slot(job, pixel_rgba(job->canvas.pixels + i * (size_t)channels, channels), &palette_count,
                             palette, palette_alpha) < 0) as_palette = 0;
        }
        if (as_palette) out_type = PNG_COLOR_TYPE_PALETTE;
    }
    png_set_IHDR(job->write, job->write_info, job->canvas.width, job->canvas.height, 8, out_type,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (as_palette) {
        png_set_PLTE(job->write, job->write_info, palette, palette_count);
        int last_opaque = palette_count;
        while (last_opaque > 0 && palette_alpha[last_opaque - 1] == 255) last_opaque--;
        if (last_opaque > 0) png_set_tRNS(job->write, job->write_info, palette_alpha, last_opaque, NULL);
    }
    if (png_get_iCCP(job->read, job->read_info, &icc_name, &icc_compression, &icc, &icc_len) == PNG_INFO_iCCP)
        png_set_iCCP(job->write, job->write_info, icc_name, icc_compression, icc, icc_len);
    else if (png_get_sRGB(job->read, job->read_info, &intent) == PNG_INFO_sRGB)
        png_set_sRGB(job->write, job->write_info, intent);
    if (png_get_gAMA_fixed(job->read, job->read_info, &gamma) == PNG_INFO_gAMA)
        png_set_gAMA_fixed(job->write, job->write_info, gamma);
    if (png_get_cHRM_fixed(job->read, job->read_info, &wx, &wy, &rx, &ry, &gx, &gy, &bx, &by) == PNG_INFO_cHRM)
        png_set_cHRM_fixed(job->write, job->write_info, wx, wy, rx, ry, gx, gy, bx, by);
    png_write_info(job->write, job->write_info);
    const size_t out_stride = (size_t)job->canvas.width * (size_t)channels;
    if (as_palette) {
        job->index_row = malloc(job->canvas.width);
        if (!job->index_row) png_error(job->write, "out of memory");
    }
    for (uint32_t y = 0; y < job->canvas.height; y++) {
        uint8_t *row = job->canvas.pixels + (size_t)y * out_stride;
        if (as_palette) {
            for (uint32_t x = 0; x < job->canvas.width; x++) {
                job->index_row[x] = (uint8_t)palette_slot(job, pixel_rgba(row + (size_t)x * channels, channels),
                                                          &palette_count, palette, palette_alpha);
            }
            row = job->index_row;
        }
        png_write_row(job->write, row);
    }
    png_write_end(job->write, NULL);
    result->format = cic_format_png;
    result->width = job->canvas.width;
    result->height = job->canvas.height;
    result->components = channels;
    *out = job->encoded;
    *out_len = job->encoded_len;
    job->encoded = NULL;
    job_free(job);
    return cic_status_ok;
}
