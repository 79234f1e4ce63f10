/* Lossless orientation of a JPEG on TurboJPEG (libjpeg-turbo's tjTransform, jpegtran's block transforms):
 * the DCT blocks are moved, mirrored and transposed, no pixel is decoded or quantised again. The transform is
 * asked to be perfect: where the image's edge cuts an MCU that the transform would move, TurboJPEG refuses,
 * and the caller re-encodes instead (trimming the edge would lose pixels silently). */
#include "cic_internal.h"
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

cic_status cic_jpeg_transform(const uint8_t *buf, size_t len, int32_t orientation, int32_t progressive,
                              uint8_t **out, size_t *out_len, cic_result *result) {
    /* EXIF orientation → the transform that makes the picture upright */
    static const int operations[9] = {
        TJXOP_NONE, TJXOP_NONE, TJXOP_HFLIP, TJXOP_ROT180, TJXOP_VFLIP,
        TJXOP_TRANSPOSE, TJXOP_ROT90, TJXOP_TRANSVERSE, TJXOP_ROT270,
    };
    *out = NULL;
    *out_len = 0;
    if (orientation < 1 || orientation > 8) orientation = 1;
    tjhandle handle = tjInitTransform();
    if (!handle) {
        cic_set_message(result, 1, "cannot start TurboJPEG: %s", tjGetErrorStr2(NULL));
        return cic_status_too_large;
    }
    tjtransform transform;
    memset(&transform, 0, sizeof(transform));
    transform.op = operations[orientation];
    transform.options = TJXOPT_PERFECT | (progressive ? TJXOPT_PROGRESSIVE : 0);
    unsigned char *target = NULL;
    unsigned long target_len = 0;
    int rc = tjTransform(handle, buf, (unsigned long)len, 1, &target, &target_len, &transform, 0);
    /* a warning (say, stray bytes before a marker, which verify already accepted) still leaves a whole result */
    int usable = rc == 0 || (tjGetErrorCode(handle) == TJERR_WARNING && target && target_len > 0);
    cic_status status = cic_status_ok;
    if (!usable) {
        const char *reason = tjGetErrorStr2(handle);
        cic_set_message(result, 1, "%s", reason);
        status = strstr(reason, "not perfect") ? cic_status_unsupported_feature : cic_status_corrupt_data;
    } else {
        *out = malloc(target_len);
        if (*out) {
            memcpy(*out, target, target_len);
            *out_len = (size_t)target_len;
        } else {
            cic_set_message(result, 1, "out of memory");
            status = cic_status_too_large;
        }
    }
    tjFree(target);
    tjDestroy(handle);
    return status;
}
