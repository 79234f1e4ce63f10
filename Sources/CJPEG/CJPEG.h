/* jpeglib.h is not self-contained: it needs size_t and FILE declared first. */
#include <stdio.h>
#include <stddef.h>
#include <jpeglib.h>
/* Not pulled in by jpeglib.h: the J_MESSAGE_CODE constants (JWRN_JPEG_EOF, ...). */
#include <jerror.h>
