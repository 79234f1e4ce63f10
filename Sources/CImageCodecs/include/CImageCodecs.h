#ifndef CIMAGECODECS_H
#define CIMAGECODECS_H
/*
 * Public header of the codec shim: plain C types only (no libjpeg/libpng/zlib types).
 *
 * Every entry point is reentrant: all state lives on the caller's stack or in per-call
 * allocations, so any number of threads may probe, verify and pack at the same time.
 * setjmp/longjmp never leave the C code; libjpeg never prints and never calls exit().
 */
#include <stddef.h>
#include <stdint.h>

/* Outcome of a codec call. The C side decides the category; Swift maps it to CodecError.Code. */
typedef enum __attribute__((enum_extensibility(closed))) cic_status : int {
    cic_status_ok = 0,
    cic_status_not_an_image = 1,        /* no known magic */
    cic_status_unsupported_format = 2,  /* a known image (or document) format that is not JPEG/PNG */
    cic_status_invalid_header = 3,      /* JPEG/PNG whose header is broken */
    cic_status_truncated = 4,           /* data ends early */
    cic_status_corrupt_data = 5,        /* header fine, image data broken */
    cic_status_too_large = 6,           /* over a configured limit (pixels, bytes, scans, memory) */
    cic_status_unsupported_feature = 7, /* valid but not decodable here (12-bit JPEG, lossless JPEG) */
    cic_status_io = 8,                  /* read error, not a regular file */
    cic_status_compression = 9,         /* zlib deflate/inflate failure or bad argument */
} cic_status;

/* Formats recognised by their magic bytes. jpeg and png are decoded by libjpeg/libpng; gif, tiff, bmp, webp
 * and heic by giflib, libtiff, a reader over BMP's fixed headers, libwebp and libheif (probe, verify, convert). */
typedef enum __attribute__((enum_extensibility(closed))) cic_format : int {
    cic_format_unknown = 0,
    cic_format_jpeg = 1,
    cic_format_png = 2,
    cic_format_gif = 3,
    cic_format_webp = 4,
    cic_format_tiff = 5,
    cic_format_bmp = 6,
    cic_format_heic = 7,
    cic_format_avif = 8,
    cic_format_pdf = 9,
    cic_format_svg = 10,
    cic_format_jxl = 11,
    cic_format_jp2 = 12,
    cic_format_psd = 13,
} cic_format;

/* Colour model as stored in the file. */
typedef enum __attribute__((enum_extensibility(closed))) cic_color : int {
    cic_color_unknown = 0,
    cic_color_gray = 1,
    cic_color_gray_alpha = 2,
    cic_color_rgb = 3,
    cic_color_rgba = 4,
    cic_color_palette = 5,
    cic_color_ycbcr = 6,
    cic_color_cmyk = 7,
    cic_color_ycck = 8,
} cic_color;

/* Limits applied before any large allocation. Zero means "no limit" for each field. */
typedef struct cic_limits {
    uint64_t max_pixels;        /* width * height from the header */
    uint64_t max_file_bytes;    /* checked with fstat (fd) or the buffer length before reading */
    uint64_t max_memory;        /* libjpeg max_memory_to_use (progressive coefficient buffers) */
    uint32_t max_scans;         /* progressive JPEG scan cap (a known denial-of-service vector) */
    uint32_t max_chunk_bytes;   /* PNG ancillary chunks declaring more are skipped; libpng's chunk
                                 * malloc max (an inflated ICC profile) */
} cic_limits;

/* Everything a probe or verify learns; message/notes are NUL-terminated. */
typedef struct cic_result {
    int32_t format;             /* cic_format */
    uint32_t width;
    uint32_t height;
    int32_t bit_depth;
    int32_t components;
    int32_t color;              /* cic_color */
    int32_t progressive;        /* JPEG: progressive (SOF2) */
    int32_t interlaced;         /* PNG: Adam7 */
    int32_t orientation;        /* EXIF 1...8; 1 when absent or invalid */
    int32_t has_gps;            /* JPEG: the EXIF IFD0 points at a GPS IFD (coordinates may be in it) */
    int32_t lib_code;           /* libjpeg message code behind an error, else 0 */
    int32_t note_count;         /* non-fatal warnings seen */
    uint64_t decode_bytes;      /* memory a verify needs besides the input, estimated from the header
                                 * (JPEG: the whole coefficient buffer when there are several scans;
                                 * PNG: its row buffers), working memory included; 0 when unknown */
    uint64_t transcode_bytes;   /* JPEG: memory cic_jpeg_strip_metadata needs besides its input and output
                                 * (every coefficient of the image at once); 0 otherwise */
    uint64_t convert_bytes;     /* GIF/TIFF/BMP/WebP/HEIF: memory cic_convert needs besides its input and output
                                 * at full size (the decoder's own buffers and the decoded picture), from the header */
    int32_t frame_count;        /* GIF frames, TIFF pages (directories), WebP animation frames, HEIF top-level
                                 * images (a sequence: its frames); 1 for a still picture, 0 when not counted */
    int32_t has_alpha;          /* the picture can be transparent: an alpha channel, a GIF transparent index,
                                 * a PNG tRNS chunk, a BMP alpha mask */
    int32_t animated;           /* an animated GIF or WebP, a HEIF image sequence */
    int32_t lossless;           /* WebP: VP8L (lossless); 0 otherwise */
    uint32_t screen_width;      /* GIF: the logical screen; 0 otherwise */
    uint32_t screen_height;
    char message[192];          /* reason of a failure */
    char notes[384];            /* first non-fatal warnings, '\n'-separated */
} cic_result;

/* Recognise a format from the first bytes of a file (len may be short). */
cic_format cic_sniff(const uint8_t *_Nonnull buf, size_t len);

/* Header-only probe. Applies the pixel and byte limits. */
cic_status cic_probe_memory(const uint8_t *_Nonnull buf, size_t len,
                            const cic_limits *_Nonnull limits, cic_result *_Nonnull result);
/* Header-only probe of an open regular file: a first pread of a small block, more only on demand. */
cic_status cic_probe_fd(int fd, const cic_limits *_Nonnull limits, cic_result *_Nonnull result);

/* Full decode of every scanline through one row buffer. */
cic_status cic_verify_memory(const uint8_t *_Nonnull buf, size_t len,
                             const cic_limits *_Nonnull limits, cic_result *_Nonnull result);
/* Full decode streaming from an open regular file (bounded read buffer). */
cic_status cic_verify_fd(int fd, const cic_limits *_Nonnull limits, cic_result *_Nonnull result);

/* Upper bound of a zlib stream for len input bytes. */
size_t cic_deflate_bound(size_t len);
/* zlib (RFC 1950) stream of src at level 0...9 into dst; *dst_len is capacity in, length out. */
cic_status cic_deflate(const uint8_t *_Nonnull src, size_t len, int level,
                       uint8_t *_Nonnull dst, size_t *_Nonnull dst_len,
                       char *_Nullable errmsg, size_t errlen);
/* Inflate a zlib stream into a malloc'd buffer (free with cic_free); fails past max_out bytes. */
cic_status cic_inflate(const uint8_t *_Nonnull src, size_t len, size_t max_out,
                       uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_len,
                       char *_Nullable errmsg, size_t errlen);
/* Free a buffer returned by this module. */
void cic_free(void *_Nullable ptr);

/* A JPEG with its DCT coefficients copied as they are (pixels decode bit-identical) and only its ICC
 * profile kept: EXIF, XMP, IPTC, comments and every other APPn segment removed. An orientation of 2...8 is
 * written again as a minimal EXIF segment that holds nothing else. The input must have passed verify.
 * *out is malloc'ed (free with cic_free). On failure the reason is in result->message. */
cic_status cic_jpeg_strip_metadata(const uint8_t *_Nonnull buf, size_t len, uint64_t max_memory, int32_t orientation,
                                   uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_len,
                                   cic_result *_Nonnull result);

/* What cic_jpeg_resize and cic_png_resize make of an image. */
typedef struct cic_resize_request {
    uint32_t max_side;      /* the long side of the result at most; 0 keeps the size (the orientation is still applied) */
    int32_t orientation;    /* EXIF orientation 1...8 applied to the pixels: the result is upright */
    int32_t quality;        /* JPEG quality 1...100 */
} cic_resize_request;

/* A JPEG (that passed verify) decoded at the smallest of libjpeg's M/8 DCT scales that still covers the
 * target size, filtered to the exact size (Lanczos-3, streaming: a few rows at a time), turned upright, and
 * encoded again (baseline, optimised Huffman tables) with its ICC profile and nothing else. Gray stays gray,
 * CMYK stays CMYK. result->width/height: the new (upright) size. *out is malloc'ed (free with cic_free). */
cic_status cic_jpeg_resize(const uint8_t *_Nonnull buf, size_t len, const cic_limits *_Nonnull limits,
                           const cic_resize_request *_Nonnull request,
                           uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_len, cic_result *_Nonnull result);

/* A PNG (that passed verify) decoded by libpng (palette and low bit depths expanded, 16-bit reduced to 8),
 * filtered to the exact size (Lanczos-3, premultiplied when there is alpha) and encoded again: gray stays gray,
 * alpha stays, a palette image is written with a palette again when its colours still fit in 256. The ICC
 * profile, sRGB, gAMA and cHRM are kept; nothing else. */
cic_status cic_png_resize(const uint8_t *_Nonnull buf, size_t len, const cic_limits *_Nonnull limits,
                          const cic_resize_request *_Nonnull request,
                          uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_len, cic_result *_Nonnull result);

/* A JPEG turned upright without decoding its pixels (TurboJPEG's lossless transform of the DCT blocks), when
 * the orientation's transform is perfect for its MCU grid; a partial MCU on an edge that would move answers
 * cic_status_unsupported_feature and nothing is written (the caller re-encodes). Markers are copied. */
cic_status cic_jpeg_transform(const uint8_t *_Nonnull buf, size_t len, int32_t orientation, int32_t progressive,
                              uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_len, cic_result *_Nonnull result);

/*
 * A GIF (its first frame), TIFF (its first page), BMP, WebP (its first frame) or HEIF (its primary image) that
 * passed verify, decoded by its library to 8-bit samples, turned upright by request->orientation (the probe's
 * orientation: TIFF's Orientation tag, WebP's EXIF, HEIF's irot/imir as an EXIF code), fitted within
 * request->max_side (Lanczos-3) and encoded again: a JPEG at request->quality when the picture is opaque (an alpha
 * channel that is 255 everywhere counts as opaque), else a PNG with its alpha. Gray stays gray. The ICC profile
 * travels; nothing else of the source's metadata does. result->format is cic_format_jpeg or cic_format_png,
 * result->width/height the new (upright) size. *out is malloc'ed (free with cic_free).
 */
cic_status cic_convert(const uint8_t *_Nonnull buf, size_t len, const cic_limits *_Nonnull limits,
                       const cic_resize_request *_Nonnull request,
                       uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_len, cic_result *_Nonnull result);

#endif
