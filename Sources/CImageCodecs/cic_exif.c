/* EXIF orientation and the GPS pointer from a JPEG APP1 payload, with every offset bounds-checked. */
#include "cic_internal.h"
#include <string.h>

static uint32_t rd16(const uint8_t *p, int big) {
    return big ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

static uint32_t rd32(const uint8_t *p, int big) {
    return big ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
               : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* The value of IFD0's tag `tag` as SHORT or LONG; 0 when absent or malformed. */
static uint32_t ifd0_value(const uint8_t *app1, size_t len, uint32_t tag) {
    if (len < 6 + 8 || memcmp(app1, "Exif\0", 5) != 0) return 0;
    const uint8_t *tiff = app1 + 6;
    size_t n = len - 6;
    int big;
    if (tiff[0] == 'I' && tiff[1] == 'I') big = 0;
    else if (tiff[0] == 'M' && tiff[1] == 'M') big = 1;
    else return 0;
    if (rd16(tiff + 2, big) != 42) return 0;
    uint32_t ifd = rd32(tiff + 4, big);
    if (ifd < 8 || ifd > n || n - ifd < 2) return 0;
    uint32_t count = rd16(tiff + ifd, big);
    size_t entries = ifd + 2;
    for (uint32_t i = 0; i < count; i++) {
        size_t at = entries + (size_t)i * 12;
        if (at > n || n - at < 12) return 0;
        const uint8_t *e = tiff + at;
        if (rd16(e, big) != tag) continue;
        uint32_t type = rd16(e + 2, big), values = rd32(e + 4, big);
        if (type == 3 && values >= 1) return rd16(e + 8, big);
        if (type == 4 && values >= 1) return rd32(e + 8, big);
        return 0;
    }
    return 0;
}

int32_t cic_exif_has_gps(const uint8_t *app1, size_t len) {
    return ifd0_value(app1, len, 0x8825) != 0;
}

int32_t cic_exif_orientation(const uint8_t *app1, size_t len) {
    uint32_t v = ifd0_value(app1, len, 0x0112);
    return (v >= 1 && v <= 8) ? (int32_t)v : 1;
}
