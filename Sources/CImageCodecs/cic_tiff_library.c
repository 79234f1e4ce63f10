/* libtiff is opened with dlopen when the first TIFF file is met, not linked: it brings libLerc, libjbig,
 * libdeflate, libzstd and liblzma, whose loading cost every process about 1.7 ms at start-up (an empty C program
 * linked with -ltiff: 2.2 ms against 0.5). */
#include <tiffio.h>
#include "cic_library.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* the header's names for the loaded functions are not wanted here */
#define CIC_TIFF_LIBRARY_NO_NAMES
#include "cic_tiff_library.h"

cic_tiff_api cic_tiff;
static int loaded;
static char failure[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    /* Linux's sonames, then Homebrew's (whose folders dlopen does not search by itself) */
    static const char *const names[] = {"libtiff.so.6", "libtiff.so.5", "libtiff.so", "libtiff.6.dylib", "/opt/homebrew/lib/libtiff.6.dylib",
                           "/usr/local/lib/libtiff.6.dylib"};
    void *library = cic_open_first_library(names, sizeof(names) / sizeof(names[0]), failure, sizeof(failure));
    if (!library) return;
#define CIC_LOAD(name)                                                                                         \
    if (!(cic_tiff.name = (__typeof__(cic_tiff.name))dlsym(library, "TIFF" #name))) {                          \
        snprintf(failure, sizeof(failure), "the loaded libtiff has no TIFF" #name);                            \
        return;                                                                                                \
    }
    CIC_TIFF_FUNCTIONS(CIC_LOAD)
#undef CIC_LOAD
    loaded = 1;
}

int cic_tiff_library(const char **why) {
    pthread_once(&once, load);
    if (!loaded && why) *why = failure;
    return loaded;
}
