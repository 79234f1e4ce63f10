/* TurboJPEG, libjpeg-turbo's own API (Debian: libturbojpeg0-dev): used for lossless JPEG transforms. */
#include <turbojpeg.h>
