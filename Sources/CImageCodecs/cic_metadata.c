/* Metadata removal without re-encoding: a JPEG's DCT coefficients are copied as they are (libjpeg's
 * transcoding API, as jpegtran -copy icc does), so the pixels decode bit-identical, and only the ICC profile
 * travels with them; EXIF, XMP, IPTC, comments and any other APPn segment stay behind. setjmp stays in
 * this file. */
#include "cic_internal.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

typedef struct strip_run {
    struct jpeg_error_mgr err;
    jmp_buf jump;
    cic_result *result;
} strip_run;

static void strip_error_exit(j_common_ptr c) {
    strip_run *run = (strip_run *)c->client_data;
    char text[JMSG_LENGTH_MAX];
    c->err->format_message(c, text);
    run->result->lib_code = c->err->msg_code;
    cic_set_message(run->result, 0, "%s", text);
    longjmp(run->jump, 1);
}

/* The input passed verify before it gets here: a warning now loses nothing that verify did not judge. */
static void strip_emit(j_common_ptr c, int level) { (void)c; (void)level; }
static void strip_output(j_common_ptr c) { (void)c; }

static int is_icc(jpeg_saved_marker_ptr m) {
    return m->marker == JPEG_APP0 + 2 && m->data_length >= 12 && memcmp(m->data, "ICC_PROFILE\0", 12) == 0;
}

/* The smallest EXIF APP1 payload that says `orientation` and nothing else (big-endian TIFF, one IFD0 entry):
 * written in place of the camera's EXIF when the picture is not upright, so viewers still turn it. */
static void minimal_exif(uint8_t payload[32], int orientation) {
    static const uint8_t head[] = {
        'E', 'x', 'i', 'f', 0, 0,                   /* identifier */
        'M', 'M', 0, 42, 0, 0, 0, 8,                /* TIFF header: big-endian, 42, IFD0 at 8 */
        0, 1,                                       /* one entry */
        0x01, 0x12, 0, 3, 0, 0, 0, 1,               /* Orientation, SHORT, count 1 */
    };
    memcpy(payload, head, sizeof(head));
    payload[24] = 0;
    payload[25] = (uint8_t)orientation;             /* the value, left-justified in the 4-byte field */
    payload[26] = 0;
    payload[27] = 0;
    memset(payload + 28, 0, 4);                     /* no next IFD */
}

cic_status cic_jpeg_strip_metadata(const uint8_t *buf, size_t len, uint64_t max_memory, int32_t orientation,
                                   uint8_t **out, size_t *out_len, cic_result *result) {
    *out = NULL;
    *out_len = 0;
    struct jpeg_decompress_struct src;
    struct jpeg_compress_struct dst;
    strip_run run;
    /* Its address goes to libjpeg (jpeg_mem_dest), so it lives in memory and keeps its value over a longjmp. */
    unsigned char *target = NULL;
    unsigned long written_len = 0;
    volatile int have_src = 0, have_dst = 0;
    memset(&run, 0, sizeof(run));
    run.result = result;
    memset(&src, 0, sizeof(src));
    memset(&dst, 0, sizeof(dst));
    src.err = jpeg_std_error(&run.err);
    run.err.error_exit = strip_error_exit;
    run.err.emit_message = strip_emit;
    run.err.output_message = strip_output;
    src.client_data = &run;
    if (setjmp(run.jump)) {
        if (have_dst) jpeg_destroy_compress(&dst);
        if (have_src) jpeg_destroy_decompress(&src);
        free(target);
        return cic_status_corrupt_data;
    }
    jpeg_create_decompress(&src);
    have_src = 1;
    if (max_memory) src.mem->max_memory_to_use = (long)max_memory;
    jpeg_mem_src(&src, buf, (unsigned long)len);
    jpeg_save_markers(&src, JPEG_APP0 + 2, 0xFFFF); /* ICC profiles only; every other marker is skipped */
    jpeg_read_header(&src, TRUE);
    jvirt_barray_ptr *coefficients = jpeg_read_coefficients(&src);

    dst.err = jpeg_std_error(&run.err);
    run.err.error_exit = strip_error_exit;
    run.err.emit_message = strip_emit;
    run.err.output_message = strip_output;
    dst.client_data = &run;
    jpeg_create_compress(&dst);
    have_dst = 1;
    jpeg_mem_dest(&dst, &target, &written_len);
    jpeg_copy_critical_parameters(&src, &dst);
    /* Huffman tables made for this image (as the camera's usually are), and a progressive source stays
     * progressive; neither changes a coefficient. */
    dst.optimize_coding = TRUE;
    if (jpeg_has_multiple_scans(&src)) jpeg_simple_progression(&dst);
    jpeg_write_coefficients(&dst, coefficients);
    if (orientation >= 2 && orientation <= 8) {
        uint8_t exif[32];
        minimal_exif(exif, orientation);
        jpeg_write_marker(&dst, JPEG_APP0 + 1, exif, sizeof(exif));
    }
    for (jpeg_saved_marker_ptr m = src.marker_list; m != NULL; m = m->next) {
        if (is_icc(m)) jpeg_write_marker(&dst, m->marker, m->data, m->data_length);
    }
    jpeg_finish_compress(&dst);
    jpeg_finish_decompress(&src);
    jpeg_destroy_compress(&dst);
    have_dst = 0;
    jpeg_destroy_decompress(&src);
    have_src = 0;
    *out = target;
    *out_len = (size_t)written_len;
    return cic_status_ok;
}
