#ifndef CIF_PIXELS_H
#define CIF_PIXELS_H
#include <stdint.h>
/* A deterministic "photo": smooth gradients plus mild noise, so fixtures compress like real images. */
static inline uint8_t cif_sample(uint32_t x, uint32_t y, uint32_t c, uint32_t seed) {
    uint32_t h = (x * 73856093u) ^ (y * 19349663u) ^ (c * 83492791u) ^ (seed * 2654435761u);
    h ^= h >> 13;
    h *= 0x5bd1e995u;
    h ^= h >> 15;
    uint32_t smooth = (x * (2 + c) + y * (3 + seed % 5)) & 0xFF;
    return (uint8_t)(smooth + (h & 7));
}
#endif
