/* Opening a codec library on first use (cic_heif_library.c, cic_tiff_library.c). */
#include "cic_library.h"
#include <dlfcn.h>
#include <stdio.h>

void *cic_open_first_library(const char *const *names, size_t count, char *failure, size_t failure_size) {
    for (size_t i = 0; i < count; i++) {
        void *library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (library) return library;
        /* the first name's reason: the platform's own soname, the one a user would install */
        const char *why = dlerror();
        if (i == 0) snprintf(failure, failure_size, "%s", why ? why : "not found");
    }
    return NULL;
}
