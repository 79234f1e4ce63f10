/* GIF probe, verify and convert on giflib's streaming API (DGifGetRecordType / DGifGetImageDesc / DGifGetLine),
 * reading through the cic_reader a block at a time: never DGifSlurp, never a whole-file or whole-screen buffer.
 *
 * - probe walks every record: frames are counted, their LZW data skipped undecoded (DGifGetCode), so only the
 *   sizes are learnt. width/height are the first frame's, screen_width/height the logical screen. The pixel
 *   limit is applied to the screen and to every frame before anything is allocated for either.
 * - verify decodes every line of every frame through one line buffer (the widest frame's width).
 * - convert decodes the first frame's own rectangle (not composed onto the logical screen: a GIF is uploaded as
 *   it is, and a conversion only happens for a caller that asks for it; the first frame of nearly every GIF
 *   covers the screen). Its transparent colour (graphics control extension) becomes alpha. A non-interlaced
 *   frame is streamed a line at a time; an interlaced one needs its index buffer (width x height bytes).
 *
 * giflib 5.2 keeps an array entry per image read (SavedImages, with its colour map) even when not slurping;
 * it is emptied after each frame, so a file of a million frames needs no more memory than one of two. */
#include "cic_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gif_lib.h>

/* giflib's LZW tables and state, the file block and rounding. */
#define GIF_WORKING_BYTES (64u << 10)

typedef struct gif_in {
    cic_reader *reader;
    const uint8_t *data;
    size_t avail;
    int eof;          /* a read asked for more than the input holds */
    int io_error;
} gif_in;

static int gif_read(GifFileType *gif, GifByteType *out, int n) {
    gif_in *in = (gif_in *)gif->UserData;
    int done = 0;
    while (done < n) {
        if (in->avail == 0) {
            const uint8_t *data = NULL;
            ssize_t got = cic_reader_fetch(in->reader, &data);
            if (got < 0) {
                in->io_error = 1;
                break;
            }
            if (got == 0) {
                in->eof = 1;
                break;
            }
            in->data = data;
            in->avail = (size_t)got;
        }
        size_t take = (size_t)(n - done) < in->avail ? (size_t)(n - done) : in->avail;
        memcpy(out + done, in->data, take);
        in->data += take;
        in->avail -= take;
        done += (int)take;
    }
    return done;
}

typedef enum { GIF_PROBE, GIF_VERIFY, GIF_CONVERT } gif_mode;

typedef struct gif_job {
    gif_in in;
    GifFileType *gif;
    cic_result *result;
    const cic_limits *limits;
    gif_mode mode;
    cic_convert_sink *sink;
    int transparent;        /* transparent index set by the last graphics control extension, or -1 */
    int frames;
    uint8_t *line;          /* verify: one line; convert: the frame's indexes (interlaced) or one line */
    uint8_t *rgba;          /* convert: one output row */
} gif_job;

/* The status for a giflib error: input that ran out is truncation, anything else corrupt data. */
static cic_status gif_fail(gif_job *job, const char *stage) {
    int code = job->gif ? job->gif->Error : 0;
    if (job->in.io_error) {
        cic_set_message(job->result, 0, "read error: %s", strerror(job->in.reader->err));
        return cic_status_io;
    }
    if (job->in.eof || code == D_GIF_ERR_READ_FAILED) {
        cic_set_message(job->result, 0, "truncated: the GIF data ends inside %s", stage);
        return cic_status_truncated;
    }
    if (code == D_GIF_ERR_NOT_ENOUGH_MEM) {
        cic_set_message(job->result, 0, "out of memory in %s", stage);
        return cic_status_too_large;
    }
    const char *why = GifErrorString(code);
    cic_set_message(job->result, 0, "corrupt GIF %s: %s", stage, why ? why : "unknown error");
    return cic_status_corrupt_data;
}

/* Drops giflib's per-image record of the frames read so far (see the file comment). */
static void forget_images(GifFileType *gif) {
    GifFreeSavedImages(gif);
    gif->SavedImages = NULL;
    gif->ImageCount = 0;
}

/* Skips a frame's LZW data block by block without decoding it. */
static int skip_frame_data(GifFileType *gif) {
    int code_size = 0;
    GifByteType *block = NULL;
    if (DGifGetCode(gif, &code_size, &block) == GIF_ERROR) return 0;
    while (block != NULL)
        if (DGifGetCodeNext(gif, &block) == GIF_ERROR) return 0;
    return 1;
}

static const ColorMapObject *frame_colors(const GifFileType *gif) {
    return gif->Image.ColorMap ? gif->Image.ColorMap : gif->SColorMap;
}

/* Row of indexes to 8-bit RGB(A): an index outside the colour map is black (as browsers show it). */
static void expand(const gif_job *job, const uint8_t *indexes, uint32_t width, int channels) {
    const ColorMapObject *map = frame_colors(job->gif);
    for (uint32_t x = 0; x < width; x++) {
        int i = indexes[x];
        uint8_t *px = job->rgba + (size_t)x * (size_t)channels;
        if (map && i < map->ColorCount) {
            px[0] = map->Colors[i].Red;
            px[1] = map->Colors[i].Green;
            px[2] = map->Colors[i].Blue;
        } else if (map) {
            px[0] = px[1] = px[2] = 0;
        } else {
            px[0] = px[1] = px[2] = (uint8_t)i;  /* no colour map at all: gray ramp */
        }
        if (channels == 4) px[3] = i == job->transparent ? 0 : 255;
    }
}

/* The first frame into the sink. */
static cic_status convert_frame(gif_job *job) {
    GifFileType *gif = job->gif;
    const uint32_t w = (uint32_t)gif->Image.Width, h = (uint32_t)gif->Image.Height;
    const int channels = job->transparent >= 0 ? 4 : 3;
    if (!frame_colors(gif)) cic_add_note(job->result, "no colour map: shown as gray");
    cic_status s = cic_convert_begin(job->sink, w, h, channels, NULL, 0);
    if (s != cic_status_ok) return s;
    const size_t rows = gif->Image.Interlace ? h : 1;
    job->line = malloc((size_t)w * rows);
    job->rgba = malloc((size_t)w * (size_t)channels);
    if (!job->line || !job->rgba) {
        cic_set_message(job->result, 1, "out of memory for a %ux%u frame", w, h);
        return cic_status_too_large;
    }
    if (!gif->Image.Interlace) {
        for (uint32_t y = 0; y < h; y++) {
            if (DGifGetLine(gif, job->line, (int)w) == GIF_ERROR) return gif_fail(job, "the first frame");
            expand(job, job->line, w, channels);
            cic_convert_row(job->sink, job->rgba);
        }
        return cic_status_ok;
    }
    /* Interlaced: the four passes arrive as rows 0,8,16... then 4,12... then 2,6... then 1,3... */
    static const uint32_t start[4] = {0, 4, 2, 1}, step[4] = {8, 8, 4, 2};
    for (int pass = 0; pass < 4; pass++)
        for (uint32_t y = start[pass]; y < h; y += step[pass])
            if (DGifGetLine(gif, job->line + (size_t)y * w, (int)w) == GIF_ERROR) return gif_fail(job, "the first frame");
    for (uint32_t y = 0; y < h; y++) {
        expand(job, job->line + (size_t)y * w, w, channels);
        cic_convert_row(job->sink, job->rgba);
    }
    return cic_status_ok;
}

static cic_status walk(gif_job *job) {
    GifFileType *gif = job->gif;
    cic_result *result = job->result;
    const cic_limits *limits = job->limits;
    result->screen_width = (uint32_t)(gif->SWidth > 0 ? gif->SWidth : 0);
    result->screen_height = (uint32_t)(gif->SHeight > 0 ? gif->SHeight : 0);
    result->bit_depth = 8;
    result->components = 1;
    result->color = cic_color_palette;
    /* The screen is what a viewer allocates: refused before anything is decoded or allocated for it. */
    if (cic_over_pixel_limit_of(result, "the logical screen", result->screen_width, result->screen_height,
                                limits->max_pixels))
        return cic_status_too_large;
    uint32_t widest = 0;
    for (;;) {
        GifRecordType type;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR) {
            if (job->frames > 0 && job->in.eof && job->mode != GIF_CONVERT) {
                /* Every frame is whole; only the trailer (0x3B) is missing, which viewers accept. */
                cic_add_note(result, "the GIF trailer is missing");
                break;
            }
            return gif_fail(job, job->frames ? "the records after a frame" : "the records after the header");
        }
        if (type == TERMINATE_RECORD_TYPE) break;
        if (type == EXTENSION_RECORD_TYPE) {
            int code = 0;
            GifByteType *ext = NULL;
            if (DGifGetExtension(gif, &code, &ext) == GIF_ERROR) return gif_fail(job, "an extension");
            if (code == GRAPHICS_EXT_FUNC_CODE && ext != NULL) {
                GraphicsControlBlock gcb;
                if (DGifExtensionToGCB(ext[0], ext + 1, &gcb) == GIF_OK) {
                    job->transparent = gcb.TransparentColor;
                    if (gcb.TransparentColor >= 0) result->has_alpha = 1;
                }
            }
            while (ext != NULL)
                if (DGifGetExtensionNext(gif, &ext) == GIF_ERROR) return gif_fail(job, "an extension");
            continue;
        }
        if (type != IMAGE_DESC_RECORD_TYPE) {
            cic_set_message(result, 0, "corrupt GIF: unknown record type");
            return cic_status_corrupt_data;
        }
        if (DGifGetImageDesc(gif) == GIF_ERROR) return gif_fail(job, "an image descriptor");
        const uint32_t w = (uint32_t)(gif->Image.Width > 0 ? gif->Image.Width : 0);
        const uint32_t h = (uint32_t)(gif->Image.Height > 0 ? gif->Image.Height : 0);
        job->frames++;
        if (job->frames == 1) {
            result->width = w;
            result->height = h;
            result->interlaced = gif->Image.Interlace ? 1 : 0;
            if (cic_over_pixel_limit(result, limits->max_pixels)) return cic_status_too_large;
        } else if (cic_over_pixel_limit_of(result, "a frame", w, h, limits->max_pixels)) {
            return cic_status_too_large;
        }
        if (w == 0 || h == 0) {
            if (job->mode == GIF_CONVERT && job->frames == 1) {
                cic_set_message(result, 1, "the first frame is empty (%ux%u)", w, h);
                return cic_status_corrupt_data;
            }
            cic_add_note(result, "an empty frame");
            if (!skip_frame_data(gif)) return gif_fail(job, "an empty frame");
        } else if (job->mode == GIF_CONVERT) {
            return convert_frame(job);
        } else if (job->mode == GIF_VERIFY) {
            if (w > widest) {
                uint8_t *grown = realloc(job->line, w);
                if (grown == NULL) {
                    cic_set_message(result, 1, "out of memory for a line of %u pixels", w);
                    return cic_status_too_large;
                }
                job->line = grown;
                widest = w;
            }
            for (uint32_t y = 0; y < h; y++)
                if (DGifGetLine(gif, job->line, (int)w) == GIF_ERROR) {
                    char stage[48];
                    snprintf(stage, sizeof(stage), "frame %d", job->frames);
                    return gif_fail(job, stage);
                }
        } else {
            if (!skip_frame_data(gif)) return gif_fail(job, "a frame's data");
            if (w > widest) widest = w;
        }
        if ((uint64_t)gif->Image.Left + w > result->screen_width || (uint64_t)gif->Image.Top + h > result->screen_height) {
            if (!strstr(result->notes, "outside"))
                cic_add_note(result, "a frame lies partly outside the logical screen (viewers clip it)");
        }
        /* a graphics control extension applies to the one image that follows it */
        job->transparent = -1;
        forget_images(gif);
    }
    if (job->frames == 0) {
        cic_set_message(result, 1, job->mode == GIF_CONVERT ? "the GIF has no frame" : "corrupt GIF: no frame");
        return cic_status_corrupt_data;
    }
    result->frame_count = job->frames;
    result->animated = job->frames > 1;
    /* verify: one line of the widest frame beside giflib's state; convert: the first frame's indexes (an
     * interlaced frame needs them all) and an RGBA line. */
    result->decode_bytes = GIF_WORKING_BYTES + widest;
    result->convert_bytes = GIF_WORKING_BYTES + (uint64_t)result->width * result->height + (uint64_t)result->width * 4;
    return cic_status_ok;
}

static cic_status run_gif(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits, cic_result *result,
                          gif_mode mode, cic_convert_sink *sink) {
    gif_job job;
    memset(&job, 0, sizeof(job));
    job.in.reader = r;
    job.in.data = data;
    job.in.avail = len;
    job.result = result;
    job.limits = limits;
    job.mode = mode;
    job.sink = sink;
    job.transparent = -1;
    int error = 0;
    job.gif = DGifOpen(&job.in, gif_read, &error);
    cic_status status;
    if (job.gif == NULL) {
        if (job.in.eof || error == D_GIF_ERR_READ_FAILED) {
            cic_set_message(result, 0, "truncated: file ends inside the GIF header");
            status = cic_status_truncated;
        } else if (error == D_GIF_ERR_NOT_ENOUGH_MEM) {
            cic_set_message(result, 0, "out of memory for the GIF header");
            status = cic_status_too_large;
        } else {
            const char *why = GifErrorString(error);
            cic_set_message(result, 0, "invalid GIF header: %s", why ? why : "unknown error");
            status = cic_status_invalid_header;
        }
        return status;
    }
    status = walk(&job);
    int close_error = 0;
    DGifCloseFile(job.gif, &close_error);
    free(job.line);
    free(job.rgba);
    return status;
}

cic_status cic_gif_run(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits, cic_result *result,
                       int verify) {
    return run_gif(r, data, len, limits, result, verify ? GIF_VERIFY : GIF_PROBE, NULL);
}

cic_status cic_gif_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                           cic_result *result) {
    cic_reader r;
    cic_reader_init_memory(&r, buf, len);
    const uint8_t *data = NULL;
    ssize_t n = cic_reader_fetch(&r, &data);
    if (n <= 0) {
        cic_set_message(result, 1, "empty file");
        return cic_status_truncated;
    }
    return run_gif(&r, data, (size_t)n, limits, result, GIF_CONVERT, sink);
}
