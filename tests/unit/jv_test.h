/*
 * Minimal test helpers: one line per check ("ok - ...", "not ok - ...", "skip - ..."), exit
 * status = number of failures (capped). Header-only, used by the test programs alone.
 */
#ifndef JV_TEST_H
#define JV_TEST_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int jv_test_failed = 0;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void jv_check(int condition, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf(condition ? "ok - " : "not ok - ");
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  fflush(stdout);
  if (!condition) jv_test_failed++;
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static inline void jv_skip(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("skip - ");
  vprintf(fmt, ap);
  printf("\n");
  va_end(ap);
  fflush(stdout);
}

/* |a - b| <= tol * max(|b|, tiny): relative closeness, printing both values. */
static inline int jv_close_rel(double a, double b, double tol) {
  double scale = fabs(b) > 1e-300 ? fabs(b) : 1e-300;
  return fabs(a - b) <= tol * scale;
}

/* Path of the shared data folder (../shared/data beside the project), or NULL if absent. */
static inline const char *jv_test_shared_data(void) {
  const char *env = getenv("JOVIS_SHARED_DATA");
  static const char *candidates[] = {"../shared/data", "../../shared/data"};
  FILE *f;
  if (env != NULL) return env;
  for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; ++i) {
    char probe[512];
    snprintf(probe, sizeof probe, "%s/magnetic/README.md", candidates[i]);
    if ((f = fopen(probe, "r")) != NULL) {
      fclose(f);
      return candidates[i];
    }
  }
  return NULL;
}

static inline int jv_test_exit(void) { return jv_test_failed > 100 ? 100 : jv_test_failed; }

#endif /* JV_TEST_H */
