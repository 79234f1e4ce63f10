/* HEIF/HEIC probe, verify and convert on libheif (Debian's build decodes HEVC with libde265).
 *
 * The file is read through a heif_reader over the cic_reader (pread for a file, the buffer for memory): libheif
 * reads the boxes it parses and an image's data when it decodes it, never the whole file at once. The maximum image
 * size limit is set before reading; the pixel limit is applied to the primary image's size before any decode.
 *
 * Orientation: libheif applies the primary image's transformations (irot, imir, clap) when it decodes, as the
 * HEIF specification asks. So the probe reports the picture as it will be decoded: width/height after the
 * transformations (a 90-degree irot swaps the stored, ispe, sides) and orientation 1, and a conversion comes
 * out upright exactly once (the sink turns nothing more). The EXIF orientation a phone also writes describes the
 * same turn for software that ignores irot; the HEIF specification makes irot/imir the authority, so the EXIF
 * value never turns the pixels. Neither is a note: both come with every portrait photo of a phone.
 *
 * libheif is loaded when the first HEIF file is met (cic_heif_library.c); without it a HEIF file is refused as
 * an unsupported feature, with dlopen's reason.
 *
 * Image sequences (msf1/hevs brands): libheif 1.15 reads the still items only; such a file's top-level images are
 * counted and it is marked animated. Verify decodes the primary image (its alpha plane too). */
#include "cic_internal.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cic_heif_library.h"

#define HEIF_WORKING_BYTES (4u << 20)

typedef struct heif_in {
    cic_reader *reader;
    uint64_t pos;
    int eof;
} heif_in;

static int64_t in_position(void *user) { return (int64_t)((heif_in *)user)->pos; }

static int in_read(void *data, size_t size, void *user) {
    heif_in *in = (heif_in *)user;
    size_t got = cic_reader_read_at(in->reader, in->pos, data, size);
    in->pos += got;
    if (got < size) {
        in->eof = 1;
        return 1;
    }
    return 0;
}

static int in_seek(int64_t position, void *user) {
    heif_in *in = (heif_in *)user;
    if (position < 0) return 1;
    in->pos = (uint64_t)position;
    return 0;
}

static enum heif_reader_grow_status in_wait(int64_t target, void *user) {
    heif_in *in = (heif_in *)user;
    if (target < 0 || cic_reader_holds(in->reader, (uint64_t)target)) return heif_reader_grow_status_size_reached;
    in->eof = 1;
    return heif_reader_grow_status_size_beyond_eof;
}

static const struct heif_reader READER = {
    .reader_api_version = 1,
    .get_position = in_position,
    .read = in_read,
    .seek = in_seek,
    .wait_for_file_size = in_wait,
};

/* The status of a libheif error, with the reason naming the stage. */
static cic_status fail(cic_result *result, const heif_in *in, struct heif_error err, const char *stage) {
    /* libheif's messages may end with a newline */
    char why[160];
    snprintf(why, sizeof(why), "%s", err.message ? err.message : "unknown error");
    why[strcspn(why, "\n")] = '\0';
    if (err.code == heif_error_Memory_allocation_error || err.subcode == heif_suberror_Security_limit_exceeded) {
        cic_set_message(result, 1, "%s: %s", stage, why);
        return cic_status_too_large;
    }
    if (err.subcode == heif_suberror_End_of_data || in->eof) {
        cic_set_message(result, 1, "truncated: %s: %s", stage, why);
        return cic_status_truncated;
    }
    if (err.code == heif_error_Unsupported_feature || err.code == heif_error_Unsupported_filetype) {
        cic_set_message(result, 1, "unsupported HEIF feature: %s: %s", stage, why);
        return cic_status_unsupported_feature;
    }
    cic_set_message(result, 1, "corrupt HEIF: %s: %s", stage, why);
    return err.code == heif_error_Invalid_input && strcmp(stage, "reading the boxes") == 0 ? cic_status_invalid_header
                                                                                         : cic_status_corrupt_data;
}

/* The EXIF block of the handle: orientation (noted only) and the GPS pointer. */
static void read_exif(const cic_heif_api *H, const struct heif_image_handle *handle, cic_result *result) {
    heif_item_id id;
    if (H->image_handle_get_list_of_metadata_block_IDs(handle, "Exif", &id, 1) < 1) return;
    size_t size = H->image_handle_get_metadata_size(handle, id);
    if (size < 4 || size > (1u << 20)) return;
    uint8_t *block = malloc(size + 6);
    if (!block) return;
    if (H->image_handle_get_metadata(handle, id, block + 6).code == heif_error_Ok) {
        /* the block starts with a 4-byte offset to the TIFF header */
        uint32_t skip = (uint32_t)block[6] << 24 | (uint32_t)block[7] << 16 | (uint32_t)block[8] << 8 | block[9];
        if ((uint64_t)skip + 4 < size) {
            uint8_t *app1 = block + 4 + skip;  /* room for "Exif\0\0" right before the TIFF header */
            memcpy(app1, "Exif\0\0", 6);
            size_t len = size - 4 - skip + 6;
            /* only the GPS pointer is read: HEIF's irot/imir decide the turn (libheif applies them), and the EXIF
             * orientation a phone writes beside them says the same and is informative only (no note, which would
             * come with every phone photo) */
            result->has_gps = cic_exif_has_gps(app1, len);
        }
    }
    free(block);
}

static int is_sequence_brand(const uint8_t *b) {
    return memcmp(b, "msf1", 4) == 0 || memcmp(b, "hevs", 4) == 0 || memcmp(b, "hevm", 4) == 0;
}

static cic_status run_heif(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits, cic_result *result,
                           int verify, cic_convert_sink *sink) {
    const char *why = NULL;
    const cic_heif_api *H = cic_heif_library(&why);
    if (!H) {
        cic_set_message(result, 1, "HEIF needs libheif, which could not be loaded: %s", why);
        return cic_status_unsupported_feature;
    }
    if (len >= 12 && is_sequence_brand(data + 8)) result->animated = 1;
    heif_in in = {.reader = r};
    struct heif_context *ctx = H->context_alloc();
    if (!ctx) {
        cic_set_message(result, 1, "out of memory");
        return cic_status_too_large;
    }
    /* no side may exceed the pixel limit (libheif checks both sides against it while reading) */
    if (limits->max_pixels)
        H->context_set_maximum_image_size_limit(ctx, limits->max_pixels > INT_MAX ? INT_MAX : (int)limits->max_pixels);
    H->context_set_max_decoding_threads(ctx, 0);
    struct heif_image_handle *handle = NULL;
    struct heif_image *image = NULL;
    struct heif_decoding_options *options = NULL;
    uint8_t *icc = NULL;
    cic_status status = cic_status_ok;
    struct heif_error err = H->context_read_from_reader(ctx, &READER, &in, NULL);
    if (err.code != heif_error_Ok) {
        status = fail(result, &in, err, "reading the boxes");
        goto done;
    }
    err = H->context_get_primary_image_handle(ctx, &handle);
    if (err.code != heif_error_Ok) {
        status = fail(result, &in, err, "the primary image");
        goto done;
    }
    int w = H->image_handle_get_width(handle), h = H->image_handle_get_height(handle);
    if (w <= 0 || h <= 0) {
        cic_set_message(result, 1, "invalid HEIF header: the primary image is %dx%d", w, h);
        status = cic_status_invalid_header;
        goto done;
    }
    result->width = (uint32_t)w;
    result->height = (uint32_t)h;
    /* (a picture stored turned, as a phone stores a portrait photo, is decoded upright: no note, it would come
     * with every portrait photo of a phone's folder) */
    int depth = H->image_handle_get_luma_bits_per_pixel(handle);
    result->bit_depth = depth > 0 ? depth : 8;
    const int alpha = H->image_handle_has_alpha_channel(handle);
    result->has_alpha = alpha;
    /* HEVC codes YCbCr (libheif 1.15 does not tell a monochrome picture apart before decoding it) */
    result->components = 3 + (alpha ? 1 : 0);
    result->color = alpha ? cic_color_rgba : cic_color_ycbcr;
    int images = H->context_get_number_of_top_level_images(ctx);
    result->frame_count = images > 0 ? images : 1;
    read_exif(H, handle, result);
    /* the decoder's picture and libheif's planes (4:4:4 at most, 2 bytes a sample above 8 bits, alpha), and for a
     * conversion the interleaved 8-bit output. A 12-megapixel 8-bit phone photo: 77 MB decoded, 114 MB converted
     * (measured: 72 MB of peak RSS above the process's own for the whole conversion) */
    const uint64_t pixels = (uint64_t)w * (uint64_t)h;
    const uint64_t sample_bytes = result->bit_depth > 8 ? 2 : 1;
    const uint64_t channels_out = alpha ? 4 : 3;
    result->decode_bytes = HEIF_WORKING_BYTES + pixels * sample_bytes * channels_out * 2;
    result->convert_bytes = result->decode_bytes + pixels * channels_out;
    if (cic_over_pixel_limit(result, limits->max_pixels)) {
        status = cic_status_too_large;
        goto done;
    }
    if (!verify && !sink) goto done;
    options = H->decoding_options_alloc();
    if (options) options->convert_hdr_to_8bit = 1;
    if (!sink) {
        err = H->decode_image(handle, &image, heif_colorspace_undefined, heif_chroma_undefined, options);
        if (err.code != heif_error_Ok) status = fail(result, &in, err, "decoding the primary image");
        goto done;
    }
    const int channels = alpha ? 4 : 3;
    err = H->decode_image(handle, &image, heif_colorspace_RGB,
                            alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, options);
    if (err.code != heif_error_Ok) {
        status = fail(result, &in, err, "decoding the primary image");
        goto done;
    }
    int stride = 0;
    const uint8_t *plane = H->image_get_plane_readonly(image, heif_channel_interleaved, &stride);
    int iw = H->image_get_width(image, heif_channel_interleaved), ih = H->image_get_height(image, heif_channel_interleaved);
    if (!plane || iw <= 0 || ih <= 0 || H->image_get_bits_per_pixel_range(image, heif_channel_interleaved) != 8) {
        cic_set_message(result, 1, "the decoded HEIF picture has no 8-bit interleaved plane");
        status = cic_status_corrupt_data;
        goto done;
    }
    size_t icc_len = 0;
    enum heif_color_profile_type type = H->image_handle_get_color_profile_type(handle);
    if (type == heif_color_profile_type_prof || type == heif_color_profile_type_rICC) {
        icc_len = H->image_handle_get_raw_color_profile_size(handle);
        icc = icc_len ? malloc(icc_len) : NULL;
        if (icc && H->image_handle_get_raw_color_profile(handle, icc).code != heif_error_Ok) icc_len = 0;
    }
    status = cic_convert_begin(sink, (uint32_t)iw, (uint32_t)ih, channels, icc, icc ? icc_len : 0);
    for (int y = 0; status == cic_status_ok && y < ih; y++) cic_convert_row(sink, plane + (size_t)y * (size_t)stride);
done:
    free(icc);
    if (options) H->decoding_options_free(options);
    if (image) H->image_release(image);
    if (handle) H->image_handle_release(handle);
    H->context_free(ctx);
    return status;
}

cic_status cic_heif_run(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits, cic_result *result,
                        int verify) {
    return run_heif(r, data, len, limits, result, verify, NULL);
}

cic_status cic_heif_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                            cic_result *result) {
    cic_reader r;
    cic_reader_init_memory(&r, buf, len);
    return run_heif(&r, buf, len, limits, result, 0, sink);
}
