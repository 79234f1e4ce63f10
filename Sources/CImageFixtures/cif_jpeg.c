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

/* APP1 payload: "Exif\0\0", a little-endian TIFF header and IFD0 with ImageWidth and Orientation, and with
 * `gps` a GPSInfo pointer to a GPS IFD holding GPSLatitudeRef "N". */
static size_t exif_block(uint8_t *p, uint32_t width, int orientation, int gps) {
    static const uint8_t head[] = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0};
    memcpy(p, head, sizeof(head));
    uint8_t *e = p + sizeof(head);
    e[0] = gps ? 3 : 2;
    e[1] = 0;
    e += 2;
    /* 0x0100 ImageWidth LONG 1 */
    uint8_t w[12] = {0x00, 0x01, 4, 0, 1, 0, 0, 0, (uint8_t)width, (uint8_t)(width >> 8), (uint8_t)(width >> 16), (uint8_t)(width >> 24)};
    /* 0x0112 Orientation SHORT 1 */
    uint8_t o[12] = {0x12, 0x01, 3, 0, 1, 0, 0, 0, (uint8_t)orientation, 0, 0, 0};
    memcpy(e, w, 12);
    memcpy(e + 12, o, 12);
    size_t entries = gps ? 3 : 2;
    if (gps) {
        /* 0x8825 GPSInfo LONG 1: the GPS IFD right after IFD0 (8 + 2 + 3 * 12 + 4 = 50) */
        uint8_t g[12] = {0x25, 0x88, 4, 0, 1, 0, 0, 0, 50, 0, 0, 0};
        memcpy(e + 24, g, 12);
    }
    memset(e + entries * 12, 0, 4); /* no IFD1 */
    size_t n = sizeof(head) + 2 + entries * 12 + 4;
    if (gps) {
        /* GPS IFD: one entry, 0x0001 GPSLatitudeRef ASCII 2 "N\0" */
        static const uint8_t ifd[18] = {1, 0, 0x01, 0x00, 2, 0, 2, 0, 0, 0, 'N', 0, 0, 0, 0, 0, 0, 0};
        memcpy(p + n, ifd, sizeof(ifd));
        n += sizeof(ifd);
    }
    return n;
}

int cif_jpeg_decode(const uint8_t *buf, size_t len, uint8_t **out, size_t *out_len, uint32_t *width, uint32_t *height) {
    *out = NULL;
    *out_len = 0;
    struct jpeg_decompress_struct d;
    enc_err err;
    uint8_t *volatile pixels = NULL;
    memset(&d, 0, sizeof(d));
    d.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = on_error;
    err.pub.output_message = on_output;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&d);
        free(pixels);
        return -1;
    }
    jpeg_create_decompress(&d);
    jpeg_mem_src(&d, buf, (unsigned long)len);
    jpeg_read_header(&d, TRUE);
    jpeg_start_decompress(&d);
    size_t stride = (size_t)d.output_width * (size_t)d.output_components;
    pixels = malloc(stride * d.output_height);
    if (pixels == NULL) longjmp(err.jump, 1);
    while (d.output_scanline < d.output_height) {
        JSAMPROW rows[1] = {pixels + stride * d.output_scanline};
        jpeg_read_scanlines(&d, rows, 1);
    }
    *width = d.output_width;
    *height = d.output_height;
    jpeg_finish_decompress(&d);
    jpeg_destroy_decompress(&d);
    *out = pixels;
    *out_len = stride * *height;
    return 0;
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
        uint8_t exif[128];
        size_t n = exif_block(exif, o->width, o->orientation, o->gps);
        jpeg_write_marker(&c, JPEG_APP0 + 1, exif, (unsigned)n);
    }
    if (o->metadata) {
        /* not a usable profile, only its framing: the ICC segment must travel untouched */
        static const uint8_t icc[] = {'I', 'C', 'C', '_', 'P', 'R', 'O', 'F', 'I', 'L', 'E', 0, 1, 1,
                                      'p', 'r', 'o', 'f', 'i', 'l', 'e', '-', 'b', 'y', 't', 'e', 's'};
        static const char xmp[] = "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>59,55N</exif:GPSLatitude></x:xmpmeta>";
        static const char iptc[] = "Photoshop 3.0\0" "8BIM\4\4\0\0\0\0\0\6\34\2\x78\0\2Hi";
        static const char comment[] = "taken at the site office";
        jpeg_write_marker(&c, JPEG_APP0 + 2, icc, sizeof(icc));
        jpeg_write_marker(&c, JPEG_APP0 + 1, (const JOCTET *)xmp, sizeof(xmp) - 1);
        jpeg_write_marker(&c, JPEG_APP0 + 13, (const JOCTET *)iptc, sizeof(iptc) - 1);
        jpeg_write_marker(&c, JPEG_COM, (const JOCTET *)comment, sizeof(comment) - 1);
    }
    row = malloc((size_t)o->width * comps);
    if (row == NULL) longjmp(err.jump, 1);
    while (c.next_scanline < c.image_height) {
        for (uint32_t x = 0; x < o->width; x++)
            for (int k = 0; k < comps; k++)
                row[(size_t)x * comps + k] = o->scene ? cif_scene(x, c.next_scanline, (uint32_t)k, o->width, o->height)
                                                      : cif_sample(x, c.next_scanline, (uint32_t)k, o->seed);
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
