#ifndef CACHECTL_CZLIB_SHIM_H
#define CACHECTL_CZLIB_SHIM_H
#include <zlib.h>
#endif
