/* Small helpers of the fixture encoder: CRC-32, zlib, freeing. */
#include "CImageFixtures.h"
#include <stdlib.h>
#include <zlib.h>

uint32_t cif_crc32(uint32_t crc, const uint8_t *buf, size_t len) {
    return (uint32_t)crc32((uLong)crc, buf, (uInt)len);
}

int cif_zlib(const uint8_t *buf, size_t len, uint8_t **out, size_t *out_len) {
    uLongf cap = compressBound((uLong)len);
    uint8_t *dst = malloc(cap);
    if (dst == NULL) return -1;
    if (compress2(dst, &cap, buf, (uLong)len, 6) != Z_OK) {
        free(dst);
        return -1;
    }
    *out = dst;
    *out_len = cap;
    return 0;
}

void cif_free(void *ptr) { free(ptr); }
