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
/* The quadrant pattern of the GIF/TIFF/BMP/WebP/HEIF fixtures, as a viewer shows it (dw x dh): red top left,
 * green top right, blue bottom left, white bottom right; a test checks one pixel per corner of a conversion. */
static inline void cif_quadrant(uint32_t dx, uint32_t dy, uint32_t dw, uint32_t dh, uint8_t rgb[3]) {
    int right = dx >= dw / 2, bottom = dy >= dh / 2;
    rgb[0] = (uint8_t)((!right && !bottom) || (right && bottom) ? 255 : 0);
    rgb[1] = (uint8_t)((right && !bottom) || (right && bottom) ? 255 : 0);
    rgb[2] = (uint8_t)((!right && bottom) || (right && bottom) ? 255 : 0);
}
/* Where stored pixel (x, y) of a w x h picture shows for EXIF orientation o (as cic_canvas_sink places it). */
static inline void cif_upright_position(int o, uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t *dx, uint32_t *dy) {
    switch (o) {
    case 2: *dx = w - 1 - x; *dy = y; break;
    case 3: *dx = w - 1 - x; *dy = h - 1 - y; break;
    case 4: *dx = x; *dy = h - 1 - y; break;
    case 5: *dx = y; *dy = x; break;
    case 6: *dx = h - 1 - y; *dy = x; break;
    case 7: *dx = h - 1 - y; *dy = w - 1 - x; break;
    case 8: *dx = y; *dy = w - 1 - x; break;
    default: *dx = x; *dy = y; break;
    }
}
/* The stored pixel (x, y) of a w x h fixture with orientation o: upright it shows the quadrant pattern. With
 * alpha, the bottom-right (white) quadrant is fully transparent and the rest opaque. */
static inline void cif_fixture_pixel(int o, uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint8_t rgba[4]) {
    uint32_t dx, dy;
    cif_upright_position(o, x, y, w, h, &dx, &dy);
    uint32_t dw = o >= 5 ? h : w, dh = o >= 5 ? w : h;
    cif_quadrant(dx, dy, dw, dh, rgba);
    rgba[3] = (uint8_t)(dx >= dw / 2 && dy >= dh / 2 ? 0 : 255);
}
#endif
