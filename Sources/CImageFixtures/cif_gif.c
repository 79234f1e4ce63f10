/* GIF fixtures with giflib's encoder (EGif*): still or animated, transparent, interlaced, any logical screen. */
#include "CImageFixtures.h"
#include "cif_pixels.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gif_lib.h>

typedef struct gif_out {
    uint8_t *data;
    size_t len, cap;
    int failed;
} gif_out;

static int on_write(GifFileType *gif, const GifByteType *bytes, int n) {
    gif_out *o = (gif_out *)gif->UserData;
    if (o->len + (size_t)n > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 4096;
        while (cap < o->len + (size_t)n) cap *= 2;
        uint8_t *grown = realloc(o->data, cap);
        if (!grown) {
            o->failed = 1;
            return 0;
        }
        o->data = grown;
        o->cap = cap;
    }
    memcpy(o->data + o->len, bytes, (size_t)n);
    o->len += (size_t)n;
    return n;
}

/* Palette index of a pattern colour: 0 red, 1 green, 2 blue, 3 white (transparent when asked). */
static GifByteType index_of(const uint8_t rgb[3]) {
    if (rgb[0] && rgb[1] && rgb[2]) return 3;
    if (rgb[0]) return 0;
    if (rgb[1]) return 1;
    return 2;
}

int cif_gif_encode(const cif_gif_options *o, uint8_t **out, size_t *out_len, char *errmsg, size_t errlen) {
    *out = NULL;
    *out_len = 0;
    gif_out sink = {0};
    int error = 0;
    GifFileType *gif = EGifOpen(&sink, on_write, &error);
    GifByteType *line = NULL;
    if (!gif) {
        if (errmsg && errlen) snprintf(errmsg, errlen, "EGifOpen: %s", GifErrorString(error));
        return -1;
    }
    static const GifColorType colors[8] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255},
                                           {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
    ColorMapObject *map = GifMakeMapObject(8, colors);
    const char *stage = "screen";
    int sw = (int)(o->screen_width ? o->screen_width : o->width);
    int sh = (int)(o->screen_height ? o->screen_height : o->height);
    EGifSetGifVersion(gif, true);
    if (!map || EGifPutScreenDesc(gif, sw, sh, 8, 0, map) == GIF_ERROR) goto fail;
    if (o->frames > 1) {
        stage = "loop";
        static const GifByteType loop[3] = {1, 0, 0};
        if (EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR
            || EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0") == GIF_ERROR
            || EGifPutExtensionBlock(gif, 3, loop) == GIF_ERROR || EGifPutExtensionTrailer(gif) == GIF_ERROR)
            goto fail;
    }
    line = malloc(o->width ? o->width : 1);
    if (!line) goto fail;
    for (int f = 0; f < (o->frames > 0 ? o->frames : 1); f++) {
        stage = "frame";
        if (o->transparent || o->frames > 1) {
            GraphicsControlBlock gcb = {.DisposalMode = DISPOSE_DO_NOT, .UserInputFlag = false, .DelayTime = 10,
                                        .TransparentColor = o->transparent ? 3 : NO_TRANSPARENT_COLOR};
            GifByteType ext[4];
            size_t n = EGifGCBToExtension(&gcb, ext);
            if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, (int)n, ext) == GIF_ERROR) goto fail;
        }
        if (EGifPutImageDesc(gif, 0, 0, (int)o->width, (int)o->height, o->interlaced != 0, NULL) == GIF_ERROR) goto fail;
        static const uint32_t start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
        for (int pass = 0; pass < (o->interlaced ? 4 : 1); pass++) {
            uint32_t y0 = o->interlaced ? start[pass] : 0, dy = o->interlaced ? step[pass] : 1;
            for (uint32_t y = y0; y < o->height; y += dy) {
                for (uint32_t x = 0; x < o->width; x++) {
                    uint8_t rgba[4];
                    cif_fixture_pixel(1, (x + (uint32_t)f) % o->width, y, o->width, o->height, rgba);
                    line[x] = index_of(rgba);
                }
                if (EGifPutLine(gif, line, (int)o->width) == GIF_ERROR) goto fail;
            }
        }
    }
    stage = "close";
    GifFreeMapObject(map);
    map = NULL;
    free(line);
    line = NULL;
    if (EGifCloseFile(gif, &error) == GIF_ERROR || sink.failed) {
        gif = NULL;
        goto fail;
    }
    *out = sink.data;
    *out_len = sink.len;
    return 0;
fail:
    if (errmsg && errlen)
        snprintf(errmsg, errlen, "giflib %s: %s", stage, GifErrorString(gif ? gif->Error : error));
    if (gif) EGifCloseFile(gif, &error);
    GifFreeMapObject(map);
    free(line);
    free(sink.data);
    return -1;
}
