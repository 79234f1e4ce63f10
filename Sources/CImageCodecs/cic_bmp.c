/* BMP: placeholder until its decoder lands (answers "unsupported format" as before). */
#include "cic_internal.h"

cic_status cic_bmp_run(cic_reader *r, const uint8_t *data, size_t len, const cic_limits *limits, cic_result *result,
                      int verify) {
    (void)r; (void)data; (void)len; (void)limits; (void)verify;
    cic_set_message(result, 1, "BMP is not decoded yet");
    return cic_status_unsupported_format;
}

cic_status cic_bmp_convert(const uint8_t *buf, size_t len, const cic_limits *limits, cic_convert_sink *sink,
                          cic_result *result) {
    (void)buf; (void)len; (void)limits; (void)sink;
    cic_set_message(result, 1, "BMP is not decoded yet");
    return cic_status_unsupported_format;
}
