/* The machine-readable last line of every command: key=value pairs separated by spaces. */
#include <stdio.h>
#include <string.h>

#include "jovis/core.h"

void jv_summary_init(jv_summary_t *s) {
  s->text[0] = '\0';
  s->len = 0;
}

void jv_summary_add(jv_summary_t *s, const char *key, const char *fmt, ...) {
  char value[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(value, sizeof value, fmt, ap);
  va_end(ap);
  /* Values must not contain spaces, or the line would not split into pairs. */
  for (char *c = value; *c; ++c)
    if (*c == ' ' || *c == '\t') *c = '_';
  int n = snprintf(s->text + s->len, sizeof s->text - s->len, "%s%s=%s", s->len ? " " : "", key, value);
  if (n > 0 && s->len + (size_t)n < sizeof s->text) s->len += (size_t)n;
}

void jv_summary_print(const jv_summary_t *s, FILE *stream) {
  fprintf(stream, "%s\n", s->text);
  fflush(stream);
}
