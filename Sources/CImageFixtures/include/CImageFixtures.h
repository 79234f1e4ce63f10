#ifndef CIMAGEFIXTURES_H
#define CIMAGEFIXTURES_H
#include <stddef.h>
#include <stdint.h>
#endif
