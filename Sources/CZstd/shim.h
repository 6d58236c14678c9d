#ifndef CACHECTL_CZSTD_SHIM_H
#define CACHECTL_CZSTD_SHIM_H
#include <zstd.h>
#endif
