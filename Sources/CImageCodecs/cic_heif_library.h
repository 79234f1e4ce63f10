/* libheif, loaded when the first HEIF file is met (cic_heif_library.c). */
#ifndef CIC_HEIF_LIBRARY_H
#define CIC_HEIF_LIBRARY_H
#include <libheif/heif.h>

/* The libheif functions cic_heif.c calls (each `heif_NAME`), listed once: X(NAME) for each. */
#define CIC_HEIF_FUNCTIONS(X) \
    X(context_alloc) \
    X(context_free) \
    X(context_set_maximum_image_size_limit) \
    X(context_set_max_decoding_threads) \
    X(context_read_from_reader) \
    X(context_get_primary_image_handle) \
    X(context_get_number_of_top_level_images) \
    X(image_handle_get_width) \
    X(image_handle_get_height) \
    X(image_handle_get_luma_bits_per_pixel) \
    X(image_handle_has_alpha_channel) \
    X(image_handle_get_list_of_metadata_block_IDs) \
    X(image_handle_get_metadata_size) \
    X(image_handle_get_metadata) \
    X(image_handle_get_color_profile_type) \
    X(image_handle_get_raw_color_profile_size) \
    X(image_handle_get_raw_color_profile) \
    X(image_handle_release) \
    X(decoding_options_alloc) \
    X(decoding_options_free) \
    X(decode_image) \
    X(image_get_plane_readonly) \
    X(image_get_width) \
    X(image_get_height) \
    X(image_get_bits_per_pixel_range) \
    X(image_release)

/* Each typed as heif.h declares it. */
typedef struct cic_heif_api {
#define CIC_HEIF_FIELD(name) __typeof__(heif_##name) *name;
    CIC_HEIF_FUNCTIONS(CIC_HEIF_FIELD)
#undef CIC_HEIF_FIELD
} cic_heif_api;

/* libheif's functions, loaded once (thread-safe); NULL when libheif cannot be loaded, with the reason in *why. */
const cic_heif_api *cic_heif_library(const char **why);

#endif
