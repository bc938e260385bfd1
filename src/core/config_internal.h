/*
 * Inside src/core's configuration: the INI reader (ini.c), the key store (config.c), the
 * base-file resolution (config_base.c) and their text buffer (text.c) share these.
 */
#ifndef JOVIS_CONFIG_INTERNAL_H
#define JOVIS_CONFIG_INTERNAL_H

#include <stddef.h>

#include "jovis/core.h"

/* A growing NUL-terminated text (text.c); `failed` is set, and further appends are ignored, once
   memory runs out. Start from {0}; buf may be NULL until the first append. */
typedef struct {
  char *buf;
  size_t len, cap;
  int failed;
} jv_text_t;

void jv_text_append(jv_text_t *t, const char *s, size_t n);
void jv_text_puts(jv_text_t *t, const char *s);

/*
 * Called once per key with its whole value (continuation lines joined) and the line the key is on.
 * A status other than JV_OK stops the read; the callback fills err itself.
 */
typedef int (*jv_ini_pair_fn)(void *user, const char *section, const char *name, const char *value, int line,
                              jv_error_t *err);

/*
 * Read INI text (the grammar is in ini.c). source names the text in messages, which carry
 * "source:line". Syntax errors are JV_EINPUT.
 */
int jv_ini_read(const char *text, const char *source, jv_ini_pair_fn on_pair, void *user, jv_error_t *err);

/* The keys in the order they were given, and a value looked up without marking it used (NULL:
   absent). */
size_t jv_config_size(const jv_config_t *cfg);
void jv_config_entry_at(const jv_config_t *cfg, size_t i, const char **key, const char **value);
const char *jv_config_peek(const jv_config_t *cfg, const char *key);

#endif
