/*
 * jovis apps: the `jovis` command and its subcommands. Apps are the only place where physics
 * modules, the sampler and MPI meet. A subcommand is a value in the command table
 * (src/apps/commands.c): name, one-line summary, usage text and a run function.
 */
#ifndef JOVIS_APPS_H
#define JOVIS_APPS_H

#include <stdint.h>

#include "jovis/core.h"
#include "jovis/io.h"
#include "jovis/parallel.h"
#include "jovis/sampler.h"

typedef struct {
  jv_par_t par;
  jv_log_t log;
  char command_line[4096]; /* argv joined, stored in outputs */
} jv_app_t;

typedef int (*jv_command_fn)(jv_app_t *app, int argc, char **argv, jv_error_t *err);

typedef struct {
  const char *name;    /* "sample", "field fit" (multi-word commands are dispatched word by word) */
  const char *summary; /* one line for `jovis help` */
  const char *usage;   /* full text for `jovis help <command>` */
  jv_command_fn run;   /* argv[0] is the first argument after the command name */
} jv_command_t;

/* The table, terminated by an entry with name NULL. */
extern const jv_command_t jv_commands[];

/* Options shared by the commands that take CONFIG.ini. */
typedef struct {
  const char *config_path;
  const char *output_path; /* -o; NULL: from the config or a default */
  int resume, force;
  long steps;              /* --steps N; -1: from the config */
  int64_t seed;            /* --seed S; -1: from the config */
  double cl;               /* --cl; 0: default */
  int verbosity;           /* -v / -q adjust JV_LOG_INFO */
  const char *positional[8];
  int n_positional;
} jv_options_t;

/* Parse the common options; an unknown option is JV_EINPUT naming it. */
int jv_options_parse(int argc, char **argv, jv_options_t *opt, jv_error_t *err);

/*
 * Read CONFIG.ini on rank 0, broadcast the text, parse on every rank. Errors are agreed on so
 * that only rank 0 reports a bad file.
 */
int jv_app_load_config(jv_app_t *app, const char *path, jv_config_t **cfg, jv_error_t *err);

/* The provenance every output file carries (jv_h5_write_run_info): this run's command line and
   ranks, the config's text and path, and the seed (0 where the command draws no random numbers). */
jv_run_info_t jv_app_run_info(const jv_app_t *app, const jv_config_t *cfg, uint64_t seed);


/*
 * The model table (src/apps/models.c): `[model] name = gaussian` picks a row, whose create
 * function reads its own [model] keys and fills a jv_model_t (see jovis/sampler.h for the
 * contract). A physics module adds one row, e.g. {"interior", "...", jv_interior_model_create}.
 * The create function runs on every rank (no MPI inside: each rank reads its data itself) and
 * must read every [model] key it uses through the jv_config_get_* getters, so that
 * jv_config_check_unused() can refuse unknown ones.
 */
typedef int (*jv_model_create_fn)(jv_config_t *cfg, jv_model_t *m, jv_error_t *err);

typedef struct {
  const char *name;    /* the value of [model] name */
  const char *summary; /* one line for `jovis help sample` */
  jv_model_create_fn create;
} jv_model_entry_t;

/* The table, terminated by an entry with name NULL. */
extern const jv_model_entry_t jv_models[];

/* Read [model] name and create that model; an unknown name is JV_EINPUT listing the known ones. */
int jv_app_create_model(jv_config_t *cfg, jv_model_t *m, jv_error_t *err);

#endif /* JOVIS_APPS_H */
