/* JPEG resize and re-encode on libjpeg(-turbo): DCT scaling for the bulk of the reduction, the streaming
 * Lanczos-3 resampler (cic_resample.c) to the exact size, the oriented canvas, then a new baseline JPEG with
 * the source's ICC profile. Memory: libjpeg's few decoded rows at the scaled size (plus, for a progressive
 * source, its coefficient buffer, which libjpeg needs at any scale), the resampler's ring, and the upright
 * result. setjmp/longjmp stay in this file. */
#include "cic_internal.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/* Everything a longjmp must be able to free lives here, in memory, not in locals. */
typedef struct resize_job {
    struct jpeg_error_mgr err;
    jmp_buf jump;
    cic_result *result;
    struct jpeg_decompress_struct src;
    struct jpeg_compress_struct dst;
    int have_src, have_dst;
    JOCTET *icc;
    unsigned int icc_len;
    uint8_t *row;
    cic_resampler resampler;
    cic_canvas canvas;
    unsigned char *encoded;
    unsigned long encoded_len;
} resize_job;

static void job_error_exit(j_common_ptr c) {
    resize_job *job = (resize_job *)c->client_data;
    char text[JMSG_LENGTH_MAX];
    c->err->format_message(c, text);
    job->result->lib_code = c->err->msg_code;
    cic_set_message(job->result, 0, "%s", text);
    longjmp(job->jump, 1);
}

/* The input passed verify: warnings judged there are not judged again. */
static void job_emit(j_common_ptr c, int level) { (void)c; (void)level; }
static void job_output(j_common_ptr c) { (void)c; }

static void job_free(resize_job *job) {
    if (job->have_dst) jpeg_destroy_compress(&job->dst);
    if (job->have_src) jpeg_destroy_decompress(&job->src);
    free(job->icc);
    free(job->row);
    cic_resampler_free(&job->resampler);
    cic_canvas_free(&job->canvas);
    free(job->encoded);
}

static void attach_errors(resize_job *job, j_common_ptr c) {
    c->err = jpeg_std_error(&job->err);
    job->err.error_exit = job_error_exit;
    job->err.emit_message = job_emit;
    job->err.output_message = job_output;
    c->client_data = job;
}

cic_status cic_jpeg_resize(const uint8_t *buf, size_t len, const cic_limits *limits, const cic_resize_request *request,
                           uint8_t **out, size_t *out_len, cic_result *result) {
    *out = NULL;
    *out_len = 0;
    resize_job *job = calloc(1, sizeof(resize_job));
    if (!job) {
        cic_set_message(result, 1, "out of memory");
        return cic_status_too_large;
    }
    job->result = result;
    if (setjmp(job->jump)) {
        job_free(job);
        free(job);
        return cic_status_corrupt_data;
    }
    struct jpeg_decompress_struct *src = &job->src;
    attach_errors(job, (j_common_ptr)src);
    jpeg_create_decompress(src);
    job->have_src = 1;
    if (limits->max_memory) src->mem->max_memory_to_use = (long)limits->max_memory;
    jpeg_mem_src(src, buf, (unsigned long)len);
    jpeg_save_markers(src, JPEG_APP0 + 2, 0xFFFF);
    jpeg_read_header(src, TRUE);
    /* the caller verified the picture within its limits; a direct caller gets the same pixel limit here */
    result->width = src->image_width;
    result->height = src->image_height;
    if (cic_over_pixel_limit(result, limits->max_pixels)) {
        job_free(job);
        free(job);
        return cic_status_too_large;
    }

    int channels;
    J_COLOR_SPACE space;
    switch (src->jpeg_color_space) {
    case JCS_GRAYSCALE: space = JCS_GRAYSCALE; channels = 1; break;
    case JCS_CMYK:
    case JCS_YCCK: space = JCS_CMYK; channels = 4; break;
    default: space = JCS_RGB; channels = 3; break;
    }
    src->out_color_space = space;
    uint32_t target_w, target_h;
    cic_fit_within(src->image_width, src->image_height, request->max_side, &target_w, &target_h);
    /* the smallest M/8 whose decoded size still covers the target: libjpeg's IDCT does that much of the
     * reduction (it keeps the low frequencies of each block, a good low-pass), the filter the rest */
    unsigned int scale = 8;
    for (unsigned int m = 1; m < 8; m++) {
        if ((uint64_t)src->image_width * m >= (uint64_t)target_w * 8 && (uint64_t)src->image_height * m >= (uint64_t)target_h * 8) {
            scale = m;
            break;
        }
    }
    src->scale_num = scale;
    src->scale_denom = 8;
    jpeg_start_decompress(src);
    uint32_t scaled_w = src->output_width, scaled_h = src->output_height;
    if (target_w > scaled_w) target_w = scaled_w;
    if (target_h > scaled_h) target_h = scaled_h;
    unsigned int icc_len = 0;
    if (!jpeg_read_icc_profile(src, &job->icc, &icc_len)) job->icc = NULL;
    job->icc_len = icc_len;

    job->row = malloc((size_t)scaled_w * (size_t)channels);
    if (!job->row || !cic_canvas_init(&job->canvas, target_w, target_h, channels, request->orientation)
        || !cic_resampler_init(&job->resampler, scaled_w, scaled_h, target_w, target_h, channels, -1,
                               cic_canvas_sink, &job->canvas)) {
        cic_set_message(result, 1, "out of memory for a %ux%u picture", target_w, target_h);
        job_free(job);
        free(job);
        return cic_status_too_large;
    }
    while (src->output_scanline < src->output_height) {
        JSAMPROW rows[1] = {job->row};
        if (jpeg_read_scanlines(src, rows, 1) != 1) break;
        cic_resampler_push(&job->resampler, job->row);
    }
    jpeg_finish_decompress(src);
    cic_resampler_free(&job->resampler);
    free(job->row);
    job->row = NULL;

    struct jpeg_compress_struct *dst = &job->dst;
    attach_errors(job, (j_common_ptr)dst);
    jpeg_create_compress(dst);
    job->have_dst = 1;
    jpeg_mem_dest(dst, &job->encoded, &job->encoded_len);
    dst->image_width = job->canvas.width;
    dst->image_height = job->canvas.height;
    dst->input_components = channels;
    dst->in_color_space = space;
    jpeg_set_defaults(dst);
    int quality = request->quality < 1 ? 1 : (request->quality > 100 ? 100 : request->quality);
    jpeg_set_quality(dst, quality, TRUE);
    dst->optimize_coding = TRUE;
    jpeg_start_compress(dst, TRUE);
    if (job->icc) jpeg_write_icc_profile(dst, job->icc, job->icc_len);
    const size_t stride = (size_t)job->canvas.width * (size_t)channels;
    while (dst->next_scanline < dst->image_height) {
        JSAMPROW rows[1] = {job->canvas.pixels + (size_t)dst->next_scanline * stride};
        jpeg_write_scanlines(dst, rows, 1);
    }
    jpeg_finish_compress(dst);
    result->format = cic_format_jpeg;
    result->width = job->canvas.width;
    result->height = job->canvas.height;
    result->components = channels;
    *out = job->encoded;
    *out_len = (size_t)job->encoded_len;
    job->encoded = NULL;
    job_free(job);
    free(job);
    return cic_status_ok;
}
