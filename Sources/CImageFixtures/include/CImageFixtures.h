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
void cif_free(void *_Nullable ptr);

#endif
