/* PNG fixtures with libpng: every colour type and bit depth, Adam7, an optional big tEXt chunk. */
#include "CImageFixtures.h"
#include "cif_pixels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>

typedef struct sink {
    uint8_t *data;
    size_t len, cap;
    int failed;
    char message[128];
} sink;

static void on_write(png_structp png, png_bytep bytes, size_t n) {
    sink *s = (sink *)png_get_io_ptr(png);
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        while (cap < s->len + n) cap *= 2;
        uint8_t *grown = realloc(s->data, cap);
        if (grown == NULL) png_error(png, "out of memory");
        s->data = grown;
        s->cap = cap;
    }
    memcpy(s->data + s->len, bytes, n);
    s->len += n;
}

static void on_flush(png_structp png) { (void)png; }

static void on_error(png_structp png, png_const_charp message) {
    sink *s = (sink *)png_get_error_ptr(png);
    snprintf(s->message, sizeof(s->message), "%s", message);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

int cif_png_encode(const cif_png_options *o, uint8_t **out, size_t *out_len, char *errmsg, size_t errlen) {
    *out = NULL;
    *out_len = 0;
    sink s;
    memset(&s, 0, sizeof(s));
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &s, on_error, on_warning);
    if (png == NULL) return -1;
    png_infop info = png_create_info_struct(png);
    png_bytep volatile row = NULL;
    char *volatile text = NULL;
    if (info == NULL || setjmp(png_jmpbuf(png))) {
        if (errmsg && errlen) snprintf(errmsg, errlen, "%s", s.message[0] ? s.message : "png_create failed");
        png_destroy_write_struct(&png, &info);
        free(row);
        free(text);
        free(s.data);
        return -1;
    }
    png_set_write_fn(png, &s, on_write, on_flush);
    png_set_IHDR(png, info, o->width, o->height, o->bit_depth, o->color_type,
                 o->interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (o->color_type == PNG_COLOR_TYPE_PALETTE) {
        png_color palette[256];
        for (int i = 0; i < 256; i++) {
            palette[i].red = (png_byte)i;
            palette[i].green = (png_byte)(255 - i);
            palette[i].blue = (png_byte)(i * 7);
        }
        png_set_PLTE(png, info, palette, 1 << (o->bit_depth < 8 ? o->bit_depth : 8));
    }
    if (o->text_bytes > 0) {
        text = malloc(o->text_bytes + 1);
        if (text == NULL) png_error(png, "out of memory");
        memset(text, 'x', o->text_bytes);
        text[o->text_bytes] = '\0';
        png_text t;
        memset(&t, 0, sizeof(t));
        t.compression = PNG_TEXT_COMPRESSION_NONE;
        t.key = "Comment";
        t.text = text;
        t.text_length = o->text_bytes;
        png_set_text(png, info, &t, 1);
    }
    png_write_info(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    row = malloc(row_bytes ? row_bytes : 1);
    if (row == NULL) png_error(png, "out of memory");
    int passes = png_set_interlace_handling(png);
    for (int pass = 0; pass < passes; pass++)
        for (uint32_t y = 0; y < o->height; y++) {
            for (size_t i = 0; i < row_bytes; i++) row[i] = cif_sample((uint32_t)i, y, 0, o->seed);
            png_write_row(png, row);
        }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    free(text);
    *out = s.data;
    *out_len = s.len;
    return 0;
}
