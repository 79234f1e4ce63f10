/* Type from content: magic bytes of the formats a user may hand us. The extension never decides. */
#include "cic_internal.h"
#include <string.h>

/* Magic given as a string literal: its size, not strlen, so embedded NUL bytes count. */
#define has(buf, len, at, magic) has_bytes(buf, len, at, magic, sizeof(magic) - 1)

static int has_bytes(const uint8_t *buf, size_t len, size_t at, const char *magic, size_t n) {
    return len >= at + n && memcmp(buf + at, magic, n) == 0;
}

static int is_heif_brand(const uint8_t *b) {
    static const char *brands[] = {"heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1"};
    for (size_t i = 0; i < sizeof(brands) / sizeof(brands[0]); i++)
        if (memcmp(b, brands[i], 4) == 0) return 1;
    return 0;
}

/* ISO-BMFF `ftyp` box: AVIF when avif/avis is the major or a compatible brand, HEIF for heic & co. */
static cic_format sniff_ftyp(const uint8_t *buf, size_t len) {
    uint32_t box = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
    if (box < 16) return cic_format_unknown;
    size_t end = box < len ? box : len;
    int heif = is_heif_brand(buf + 8);
    for (size_t at = 8; at + 4 <= end; at += 4) {
        if (at == 12) continue; /* minor version */
        if (memcmp(buf + at, "avif", 4) == 0 || memcmp(buf + at, "avis", 4) == 0) return cic_format_avif;
        if (is_heif_brand(buf + at)) heif = 1;
    }
    return heif ? cic_format_heic : cic_format_unknown;
}

/* SVG: optional BOM and whitespace, then markup that contains an <svg element early on. */
static cic_format sniff_svg(const uint8_t *buf, size_t len) {
    size_t i = 0;
    if (len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) i = 3;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n')) i++;
    if (i >= len || buf[i] != '<') return cic_format_unknown;
    size_t end = len < 4096 ? len : 4096;
    for (size_t j = i; j + 4 <= end; j++)
        if (buf[j] == '<' && memcmp(buf + j, "<svg", 4) == 0) return cic_format_svg;
    return cic_format_unknown;
}

cic_format cic_sniff(const uint8_t *buf, size_t len) {
    if (len >= 3 && buf[0] == 0xFF && buf[1] == 0xD8 && buf[2] == 0xFF) return cic_format_jpeg;
    if (has(buf, len, 0, "\x89PNG\r\n\x1a\n")) return cic_format_png;
    if (has(buf, len, 0, "GIF87a") || has(buf, len, 0, "GIF89a")) return cic_format_gif;
    if (has(buf, len, 0, "RIFF") && has(buf, len, 8, "WEBP")) return cic_format_webp;
    if (has(buf, len, 0, "II*") && len >= 4 && buf[3] == 0) return cic_format_tiff;
    if (has(buf, len, 0, "MM") && len >= 4 && buf[2] == 0 && buf[3] == '*') return cic_format_tiff;
    if (has(buf, len, 0, "II+") && len >= 4 && buf[3] == 0) return cic_format_tiff; /* BigTIFF */
    if (has(buf, len, 0, "BM") && len >= 18) {
        /* "BM" alone is too weak (text may start so); require a known DIB header size. */
        uint32_t dib = (uint32_t)buf[14] | (uint32_t)buf[15] << 8 | (uint32_t)buf[16] << 16 | (uint32_t)buf[17] << 24;
        if (dib == 12 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124)
            return cic_format_bmp;
    }
    if (has(buf, len, 4, "ftyp") && len >= 12) {
        cic_format f = sniff_ftyp(buf, len);
        if (f != cic_format_unknown) return f;
    }
    if (has(buf, len, 0, "%PDF-")) return cic_format_pdf;
    if (has(buf, len, 0, "\xFF\x0A") || has(buf, len, 0, "\0\0\0\x0CJXL \r\n\x87\n")) return cic_format_jxl;
    if (has(buf, len, 0, "\0\0\0\x0CjP  \r\n\x87\n") || has(buf, len, 0, "\xFF\x4F\xFF\x51")) return cic_format_jp2;
    if (has(buf, len, 0, "8BPS")) return cic_format_psd;
    return sniff_svg(buf, len);
}
