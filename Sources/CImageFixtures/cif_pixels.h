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
/* The scene: red a horizontal gradient, green a vertical one, blue a soft ripple; no two of the eight
 * orientations look alike, and reductions of it are smooth enough to compare with an area average. */
static inline uint8_t cif_scene(uint32_t x, uint32_t y, uint32_t c, uint32_t w, uint32_t h) {
    if (c == 0) return (uint8_t)(20 + (uint64_t)x * 215 / (w ? w : 1));
    if (c == 1) return (uint8_t)(20 + (uint64_t)y * 215 / (h ? h : 1));
    return (uint8_t)(128 + ((((x / 64) + (y / 64)) & 1) ? 40 : -40));
}
#endif
