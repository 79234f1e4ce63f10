#ifndef CIMAGECODECS_H
#define CIMAGECODECS_H
/* Public header of the codec shim: plain C types only (no libjpeg/libpng/zlib types). */
#include <stddef.h>
#include <stdint.h>
#endif
