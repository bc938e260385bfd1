/*
 * The `jovis` executable: MPI start-up, command dispatch, and the one place where a failure
 * becomes a message and an exit code (or MPI_Abort, so that no rank is left waiting).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "jovis/apps.h"

static void join_args(int argc, char **argv, char *out, size_t size) {
  size_t used = 0;
  out[0] = '\0';
  for (int i = 0; i < argc && used + 1 < size; ++i) {
    int n = snprintf(out + used, size - used, "%s%s", i ? " " : "", argv[i]);
    if (n < 0) break;
    used += (size_t)n;
  }
}

/* Longest command name matching the leading words of argv ("field fit" before "field"). */
static const jv_command_t *find_command(int argc, char **argv, int *words) {
  const jv_command_t *best = NULL;
  int best_words = 0;
  for (const jv_command_t *c = jv_commands; c->name != NULL; ++c) {
    char name[128];
    snprintf(name, sizeof name, "%s", c->name);
    int w = 0, match = 1;
    for (char *tok = strtok(name, " "); tok != NULL; tok = strtok(NULL, " "), ++w)
      if (w >= argc || strcmp(tok, argv[w]) != 0) {
        match = 0;
        break;
      }
    if (match && w > best_words) {
      best = c;
      best_words = w;
    }
  }
  *words = best_words;
  return best;
}

int main(int argc, char **argv) {
  jv_app_t app;
  jv_error_t err;
  jv_error_clear(&err);
  gsl_set_error_handler_off(); /* GSL errors come back as return codes, checked by callers */

  if (jv_par_init(&argc, &argv, &app.par, &err) != JV_OK) {
    fprintf(stderr, "jovis: error: %s\n", err.msg);
    return 1;
  }
  app.log = jv_log_make(app.par.size > 1 ? app.par.rank : -1, JV_LOG_INFO);
  join_args(argc, argv, app.command_line, sizeof app.command_line);

  int status = JV_OK;
  const char *command_name = "";
  if (argc < 2) {
    if (app.par.rank == 0)
      fprintf(stderr, "usage: jovis <command> [arguments]  (jovis help lists the commands)\n");
    status = JV_EINPUT;
    err.msg[0] = '\0';
  } else if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
    if (app.par.rank == 0) printf("jovis %s\nversion=%s\n", jv_version(), jv_version());
  } else {
    int words = 0;
    const jv_command_t *cmd = find_command(argc - 1, argv + 1, &words);
    if (cmd == NULL) {
      status = jv_error_set(&err, JV_EINPUT, __func__, __LINE__,
                            "unknown command '%s' (jovis help lists the commands)", argv[1]);
    } else {
      command_name = cmd->name;
      status = cmd->run(&app, argc - 1 - words, argv + 1 + words, &err);
    }
  }

  if (status != JV_OK) {
    if (err.msg[0] != '\0') {
      if (app.par.size > 1)
        fprintf(stderr, "[rank %d] jovis%s%s: error (%s): %s\n", app.par.rank, *command_name ? " " : "",
                command_name, jv_status_name(status), err.msg);
      else
        fprintf(stderr, "jovis%s%s: error (%s): %s\n", *command_name ? " " : "", command_name,
                jv_status_name(status), err.msg);
      fflush(stderr);
      /* The other ranks may be inside a collective call: stop them all rather than hang. */
      if (app.par.size > 1) jv_par_abort(&app.par, status);
    } else if (app.par.size > 1) {
      /* A silent rank: another rank agreed on this error and reports it (then aborts us all).
         When every rank is silent the barrier completes and all exit with the status. */
      MPI_Barrier(app.par.comm);
    }
    jv_par_finalize();
    return status;
  }
  jv_par_finalize();
  return 0;
}
