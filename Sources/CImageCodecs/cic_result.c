/* Filling the reason and the notes of a cic_result. */
#include "cic_internal.h"
#include <stdio.h>
#include <string.h>

void cic_set_message(cic_result *result, int overwrite, const char *fmt, ...) {
    if (!overwrite && result->message[0] != '\0') return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(result->message, sizeof(result->message), fmt, ap);
    va_end(ap);
}

void cic_add_note(cic_result *result, const char *text) {
    result->note_count += 1;
    size_t used = strlen(result->notes);
    size_t room = sizeof(result->notes) - used;
    if (room < 2) return;
    /* Keep the first notes; one note per line. */
    if (used > 0) {
        result->notes[used++] = '\n';
        result->notes[used] = '\0';
        room--;
    }
    snprintf(result->notes + used, room, "%s", text);
}

int cic_over_pixel_limit(cic_result *result, uint64_t max_pixels) {
    uint64_t pixels = (uint64_t)result->width * result->height;
    if (max_pixels == 0 || pixels <= max_pixels) return 0;
    cic_set_message(result, 1, "%ux%u is %llu pixels, over the limit of %llu", result->width,
                    result->height, (unsigned long long)pixels, (unsigned long long)max_pixels);
    return 1;
}

int cic_over_pixel_limit_of(cic_result *result, const char *what, uint64_t width, uint64_t height, uint64_t max_pixels) {
    uint64_t pixels = width * height;
    if (max_pixels == 0 || pixels <= max_pixels) return 0;
    cic_set_message(result, 1, "%s of %llux%llu is %llu pixels, over the limit of %llu", what,
                    (unsigned long long)width, (unsigned long long)height, (unsigned long long)pixels,
                    (unsigned long long)max_pixels);
    return 1;
}
