/* Input for the codecs: a memory buffer, or a regular file read with pread only when asked. */
#define _GNU_SOURCE
#include "cic_internal.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cic_reader_init_memory(cic_reader *r, const uint8_t *mem, size_t len) {
    memset(r, 0, sizeof(*r));
    r->mem = mem;
    r->mem_len = len;
    r->size = len;
    r->fd = -1;
}

cic_status cic_reader_init_fd(cic_reader *r, int fd, size_t first_block, size_t block,
                              const cic_limits *limits, cic_result *result) {
    memset(r, 0, sizeof(*r));
    r->fd = -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        cic_set_message(result, 1, "cannot stat file: %s", strerror(errno));
        return cic_status_io;
    }
    if (S_ISDIR(st.st_mode)) {
        cic_set_message(result, 1, "is a directory");
        return cic_status_io;
    }
    if (!S_ISREG(st.st_mode)) {
        /* FIFOs, sockets and devices could block or never end: refuse them up front, by name. */
        const char *kind = S_ISFIFO(st.st_mode)  ? "a FIFO"
                           : S_ISCHR(st.st_mode)  ? "a character device"
                           : S_ISBLK(st.st_mode)  ? "a block device"
                           : S_ISSOCK(st.st_mode) ? "a socket"
                                                  : "an unknown kind";
        cic_set_message(result, 1, "not a regular file (%s)", kind);
        return cic_status_io;
    }
    if (limits->max_file_bytes && (uint64_t)st.st_size > limits->max_file_bytes) {
        cic_set_message(result, 1, "file of %llu bytes is over the limit of %llu bytes",
                        (unsigned long long)st.st_size, (unsigned long long)limits->max_file_bytes);
        return cic_status_too_large;
    }
    r->fd = fd;
    r->size = (uint64_t)st.st_size;
    r->first_block = first_block;
    r->block = block;
    r->buf_cap = first_block > block ? first_block : block;
    r->buf = malloc(r->buf_cap);
    if (r->buf == NULL) {
        cic_set_message(result, 1, "out of memory for the read buffer");
        return cic_status_io;
    }
    return cic_status_ok;
}

void cic_reader_close(cic_reader *r) {
    free(r->buf);
    r->buf = NULL;
}

ssize_t cic_reader_fetch(cic_reader *r, const uint8_t **data) {
    if (r->fd < 0) {
        if (r->offset >= r->mem_len) return 0;
        *data = r->mem + r->offset;
        size_t n = r->mem_len - (size_t)r->offset;
        r->offset = r->mem_len;
        return (ssize_t)n;
    }
    size_t want = r->offset == 0 ? r->first_block : r->block;
    for (;;) {
        ssize_t n = pread(r->fd, r->buf, want, (off_t)r->offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            r->err = errno;
            return -1;
        }
        r->offset += (uint64_t)n;
        *data = r->buf;
        return n;
    }
}

void cic_reader_skip(cic_reader *r, uint64_t n) {
    uint64_t end = r->fd < 0 ? r->mem_len : UINT64_MAX;
    /* A file may grow after fstat, so only a memory buffer is clamped; pread past the end returns 0. */
    r->offset = (end - r->offset < n) ? end : r->offset + n;
}

int cic_reader_holds(cic_reader *r, uint64_t end) {
    if (end <= r->size) return 1;
    struct stat st;
    if (r->fd < 0 || fstat(r->fd, &st) != 0) return 0;
    r->size = (uint64_t)st.st_size;
    return end <= r->size;
}

size_t cic_reader_read_at(cic_reader *r, uint64_t offset, void *dst, size_t n) {
    if (n == 0) return 0;  /* libheif asks for 0 bytes into a NULL buffer (fuzz finding) */
    if (r->fd < 0) {
        if (offset >= r->mem_len) return 0;
        size_t have = r->mem_len - (size_t)offset;
        if (n > have) n = have;
        memcpy(dst, r->mem + offset, n);
        return n;
    }
    size_t done = 0;
    while (done < n) {
        ssize_t got = pread(r->fd, (uint8_t *)dst + done, n - done, (off_t)(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            r->err = errno;
            break;
        }
        if (got == 0) break;
        done += (size_t)got;
    }
    return done;
}

cic_status cic_reader_load(cic_reader *r, cic_result *result, const uint8_t **data, size_t *len, uint8_t **owned) {
    *owned = NULL;
    if (r->fd < 0) {
        *data = r->mem;
        *len = r->mem_len;
        return cic_status_ok;
    }
    if (r->size > (uint64_t)SIZE_MAX / 2) {
        cic_set_message(result, 1, "file of %llu bytes cannot be held in memory", (unsigned long long)r->size);
        return cic_status_too_large;
    }
    size_t size = (size_t)r->size;
    uint8_t *copy = malloc(size ? size : 1);
    if (copy == NULL) {
        cic_set_message(result, 1, "out of memory for a file of %zu bytes", size);
        return cic_status_too_large;
    }
    size_t got = cic_reader_read_at(r, 0, copy, size);
    if (got != size && r->err != 0) {
        free(copy);
        cic_set_message(result, 1, "read error: %s", strerror(r->err));
        return cic_status_io;
    }
    *data = copy;
    *len = got;
    *owned = copy;
    return cic_status_ok;
}
