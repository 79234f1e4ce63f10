/* libheif is opened with dlopen when the first HEIF file is met, not linked: libheif brings libde265, libx265,
 * libdav1d and libaom, whose loading and static initialisers cost every process about 3.6 ms of CPU at start-up
 * (measured on an empty C program linked with -lheif: 4.0 ms against 0.5), a tenth of a `probe` of 3,000 JPEGs. */
#include "cic_heif_library.h"
#include "cic_library.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static cic_heif_api api;
static int loaded;
static char failure[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    /* Linux's soname, then Homebrew's (whose folders dlopen does not search by itself) */
    static const char *const names[] = {"libheif.so.1", "libheif.so", "libheif.1.dylib", "/opt/homebrew/lib/libheif.1.dylib",
                           "/usr/local/lib/libheif.1.dylib"};
    void *library = cic_open_first_library(names, sizeof(names) / sizeof(names[0]), failure, sizeof(failure));
    if (!library) return;
#define CIC_LOAD(name)                                                                                         \
    if (!(api.name = (__typeof__(api.name))dlsym(library, "heif_" #name))) {                                   \
        snprintf(failure, sizeof(failure), "the loaded libheif has no heif_" #name);                           \
        return;                                                                                                \
    }
    CIC_HEIF_FUNCTIONS(CIC_LOAD)
#undef CIC_LOAD
    loaded = 1;
}

const cic_heif_api *cic_heif_library(const char **why) {
    pthread_once(&once, load);
    if (!loaded) {
        if (why) *why = failure;
        return NULL;
    }
    return &api;
}
