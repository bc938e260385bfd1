/* Small helpers shared by the built-in targets and the config readers of src/sampler. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sampler_internal.h"

int jv_sampler_get_vector(jv_config_t *cfg, const char *key, int n, int has_default, double def, double *out,
                          jv_error_t *err) {
  if (has_default && !jv_config_has(cfg, key)) {
    for (int i = 0; i < n; ++i) out[i] = def;
    return JV_OK;
  }
  double *v = NULL;
  size_t count = 0;
  JV_TRY(err, jv_config_get_doubles(cfg, key, &v, &count, err));
  if (count != 1 && count != (size_t)n) {
    free(v);
    JV_FAIL(err, JV_EINPUT, "%s: key '%s' needs 1 or %d values, got %zu", jv_config_source(cfg), key, n, count);
  }
  for (int i = 0; i < n; ++i) out[i] = v[count == 1 ? 0 : i];
  free(v);
  return JV_OK;
}

int jv_sampler_make_names(int n, const char *prefix, char ***names, jv_error_t *err) {
  /* pointers first, then the text, in one allocation freed with free(*names) */
  size_t each = strlen(prefix) + 12;
  char **p = malloc((size_t)n * (sizeof(char *) + each));
  if (p == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory for %d names", n);
  char *text = (char *)(p + n);
  for (int i = 0; i < n; ++i) {
    p[i] = text + (size_t)i * each;
    snprintf(p[i], each, "%s%d", prefix, i);
  }
  *names = p;
  return JV_OK;
}

static double thread_cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void jv_sampler_burn_cpu(double ms) {
  /* CPU time, not wall time: two ranks sharing one core each take twice as long, as real work
     would, so a parallel-efficiency benchmark cannot flatter itself. */
  double until = thread_cpu_seconds() + 1e-3 * ms;
  while (thread_cpu_seconds() < until) {
  }
}
