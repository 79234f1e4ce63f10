/* WebP fixtures with libwebp's encoder: lossy or lossless, alpha, an animation (WebPAnimEncoder), and EXIF
 * (orientation) and ICCP chunks added with WebPMux. */
#include "CImageFixtures.h"
#include "cif_pixels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/encode.h>
#include <webp/mux.h>

/* A minimal EXIF payload ("Exif\0\0" + little-endian TIFF header + IFD0 holding only Orientation). */
static size_t exif_with_orientation(uint8_t out[32], int orientation, int with_prefix) {
    static const uint8_t tiff[26] = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0,
                                     0, 0, 0, 0};
    size_t at = 0;
    if (with_prefix) {
        memcpy(out, "Exif\0\0", 6);
        at = 6;
    }
    memcpy(out + at, tiff, sizeof(tiff));
    out[at + 18] = (uint8_t)orientation;
    return at + sizeof(tiff);
}

static uint8_t *pattern(uint32_t w, uint32_t h, int alpha, int shift, int orientation) {
    uint8_t *px = malloc((size_t)w * h * 4 ? (size_t)w * h * 4 : 1);
    if (!px) return NULL;
    for (uint32_t y = 0; y < h; y++)
        for (uint32_t x = 0; x < w; x++) {
            uint8_t *p = px + ((size_t)y * w + x) * 4;
            cif_fixture_pixel(orientation > 0 ? orientation : 1, (x + (uint32_t)shift) % w, y, w, h, p);
            if (!alpha) p[3] = 255;
        }
    return px;
}

int cif_webp_encode(const cif_webp_options *o, uint8_t **out, size_t *out_len, char *errmsg, size_t errlen) {
    *out = NULL;
    *out_len = 0;
    const uint32_t w = o->width, h = o->height;
    const int frames = o->frames > 0 ? o->frames : 1;
    const float quality = (float)(o->quality > 0 ? o->quality : 90);
    WebPData image = {NULL, 0};
    const char *failure = NULL;
    if (frames == 1) {
        uint8_t *px = pattern(w, h, o->alpha, 0, o->orientation);
        if (!px) return -1;
        uint8_t *encoded = NULL;
        size_t n = o->lossless ? WebPEncodeLosslessRGBA(px, (int)w, (int)h, (int)w * 4, &encoded)
                               : WebPEncodeRGBA(px, (int)w, (int)h, (int)w * 4, quality, &encoded);
        free(px);
        if (n == 0) {
            if (errmsg && errlen) snprintf(errmsg, errlen, "WebPEncode failed");
            return -1;
        }
        image.bytes = encoded;
        image.size = n;
    } else {
        WebPAnimEncoderOptions anim;
        WebPConfig config;
        if (!WebPAnimEncoderOptionsInit(&anim) || !WebPConfigInit(&config)) return -1;
        config.lossless = o->lossless ? 1 : 0;
        config.quality = quality;
        WebPAnimEncoder *enc = WebPAnimEncoderNew((int)w, (int)h, &anim);
        if (!enc) return -1;
        int ok = 1;
        for (int f = 0; ok && f < frames; f++) {
            WebPPicture pic;
            uint8_t *px = pattern(w, h, o->alpha, f, o->orientation);
            ok = px && WebPPictureInit(&pic);
            if (ok) {
                pic.use_argb = 1;
                pic.width = (int)w;
                pic.height = (int)h;
                ok = WebPPictureImportRGBA(&pic, px, (int)w * 4) && WebPAnimEncoderAdd(enc, &pic, f * 100, &config);
                WebPPictureFree(&pic);
            }
            free(px);
        }
        ok = ok && WebPAnimEncoderAdd(enc, NULL, frames * 100, NULL) && WebPAnimEncoderAssemble(enc, &image);
        if (!ok) failure = WebPAnimEncoderGetError(enc);
        WebPAnimEncoderDelete(enc);
        if (!ok) {
            if (errmsg && errlen) snprintf(errmsg, errlen, "WebPAnimEncoder: %s", failure ? failure : "failed");
            WebPDataClear(&image);
            return -1;
        }
    }
    if (o->orientation > 0 || o->icc) {
        WebPMux *mux = WebPMuxCreate(&image, 1);
        WebPData assembled = {NULL, 0};
        int ok = mux != NULL;
        if (ok && o->orientation > 0) {
            uint8_t exif[32];
            /* the EXIF chunk holds the TIFF header directly (the WebP container specification); no "Exif" prefix */
            WebPData chunk = {exif, exif_with_orientation(exif, o->orientation, 0)};
            ok = WebPMuxSetChunk(mux, "EXIF", &chunk, 1) == WEBP_MUX_OK;
        }
        if (ok && o->icc) {
            WebPData chunk = {cif_icc_profile(), cif_icc_profile_size()};
            ok = WebPMuxSetChunk(mux, "ICCP", &chunk, 1) == WEBP_MUX_OK;
        }
        ok = ok && WebPMuxAssemble(mux, &assembled) == WEBP_MUX_OK;
        WebPMuxDelete(mux);
        WebPDataClear(&image);
        if (!ok) {
            if (errmsg && errlen) snprintf(errmsg, errlen, "WebPMux failed");
            WebPDataClear(&assembled);
            return -1;
        }
        image = assembled;
    }
    /* hand out a malloc'ed copy (cif_free), not libwebp's allocation */
    uint8_t *copy = malloc(image.size);
    if (copy) memcpy(copy, image.bytes, image.size);
    *out_len = image.size;
    WebPDataClear(&image);
    if (!copy) return -1;
    *out = copy;
    return 0;
}
