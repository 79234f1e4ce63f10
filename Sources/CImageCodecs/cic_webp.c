/* WebP probe, verify and convert on libwebp (decoder, demuxer, animation decoder).
 *
 * - probe: WebPGetFeatures over the first block (size or canvas, alpha, animation, lossy/lossless), then a walk of
 *   the RIFF chunk headers with read_at (nothing else read): ANMF frames counted, the ICCP chunk noted, the EXIF
 *   chunk read (up to 64 KiB) for its orientation and GPS pointer. The pixel limit is applied to the canvas.
 * - verify: the whole file in memory (a file: one pread of its size), checked by WebPDemux (a file cut short is
 *   "truncated", a broken chunk structure "corrupt"); a still image decoded by WebPDecode into one RGBA buffer of
 *   its size, an animation frame by frame by WebPAnimDecoder (its canvas, twice). libwebp decodes a VP8 picture
 *   into a whole-picture buffer, so memory is the file plus the picture (decode_bytes says so).
 * - convert: the still picture, or an animation's first frame composed on its canvas, as RGB (RGBA when the
 *   file has alpha), with the ICCP profile; the probe's EXIF orientation is applied by the sink. */
#include "cic_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include <webp/demux.h>

#define WEBP_WORKING_BYTES (512u << 10)
#define WEBP_MAX_EXIF (64u << 10)
#define WEBP_MAX_CHUNKS 1000000u

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* EXIF orientation and GPS pointer of an EXIF chunk (with or without the "Exif\0\0" prefix). */
static void read_exif(const uint8_t *payload, size_t len, cic_result *result) {
    if (len >= 6 && memcmp(payload, "Exif\0\0", 6) == 0) {
        result->orientation = cic_exif_orientation(payload, len);
        result->has_gps = cic_exif_has_gps(payload, len);
        return;
    }
    uint8_t *prefixed = malloc(len + 6);
    if (!prefixed) return;
    memcpy(prefixed, "Exif\0\0", 6);
    memcpy(prefixed + 6, payload, len);
    result->orientation = cic_exif_orientation(prefixed, len + 6);
    result->has_gps = cic_exif_has_gps(prefixed, len + 6);
    free(prefixed);
}

/* Walks the chunk headers after "RIFF....WEBP": frames, EXIF; the first problem becomes a note (probe) or the
 * status (the caller decides). Returns 1 when the chunks reach the end of the file as declared. */
static int walk_chunks(cic_reader *r, cic_result *result, int *frames) {
    uint8_t head[12];
    if (cic_reader_read_at(r, 0, head, 12) < 12) return 0;
    uint64_t riff_end = 8 + (uint64_t)le32(head + 4);
    uint64_t end = riff_end < r->size ? riff_end : r->size;
    uint64_t at = 12;
    *frames = 0;
    for (uint32_t n = 0; at + 8 <= end && n < WEBP_MAX_CHUNKS; n++) {
        uint8_t ch[8];
        if (cic_reader_read_at(r, at, ch, 8) < 8) return 0;
        uint64_t size = le32(ch + 4);
        if (memcmp(ch, "ANMF", 4) == 0) (*frames)++;
        if (memcmp(ch, "EXIF", 4) == 0 && size <= WEBP_MAX_EXIF && at + 8 + size <= r->size) {
            uint8_t *exif = malloc(size ? size : 1);
            if (exif && cic_reader_read_at(r, at + 8, exif, size) == size) read_exif(exif, size, result);
            free(exif);
        }
        at += 8 + size + (size & 1);
    }
    return at >= riff_end && riff_end <= r->size;
}

static cic_status probe_header(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits,
                               cic_result *result, WebPBitstreamFeatures *f) {
    uint8_t first[4096];
    if (len < sizeof(first) && r->fd >= 0) {
        len = cic_reader_read_at(r, 0, first, sizeof(first));
        data = first;
    }
    VP8StatusCode code = WebPGetFeatures(data, len, f);
    if (code == VP8_STATUS_NOT_ENOUGH_DATA) {
        cic_set_message(result, 1, "truncated: the file ends inside the WebP header");
        return cic_status_truncated;
    }
    if (code != VP8_STATUS_OK) {
        cic_set_message(result, 1, "invalid WebP header (libwebp status %d)", (int)code);
        return cic_status_invalid_header;
    }
    result->width = (uint32_t)f->width;
    result->height = (uint32_t)f->height;
    result->bit_depth = 8;
    result->has_alpha = f->has_alpha;
    result->animated = f->has_animation;
    result->lossless = f->format == 2;
    result->components = f->has_alpha ? 4 : 3;
    /* lossy VP8 stores YUV 4:2:0; lossless stores ARGB */
    result->color = f->format == 1 && !f->has_alpha ? cic_color_ycbcr : (f->has_alpha ? cic_color_rgba : cic_color_rgb);
    int frames = 0;
    if (!walk_chunks(r, result, &frames)) cic_add_note(result, "the RIFF chunks do not end where the header says");
    result->frame_count = f->has_animation ? frames : 1;
    uint64_t picture = (uint64_t)result->width * result->height * 4;
    result->decode_bytes = WEBP_WORKING_BYTES + r->size * (r->fd >= 0) + picture * (f->has_animation ? 2 : 1);
    result->convert_bytes = WEBP_WORKING_BYTES + picture * (f->has_animation ? 2 : 1);
    if (cic_over_pixel_limit(result, limits->max_pixels)) return cic_status_too_large;
    return cic_status_ok;
}

/* The demuxer over the whole file; NULL with the status set when the file is cut short or broken. */
static WebPDemuxer *demux(const uint8_t *buf, size_t len, cic_result *result, cic_status *status) {
    WebPData data = {buf, len};
    WebPDemuxState state;
    WebPDemuxer *d = WebPDemuxPartial(&data, &state);
    if (d && state == WEBP_DEMUX_DONE) return d;
    if (d) WebPDemuxDelete(d);
    if (state == WEBP_DEMUX_PARSE_ERROR) {
        cic_set_message(result, 1, "corrupt WebP: the chunk structure is broken");
        *status = cic_status_corrupt_data;
    } else {
        cic_set_message(result, 1, "truncated: the WebP file ends before its last chunk");
        *status = cic_status_truncated;
    }
    return NULL;
}

/* A still picture decoded into an RGBA buffer (verify) or rows for the sink (convert). */
static cic_status decode_still(const uint8_t *buf, size_t len, cic_result *result, cic_convert_sink *sink,
                               const WebPBitstreamFeatures *f, const uint8_t *icc, size_t icc_len) {
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) return cic_status_corrupt_data;
    const int channels = f->has_alpha ? 4 : 3;
    config.output.colorspace = f->has_alpha ? MODE_RGBA : MODE_RGB;
    VP8StatusCode code = WebPDecode(buf, len, &config);
    cic_status status = cic_status_ok;
    if (code != VP8_STATUS_OK) {
        if (code == VP8_STATUS_OUT_OF_MEMORY) {
            cic_set_message(result, 1, "out of memory for a %dx%d picture", f->width, f->height);
            status = cic_status_too_large;
        } else if (code == VP8_STATUS_NOT_ENOUGH_DATA) {
            cic_set_message(result, 1, "truncated: the WebP image data ends early");
            status = cic_status_truncated;
        } else {
            cic_set_message(result, 1, "corrupt WebP image data (libwebp status %d)", (int)code);
            status = cic_status_corrupt_data;
        }
    } else if (sink) {
        const WebPRGBABuffer *o = &config.output.u.RGBA;
        status = cic_convert_begin(sink, (uint32_t)config.output.width, (uint32_t)config.output.height, channels, icc,
                                   icc_len);
        for (int y = 0; status == cic_status_ok && y < config.output.height; y++)
            cic_convert_row(sink, o->rgba + (size_t)y * (size_t)o->stride);
    }
    WebPFreeDecBuffer(&config.output);
    return status;
}

/* Every frame of an animation (verify), or the first one composed on the canvas (convert). */
static cic_status decode_animation(const uint8_t *buf, size_t len, cic_result *result, cic_convert_sink *sink,
                                   const WebPBitstreamFeatures *f, const uint8_t *icc, size_t icc_len) {
    WebPAnimDecoderOptions options;
    if (!WebPAnimDecoderOptionsInit(&options)) return cic_status_corrupt_data;
    options.color_mode = MODE_RGBA;
    options.use_threads = 0;
    WebPData data = {buf, len};
    WebPAnimDecoder *dec = WebPAnimDecoderNew(&data, &options);
    if (!dec) {
        cic_set_message(result, 1, "corrupt WebP animation");
        return cic_status_corrupt_data;
    }
    WebPAnimInfo info;
    WebPAnimDecoderGetInfo(dec, &info);
    cic_status status = cic_status_ok;
    int frames = 0;
    uint8_t *row = NULL;
    while (status == cic_status_ok && WebPAnimDecoderHasMoreFrames(dec)) {
        uint8_t *canvas = NULL;
        int timestamp = 0;
        if (!WebPAnimDecoderGetNext(dec, &canvas, &timestamp)) {
            cic_set_message(result, 1, "corrupt WebP animation: frame %d does not decode", frames + 1);
            status = cic_status_corrupt_data;
            break;
        }
        frames++;
        if (!sink) continue;
        const int channels = f->has_alpha ? 4 : 3;
        status = cic_convert_begin(sink, info.canvas_width, info.canvas_height, channels, icc, icc_len);
        row = malloc((size_t)info.canvas_width * 4);
        if (status == cic_status_ok && !row) {
            cic_set_message(result, 1, "out of memory");
            status = cic_status_too_large;
        }
        for (uint32_t y = 0; status == cic_status_ok && y < info.canvas_height; y++) {
            const uint8_t *src = canvas + (size_t)y * info.canvas_width * 4;
            if (channels == 4) {
                cic_convert_row(sink, src);
                continue;
            }
            for (uint32_t x = 0; x < info.canvas_width; x++) memcpy(row + (size_t)x * 3, src + (size_t)x * 4, 3);
            cic_convert_row(sink, row);
        }
        break;
    }
    free(row);
    WebPAnimDecoderDelete(dec);
    if (status == cic_status_ok && !sink) result->frame_count = frames;
    return status;
}

static cic_status run_webp(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits, cic_result *result,
                           int verify, cic_convert_sink *sink) {
    WebPBitstreamFeatures f;
    cic_status status = probe_header(r, data, len, limits, result, &f);
    if (status != cic_status_ok || (!verify && !sink)) return status;
    const uint8_t *buf = NULL;
    size_t buf_len = 0;
    uint8_t *owned = NULL;
    status = cic_reader_load(r, result, &buf, &buf_len, &owned);
    if (status != cic_status_ok) return status;
    WebPDemuxer *d = demux(buf, buf_len, result, &status);
    if (d) {
        if (WebPDemuxGetI(d, WEBP_FF_CANVAS_WIDTH) != result->width
            || WebPDemuxGetI(d, WEBP_FF_CANVAS_HEIGHT) != result->height) {
            cic_set_message(result, 1, "corrupt WebP: the canvas and the image disagree on the size");
            status = cic_status_corrupt_data;
        }
        const uint8_t *icc = NULL;
        size_t icc_len = 0;
        WebPChunkIterator chunk;
        if (WebPDemuxGetChunk(d, "ICCP", 1, &chunk)) {
            icc = chunk.chunk.bytes;
            icc_len = chunk.chunk.size;
        }
        if (status == cic_status_ok)
            status = f.has_animation ? decode_animation(buf, buf_len, result, sink, &f, icc, icc_len)
                                     : decode_still(buf, buf_len, result, sink, &f, icc, icc_len);
        if (icc) WebPDemuxReleaseChunkIterator(&chunk);
        WebPDemuxDelete(d);
    }
    free(owned);
    return status;
}

cic_status cic_webp_run(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits, cic_result *result,
                        int verify) {
    return run_webp(r, data, len, limits, result, verify, NULL);
}

cic_status cic_webp_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                            cic_result *result) {
    cic_reader r;
    cic_reader_init_memory(&r, buf, len);
    return run_webp(&r, buf, len, limits, result, 0, sink);
}
