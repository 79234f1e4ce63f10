/* Conversion of the formats the server does not take (or that browsers do not show) to a JPEG or a PNG.
 *
 * Each format's decoder (cic_gif.c, cic_tiff.c, cic_bmp.c, cic_webp.c, cic_heif.c) pushes 8-bit rows in stored
 * order into a cic_convert_sink; the sink filters them to the target size with the streaming Lanczos-3
 * resampler (cic_resample.c) into the oriented canvas, so memory is the decoder's own plus the upright result.
 * Then the canvas is encoded: a JPEG (libjpeg, optimised Huffman tables) when no pixel is transparent, else a
 * PNG (libpng) with its alpha. The ICC profile is written into the new file; nothing else travels.
 * setjmp/longjmp of libjpeg and libpng stay in this file. */
#include "cic_internal.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <png.h>

struct cic_convert_sink {
    const cic_limits *limits;
    const cic_resize_request *request;
    cic_result *result;
    int begun;
    int channels;
    uint8_t *icc;
    size_t icc_len;
    cic_resampler resampler;
    cic_canvas canvas;
};

cic_status cic_convert_begin(cic_convert_sink *sink, uint32_t width, uint32_t height, int channels,
                             const uint8_t *icc, size_t icc_len) {
    if (sink->begun || channels < 1 || channels > 4 || width == 0 || height == 0) {
        cic_set_message(sink->result, 1, "cannot convert a %ux%u picture of %d channels", width, height, channels);
        return cic_status_corrupt_data;
    }
    sink->result->width = width;
    sink->result->height = height;
    if (cic_over_pixel_limit(sink->result, sink->limits->max_pixels)) return cic_status_too_large;
    uint32_t target_w, target_h;
    cic_fit_within(width, height, sink->request->max_side, &target_w, &target_h);
    int alpha = (channels == 2 || channels == 4) ? channels - 1 : -1;
    if (icc && icc_len) {
        sink->icc = malloc(icc_len);
        if (sink->icc) {
            memcpy(sink->icc, icc, icc_len);
            sink->icc_len = icc_len;
        }
    }
    if (!cic_canvas_init(&sink->canvas, target_w, target_h, channels, sink->request->orientation)
        || !cic_resampler_init(&sink->resampler, width, height, target_w, target_h, channels, alpha,
                               cic_canvas_sink, &sink->canvas)) {
        cic_set_message(sink->result, 1, "out of memory for a %ux%u picture", target_w, target_h);
        return cic_status_too_large;
    }
    sink->channels = channels;
    sink->begun = 1;
    return cic_status_ok;
}

void cic_convert_row(cic_convert_sink *sink, const uint8_t *row) {
    if (sink->begun) cic_resampler_push(&sink->resampler, row);
}

static void sink_free(cic_convert_sink *sink) {
    cic_resampler_free(&sink->resampler);
    cic_canvas_free(&sink->canvas);
    free(sink->icc);
}

/* 1 when some pixel of the canvas is not fully opaque. */
static int canvas_has_transparency(const cic_canvas *c) {
    if (c->channels != 2 && c->channels != 4) return 0;
    const size_t n = (size_t)c->width * c->height;
    for (size_t i = 0; i < n; i++) {
        if (c->pixels[i * (size_t)c->channels + (size_t)c->channels - 1] != 255) return 1;
    }
    return 0;
}

/* ---- JPEG ---- */

typedef struct jpeg_job {
    struct jpeg_error_mgr err;
    jmp_buf jump;
    cic_result *result;
    struct jpeg_compress_struct dst;
    int have_dst;
    unsigned char *encoded;
    unsigned long encoded_len;
    uint8_t *row;
} jpeg_job;

static void jpeg_job_error_exit(j_common_ptr c) {
    jpeg_job *job = (jpeg_job *)c->client_data;
    char text[JMSG_LENGTH_MAX];
    c->err->format_message(c, text);
    job->result->lib_code = c->err->msg_code;
    cic_set_message(job->result, 0, "%s", text);
    longjmp(job->jump, 1);
}

static void jpeg_job_quiet(j_common_ptr c, int level) { (void)c; (void)level; }
static void jpeg_job_output(j_common_ptr c) { (void)c; }

static void jpeg_job_free(jpeg_job *job) {
    if (job->have_dst) jpeg_destroy_compress(&job->dst);
    free(job->encoded);
    free(job->row);
}

/* The canvas as a JPEG; an opaque alpha channel is dropped (gray+alpha to gray, RGBA to RGB). */
static cic_status encode_jpeg(const cic_convert_sink *sink, int quality, uint8_t **out, size_t *out_len,
                              cic_result *result) {
    jpeg_job *job = calloc(1, sizeof(jpeg_job));
    if (!job) {
        cic_set_message(result, 1, "out of memory");
        return cic_status_too_large;
    }
    job->result = result;
    if (setjmp(job->jump)) {
        jpeg_job_free(job);
        free(job);
        return cic_status_corrupt_data;
    }
    const cic_canvas *c = &sink->canvas;
    const int in_channels = c->channels;
    const int out_channels = in_channels >= 3 ? 3 : 1;
    struct jpeg_compress_struct *dst = &job->dst;
    dst->err = jpeg_std_error(&job->err);
    job->err.error_exit = jpeg_job_error_exit;
    job->err.emit_message = jpeg_job_quiet;
    job->err.output_message = jpeg_job_output;
    dst->client_data = job;
    jpeg_create_compress(dst);
    job->have_dst = 1;
    jpeg_mem_dest(dst, &job->encoded, &job->encoded_len);
    dst->image_width = c->width;
    dst->image_height = c->height;
    dst->input_components = out_channels;
    dst->in_color_space = out_channels == 3 ? JCS_RGB : JCS_GRAYSCALE;
    jpeg_set_defaults(dst);
    jpeg_set_quality(dst, quality < 1 ? 1 : (quality > 100 ? 100 : quality), TRUE);
    dst->optimize_coding = TRUE;
    job->row = malloc((size_t)c->width * (size_t)out_channels);
    if (!job->row) {
        cic_set_message(result, 1, "out of memory");
        jpeg_job_free(job);
        free(job);
        return cic_status_too_large;
    }
    jpeg_start_compress(dst, TRUE);
    if (sink->icc) jpeg_write_icc_profile(dst, sink->icc, (unsigned int)sink->icc_len);
    const size_t stride = (size_t)c->width * (size_t)in_channels;
    while (dst->next_scanline < dst->image_height) {
        const uint8_t *src = c->pixels + (size_t)dst->next_scanline * stride;
        for (uint32_t x = 0; x < c->width; x++) {
            for (int k = 0; k < out_channels; k++) job->row[(size_t)x * out_channels + k] = src[(size_t)x * in_channels + k];
        }
        JSAMPROW rows[1] = {job->row};
        jpeg_write_scanlines(dst, rows, 1);
    }
    jpeg_finish_compress(dst);
    result->format = cic_format_jpeg;
    result->components = out_channels;
    result->color = out_channels == 3 ? cic_color_rgb : cic_color_gray;
    result->has_alpha = 0;
    *out = job->encoded;
    *out_len = (size_t)job->encoded_len;
    job->encoded = NULL;
    jpeg_job_free(job);
    free(job);
    return cic_status_ok;
}

/* ---- PNG ---- */

typedef struct png_job {
    jmp_buf jump;
    cic_result *result;
    png_structp write;
    png_infop info;
    uint8_t *encoded;
    size_t encoded_len, encoded_cap;
    int failed_alloc;
} png_job;

static void png_job_error(png_structp png, png_const_charp message) {
    png_job *job = png_get_error_ptr(png);
    cic_set_message(job->result, 0, "%s", message);
    png_longjmp(png, 1);
}

static void png_job_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

static void png_job_write(png_structp png, png_bytep data, size_t length) {
    png_job *job = png_get_io_ptr(png);
    if (job->encoded_len + length > job->encoded_cap) {
        size_t cap = job->encoded_cap ? job->encoded_cap : 64 * 1024;
        while (cap < job->encoded_len + length) cap *= 2;
        uint8_t *grown = realloc(job->encoded, cap);
        if (!grown) {
            job->failed_alloc = 1;
            png_error(png, "out of memory");
        }
        job->encoded = grown;
        job->encoded_cap = cap;
    }
    memcpy(job->encoded + job->encoded_len, data, length);
    job->encoded_len += length;
}

static void png_job_flush(png_structp png) { (void)png; }

static cic_status encode_png(const cic_convert_sink *sink, uint8_t **out, size_t *out_len, cic_result *result) {
    png_job *job = calloc(1, sizeof(png_job));
    if (!job) {
        cic_set_message(result, 1, "out of memory");
        return cic_status_too_large;
    }
    job->result = result;
    job->write = png_create_write_struct(PNG_LIBPNG_VER_STRING, job, png_job_error, png_job_warning);
    job->info = job->write ? png_create_info_struct(job->write) : NULL;
    if (!job->info) {
        if (job->write) png_destroy_write_struct(&job->write, NULL);
        free(job);
        cic_set_message(result, 1, "out of memory");
        return cic_status_too_large;
    }
    if (setjmp(png_jmpbuf(job->write))) {
        cic_status status = job->failed_alloc ? cic_status_too_large : cic_status_corrupt_data;
        png_destroy_write_struct(&job->write, &job->info);
        free(job->encoded);
        free(job);
        return status;
    }
    const cic_canvas *c = &sink->canvas;
    png_set_write_fn(job->write, job, png_job_write, png_job_flush);
    int type = c->channels == 1 ? PNG_COLOR_TYPE_GRAY
             : c->channels == 2 ? PNG_COLOR_TYPE_GRAY_ALPHA
             : c->channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA;
    png_set_IHDR(job->write, job->info, c->width, c->height, 8, type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    /* A profile libpng finds wrong for the picture (a gray profile on RGB, a broken header) is left out with a
     * warning instead of failing the conversion. */
    png_set_benign_errors(job->write, 1);
    if (sink->icc) png_set_iCCP(job->write, job->info, "icc", PNG_COMPRESSION_TYPE_BASE, sink->icc, (png_uint_32)sink->icc_len);
    png_write_info(job->write, job->info);
    const size_t stride = (size_t)c->width * (size_t)c->channels;
    for (uint32_t y = 0; y < c->height; y++) png_write_row(job->write, c->pixels + (size_t)y * stride);
    png_write_end(job->write, NULL);
    png_destroy_write_struct(&job->write, &job->info);
    result->format = cic_format_png;
    result->components = c->channels;
    result->color = c->channels == 1 ? cic_color_gray : c->channels == 2 ? cic_color_gray_alpha
                  : c->channels == 3 ? cic_color_rgb : cic_color_rgba;
    result->has_alpha = c->channels == 2 || c->channels == 4;
    *out = job->encoded;
    *out_len = job->encoded_len;
    free(job);
    return cic_status_ok;
}

/* ---- entry point ---- */

cic_status cic_convert(const uint8_t *buf, size_t len, const cic_limits *limits, const cic_resize_request *request,
                       uint8_t **out, size_t *out_len, cic_result *result) {
    *out = NULL;
    *out_len = 0;
    memset(result, 0, sizeof(*result));
    result->orientation = 1;
    cic_format format = cic_sniff(buf, len);
    cic_convert_sink sink;
    memset(&sink, 0, sizeof(sink));
    sink.limits = limits;
    sink.request = request;
    sink.result = result;
    cic_status status;
    switch (format) {
    case cic_format_gif: status = cic_gif_convert(buf, len, limits, &sink, result); break;
    case cic_format_tiff: status = cic_tiff_convert(buf, len, limits, &sink, result); break;
    case cic_format_bmp: status = cic_bmp_convert(buf, len, limits, &sink, result); break;
    case cic_format_webp: status = cic_webp_convert(buf, len, limits, &sink, result); break;
    case cic_format_heic: status = cic_heif_convert(buf, len, limits, &sink, result); break;
    default:
        cic_set_message(result, 1, "only GIF, TIFF, BMP, WebP and HEIF pictures are converted");
        return cic_status_unsupported_format;
    }
    if (status == cic_status_ok && (!sink.begun || sink.resampler.rows_in != sink.resampler.in_h)) {
        cic_set_message(result, 1, "the decoder handed over %u of %u rows", sink.begun ? sink.resampler.rows_in : 0,
                        sink.begun ? sink.resampler.in_h : 0);
        status = cic_status_corrupt_data;
    }
    if (status == cic_status_ok) {
        status = canvas_has_transparency(&sink.canvas) ? encode_png(&sink, out, out_len, result)
                                                       : encode_jpeg(&sink, request->quality, out, out_len, result);
        if (status == cic_status_ok) {
            result->width = sink.canvas.width;
            result->height = sink.canvas.height;
            result->bit_depth = 8;
            result->orientation = 1;
            result->frame_count = 1;
            result->animated = 0;
        }
    }
    sink_free(&sink);
    return status;
}
