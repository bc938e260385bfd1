/*
 * jovis core: status codes, error propagation, logging, configuration, random streams.
 *
 * Conventions (see docs/developer.md):
 *  - Every function that can fail returns an int status (JV_OK on success) and fills the caller's
 *    jv_error_t with a message. As the status travels up, JV_TRY appends "<- func:line" so the
 *    final message carries a trace (after CLASS's class_call).
 *  - Nothing here calls exit() or touches MPI; only apps/main.c decides to stop the program.
 *  - No global mutable state: the log context, the config and the random streams are values the
 *    caller owns and passes down.
 */
#ifndef JOVIS_CORE_H
#define JOVIS_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <gsl/gsl_rng.h>

/* The code version, e.g. "0.1.0+g1a2b3c4" (release plus git commit; set at build time). */
const char *jv_version(void);

/* ---------------------------------------------------------------- status codes */
enum jv_status {
  JV_OK = 0,
  JV_EINPUT = 1,   /* bad configuration or command line */
  JV_EDOM = 2,     /* argument outside the domain (e.g. out of an EOS table) */
  JV_ENOCONV = 3,  /* an iterative solver did not converge */
  JV_EIO = 4,      /* file could not be read or written */
  JV_ENOMEM = 5,   /* allocation failed */
  JV_EMATH = 6,    /* numerical failure (singular matrix, NaN) */
  JV_EMPI = 7,     /* communication failure */
  JV_EINTERRUPT = 8 /* stopped on a signal; the state on disk is consistent */
};

#define JV_ERROR_LEN 2048

typedef struct {
  int status;
  char msg[JV_ERROR_LEN];
} jv_error_t;

/* Human-readable name of a status code ("EINPUT", ...). */
const char *jv_status_name(int status);

/* Clear an error record. */
void jv_error_clear(jv_error_t *err);

/* Write a formatted message into err (replacing what was there) and return status. */
int jv_error_set(jv_error_t *err, int status, const char *func, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Append " <- func:line" to the message (the trace as the status travels up). */
void jv_error_trace(jv_error_t *err, const char *func, int line);

/* Return status with a message: JV_FAIL(err, JV_EINPUT, "walkers must be even, got %d", n); */
#define JV_FAIL(err, status, ...) return jv_error_set((err), (status), __func__, __LINE__, __VA_ARGS__)

/* Evaluate a call returning a status; on failure append the trace and return the status. */
#define JV_TRY(err, call)                                                                          \
  do {                                                                                             \
    int jv_try_status_ = (call);                                                                   \
    if (jv_try_status_ != JV_OK) {                                                                 \
      jv_error_trace((err), __func__, __LINE__);                                                   \
      return jv_try_status_;                                                                       \
    }                                                                                              \
  } while (0)

/* Like JV_TRY but jumps to a cleanup label, storing the status in the named variable. */
#define JV_TRY_GOTO(err, status_var, label, call)                                                  \
  do {                                                                                             \
    (status_var) = (call);                                                                         \
    if ((status_var) != JV_OK) {                                                                   \
      jv_error_trace((err), __func__, __LINE__);                                                   \
      goto label;                                                                                  \
    }                                                                                              \
  } while (0)

/* Allocation that fails with a status instead of crashing: JV_ALLOC(err, p, n). */
#define JV_ALLOC(err, ptr, count)                                                                  \
  do {                                                                                             \
    (ptr) = calloc((size_t)(count) > 0 ? (size_t)(count) : 1u, sizeof(*(ptr)));                   \
    if ((ptr) == NULL)                                                                             \
      JV_FAIL((err), JV_ENOMEM, "out of memory allocating %zu x %zu bytes", (size_t)(count),       \
              sizeof(*(ptr)));                                                                     \
  } while (0)

/* ---------------------------------------------------------------- logging */
enum jv_log_level { JV_LOG_QUIET = 0, JV_LOG_ERROR = 1, JV_LOG_WARN = 2, JV_LOG_INFO = 3, JV_LOG_DEBUG = 4 };

typedef struct {
  int rank;         /* rank tag printed with every line (-1: no tag) */
  int verbosity;    /* highest level printed */
  double t_start;   /* wall-clock origin for the elapsed-time stamp */
  int all_ranks;    /* 0: only rank 0 prints info/debug; warnings and errors from every rank */
  FILE *stream;     /* where messages go (stderr when NULL) */
} jv_log_t;

/* A log context with the given rank and verbosity, timed from now. */
jv_log_t jv_log_make(int rank, int verbosity);

/* "[rank] elapsed func(): message" at the given level. */
void jv_log_msg(const jv_log_t *log, int level, const char *func, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#define JV_LOG_ERR(log, ...) jv_log_msg((log), JV_LOG_ERROR, __func__, __VA_ARGS__)
#define JV_LOG_WARNING(log, ...) jv_log_msg((log), JV_LOG_WARN, __func__, __VA_ARGS__)
#define JV_LOG(log, ...) jv_log_msg((log), JV_LOG_INFO, __func__, __VA_ARGS__)
#define JV_LOG_DBG(log, ...) jv_log_msg((log), JV_LOG_DEBUG, __func__, __VA_ARGS__)

/* Seconds since an arbitrary origin (monotonic clock). */
double jv_wtime(void);

/* ---------------------------------------------------------------- configuration */
/*
 * An INI file parsed into "section.key" = value pairs (src/core/ini.c has the grammar). Getters
 * mark keys as used; jv_config_check_unused() then reports every key nobody asked for, so a typo in
 * a key is an error, never a silently ignored setting.
 */
typedef struct jv_config jv_config_t;

/* Parse INI text; source names the file in messages. Duplicate keys and syntax errors fail. */
int jv_config_parse(const char *text, const char *source, jv_config_t **cfg, jv_error_t *err);
/*
 * The text of config file `path` with its bases resolved (caller frees): a file whose
 * `[config] base = FILE` names another takes all of its keys and adds or replaces its own
 * (src/core/config_base.c). Without a base this is the file as it is.
 */
int jv_config_load_text(const char *path, char **text, jv_error_t *err);
/* Read a whole file into a NUL-terminated buffer (caller frees). */
int jv_read_text_file(const char *path, char **text, jv_error_t *err);
void jv_config_free(jv_config_t *cfg);

/* The text the config was parsed from (stored in output files). */
const char *jv_config_text(const jv_config_t *cfg);
const char *jv_config_source(const jv_config_t *cfg);

int jv_config_has(const jv_config_t *cfg, const char *key);
/* Required getters: a missing key or an unparsable value is JV_EINPUT with the key named. */
int jv_config_get_string(jv_config_t *cfg, const char *key, const char **value, jv_error_t *err);
int jv_config_get_double(jv_config_t *cfg, const char *key, double *value, jv_error_t *err);
int jv_config_get_int(jv_config_t *cfg, const char *key, long *value, jv_error_t *err);
int jv_config_get_bool(jv_config_t *cfg, const char *key, int *value, jv_error_t *err);
/* Comma/space separated list of doubles; *n is the count, *values allocated (caller frees). */
int jv_config_get_doubles(jv_config_t *cfg, const char *key, double **values, size_t *n, jv_error_t *err);
/* Optional getters: absent key gives the default. */
int jv_config_get_string_or(jv_config_t *cfg, const char *key, const char *def, const char **value,
                            jv_error_t *err);
int jv_config_get_double_or(jv_config_t *cfg, const char *key, double def, double *value, jv_error_t *err);
int jv_config_get_int_or(jv_config_t *cfg, const char *key, long def, long *value, jv_error_t *err);
int jv_config_get_bool_or(jv_config_t *cfg, const char *key, int def, int *value, jv_error_t *err);

/* Mark every key under "section." as known (for sections a later stage reads). */
void jv_config_mark_section(jv_config_t *cfg, const char *section);
/* JV_EINPUT listing every key that was never read (unknown keys are errors). */
int jv_config_check_unused(const jv_config_t *cfg, jv_error_t *err);

/* ---------------------------------------------------------------- random streams */
/*
 * One independent stream per (seed, stream index), e.g. per walker, so that results do not
 * depend on how work is spread over ranks. The generator is xoshiro256** (Blackman & Vigna
 * 2018) seeded through splitmix64, exposed as a gsl_rng so every gsl_ran_* distribution works.
 * Its whole state is 4 uint64 words, stored in checkpoints for exact resumes.
 */
#define JV_RNG_STATE_WORDS 4
extern const gsl_rng_type *jv_rng_xoshiro256ss; /* read-only type descriptor, like gsl_rng_mt19937 */

/* A stream keyed by (seed, index). */
int jv_rng_alloc(uint64_t seed, uint64_t index, gsl_rng **rng, jv_error_t *err);
void jv_rng_free(gsl_rng *rng);
void jv_rng_get_state(const gsl_rng *rng, uint64_t state[JV_RNG_STATE_WORDS]);
void jv_rng_set_state(gsl_rng *rng, const uint64_t state[JV_RNG_STATE_WORDS]);

/* ---------------------------------------------------------------- summary line */
/*
 * The last stdout line of every command: "key=value key=value ...", for scripts and SLURM logs.
 */
typedef struct {
  char text[4096];
  size_t len;
} jv_summary_t;

void jv_summary_init(jv_summary_t *s);
void jv_summary_add(jv_summary_t *s, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void jv_summary_print(const jv_summary_t *s, FILE *stream);



/* ---------------------------------------------------------------- stop requests */
/*
 * SIGTERM, SIGINT and SIGUSR1 (what SLURM sends before the wall-time kill) set a flag instead of
 * killing the process, so a long run can finish its step, flush and exit cleanly. The flag is the
 * one piece of process-wide state jovis keeps: a signal handler can reach nothing else.
 * Under MPI, ranks agree on the flag at a synchronisation point (see jovis/parallel.h).
 */
int jv_signals_install(jv_error_t *err);
/* The signal number that asked us to stop, or 0. */
int jv_signals_stop_requested(void);
/* Forget a pending request (tests). */
void jv_signals_reset(void);
#endif /* JOVIS_CORE_H */
