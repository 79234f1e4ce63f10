/* HEIF fixtures with libheif's HEVC encoder (x265 in Debian's build): an orientation as irot/imir
 * (image_orientation of the encoding options), alpha, an EXIF block, an ICC profile, several top-level images. */
#include "CImageFixtures.h"
#include "cif_pixels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libheif/heif.h>

typedef struct heif_out {
    uint8_t *data;
    size_t len;
} heif_out;

static struct heif_error on_write(struct heif_context *ctx, const void *data, size_t size, void *user) {
    (void)ctx;
    heif_out *o = (heif_out *)user;
    struct heif_error err = {heif_error_Ok, heif_suberror_Unspecified, "ok"};
    o->data = malloc(size ? size : 1);
    if (!o->data) {
        err.code = heif_error_Memory_allocation_error;
        err.message = "out of memory";
        return err;
    }
    memcpy(o->data, data, size);
    o->len = size;
    return err;
}

static int fail(char *errmsg, size_t errlen, const char *stage, struct heif_error err) {
    if (errmsg && errlen) snprintf(errmsg, errlen, "libheif %s: %s", stage, err.message ? err.message : "error");
    return -1;
}

int cif_heif_encode(const cif_heif_options *o, uint8_t **out, size_t *out_len, char *errmsg, size_t errlen) {
    *out = NULL;
    *out_len = 0;
    const uint32_t w = o->width, h = o->height;
    const int orientation = o->orientation >= 1 && o->orientation <= 8 ? o->orientation : 1;
    struct heif_context *ctx = heif_context_alloc();
    struct heif_encoder *encoder = NULL;
    struct heif_encoding_options *options = NULL;
    int rc = -1;
    if (!ctx) return -1;
    struct heif_error err = heif_context_get_encoder_for_format(ctx, heif_compression_HEVC, &encoder);
    if (err.code != heif_error_Ok) {
        rc = fail(errmsg, errlen, "HEVC encoder", err);
        goto done;
    }
    heif_encoder_set_lossy_quality(encoder, o->quality > 0 ? o->quality : 90);
    options = heif_encoding_options_alloc();
    options->save_alpha_channel = o->alpha ? 1 : 0;
    options->image_orientation = (enum heif_orientation)orientation;
    for (int i = 0; i < (o->images > 0 ? o->images : 1); i++) {
        struct heif_image *image = NULL;
        err = heif_image_create((int)w, (int)h, heif_colorspace_RGB,
                                o->alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, &image);
        if (err.code != heif_error_Ok) {
            rc = fail(errmsg, errlen, "image", err);
            goto done;
        }
        err = heif_image_add_plane(image, heif_channel_interleaved, (int)w, (int)h, 8);
        int stride = 0;
        uint8_t *plane = err.code == heif_error_Ok ? heif_image_get_plane(image, heif_channel_interleaved, &stride) : NULL;
        if (!plane) {
            heif_image_release(image);
            rc = fail(errmsg, errlen, "plane", err);
            goto done;
        }
        const int ch = o->alpha ? 4 : 3;
        for (uint32_t y = 0; y < h; y++)
            for (uint32_t x = 0; x < w; x++) {
                uint8_t rgba[4];
                cif_fixture_pixel(orientation, x, y, w, h, rgba);
                memcpy(plane + (size_t)y * (size_t)stride + (size_t)x * (size_t)ch, rgba, (size_t)ch);
            }
        if (o->icc) heif_image_set_raw_color_profile(image, "prof", cif_icc_profile(), cif_icc_profile_size());
        struct heif_image_handle *handle = NULL;
        err = heif_context_encode_image(ctx, image, encoder, options, &handle);
        heif_image_release(image);
        if (err.code != heif_error_Ok) {
            rc = fail(errmsg, errlen, "encode", err);
            goto done;
        }
        if (i == 0 && o->exif_orientation > 0) {
            /* libheif's EXIF block: a 4-byte offset to the TIFF header, then the TIFF header */
            uint8_t exif[4 + 26] = {0, 0, 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0,
                                    0, 0, 0, 0};
            exif[4 + 18] = (uint8_t)o->exif_orientation;
            err = heif_context_add_exif_metadata(ctx, handle, exif + 4, sizeof(exif) - 4);
            if (err.code != heif_error_Ok) {
                heif_image_handle_release(handle);
                rc = fail(errmsg, errlen, "EXIF", err);
                goto done;
            }
        }
        if (i == 0) heif_context_set_primary_image(ctx, handle);
        heif_image_handle_release(handle);
    }
    heif_out sink = {NULL, 0};
    struct heif_writer writer = {.writer_api_version = 1, .write = on_write};
    err = heif_context_write(ctx, &writer, &sink);
    if (err.code != heif_error_Ok) {
        free(sink.data);
        rc = fail(errmsg, errlen, "write", err);
        goto done;
    }
    *out = sink.data;
    *out_len = sink.len;
    rc = 0;
done:
    if (options) heif_encoding_options_free(options);
    if (encoder) heif_encoder_release(encoder);
    heif_context_free(ctx);
    return rc;
}
