#ifndef CIMAGEFIXTURES_H
#define CIMAGEFIXTURES_H
/*
 * Test-support encoder: writes JPEG and PNG fixtures into memory with libjpeg and libpng.
 * Plain C types only; every call is reentrant. Returns 0 on success, -1 with errmsg on failure.
 * Buffers returned through `out` are malloc'd: free them with cif_free.
 */
#include <stddef.h>
#include <stdint.h>

typedef enum __attribute__((enum_extensibility(closed))) cif_jpeg_color : int {
    cif_jpeg_color_rgb = 0,   /* stored as YCbCr, like a camera photo */
    cif_jpeg_color_gray = 1,
    cif_jpeg_color_cmyk = 2,  /* Adobe APP14 CMYK */
} cif_jpeg_color;

typedef struct cif_jpeg_options {
    uint32_t width;
    uint32_t height;
    cif_jpeg_color color;
    int32_t quality;          /* 1...100 */
    int32_t progressive;      /* nonzero: progressive scans */
    int32_t orientation;      /* EXIF orientation 1...8 in an APP1 block; 0: no EXIF */
    int32_t restart_interval; /* MCU rows between restart markers; 0: none */
    uint32_t padding_bytes;   /* COM segments written before the EXIF block (tests on-demand reads) */
    uint32_t seed;            /* varies the pixels */
    int32_t gps;              /* nonzero (with orientation > 0): the EXIF points at a GPS IFD (latitude ref N) */
    int32_t scene;            /* nonzero: a smooth scene that looks different in each of the 8 orientations
                               * (red grows left to right, green top to bottom), for checking turns and resizes */
    int32_t metadata;         /* nonzero: an ICC profile (APP2), XMP (APP1), IPTC (APP13) and a comment too */
} cif_jpeg_options;

typedef struct cif_png_options {
    uint32_t width;
    uint32_t height;
    int32_t color_type;       /* PNG colour type 0, 2, 3, 4 or 6 */
    int32_t bit_depth;        /* a depth legal for the colour type */
    int32_t interlaced;       /* nonzero: Adam7 */
    uint32_t text_bytes;      /* size of a tEXt chunk written before IDAT; 0: none */
    uint32_t seed;            /* varies the pixels */
} cif_png_options;

/* Decodes a JPEG to its samples (RGB or gray as libjpeg outputs them); *out is malloc'ed. 0 or -1. */
int cif_jpeg_decode(const uint8_t *_Nonnull buf, size_t len, uint8_t *_Nullable *_Nonnull out,
                    size_t *_Nonnull out_len, uint32_t *_Nonnull width, uint32_t *_Nonnull height);

int cif_jpeg_encode(const cif_jpeg_options *_Nonnull options, uint8_t *_Nullable *_Nonnull out,
                    size_t *_Nonnull out_len, char *_Nullable errmsg, size_t errlen);
int cif_png_encode(const cif_png_options *_Nonnull options, uint8_t *_Nullable *_Nonnull out,
                   size_t *_Nonnull out_len, char *_Nullable errmsg, size_t errlen);
/* zlib's CRC-32 (as PNG chunks use it). */
uint32_t cif_crc32(uint32_t crc, const uint8_t *_Nullable buf, size_t len);
/* A zlib stream of buf (to build hand-made PNG chunks). */
int cif_zlib(const uint8_t *_Nonnull buf, size_t len, uint8_t *_Nullable *_Nonnull out, size_t *_Nonnull out_len);
/* ---- GIF, TIFF, WebP, HEIF and BMP fixtures (cif_gif.c, cif_tiff.c, cif_webp.c, cif_heif.c, cif_bmp.c) ----
 * Pixels: a quadrant pattern (red top left, green top right, blue bottom left, white bottom right, as a viewer
 * shows it after the orientation); with alpha the white quadrant is fully transparent. */

typedef struct cif_gif_options {
    uint32_t width;           /* every frame's size */
    uint32_t height;
    uint32_t screen_width;    /* the logical screen; 0: the frame's size */
    uint32_t screen_height;
    int32_t frames;           /* 1 or more (more: an animation with a NETSCAPE2.0 loop) */
    int32_t transparent;      /* nonzero: a graphics control extension makes the white quadrant transparent */
    int32_t interlaced;       /* nonzero: interlaced frames */
} cif_gif_options;

typedef enum __attribute__((enum_extensibility(closed))) cif_tiff_compression : int {
    cif_tiff_none = 0,
    cif_tiff_lzw = 1,
    cif_tiff_deflate = 2,
    cif_tiff_packbits = 3,
} cif_tiff_compression;

typedef struct cif_tiff_options {
    uint32_t width;
    uint32_t height;
    int32_t pages;            /* directories, each the same picture */
    int32_t orientation;      /* the Orientation tag 1...8; 0: no tag */
    int32_t samples;          /* 1 gray, 2 gray + unassociated alpha (128 everywhere, 0 in the white quadrant),
                               * 3 RGB, 4 RGBA (unassociated alpha) */
    int32_t bits;             /* 8 or 16 */
    cif_tiff_compression compression;
    int32_t tiled;            /* nonzero: 16x16 tiles instead of strips */
    uint32_t rows_per_strip;  /* 0: libtiff's default */
    int32_t big_endian;       /* nonzero: "MM" */
    int32_t icc;              /* nonzero: an ICC profile tag */
} cif_tiff_options;

typedef struct cif_webp_options {
    uint32_t width;
    uint32_t height;
    int32_t lossless;         /* nonzero: VP8L */
    int32_t alpha;            /* nonzero: the white quadrant transparent */
    int32_t frames;           /* 1: a still; more: an animation (WebPAnimEncoder) */
    int32_t orientation;      /* EXIF orientation 1...8 in an EXIF chunk; 0: none */
    int32_t icc;              /* nonzero: an ICCP chunk */
    int32_t quality;          /* lossy quality 0...100 */
} cif_webp_options;

typedef struct cif_heif_options {
    uint32_t width;
    uint32_t height;
    int32_t alpha;            /* nonzero: an alpha plane, the white quadrant transparent */
    int32_t orientation;      /* 1...8 written as irot/imir (libheif's image_orientation); 0: none */
    int32_t exif_orientation; /* an EXIF block with this orientation; 0: none */
    int32_t icc;              /* nonzero: an ICC profile */
    int32_t images;           /* top-level images (the first is primary) */
    int32_t quality;          /* 1...100 */
} cif_heif_options;

typedef struct cif_bmp_options {
    uint32_t width;
    uint32_t height;
    int32_t bits;             /* 1, 4, 8 (palette), 16 (5-6-5 bit fields), 24, 32 */
    int32_t header;           /* DIB header size: 12 (OS/2 core), 40 (v3), 108 (v4), 124 (v5) */
    int32_t top_down;         /* nonzero: negative height */
    int32_t rle;              /* nonzero with 8 or 4 bits: RLE8 / RLE4 */
    int32_t alpha;            /* nonzero with 32 bits and a v4/v5 header: an alpha mask, white quadrant transparent */
} cif_bmp_options;

int cif_gif_encode(const cif_gif_options *_Nonnull options, uint8_t *_Nullable *_Nonnull out,
                   size_t *_Nonnull out_len, char *_Nullable errmsg, size_t errlen);
int cif_tiff_encode(const cif_tiff_options *_Nonnull options, uint8_t *_Nullable *_Nonnull out,
                    size_t *_Nonnull out_len, char *_Nullable errmsg, size_t errlen);
int cif_webp_encode(const cif_webp_options *_Nonnull options, uint8_t *_Nullable *_Nonnull out,
                    size_t *_Nonnull out_len, char *_Nullable errmsg, size_t errlen);
int cif_heif_encode(const cif_heif_options *_Nonnull options, uint8_t *_Nullable *_Nonnull out,
                    size_t *_Nonnull out_len, char *_Nullable errmsg, size_t errlen);
int cif_bmp_encode(const cif_bmp_options *_Nonnull options, uint8_t *_Nullable *_Nonnull out,
                   size_t *_Nonnull out_len, char *_Nullable errmsg, size_t errlen);
/* Decodes a PNG to 8-bit RGBA (libpng's simplified API); *out is malloc'ed. 0 or -1. */
int cif_png_decode(const uint8_t *_Nonnull buf, size_t len, uint8_t *_Nullable *_Nonnull out,
                   size_t *_Nonnull out_len, uint32_t *_Nonnull width, uint32_t *_Nonnull height);
/* A small, well-formed ICC profile (display class, RGB, XYZ, no tags) of `cif_icc_profile_size()` bytes. */
const uint8_t *_Nonnull cif_icc_profile(void);
size_t cif_icc_profile_size(void);
void cif_free(void *_Nullable ptr);

#endif
