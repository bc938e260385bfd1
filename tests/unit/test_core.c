/* Tests of src/core: errors and traces, config parsing and its error paths, random streams. */
#include <signal.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics.h>

#include "jovis/core.h"
#include "jv_test.h"

static int fails_deep(jv_error_t *err) { JV_FAIL(err, JV_EDOM, "log T = %.3f outside the table", 9.125); }
static int calls_deep(jv_error_t *err) {
  JV_TRY(err, fails_deep(err));
  return JV_OK;
}

static void test_errors(void) {
  jv_error_t err;
  jv_error_clear(&err);
  int status = calls_deep(&err);
  jv_check(status == JV_EDOM, "status travels up unchanged (%s)", jv_status_name(status));
  jv_check(strstr(err.msg, "log T = 9.125 outside the table") != NULL, "message kept: %s", err.msg);
  jv_check(strstr(err.msg, "fails_deep") != NULL && strstr(err.msg, "<- calls_deep") != NULL,
           "trace names both functions");
}

static const char *good_ini = "# comment\n[sampler]\nnwalkers = 32\nseed = 2385\nscale = 2.385\n"
                              "flag = yes\nlist = 1.5, 2.5 3.5\n[output]\npath = out.h5\n";

static void test_config(void) {
  jv_error_t err;
  jv_config_t *cfg = NULL;
  int status = jv_config_parse(good_ini, "good.ini", &cfg, &err);
  jv_check(status == JV_OK, "parse a valid file");
  if (status != JV_OK) return;
  long n = 0;
  double a = 0, d = 0;
  int flag = 0;
  const char *path = NULL;
  double *list = NULL;
  size_t nlist = 0;
  jv_check(jv_config_get_int(cfg, "sampler.nwalkers", &n, &err) == JV_OK && n == 32, "int value");
  jv_check(jv_config_get_double(cfg, "sampler.scale", &a, &err) == JV_OK && a == 2.385, "double value");
  jv_check(jv_config_get_bool(cfg, "sampler.flag", &flag, &err) == JV_OK && flag == 1, "bool value");
  jv_check(jv_config_get_doubles(cfg, "sampler.list", &list, &nlist, &err) == JV_OK && nlist == 3 &&
               list[2] == 3.5,
           "list of doubles");
  free(list);
  jv_check(jv_config_get_double_or(cfg, "sampler.absent", 7.25, &d, &err) == JV_OK && d == 7.25, "default");
  status = jv_config_get_double(cfg, "sampler.missing", &d, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "missing required key 'sampler.missing'"),
           "missing required key is named: %s", err.msg);
  status = jv_config_check_unused(cfg, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "sampler.seed") && strstr(err.msg, "output.path"),
           "unused keys reported: %s", err.msg);
  jv_config_get_string(cfg, "output.path", &path, &err);
  jv_config_mark_section(cfg, "sampler");
  jv_check(jv_config_check_unused(cfg, &err) == JV_OK, "no unused keys after reading them all");
  jv_config_free(cfg);

  status = jv_config_parse("[a]\nx = 1\nthis line is broken\n", "bad.ini", &cfg, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "bad.ini:3"), "malformed INI names file and line: %s", err.msg);
  status = jv_config_parse("[a]\nx = 1\nx = 2\n", "dup.ini", &cfg, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "given twice"), "duplicate key: %s", err.msg);
  status = jv_config_parse("[a]\nx = 1\n# a comment does not separate them\nx = 2\n", "dup2.ini", &cfg, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "dup2.ini:4: key 'a.x' is given twice"), "repeated key line: %s",
           err.msg);
  status = jv_config_parse("[a]\nx = 1\ny = 2\nx = 3\n", "dup3.ini", &cfg, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "'a.x' is given twice"), "duplicate key further down: %s", err.msg);
  /* a long value goes on over indented lines (one physical line holds 200 characters at most) */
  status = jv_config_parse("[a]\nx = 1, 2\n    3, 4\n\t5\ny = 6\n[b]\ny = 7\n", "long.ini", &cfg, &err);
  jv_check(status == JV_OK, "continuation lines parse: %s", status == JV_OK ? "yes" : err.msg);
  if (status == JV_OK) {
    double *v = NULL;
    size_t n = 0;
    status = jv_config_get_doubles(cfg, "a.x", &v, &n, &err);
    jv_check(status == JV_OK && n == 5 && v[0] == 1 && v[3] == 4 && v[4] == 5,
             "an indented line continues the value above it: %zu values", n);
    free(v);
    status = jv_config_get_double(cfg, "a.y", &d, &err);
    jv_check(status == JV_OK && d == 6, "the next key is its own: a.y = %g", d);
    jv_config_free(cfg);
  }
  status = jv_config_parse("[a]\nx = 1.2.3\n", "num.ini", &cfg, &err);
  if (status == JV_OK) {
    status = jv_config_get_double(cfg, "a.x", &d, &err);
    jv_check(status == JV_EINPUT && strstr(err.msg, "not a number"), "bad number: %s", err.msg);
    jv_config_free(cfg);
  }
}

static void test_rng(void) {
  jv_error_t err;
  gsl_rng *r1, *r2, *r3;
  jv_rng_alloc(2385, 7, &r1, &err);
  jv_rng_alloc(2385, 7, &r2, &err);
  jv_rng_alloc(2385, 8, &r3, &err);
  int same = 1, differ = 0;
  for (int i = 0; i < 1000; ++i) {
    double a = gsl_rng_uniform(r1), b = gsl_rng_uniform(r2), c = gsl_rng_uniform(r3);
    same &= a == b;
    differ += a != c;
  }
  jv_check(same, "same (seed, index) gives the same stream");
  jv_check(differ == 1000, "neighbouring index gives a different stream");
  uint64_t state[JV_RNG_STATE_WORDS];
  jv_rng_get_state(r1, state);
  double next = gsl_rng_uniform(r1);
  jv_rng_set_state(r3, state);
  jv_check(gsl_rng_uniform(r3) == next, "state round trip resumes the stream exactly");
  /* Moments of 200,000 normals: the sample mean has sd 1/sqrt(n) = 0.0022; allow 5 sd. */
  enum { N = 200000 };
  static double x[N];
  for (int i = 0; i < N; ++i) x[i] = gsl_ran_gaussian(r1, 1.0);
  double mean = gsl_stats_mean(x, 1, N), var = gsl_stats_variance(x, 1, N);
  jv_check(fabs(mean) < 5.0 / sqrt(N), "gaussian mean %.5f within 5 sd of 0", mean);
  /* var of the sample variance ~ 2/n: sd 0.0032 */
  jv_check(fabs(var - 1.0) < 5.0 * sqrt(2.0 / N), "gaussian variance %.5f within 5 sd of 1", var);
  jv_rng_free(r1);
  jv_rng_free(r2);
  jv_rng_free(r3);
}

static void test_summary(void) {
  jv_summary_t s;
  jv_summary_init(&s);
  jv_summary_add(&s, "steps", "%d", 3000);
  jv_summary_add(&s, "note", "%s", "two words");
  jv_check(strcmp(s.text, "steps=3000 note=two_words") == 0, "summary line: %s", s.text);
}

static void test_signals(void) {
  jv_error_t err;
  jv_check(jv_signals_install(&err) == JV_OK, "signal handlers installed");
  jv_check(jv_signals_stop_requested() == 0, "no stop request at start");
  raise(SIGUSR1);
  jv_check(jv_signals_stop_requested() == SIGUSR1, "SIGUSR1 becomes a stop request, not a kill");
  jv_signals_reset();
}

int main(void) {
  test_errors();
  test_config();
  test_rng();
  test_summary();
  test_signals();
  return jv_test_exit();
}
