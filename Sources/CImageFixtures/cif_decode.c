/* Decoding for tests that look at a conversion's pixels: a PNG to RGBA, and the fixtures' ICC profile. */
#include "CImageFixtures.h"
#include <stdlib.h>
#include <string.h>
#include <png.h>

int cif_png_decode(const uint8_t *buf, size_t len, uint8_t **out, size_t *out_len, uint32_t *width, uint32_t *height) {
    *out = NULL;
    *out_len = 0;
    png_image image;
    memset(&image, 0, sizeof(image));
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, buf, len)) return -1;
    image.format = PNG_FORMAT_RGBA;
    size_t size = PNG_IMAGE_SIZE(image);
    uint8_t *pixels = malloc(size ? size : 1);
    if (!pixels) {
        png_image_free(&image);
        return -1;
    }
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        free(pixels);
        png_image_free(&image);
        return -1;
    }
    *out = pixels;
    *out_len = size;
    *width = image.width;
    *height = image.height;
    return 0;
}

/* 128-byte header and an empty tag table: version 2.1, display class, RGB data, XYZ connection space, the D50
 * illuminant (0.9642, 1.0, 0.8249 as s15Fixed16) at offset 68. */
static const uint8_t icc[132] = {
    0, 0, 0, 132, 'c', 'i', 'f', ' ', 2, 0x10, 0, 0, 'm', 'n', 't', 'r', 'R', 'G', 'B', ' ', 'X', 'Y', 'Z', ' ',
    0x07, 0xE9, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 'a', 'c', 's', 'p',
    [68] = 0x00, 0x00, 0xF6, 0xD6, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xD3, 0x2D};

const uint8_t *cif_icc_profile(void) { return icc; }

size_t cif_icc_profile_size(void) { return sizeof(icc); }
