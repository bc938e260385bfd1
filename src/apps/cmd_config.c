/*
 * `jovis config CONFIG.ini [-o OUT.ini]`: the config as the commands read it, its `[config] base`
 * files resolved into one self-contained INI text (src/core/config_base.c). Without -o the text
 * goes to stdout; with -o it is written there and the summary line names it. Job scripts freeze a
 * run's config this way, so that a requeued job reads the very same keys even when a base changed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/apps.h"

static int write_text(const char *path, const char *text, jv_error_t *err) {
  FILE *f = fopen(path, "w");
  if (f == NULL) JV_FAIL(err, JV_EIO, "cannot write '%s': %s", path, strerror(errno));
  int bad = fputs(text, f) == EOF;
  bad |= fclose(f) != 0;
  if (bad) JV_FAIL(err, JV_EIO, "error writing '%s'", path);
  return JV_OK;
}

int jv_cmd_config(jv_app_t *app, int argc, char **argv, jv_error_t *err) {
  jv_options_t opt;
  JV_TRY(err, jv_options_parse(argc, argv, &opt, err));
  if (opt.n_positional != 1) JV_FAIL(err, JV_EINPUT, "usage: jovis config CONFIG.ini [-o OUT.ini]");
  if (app->par.rank != 0) return JV_OK;
  char *text = NULL;
  JV_TRY(err, jv_config_load_text(opt.config_path, &text, err));
  int status = JV_OK;
  if (opt.output_path == NULL) {
    fputs(text, stdout);
  } else {
    status = write_text(opt.output_path, text, err);
    if (status == JV_OK) {
      jv_summary_t s;
      jv_summary_init(&s);
      jv_summary_add(&s, "config", "%s", opt.config_path);
      jv_summary_add(&s, "output", "%s", opt.output_path);
      jv_summary_add(&s, "bytes", "%zu", strlen(text));
      jv_summary_print(&s, stdout);
    }
  }
  free(text);
  if (status != JV_OK) jv_error_trace(err, __func__, __LINE__);
  return status;
}
