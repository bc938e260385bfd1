/* A growing NUL-terminated text, for the INI reader and the merged-config writer. */
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

void jv_text_append(jv_text_t *t, const char *s, size_t n) {
  if (t->failed) return;
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 256;
    while (cap < t->len + n + 1) cap *= 2;
    char *grown = realloc(t->buf, cap);
    if (grown == NULL) {
      t->failed = 1;
      return;
    }
    t->buf = grown;
    t->cap = cap;
  }
  memcpy(t->buf + t->len, s, n);
  t->len += n;
  t->buf[t->len] = '\0';
}

void jv_text_puts(jv_text_t *t, const char *s) { jv_text_append(t, s, strlen(s)); }
