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
    CIC_LOAD(context_alloc)
    CIC_LOAD(context_free)
    CIC_LOAD(context_set_maximum_image_size_limit)
    CIC_LOAD(context_set_max_decoding_threads)
    CIC_LOAD(context_read_from_reader)
    CIC_LOAD(context_get_primary_image_handle)
    CIC_LOAD(context_get_number_of_top_level_images)
    CIC_LOAD(image_handle_get_width)
    CIC_LOAD(image_handle_get_height)
    CIC_LOAD(image_handle_get_luma_bits_per_pixel)
    CIC_LOAD(image_handle_has_alpha_channel)
    CIC_LOAD(image_handle_get_list_of_metadata_block_IDs)
    CIC_LOAD(image_handle_get_metadata_size)
    CIC_LOAD(image_handle_get_metadata)
    CIC_LOAD(image_handle_get_color_profile_type)
    CIC_LOAD(image_handle_get_raw_color_profile_size)
    CIC_LOAD(image_handle_get_raw_color_profile)
    CIC_LOAD(image_handle_release)
    CIC_LOAD(decoding_options_alloc)
    CIC_LOAD(decoding_options_free)
    CIC_LOAD(decode_image)
    CIC_LOAD(image_get_plane_readonly)
    CIC_LOAD(image_get_width)
    CIC_LOAD(image_get_height)
    CIC_LOAD(image_get_bits_per_pixel_range)
    CIC_LOAD(image_release)
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
