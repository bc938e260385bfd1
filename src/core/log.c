/* Logging with rank and elapsed time: "[rank 0  12.3 s] func(): message" on stderr. */
#include <stdio.h>
#include <time.h>

#include "jovis/core.h"

double jv_wtime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

jv_log_t jv_log_make(int rank, int verbosity) {
  jv_log_t log = {.rank = rank, .verbosity = verbosity, .t_start = jv_wtime(), .all_ranks = 0, .stream = NULL};
  return log;
}

static const char *level_tag(int level) {
  switch (level) {
  case JV_LOG_ERROR: return "error: ";
  case JV_LOG_WARN: return "warning: ";
  case JV_LOG_DEBUG: return "debug: ";
  default: return "";
  }
}

void jv_log_msg(const jv_log_t *log, int level, const char *func, const char *fmt, ...) {
  if (log == NULL || level > log->verbosity) return;
  /* Informational lines come from rank 0 only, so a 64-rank job does not print 64 copies. */
  if (level >= JV_LOG_INFO && log->rank > 0 && !log->all_ranks) return;
  FILE *out = log->stream != NULL ? log->stream : stderr;
  char body[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(body, sizeof body, fmt, ap);
  va_end(ap);
  double elapsed = jv_wtime() - log->t_start;
  if (log->rank >= 0)
    fprintf(out, "[%d %8.1f s] %s(): %s%s\n", log->rank, elapsed, func, level_tag(level), body);
  else
    fprintf(out, "[%8.1f s] %s(): %s%s\n", elapsed, func, level_tag(level), body);
  fflush(out);
}
