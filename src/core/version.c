/* The code version, compiled in from the Makefile (release number plus git commit). */
#include "jovis/core.h"

#ifndef JV_VERSION_STRING
#define JV_VERSION_STRING "0.1.0"
#endif

const char *jv_version(void) { return JV_VERSION_STRING; }
