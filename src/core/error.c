/* Status codes and the error record that carries a message and a call trace upward. */
#include <stdio.h>
#include <string.h>

#include "jovis/core.h"

const char *jv_status_name(int status) {
  switch (status) {
  case JV_OK: return "OK";
  case JV_EINPUT: return "EINPUT";
  case JV_EDOM: return "EDOM";
  case JV_ENOCONV: return "ENOCONV";
  case JV_EIO: return "EIO";
  case JV_ENOMEM: return "ENOMEM";
  case JV_EMATH: return "EMATH";
  case JV_EMPI: return "EMPI";
  case JV_EINTERRUPT: return "EINTERRUPT";
  default: return "EUNKNOWN";
  }
}

void jv_error_clear(jv_error_t *err) {
  if (err == NULL) return;
  err->status = JV_OK;
  err->msg[0] = '\0';
}

int jv_error_set(jv_error_t *err, int status, const char *func, int line, const char *fmt, ...) {
  if (err == NULL) return status;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  size_t used = n < 0 ? 0 : (size_t)n;
  if (used < sizeof err->msg)
    snprintf(err->msg + used, sizeof err->msg - used, " [%s:%d]", func, line);
  err->status = status;
  return status;
}

void jv_error_trace(jv_error_t *err, const char *func, int line) {
  /* An empty message is a rank that stays silent about a collective error (jv_par_agree): a
     trace alone would make it print a line with no message. */
  if (err == NULL || err->msg[0] == '\0') return;
  size_t used = strlen(err->msg);
  if (used + 1 < sizeof err->msg)
    snprintf(err->msg + used, sizeof err->msg - used, " <- %s:%d", func, line);
}
