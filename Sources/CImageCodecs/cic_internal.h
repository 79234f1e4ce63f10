#ifndef CIC_INTERNAL_H
#define CIC_INTERNAL_H
/* Private declarations shared by the C files of CImageCodecs (not visible to Swift). */
#include "CImageCodecs.h"
#include <stdarg.h>
#include <sys/types.h>

/*
 * A byte source that is either a memory buffer or an open regular file read with pread on demand.
 * fetch() hands out the next block (memory: all the rest at once; file: one pread of up to the
 * block size into a single reused buffer, so a block stays valid only until the next fetch).
 */
typedef struct cic_reader {
    const uint8_t *mem;     /* memory mode: the whole input */
    size_t mem_len;
    int fd;                 /* file mode: the descriptor, else -1 */
    uint8_t *buf;           /* file mode: the one read buffer */
    size_t buf_cap;
    size_t first_block;     /* size of the first read (enough for any magic and most headers) */
    size_t block;           /* size of each later read */
    uint64_t offset;        /* input offset of the next byte not yet handed out */
    uint64_t size;          /* input size: the buffer's length, or the file's size at fstat */
    int err;                /* errno of a failed read, 0 if none */
} cic_reader;

void cic_reader_init_memory(cic_reader *r, const uint8_t *mem, size_t len);
/* Returns cic_status_ok, or io / too_large with the reason written to result->message. */
cic_status cic_reader_init_fd(cic_reader *r, int fd, size_t first_block, size_t block,
                              const cic_limits *limits, cic_result *result);
void cic_reader_close(cic_reader *r);
/* Next block: > 0 bytes at *data, 0 at end of input, -1 on a read error (r->err set). */
ssize_t cic_reader_fetch(cic_reader *r, const uint8_t **data);
/* Skip n bytes without reading them (clamped to the end of input). */
void cic_reader_skip(cic_reader *r, uint64_t n);
/* 1 when the input holds at least `end` bytes (a file that grew since it was opened counts at its
 * new size), else 0: a length declared in the data can be checked before anything is allocated for it. */
int cic_reader_holds(cic_reader *r, uint64_t end);

/* Formatted reason into result->message (first one wins unless overwrite). */
void cic_set_message(cic_result *result, int overwrite, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Append a non-fatal warning to result->notes and count it. */
void cic_add_note(cic_result *result, const char *text);
/* 1 when max_pixels is set and result->width * result->height exceeds it, with the reason
 * written to result->message (overwriting any earlier one); else 0 and result is untouched. */
int cic_over_pixel_limit(cic_result *result, uint64_t max_pixels);

/* EXIF orientation (1...8) from an APP1 payload; 1 when absent or malformed. */
int32_t cic_exif_orientation(const uint8_t *app1, size_t len);
/* 1 when the APP1 payload's IFD0 has a GPS IFD pointer (tag 0x8825) that is not zero, else 0. */
int32_t cic_exif_has_gps(const uint8_t *app1, size_t len);

/* Format-specific probe/verify. `data`/`len` is the first block already fetched from the reader. */
cic_status cic_jpeg_run(cic_reader *r, const uint8_t *data, size_t len,
                        const cic_limits *limits, cic_result *result, int verify);
cic_status cic_png_run(cic_reader *r, const uint8_t *data, size_t len,
                       const cic_limits *limits, cic_result *result, int verify);

#endif
