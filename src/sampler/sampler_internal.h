/* Helpers private to src/sampler. */
#ifndef JOVIS_SAMPLER_INTERNAL_H
#define JOVIS_SAMPLER_INTERNAL_H

#include "jovis/sampler.h"

/*
 * A vector of n values from one key: either n numbers or one number used for all n.
 * Absent key: def for every element when has_default, else the missing-key error.
 */
int jv_sampler_get_vector(jv_config_t *cfg, const char *key, int n, int has_default, double def, double *out,
                          jv_error_t *err);

/* Names "x0", "x1", ... for the built-in targets: one block holding the pointers and the text. */
int jv_sampler_make_names(int n, const char *prefix, char ***names, jv_error_t *err);

/* Burn `ms` milliseconds of this thread's CPU time (benchmark targets with a fixed cost). */
void jv_sampler_burn_cpu(double ms);

#endif
