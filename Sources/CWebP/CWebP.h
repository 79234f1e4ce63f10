/* libwebp: the decoder, the demuxer (animation frames, ICC and EXIF chunks) and, for test fixtures, the
 * encoder and the animation encoder. */
#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>
#include <webp/mux.h>
