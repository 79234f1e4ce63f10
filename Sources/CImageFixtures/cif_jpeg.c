/* JPEG fixtures with libjpeg: baseline/progressive, RGB/gray/CMYK, EXIF orientation, restarts. */
#include "CImageFixtures.h"
#include "cif_pixels.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

typedef struct enc_err {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
} enc_err;

static void on_error(j_common_ptr c) { longjmp(((enc_err *)c->err)->jump, 1); }
static void on_output(j_common_ptr c) { (void)c; }

/* APP1 payload: "Exif\0\0", a little-endian TIFF header and IFD0 with ImageWidth and Orientation. */
static size_t exif_block(uint8_t *p, uint32_t width, int orientation) {
    static const uint8_t head[] = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 2, 0};
    memcpy(p, head, sizeof(head));
    uint8_t *e = p + sizeof(head);
    /* 0x0100 ImageWidth LONG 1 */
    uint8_t w[12] = {0x00, 0x01, 4, 0, 1, 0, 0, 0, (uint8_t)width, (uint8_t)(width >> 8), (uint8_t)(width >> 16), (uint8_t)(width >> 24)};
    /* 0x0112 Orientation SHORT 1 */
    uint8_t o[12] = {0x12, 0x01, 3, 0, 1, 0, 0, 0, (uint8_t)orientation, 0, 0, 0};
    memcpy(e, w, 12);
    memcpy(e + 12, o, 12);
    memset(e + 24, 0, 4); /* no IFD1 */
    return sizeof(head) + 28;
}

int cif_jpeg_encode(const cif_jpeg_options *o, uint8_t **out, size_t *out_len, char *errmsg, size_t errlen) {
    *out = NULL;
    *out_len = 0;
    struct jpeg_compress_struct c;
    enc_err err;
    unsigned char *volatile mem = NULL;
    unsigned long mem_len = 0;
    JSAMPLE *volatile row = NULL;
    memset(&c, 0, sizeof(c));
    c.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = on_error;
    err.pub.output_message = on_output;
    if (setjmp(err.jump)) {
        if (errmsg && errlen) {
            char text[JMSG_LENGTH_MAX];
            err.pub.format_message((j_common_ptr)&c, text);
            snprintf(errmsg, errlen, "%s", text);
        }
        jpeg_destroy_compress(&c);
        free(row);
        free(mem);
        return -1;
    }
    jpeg_create_compress(&c);
    unsigned char *dest = NULL;
    jpeg_mem_dest(&c, &dest, &mem_len);
    c.image_width = o->width;
    c.image_height = o->height;
    int comps = o->color == cif_jpeg_color_gray ? 1 : o->color == cif_jpeg_color_cmyk ? 4 : 3;
    c.input_components = comps;
    c.in_color_space = comps == 1 ? JCS_GRAYSCALE : comps == 4 ? JCS_CMYK : JCS_RGB;
    jpeg_set_defaults(&c);
    if (comps == 4) jpeg_set_colorspace(&c, JCS_CMYK);
    jpeg_set_quality(&c, o->quality > 0 ? o->quality : 85, TRUE);
    if (o->progressive) jpeg_simple_progression(&c);
    if (o->restart_interval > 0) c.restart_in_rows = o->restart_interval;
    jpeg_start_compress(&c, TRUE);
    uint8_t com[65533];
    memset(com, 'x', sizeof(com));
    for (uint32_t left = o->padding_bytes; left > 0;) {
        uint32_t n = left < sizeof(com) ? left : (uint32_t)sizeof(com);
        jpeg_write_marker(&c, JPEG_COM, com, n);
        left -= n;
    }
    if (o->orientation > 0) {
        uint8_t exif[64];
        size_t n = exif_block(exif, o->width, o->orientation);
        jpeg_write_marker(&c, JPEG_APP0 + 1, exif, (unsigned)n);
    }
    row = malloc((size_t)o->width * comps);
    if (row == NULL) longjmp(err.jump, 1);
    while (c.next_scanline < c.image_height) {
        for (uint32_t x = 0; x < o->width; x++)
            for (int k = 0; k < comps; k++) row[(size_t)x * comps + k] = cif_sample(x, c.next_scanline, (uint32_t)k, o->seed);
        JSAMPROW rows[1] = {row};
        jpeg_write_scanlines(&c, rows, 1);
    }
    jpeg_finish_compress(&c);
    mem = dest;
    jpeg_destroy_compress(&c);
    free(row);
    *out = mem;
    *out_len = mem_len;
    return 0;
}
