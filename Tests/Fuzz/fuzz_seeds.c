/*
 * Writes the fuzzer's seed set with the project's own fixture encoder (CImageFixtures): small
 * JPEGs and PNGs covering every colour model, baseline and progressive, EXIF orientations,
 * restart markers, Adam7 and text chunks. Small images keep each fuzz iteration fast.
 * Usage: fuzz_seeds DIR   (built and run by Scripts/fuzz.sh)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "CImageFixtures.h"

static int write_file(const char *dir, const char *name, const uint8_t *data, size_t len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL) return -1;
    size_t done = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && done == len) ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    const char *dir = argv[1];
    char errmsg[256], name[128];
    int count = 0, failed = 0;

    /* JPEG: colour x progressive x a few shapes, orientations and restart intervals. */
    const cif_jpeg_color colors[] = {cif_jpeg_color_rgb, cif_jpeg_color_gray, cif_jpeg_color_cmyk};
    for (int c = 0; c < 3; c++) {
        for (int progressive = 0; progressive <= 1; progressive++) {
            for (int variant = 0; variant < 3; variant++) {
                cif_jpeg_options o = {
                    .width = variant == 0 ? 16 : variant == 1 ? 33 : 7,
                    .height = variant == 0 ? 16 : variant == 1 ? 17 : 41,
                    .color = colors[c],
                    .quality = variant == 2 ? 30 : 85,
                    .progressive = progressive,
                    .orientation = variant == 1 ? 6 : variant == 2 ? 3 : 0,
                    .restart_interval = variant == 2 ? 1 : 0,
                    .padding_bytes = variant == 1 ? 300 : 0,
                    .seed = (uint32_t)(c * 10 + progressive * 3 + variant + 1),
                };
                uint8_t *out = NULL;
                size_t len = 0;
                if (cif_jpeg_encode(&o, &out, &len, errmsg, sizeof errmsg) != 0) {
                    fprintf(stderr, "jpeg: %s\n", errmsg);
                    failed++;
                    continue;
                }
                snprintf(name, sizeof name, "own-jpeg-c%d-p%d-v%d.jpg", c, progressive, variant);
                failed += write_file(dir, name, out, len) != 0;
                count++;
                cif_free(out);
            }
        }
    }

    /* PNG: every colour type with its legal depths, plain and Adam7, one with a tEXt chunk. */
    static const struct { int type; int depths[5]; } png_types[] = {
        {0, {1, 2, 4, 8, 16}}, {2, {8, 16}}, {3, {1, 2, 4, 8}}, {4, {8, 16}}, {6, {8, 16}},
    };
    for (size_t t = 0; t < sizeof png_types / sizeof png_types[0]; t++) {
        for (int d = 0; d < 5 && png_types[t].depths[d]; d++) {
            for (int interlaced = 0; interlaced <= 1; interlaced++) {
                cif_png_options o = {
                    .width = interlaced ? 9 : 13,
                    .height = interlaced ? 11 : 5,
                    .color_type = png_types[t].type,
                    .bit_depth = png_types[t].depths[d],
                    .interlaced = interlaced,
                    .text_bytes = (d == 0 && interlaced == 0) ? 40 : 0,
                    .seed = (uint32_t)(t * 7 + (size_t)d + 1),
                };
                uint8_t *out = NULL;
                size_t len = 0;
                if (cif_png_encode(&o, &out, &len, errmsg, sizeof errmsg) != 0) {
                    fprintf(stderr, "png: %s\n", errmsg);
                    failed++;
                    continue;
                }
                snprintf(name, sizeof name, "own-png-t%d-d%d-i%d.png", o.color_type, o.bit_depth, interlaced);
                failed += write_file(dir, name, out, len) != 0;
                count++;
                cif_free(out);
            }
        }
    }
    /* GIF, TIFF, BMP, WebP, HEIF: small files of each kind the codecs read, from the libraries' own encoders. */
#define SEED(kind, call, ext, ...)                                                             \
    do {                                                                                       \
        uint8_t *out = NULL;                                                                   \
        size_t len = 0;                                                                        \
        if (call(&o, &out, &len, errmsg, sizeof errmsg) != 0) {                                \
            fprintf(stderr, "%s: %s\n", kind, errmsg);                                         \
            failed++;                                                                          \
            break;                                                                             \
        }                                                                                      \
        snprintf(name, sizeof name, __VA_ARGS__);                                              \
        failed += write_file(dir, name, out, len) != 0;                                        \
        count++;                                                                               \
        cif_free(out);                                                                         \
    } while (0)
    for (int v = 0; v < 4; v++) {
        cif_gif_options o = {.width = 11 + (uint32_t)v * 5, .height = 9 + (uint32_t)v, .frames = v % 2 ? 3 : 1,
                             .transparent = v >= 2, .interlaced = v == 1 || v == 3,
                             .screen_width = v == 3 ? 40 : 0, .screen_height = v == 3 ? 30 : 0};
        SEED("gif", cif_gif_encode, "gif", "own-gif-v%d.gif", v);
    }
    for (int v = 0; v < 6; v++) {
        cif_tiff_options o = {.width = 13, .height = 7 + (uint32_t)v, .pages = v == 0 ? 2 : 1, .orientation = v + 1,
                              .samples = v == 1 ? 1 : v == 2 ? 4 : 3, .bits = v == 3 ? 16 : 8,
                              .compression = (cif_tiff_compression)(v % 4), .tiled = v == 4, .rows_per_strip = v == 5 ? 2 : 0,
                              .big_endian = v == 5, .icc = v == 2};
        SEED("tiff", cif_tiff_encode, "tif", "own-tiff-v%d.tif", v);
    }
    static const int bmp[][5] = {{1, 40, 0, 0, 0}, {4, 40, 0, 1, 0}, {8, 40, 0, 1, 0}, {8, 12, 0, 0, 0},
                                 {16, 40, 0, 0, 0}, {24, 40, 1, 0, 0}, {32, 108, 0, 0, 1}, {32, 124, 1, 0, 1}};
    for (size_t v = 0; v < sizeof bmp / sizeof bmp[0]; v++) {
        cif_bmp_options o = {.width = 9 + (uint32_t)v, .height = 7, .bits = bmp[v][0], .header = bmp[v][1],
                             .top_down = bmp[v][2], .rle = bmp[v][3], .alpha = bmp[v][4]};
        SEED("bmp", cif_bmp_encode, "bmp", "own-bmp-v%zu.bmp", v);
    }
    for (int v = 0; v < 5; v++) {
        cif_webp_options o = {.width = 16 + (uint32_t)v, .height = 12, .lossless = v % 2, .alpha = v >= 2,
                              .frames = v == 4 ? 3 : 1, .orientation = v == 3 ? 6 : 0, .icc = v == 2, .quality = 50};
        SEED("webp", cif_webp_encode, "webp", "own-webp-v%d.webp", v);
    }
    for (int v = 0; v < 3; v++) {
        cif_heif_options o = {.width = 16, .height = 16 + 8 * (uint32_t)v, .alpha = v == 1, .orientation = v == 2 ? 6 : 0,
                              .exif_orientation = v == 2 ? 6 : 0, .icc = v == 0, .images = v == 0 ? 2 : 1, .quality = 50};
        SEED("heif", cif_heif_encode, "heic", "own-heif-v%d.heic", v);
    }
#undef SEED
    printf("wrote %d seeds to %s\n", count, dir);
    return failed ? 1 : 0;
}
