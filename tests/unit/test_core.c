/* Tests of src/core: errors and traces, config parsing and its error paths, random streams. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
  /* a long value goes on over indented lines */
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

/* The grammar of src/core/ini.c: what is an error, and where it says it is. */
static void test_ini_grammar(void) {
  jv_error_t err;
  jv_config_t *cfg = NULL;
  static const struct {
    const char *text, *expect;
  } bad[] = {
      {"x = 1\n", "g.ini:1: key 'x' is outside any [section]"},
      {"[a]\n    2\n", "g.ini:2: an indented line goes on"},
      {"[a]\nx = 1\n\n    2\n", "g.ini:4: an indented line goes on"}, /* a blank line ends a value */
      {"[a\nx = 1\n", "g.ini:1: a section line is '[name]'"},
      {"[a] x = 1\n", "g.ini:1: a section line is '[name]'"},
      {"[ ]\n", "g.ini:1: a section needs a name"},
      {"[a.b]\nx = 1\n", "g.ini:1: a section name cannot hold a '.'"},
      {"[a]\n= 1\n", "g.ini:2: a key needs a name"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    int status = jv_config_parse(bad[i].text, "g.ini", &cfg, &err);
    jv_check(status == JV_EINPUT && strstr(err.msg, bad[i].expect), "error %zu: %s", i, status ? err.msg : "none");
    if (status == JV_OK) jv_config_free(cfg);
  }
  /* one line of 2,000 numbers (no length limit), an indented comment inside a value, CRLF and a BOM */
  char *text = malloc(12000);
  int n = sprintf(text, "\xEF\xBB\xBF[a]\r\nx =");
  for (int i = 0; i < 2000; ++i) n += sprintf(text + n, " %d,", i);
  sprintf(text + n, "\r\n  # a comment\r\n  2000\r\nempty =\r\n");
  int status = jv_config_parse(text, "long.ini", &cfg, &err);
  jv_check(status == JV_OK, "long line, CRLF, BOM: %s", status == JV_OK ? "parsed" : err.msg);
  if (status == JV_OK) {
    double *v = NULL;
    size_t count = 0;
    const char *empty = NULL;
    jv_check(jv_config_get_doubles(cfg, "a.x", &v, &count, &err) == JV_OK && count == 2001 && v[1999] == 1999 &&
                 v[2000] == 2000,
             "2001 values, the comment skipped: %zu", count);
    jv_check(jv_config_get_string(cfg, "a.empty", &empty, &err) == JV_OK && empty[0] == '\0', "empty value");
    free(v);
    jv_config_free(cfg);
  }
  free(text);
}

static int mkdir_ok(const char *dir, const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return mkdir(path, 0700) == 0;
}

static int write_file(const char *dir, const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (f == NULL) return 0;
  fputs(text, f);
  return fclose(f) == 0;
}

/* `[config] base = FILE`: the keys of FILE, then the file's own added or replacing them. */
static void test_config_base(void) {
  char dir[] = "/tmp/jovis_test_config_XXXXXX", path[600];
  if (mkdtemp(dir) == NULL) {
    jv_skip("config bases: cannot make a directory under /tmp");
    return;
  }
  /* a long list, to check that the merged text breaks it over lines and reads it back whole */
  char list[4000] = "";
  for (int i = 0, n = 0; i < 300; ++i) n += snprintf(list + n, sizeof list - (size_t)n, "%s%.10g", i ? ", " : "", i + 0.125);
  char first[5000];
  snprintf(first, sizeof first, "# the first stage\n[sampler]\nwalkers = 32\nsteps = 100\nlist = %s\n[model]\nname = x\n", list);
  int ok = write_file(dir, "first.ini", first) && mkdir_ok(dir, "stages") &&
           write_file(dir, "stages/second.ini",
                      "[config]\nbase = ../first.ini\n[sampler]\nsteps = 200\nshear = a, b\n[init]\nfrom = x.h5\n") &&
           write_file(dir, "stages/third.ini", "[config]\nbase = second.ini\n[model]\nname = y\n") &&
           write_file(dir, "loop.ini", "[config]\nbase = loop.ini\n") &&
           write_file(dir, "missing.ini", "[config]\nbase = nowhere.ini\n");
  if (!ok) {
    jv_skip("config bases: cannot write the files");
    return;
  }
  jv_error_t err;
  char *text = NULL, *raw = NULL;
  jv_config_t *cfg = NULL;
  snprintf(path, sizeof path, "%s/first.ini", dir);
  int status = jv_config_load_text(path, &text, &err);
  jv_read_text_file(path, &raw, &err);
  jv_check(status == JV_OK && raw != NULL && !strcmp(text, raw), "without a base the text is the file, comments and all");
  free(text);
  free(raw);

  snprintf(path, sizeof path, "%s/stages/third.ini", dir);
  status = jv_config_load_text(path, &text, &err);
  jv_check(status == JV_OK, "a base of a base, relative to each file: %s", status == JV_OK ? "loaded" : err.msg);
  if (status == JV_OK && jv_config_parse(text, path, &cfg, &err) == JV_OK) {
    long walkers = 0, steps = 0;
    const char *shear = NULL, *from = NULL, *name = NULL;
    double *v = NULL;
    size_t n = 0;
    jv_check(jv_config_get_int(cfg, "sampler.walkers", &walkers, &err) == JV_OK && walkers == 32, "kept from the first");
    jv_check(jv_config_get_int(cfg, "sampler.steps", &steps, &err) == JV_OK && steps == 200, "replaced by the second");
    jv_check(jv_config_get_string(cfg, "sampler.shear", &shear, &err) == JV_OK && !strcmp(shear, "a, b") &&
                 jv_config_get_string(cfg, "init.from", &from, &err) == JV_OK && !strcmp(from, "x.h5"),
             "added by the second, to a section of the first and a new one");
    jv_check(jv_config_get_string(cfg, "model.name", &name, &err) == JV_OK && !strcmp(name, "y"), "replaced by the third");
    jv_check(jv_config_get_doubles(cfg, "sampler.list", &v, &n, &err) == JV_OK && n == 300 && v[299] == 299.125,
             "a 300-number list survives the merged text: %zu", n);
    free(v);
    jv_check(!jv_config_has(cfg, "config.base") && jv_config_check_unused(cfg, &err) == JV_OK,
             "the merged text has no base key and nothing else");
    jv_check(strstr(text, "third.ini\n#   over ") != NULL && strstr(text, "second.ini\n#   over ") != NULL &&
                 strstr(text, "first.ini\n# (each") != NULL,
             "the merged text names the chain of files, one a line");
    size_t longest = 0;
    for (const char *p = text; *p != '\0';) {
      size_t len = strcspn(p, "\n");
      longest = len > longest ? len : longest;
      p += len + (p[len] == '\n');
    }
    jv_check(longest <= 100, "its lines are at most 100 columns: %zu", longest);
    jv_config_free(cfg);
  }
  free(text);

  snprintf(path, sizeof path, "%s/loop.ini", dir);
  status = jv_config_load_text(path, &text, &err);
  jv_check(status == JV_EINPUT && strstr(err.msg, "more than 8 bases"), "a file that is its own base: %s",
           status ? err.msg : "accepted");
  snprintf(path, sizeof path, "%s/missing.ini", dir);
  status = jv_config_load_text(path, &text, &err);
  jv_check(status == JV_EIO && strstr(err.msg, "nowhere.ini"), "a missing base is named: %s", status ? err.msg : "accepted");
  const char *names[] = {"stages/second.ini", "stages/third.ini", "first.ini", "loop.ini", "missing.ini", "stages", ""};
  for (int i = 0; names[i][0] != '\0'; ++i) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    remove(path);
  }
  rmdir(dir);
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
  test_ini_grammar();
  test_config_base();
  test_rng();
  test_summary();
  test_signals();
  return jv_test_exit();
}
