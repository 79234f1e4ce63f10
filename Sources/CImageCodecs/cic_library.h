/* Opening a codec library on first use. */
#ifndef CIC_LIBRARY_H
#define CIC_LIBRARY_H
#include <stddef.h>

/* The first of `names` that dlopen loads (RTLD_NOW | RTLD_LOCAL), tried in order; NULL with dlopen's words for the
 * first one (the platform's soname) in `failure`. Names without a slash are found as the system finds shared libraries (ld.so.cache). */
void *cic_open_first_library(const char *const *names, size_t count, char *failure, size_t failure_size);

#endif
