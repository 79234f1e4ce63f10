/* JPEG probe and verify on libjpeg(-turbo). setjmp/longjmp stay in this file. */
#include "cic_internal.h"
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

typedef struct jpeg_run {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr err;
    struct jpeg_source_mgr src;
    struct jpeg_progress_mgr progress;
    jmp_buf jump;
    cic_reader *reader;
    cic_result *result;
    cic_status status;   /* category chosen by whoever jumps */
    int decoding;        /* 0 while reading the header, 1 once image data is decoded */
    int at_eof;          /* the input ran out */
    JOCTET *exif;        /* payload of the first EXIF APP1 segment (pool memory), else NULL */
    size_t exif_len;
    uint32_t max_scans;
    uint64_t max_memory;
} jpeg_run;

static jpeg_run *run_of(j_common_ptr c) { return (jpeg_run *)c->client_data; }

static void fail(jpeg_run *run, cic_status status) {
    if (run->status == cic_status_ok) run->status = status;
    longjmp(run->jump, 1);
}

/* ---- source manager: the first block is already in hand; more is read only when asked ---- */

static void src_init(j_decompress_ptr c) { (void)c; }
static void src_term(j_decompress_ptr c) { (void)c; }

static boolean src_fill(j_decompress_ptr c) {
    jpeg_run *run = run_of((j_common_ptr)c);
    const uint8_t *data = NULL;
    ssize_t n = cic_reader_fetch(run->reader, &data);
    if (n < 0) {
        cic_set_message(run->result, 1, "read error: %s", strerror(run->reader->err));
        fail(run, cic_status_io);
    }
    if (n == 0) {
        /* As libjpeg's own sources do: warn, then insert a fake EOI. Our emit_message makes the
         * warning fatal (see on_emit), so the fake marker only matters if that rule changes. */
        static const JOCTET eoi[2] = {0xFF, JPEG_EOI};
        run->at_eof = 1;
        WARNMS(c, JWRN_JPEG_EOF);
        c->src->next_input_byte = eoi;
        c->src->bytes_in_buffer = 2;
        return TRUE;
    }
    c->src->next_input_byte = data;
    c->src->bytes_in_buffer = (size_t)n;
    return TRUE;
}

static void src_skip(j_decompress_ptr c, long count) {
    if (count <= 0) return;
    struct jpeg_source_mgr *s = c->src;
    if ((size_t)count <= s->bytes_in_buffer) {
        s->next_input_byte += count;
        s->bytes_in_buffer -= (size_t)count;
        return;
    }
    /* Skipped segments (ICC profiles, XMP, thumbnails we do not save) are never read from disk. */
    uint64_t rest = (uint64_t)count - s->bytes_in_buffer;
    s->bytes_in_buffer = 0;
    cic_reader_skip(run_of((j_common_ptr)c)->reader, rest);
}

/* ---- error manager: never print, never exit ---- */

static void on_output(j_common_ptr c) { (void)c; }

static void keep_size(jpeg_run *run) {
    /* The frame header may be known even when decoding cannot go on (12-bit, too large). */
    if (run->cinfo.image_width && run->result->width == 0) {
        run->result->width = run->cinfo.image_width;
        run->result->height = run->cinfo.image_height;
        run->result->bit_depth = run->cinfo.data_precision;
        run->result->components = run->cinfo.num_components;
    }
}

static void on_error_exit(j_common_ptr c) {
    jpeg_run *run = run_of(c);
    int code = c->err->msg_code;
    char text[JMSG_LENGTH_MAX];
    c->err->format_message(c, text);
    run->result->lib_code = code;
    cic_status status;
    switch (code) {
    case JERR_BAD_PRECISION:
        /* 12-bit and 16-bit JPEGs are valid files this libjpeg build cannot decode: not corrupt. */
        status = cic_status_unsupported_feature;
        cic_set_message(run->result, 0, "unsupported precision: %d-bit JPEG", c->err->msg_parm.i[0]);
        break;
    case JERR_SOF_UNSUPPORTED:
    case JERR_NOT_COMPILED:
    case JERR_ARITH_NOTIMPL:
        status = cic_status_unsupported_feature;
        cic_set_message(run->result, 0, "unsupported JPEG feature: %s", text);
        break;
    case JERR_NO_BACKING_STORE:
    case JERR_OUT_OF_MEMORY:
        status = cic_status_too_large;
        cic_set_message(run->result, 0, "decoding needs more than the memory limit of %llu MiB",
                        (unsigned long long)(run->max_memory >> 20));
        break;
    case JERR_IMAGE_TOO_BIG:
        status = cic_status_too_large;
        cic_set_message(run->result, 0, "%s", text);
        break;
    case JERR_NO_IMAGE:
    case JERR_INPUT_EOF:
        status = run->at_eof ? cic_status_truncated : cic_status_invalid_header;
        cic_set_message(run->result, 0, run->at_eof ? "file ends before the JPEG frame header"
                                                     : "no JPEG frame header before the end of the image");
        break;
    default:
        status = run->decoding ? cic_status_corrupt_data : cic_status_invalid_header;
        cic_set_message(run->result, 0, "%s", text);
        break;
    }
    fail(run, status);
}

/*
 * THE RULE for libjpeg warnings (level -1; levels >= 0 are trace messages and ignored).
 * libjpeg reports damaged data as a warning and goes on, filling the missing pixels with gray.
 *  - Fatal, the file fails: warnings that mean pixels are missing or wrong:
 *      JWRN_JPEG_EOF          premature end of file (truncation)
 *      JWRN_HIT_MARKER        premature end of a data segment (entropy data cut by a marker)
 *      JWRN_HUFF_BAD_CODE     corrupt entropy data (Huffman)
 *      JWRN_ARITH_BAD_CODE    corrupt entropy data (arithmetic)
 *      JWRN_MUST_RESYNC       a restart marker is missing: the rows in between are lost
 *      JWRN_BOGUS_PROGRESSION inconsistent progressive scans: coefficients are wrong
 *      JWRN_EXTRANEOUS_DATA   once image data is being decoded, except the camera case below:
 *                             bytes left between the end of a scan and the next marker mean the
 *                             entropy codes ran out before the data did, i.e. the scan did not
 *                             decode as it was written (a block of XOR-ed bytes mid-scan shows up
 *                             only this way, and leaves dozens to thousands of bytes behind)
 *  - A note, the file passes: everything else loses no pixel, e.g. JWRN_EXTRANEOUS_DATA in the
 *    header (garbage between header segments), JWRN_JFIF_MAJOR, JWRN_ADOBE_XFORM,
 *    JWRN_BOGUS_ICC, JWRN_NOT_SEQUENTIAL; and the camera case: at most CIC_JPEG_STRAY_BYTES_MAX
 *    stray bytes right before EOI, reached only after every scan decoded to its last MCU without
 *    running out of data (a shortfall is JWRN_HIT_MARKER, fatal above). Some cameras write such
 *    bytes; djpeg, browsers and Pillow show every pixel. To the decoder a desynchronised last scan
 *    that happens to end a few bytes early looks the same. Measured on Samples/101.jpg (baseline)
 *    and 103.jpg (progressive) with 64 or 4 XOR-ed bytes at every 7th offset of the scan data:
 *    12 of about 12,000 damaged copies end this way, against about 4,650 that decode with no
 *    warning at all (damage no decoder can see). The strict policy (any note fails) refuses both.
 * The first fatal warning aborts at once (no point decoding the rest).
 */
/* The most stray bytes before EOI that still count as the camera case (see THE RULE). */
#define CIC_JPEG_STRAY_BYTES_MAX 16

static int is_camera_stray_bytes(const struct jpeg_error_mgr *err) {
    return err->msg_parm.i[1] == JPEG_EOI && err->msg_parm.i[0] > 0
        && err->msg_parm.i[0] <= CIC_JPEG_STRAY_BYTES_MAX;
}

static void on_emit(j_common_ptr c, int level) {
    if (level >= 0) return;
    jpeg_run *run = run_of(c);
    struct jpeg_error_mgr *err = c->err;
    err->num_warnings++;
    char text[JMSG_LENGTH_MAX];
    err->format_message(c, text);
    switch (err->msg_code) {
    case JWRN_JPEG_EOF:
        run->result->lib_code = err->msg_code;
        cic_set_message(run->result, 0, run->decoding ? "truncated: premature end of JPEG data"
                                                      : "truncated: file ends inside the JPEG header");
        fail(run, cic_status_truncated);
        break;
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:
    case JWRN_BOGUS_PROGRESSION:
        run->result->lib_code = err->msg_code;
        cic_set_message(run->result, 0, "%s", text);
        fail(run, cic_status_corrupt_data);
        break;
    case JWRN_EXTRANEOUS_DATA:
        if (run->decoding && !is_camera_stray_bytes(err)) {
            run->result->lib_code = err->msg_code;
            cic_set_message(run->result, 0, "%s", text);
            fail(run, cic_status_corrupt_data);
        }
        cic_add_note(run->result, text);
        break;
    default:
        cic_add_note(run->result, text);
        break;
    }
}

/* Progressive JPEGs may carry thousands of tiny scans, each forcing a pass over the whole
 * coefficient buffer: a known denial of service. libjpeg calls this before each input step. */
static void on_progress(j_common_ptr c) {
    jpeg_run *run = run_of(c);
    j_decompress_ptr d = (j_decompress_ptr)c;
    if (run->max_scans && d->input_scan_number > (int)run->max_scans) {
        cic_set_message(run->result, 0, "more than %u progressive scans", run->max_scans);
        fail(run, cic_status_too_large);
    }
}

/* libjpeg's own state, Huffman and quantisation tables, the source buffer and the rows of a 1/8-scale
 * decode: measured at about 300 KiB for a 15000-pixel-wide JPEG, rounded up. */
#define JPEG_WORKING_BYTES (1u << 20)

/* What the verify below will need, from the header alone. A progressive JPEG (or a sequential one
 * whose components come in separate scans) is decoded through a buffer of every coefficient of the
 * image: per component its blocks (padded to whole MCUs) × 64 coefficients × 2 bytes, the figure
 * libjpeg's coefficient controller allocates. A single-scan JPEG needs one row of MCUs at a time. */
static uint64_t coefficient_bytes(j_decompress_ptr c, int whole_image) {
    uint64_t total = JPEG_WORKING_BYTES;
    for (int i = 0; i < c->num_components; i++) {
        const jpeg_component_info *comp = &c->comp_info[i];
        uint64_t h = (uint64_t)(comp->h_samp_factor > 0 ? comp->h_samp_factor : 1);
        uint64_t v = (uint64_t)(comp->v_samp_factor > 0 ? comp->v_samp_factor : 1);
        uint64_t wide = (comp->width_in_blocks + h - 1) / h * h;
        uint64_t high = whole_image ? (comp->height_in_blocks + v - 1) / v * v : v;
        total += wide * high * sizeof(JBLOCK);
    }
    return total;
}

static uint64_t decode_bytes(j_decompress_ptr c) { return coefficient_bytes(c, jpeg_has_multiple_scans(c)); }

static cic_color color_of(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return cic_color_gray;
    case JCS_RGB: return cic_color_rgb;
    case JCS_YCbCr: return cic_color_ycbcr;
    case JCS_CMYK: return cic_color_cmyk;
    case JCS_YCCK: return cic_color_ycck;
    default: return cic_color_unknown;
    }
}

/* ---- APP1: keep the first EXIF segment only ----
 * jpeg_save_markers would keep every APP1 segment (XMP, repeated EXIF) in memory, so a header
 * made of thousands of 64 KiB segments would cost as much memory as it has bytes. This marker
 * processor keeps the payload of the first EXIF segment (at most 64 KiB) and skips everything
 * else without holding it. Our source never suspends, so reading byte by byte is safe. */

static unsigned next_byte(j_decompress_ptr c) {
    struct jpeg_source_mgr *s = c->src;
    if (s->bytes_in_buffer == 0) (*s->fill_input_buffer)(c);  /* at the end: a fatal warning */
    s->bytes_in_buffer--;
    return *s->next_input_byte++;
}

static boolean on_app1(j_decompress_ptr c) {
    jpeg_run *run = run_of((j_common_ptr)c);
    long length = (long)(next_byte(c) << 8);
    length += (long)next_byte(c);
    length -= 2;  /* the length counts its own two bytes */
    if (length < 0) ERREXIT(c, JERR_BAD_LENGTH);
    if (run->exif == NULL && length >= 6) {
        JOCTET head[6];
        for (int i = 0; i < 6; i++) head[i] = (JOCTET)next_byte(c);
        length -= 6;
        if (memcmp(head, "Exif\0", 5) == 0) {
            size_t total = 6 + (size_t)length;  /* at most 65533 bytes */
            JOCTET *data = (*c->mem->alloc_large)((j_common_ptr)c, JPOOL_IMAGE, total);
            memcpy(data, head, 6);
            for (size_t i = 6; i < total; i++) data[i] = (JOCTET)next_byte(c);
            run->exif = data;
            run->exif_len = total;
            return TRUE;
        }
    }
    if (length > 0) (*c->src->skip_input_data)(c, length);
    return TRUE;
}

static int32_t orientation_of(jpeg_run *run) {
    return run->exif != NULL ? cic_exif_orientation(run->exif, run->exif_len) : 1;
}

/* Configure the full decode for speed without skipping any entropy-coded bit.
 * Every Huffman/arithmetic code of every block of every component is still decoded (that is
 * where corruption shows), but the pixels are not rebuilt at full size:
 *  - scale 1/8: the IDCT shrinks to the DC term (libjpeg still parses every AC code to find the
 *    next one; libjpeg-turbo's decode_mcu discards them after decoding);
 *  - grayscale output for YCbCr: chroma blocks are entropy-decoded but not transformed;
 *  - no fancy upsampling, no block smoothing, the fast integer DCT.
 * None of these steps can raise a data error: libjpeg detects damage only while reading markers
 * and entropy data, which run the same code at any scale. The truncation/corruption tests prove it. */
static void configure_fast_decode(j_decompress_ptr c) {
    c->scale_num = 1;
    c->scale_denom = 8;
    c->dct_method = JDCT_IFAST;
    c->do_fancy_upsampling = FALSE;
    c->do_block_smoothing = FALSE;
    c->quantize_colors = FALSE;
    if (c->jpeg_color_space == JCS_YCbCr || c->jpeg_color_space == JCS_GRAYSCALE)
        c->out_color_space = JCS_GRAYSCALE;
}

cic_status cic_jpeg_run(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits,
                        cic_result *result, int verify) {
    jpeg_run run;
    memset(&run, 0, sizeof(run));
    run.reader = r;
    run.result = result;
    run.max_scans = limits->max_scans;
    run.max_memory = limits->max_memory;
    j_decompress_ptr c = &run.cinfo;
    c->err = jpeg_std_error(&run.err);
    run.err.error_exit = on_error_exit;
    run.err.emit_message = on_emit;
    run.err.output_message = on_output;
    c->client_data = &run;

    if (setjmp(run.jump)) {
        keep_size(&run);
        jpeg_destroy_decompress(c);  /* frees every pool allocation, the row buffer included */
        return run.status != cic_status_ok ? run.status : cic_status_corrupt_data;
    }
    jpeg_create_decompress(c);
    if (limits->max_memory) c->mem->max_memory_to_use = (long)limits->max_memory;
    run.src.init_source = src_init;
    run.src.fill_input_buffer = src_fill;
    run.src.skip_input_data = src_skip;
    run.src.resync_to_restart = jpeg_resync_to_restart;
    run.src.term_source = src_term;
    run.src.next_input_byte = data;
    run.src.bytes_in_buffer = len;
    c->src = &run.src;
    jpeg_set_marker_processor(c, JPEG_APP0 + 1, on_app1);  /* EXIF lives in APP1; the rest is skipped */

    jpeg_read_header(c, TRUE);
    result->width = c->image_width;
    result->height = c->image_height;
    result->bit_depth = c->data_precision;
    result->components = c->num_components;
    result->color = color_of(c->jpeg_color_space);
    result->progressive = c->progressive_mode ? 1 : 0;
    result->orientation = orientation_of(&run);
    result->has_gps = run.exif != NULL ? cic_exif_has_gps(run.exif, run.exif_len) : 0;
    result->decode_bytes = decode_bytes(c);
    /* removing the metadata reads every coefficient at once (jpeg_read_coefficients), whatever the scans */
    result->transcode_bytes = coefficient_bytes(c, 1);

    /* Every message set before this point came with a longjmp, so result->message is still empty
     * here and the helper's overwrite changes nothing. */
    if (cic_over_pixel_limit(result, limits->max_pixels)) fail(&run, cic_status_too_large);
    if (!verify) {
        jpeg_destroy_decompress(c);
        return cic_status_ok;
    }

    run.decoding = 1;
    configure_fast_decode(c);
    run.progress.progress_monitor = on_progress;
    c->progress = &run.progress;
    jpeg_start_decompress(c);
    JSAMPARRAY row = (*c->mem->alloc_sarray)((j_common_ptr)c, JPOOL_IMAGE,
                                             c->output_width * (JDIMENSION)c->output_components, 1);
    while (c->output_scanline < c->output_height) {
        if (jpeg_read_scanlines(c, row, 1) != 1) {
            /* Cannot happen with a source that never suspends; never loop forever if it does. */
            cic_set_message(result, 0, "decoder made no progress");
            fail(&run, cic_status_corrupt_data);
        }
    }
    jpeg_finish_decompress(c);  /* reads up to EOI: damage after the last row still counts */
    jpeg_destroy_decompress(c);
    return cic_status_ok;
}
