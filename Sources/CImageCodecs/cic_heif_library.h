/* libheif, loaded when the first HEIF file is met (cic_heif_library.c). */
#ifndef CIC_HEIF_LIBRARY_H
#define CIC_HEIF_LIBRARY_H
#include <libheif/heif.h>

/* The libheif functions cic_heif.c calls, each typed as heif.h declares it. */
typedef struct cic_heif_api {
    __typeof__(heif_context_alloc) *context_alloc;
    __typeof__(heif_context_free) *context_free;
    __typeof__(heif_context_set_maximum_image_size_limit) *context_set_maximum_image_size_limit;
    __typeof__(heif_context_set_max_decoding_threads) *context_set_max_decoding_threads;
    __typeof__(heif_context_read_from_reader) *context_read_from_reader;
    __typeof__(heif_context_get_primary_image_handle) *context_get_primary_image_handle;
    __typeof__(heif_context_get_number_of_top_level_images) *context_get_number_of_top_level_images;
    __typeof__(heif_image_handle_get_width) *image_handle_get_width;
    __typeof__(heif_image_handle_get_height) *image_handle_get_height;
    __typeof__(heif_image_handle_get_luma_bits_per_pixel) *image_handle_get_luma_bits_per_pixel;
    __typeof__(heif_image_handle_has_alpha_channel) *image_handle_has_alpha_channel;
    __typeof__(heif_image_handle_get_list_of_metadata_block_IDs) *image_handle_get_list_of_metadata_block_IDs;
    __typeof__(heif_image_handle_get_metadata_size) *image_handle_get_metadata_size;
    __typeof__(heif_image_handle_get_metadata) *image_handle_get_metadata;
    __typeof__(heif_image_handle_get_color_profile_type) *image_handle_get_color_profile_type;
    __typeof__(heif_image_handle_get_raw_color_profile_size) *image_handle_get_raw_color_profile_size;
    __typeof__(heif_image_handle_get_raw_color_profile) *image_handle_get_raw_color_profile;
    __typeof__(heif_image_handle_release) *image_handle_release;
    __typeof__(heif_decoding_options_alloc) *decoding_options_alloc;
    __typeof__(heif_decoding_options_free) *decoding_options_free;
    __typeof__(heif_decode_image) *decode_image;
    __typeof__(heif_image_get_plane_readonly) *image_get_plane_readonly;
    __typeof__(heif_image_get_width) *image_get_width;
    __typeof__(heif_image_get_height) *image_get_height;
    __typeof__(heif_image_get_bits_per_pixel_range) *image_get_bits_per_pixel_range;
    __typeof__(heif_image_release) *image_release;
} cic_heif_api;

/* libheif's functions, loaded once (thread-safe); NULL when libheif cannot be loaded, with the reason in *why. */
const cic_heif_api *cic_heif_library(const char **why);

#endif
