#ifndef CACHECTL_CJANSSON_SHIM_H
#define CACHECTL_CJANSSON_SHIM_H
#include <jansson.h>
#endif
