/* A streaming two-pass resampler: rows go in one at a time, are filtered horizontally into a small ring of
 * float rows, and each output row is filtered vertically as soon as the input rows it needs are in. Memory is
 * the ring (a few rows of the output width) plus the weight tables, whatever the input's height.
 *
 * The filter is Lanczos-3 (a sinc windowed by a wider sinc, six input samples across at 1:1 and widened by
 * the reduction factor). Why this one: it is the closest of the usual separable kernels to an ideal low-pass,
 * so a reduced photo keeps its detail without the moire that a box or bilinear filter lets through, and it is
 * what libvips, Pillow and ImageMagick use by default for reduction, so the pictures look as users expect.
 * Its small negative lobes can ring at hard edges; the result is clamped to 0...255. Most of the reduction of
 * a JPEG has already been done by libjpeg's DCT scaling, so the filter sees at most a 2:1 reduction and
 * costs about a dozen taps a sample.
 *
 * Pixels with alpha are filtered premultiplied, so fully transparent pixels lend no colour to their
 * neighbours (no dark or coloured fringes around a cut-out logo). */
#include "cic_internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LANCZOS_LOBES 3.0

static double lanczos(double x) {
    x = fabs(x);
    if (x < 1e-9) return 1.0;
    if (x >= LANCZOS_LOBES) return 0.0;
    double px = M_PI * x;
    return LANCZOS_LOBES * sin(px) * sin(px / LANCZOS_LOBES) / (px * px);
}

/* For each output sample: the first input sample it reads, how many, and their weights (summing to 1). */
static int make_weights(uint32_t in, uint32_t out, int32_t **start, int32_t **count, float **weights, int *taps) {
    double scale = (double)out / (double)in;
    double widen = scale < 1.0 ? 1.0 / scale : 1.0;
    double support = in == out ? 0.5 : LANCZOS_LOBES * widen;
    int max_taps = (int)ceil(support * 2.0) + 1;
    *start = malloc(sizeof(int32_t) * out);
    *count = malloc(sizeof(int32_t) * out);
    *weights = malloc(sizeof(float) * (size_t)out * (size_t)max_taps);
    if (!*start || !*count || !*weights) return 0;
    int widest = 1;
    for (uint32_t i = 0; i < out; i++) {
        float *w = *weights + (size_t)i * (size_t)max_taps;
        if (in == out) {
            (*start)[i] = (int32_t)i;
            (*count)[i] = 1;
            w[0] = 1.0f;
            continue;
        }
        double center = ((double)i + 0.5) / scale - 0.5;
        long left = (long)ceil(center - support);
        long right = (long)floor(center + support);
        if (left < 0) left = 0;
        if (right > (long)in - 1) right = (long)in - 1;
        if (right - left + 1 > max_taps) right = left + max_taps - 1;
        double sum = 0.0;
        for (long j = left; j <= right; j++) sum += lanczos(((double)j - center) / widen);
        int n = 0;
        for (long j = left; j <= right; j++, n++) {
            w[n] = (float)(sum != 0.0 ? lanczos(((double)j - center) / widen) / sum : 1.0 / (double)(right - left + 1));
        }
        (*start)[i] = (int32_t)left;
        (*count)[i] = n;
        if (n > widest) widest = n;
    }
    *taps = max_taps;
    return widest;
}

int cic_resampler_init(cic_resampler *r, uint32_t in_w, uint32_t in_h, uint32_t out_w, uint32_t out_h,
                       int channels, int alpha, cic_row_sink sink, void *sink_ctx) {
    memset(r, 0, sizeof(*r));
    r->in_w = in_w;
    r->in_h = in_h;
    r->out_w = out_w;
    r->out_h = out_h;
    r->channels = channels;
    r->alpha = alpha;
    r->sink = sink;
    r->sink_ctx = sink_ctx;
    if (!make_weights(in_w, out_w, &r->h_start, &r->h_count, &r->h_weights, &r->h_taps)) return 0;
    int ring = make_weights(in_h, out_h, &r->v_start, &r->v_count, &r->v_weights, &r->v_taps);
    if (!ring) return 0;
    r->ring_rows = ring;
    size_t row = (size_t)out_w * (size_t)channels;
    r->ring = malloc(sizeof(float) * row * (size_t)ring);
    r->premultiplied = alpha >= 0 ? malloc(sizeof(float) * (size_t)in_w * (size_t)channels) : NULL;
    r->out_row = malloc(row);
    r->acc_row = malloc(sizeof(float) * row);
    if (!r->ring || !r->out_row || !r->acc_row || (alpha >= 0 && !r->premultiplied)) return 0;
    return 1;
}

void cic_resampler_free(cic_resampler *r) {
    free(r->h_start);
    free(r->h_count);
    free(r->h_weights);
    free(r->v_start);
    free(r->v_count);
    free(r->v_weights);
    free(r->ring);
    free(r->premultiplied);
    free(r->out_row);
    free(r->acc_row);
    memset(r, 0, sizeof(*r));
}

static void horizontal(cic_resampler *r, const uint8_t *row, float *dst) {
    const int ch = r->channels;
    if (r->alpha >= 0) {
        float *p = r->premultiplied;
        for (uint32_t x = 0; x < r->in_w; x++) {
            float a = row[(size_t)x * ch + r->alpha] * (1.0f / 255.0f);
            for (int c = 0; c < ch; c++) {
                float v = row[(size_t)x * ch + c];
                p[(size_t)x * ch + c] = c == r->alpha ? v : v * a;
            }
        }
        for (uint32_t x = 0; x < r->out_w; x++) {
            const float *w = r->h_weights + (size_t)x * r->h_taps;
            const float *s = p + (size_t)r->h_start[x] * ch;
            float acc[4] = {0, 0, 0, 0};
            for (int k = 0; k < r->h_count[x]; k++, s += ch) {
                for (int c = 0; c < ch; c++) acc[c] += w[k] * s[c];
            }
            for (int c = 0; c < ch; c++) dst[(size_t)x * ch + c] = acc[c];
        }
        return;
    }
    for (uint32_t x = 0; x < r->out_w; x++) {
        const float *w = r->h_weights + (size_t)x * r->h_taps;
        const uint8_t *s = row + (size_t)r->h_start[x] * ch;
        const int n = r->h_count[x];
        switch (ch) {
        case 3: {
            float a0 = 0, a1 = 0, a2 = 0;
            for (int k = 0; k < n; k++, s += 3) {
                a0 += w[k] * s[0];
                a1 += w[k] * s[1];
                a2 += w[k] * s[2];
            }
            dst[(size_t)x * 3] = a0;
            dst[(size_t)x * 3 + 1] = a1;
            dst[(size_t)x * 3 + 2] = a2;
            break;
        }
        case 1: {
            float a0 = 0;
            for (int k = 0; k < n; k++) a0 += w[k] * s[k];
            dst[x] = a0;
            break;
        }
        default: {
            float acc[4] = {0, 0, 0, 0};
            for (int k = 0; k < n; k++, s += ch) {
                for (int c = 0; c < ch; c++) acc[c] += w[k] * s[c];
            }
            for (int c = 0; c < ch; c++) dst[(size_t)x * ch + c] = acc[c];
        }
        }
    }
}

static uint8_t clamp_byte(float v) {
    if (v <= 0.0f) return 0;
    if (v >= 255.0f) return 255;
    return (uint8_t)(v + 0.5f);
}

static void vertical(cic_resampler *r, uint32_t y) {
    const size_t row = (size_t)r->out_w * (size_t)r->channels;
    const float *w = r->v_weights + (size_t)y * r->v_taps;
    const int32_t first = r->v_start[y];
    const int n = r->v_count[y];
    float *acc = r->acc_row;
    memset(acc, 0, sizeof(float) * row);
    /* tap by tap over whole rows: the inner loop is a plain multiply-add over contiguous floats */
    for (int k = 0; k < n; k++) {
        const float *s = r->ring + (size_t)((first + k) % r->ring_rows) * row;
        const float wk = w[k];
        for (size_t i = 0; i < row; i++) acc[i] += wk * s[i];
    }
    uint8_t *out = r->out_row;
    const int ch = r->channels;
    if (r->alpha >= 0) {
        for (size_t i = 0; i < row; i += (size_t)ch) {
            float a = acc[i + (size_t)r->alpha];
            uint8_t ab = clamp_byte(a);
            for (int c = 0; c < ch; c++) {
                out[i + c] = c == r->alpha ? ab : (ab == 0 ? 0 : clamp_byte(acc[i + c] * 255.0f / a));
            }
        }
    } else {
        for (size_t i = 0; i < row; i++) out[i] = clamp_byte(acc[i]);
    }
    r->sink(r->sink_ctx, y, out);
}

void cic_resampler_push(cic_resampler *r, const uint8_t *row) {
    const size_t width = (size_t)r->out_w * (size_t)r->channels;
    uint32_t index = r->rows_in++;
    horizontal(r, row, r->ring + (size_t)(index % (uint32_t)r->ring_rows) * width);
    while (r->rows_out < r->out_h
           && (uint32_t)(r->v_start[r->rows_out] + r->v_count[r->rows_out] - 1) <= index) {
        vertical(r, r->rows_out++);
    }
}

/* ---- the oriented canvas: rows in stored order, pixels placed where the EXIF orientation shows them ---- */

int cic_canvas_init(cic_canvas *c, uint32_t stored_w, uint32_t stored_h, int channels, int orientation) {
    memset(c, 0, sizeof(*c));
    if (orientation < 1 || orientation > 8) orientation = 1;
    c->stored_w = stored_w;
    c->stored_h = stored_h;
    c->channels = channels;
    c->orientation = orientation;
    int turned = orientation >= 5;
    c->width = turned ? stored_h : stored_w;
    c->height = turned ? stored_w : stored_h;
    c->pixels = malloc((size_t)c->width * (size_t)c->height * (size_t)channels);
    return c->pixels != NULL;
}

void cic_canvas_free(cic_canvas *c) {
    free(c->pixels);
    c->pixels = NULL;
}

void cic_canvas_sink(void *ctx, uint32_t y, const uint8_t *row) {
    cic_canvas *c = ctx;
    const int ch = c->channels;
    const uint32_t W = c->stored_w, H = c->stored_h;
    if (c->orientation == 1) {
        memcpy(c->pixels + (size_t)y * W * ch, row, (size_t)W * ch);
        return;
    }
    for (uint32_t x = 0; x < W; x++) {
        uint32_t dx, dy;
        switch (c->orientation) {
        case 2: dx = W - 1 - x; dy = y; break;              /* mirrored left-right */
        case 3: dx = W - 1 - x; dy = H - 1 - y; break;      /* turned 180 */
        case 4: dx = x; dy = H - 1 - y; break;              /* mirrored top-bottom */
        case 5: dx = y; dy = x; break;                      /* transposed */
        case 6: dx = H - 1 - y; dy = x; break;              /* to be turned 90 clockwise */
        case 7: dx = H - 1 - y; dy = W - 1 - x; break;      /* transversed */
        default: dx = y; dy = W - 1 - x; break;             /* 8: to be turned 90 counter-clockwise */
        }
        memcpy(c->pixels + ((size_t)dy * c->width + dx) * ch, row + (size_t)x * ch, (size_t)ch);
    }
}

void cic_fit_within(uint32_t w, uint32_t h, uint32_t max_side, uint32_t *out_w, uint32_t *out_h) {
    uint32_t side = w > h ? w : h;
    if (max_side == 0 || side <= max_side) {
        *out_w = w;
        *out_h = h;
        return;
    }
    double scale = (double)max_side / (double)side;
    uint32_t a = (uint32_t)lround((double)w * scale), b = (uint32_t)lround((double)h * scale);
    *out_w = w >= h ? max_side : (a ? a : 1);
    *out_h = h > w ? max_side : (b ? b : 1);
}
