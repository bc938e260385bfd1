/* Command-line options shared by the commands that take a CONFIG.ini. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/apps.h"

static int parse_long(const char *opt, const char *s, long *value, jv_error_t *err) {
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (s[0] == '\0' || *end != '\0' || errno == ERANGE || v < 0)
    JV_FAIL(err, JV_EINPUT, "option %s needs a non-negative integer, got '%s'", opt, s);
  *value = v;
  return JV_OK;
}

int jv_options_parse(int argc, char **argv, jv_options_t *opt, jv_error_t *err) {
  memset(opt, 0, sizeof *opt);
  opt->steps = -1;
  opt->seed = -1;
  opt->verbosity = JV_LOG_INFO;
  for (int i = 0; i < argc; ++i) {
    const char *a = argv[i];
    int has_value = i + 1 < argc;
    if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      if (!has_value) JV_FAIL(err, JV_EINPUT, "option %s needs a file name", a);
      opt->output_path = argv[++i];
    } else if (!strcmp(a, "--resume")) {
      opt->resume = 1;
    } else if (!strcmp(a, "--force")) {
      opt->force = 1;
    } else if (!strcmp(a, "--steps")) {
      if (!has_value) JV_FAIL(err, JV_EINPUT, "option --steps needs a number");
      JV_TRY(err, parse_long(a, argv[++i], &opt->steps, err));
    } else if (!strcmp(a, "--seed")) {
      long seed;
      if (!has_value) JV_FAIL(err, JV_EINPUT, "option --seed needs a number");
      JV_TRY(err, parse_long(a, argv[++i], &seed, err));
      opt->seed = seed;
    } else if (!strcmp(a, "--cl")) {
      if (!has_value) JV_FAIL(err, JV_EINPUT, "option --cl needs a number in (0, 1)");
      char *end = NULL;
      opt->cl = strtod(argv[++i], &end);
      if (*end != '\0' || !(opt->cl > 0 && opt->cl < 1))
        JV_FAIL(err, JV_EINPUT, "option --cl needs a number in (0, 1), got '%s'", argv[i]);
    } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
      opt->verbosity = JV_LOG_DEBUG;
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      opt->verbosity = JV_LOG_WARN;
    } else if (a[0] == '-' && a[1] != '\0') {
      JV_FAIL(err, JV_EINPUT, "unknown option '%s'", a);
    } else {
      if (opt->n_positional >= (int)(sizeof opt->positional / sizeof opt->positional[0]))
        JV_FAIL(err, JV_EINPUT, "too many arguments ('%s')", a);
      opt->positional[opt->n_positional++] = a;
    }
  }
  if (opt->n_positional > 0) opt->config_path = opt->positional[0];
  return JV_OK;
}

int jv_app_load_config(jv_app_t *app, const char *path, jv_config_t **cfg, jv_error_t *err) {
  char *text = NULL;
  int status = JV_OK;
  *cfg = NULL;
  if (app->par.rank == 0) status = jv_config_load_text(path, &text, err);
  JV_TRY(err, jv_par_agree(&app->par, status, err));
  status = jv_par_bcast_string(&app->par, &text, err);
  if (status == JV_OK) status = jv_config_parse(text, path, cfg, err);
  free(text);
  JV_TRY(err, jv_par_agree(&app->par, status, err));
  return JV_OK;
}

jv_run_info_t jv_app_run_info(const jv_app_t *app, const jv_config_t *cfg, uint64_t seed) {
  jv_run_info_t info = {.command_line = app->command_line,
                        .config_text = jv_config_text(cfg),
                        .config_source = jv_config_source(cfg),
                        .seed = seed,
                        .mpi_ranks = app->par.size};
  return info;
}
