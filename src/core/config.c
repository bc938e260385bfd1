/*
 * INI configuration: "section.key" = value pairs (read by ini.c) with a used flag so that unknown
 * keys are reported (CLASS reports unused parameters the same way).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_internal.h"

typedef struct {
  char *key;   /* "section.name" */
  char *value;
  int used;
} config_entry_t;

struct jv_config {
  config_entry_t *entries;
  size_t n, cap;
  char *text;
  char *source;
};

static char *dup_string(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d != NULL) memcpy(d, s, n);
  return d;
}

static config_entry_t *find_entry(const jv_config_t *cfg, const char *key) {
  for (size_t i = 0; i < cfg->n; ++i)
    if (strcmp(cfg->entries[i].key, key) == 0) return &cfg->entries[i];
  return NULL;
}

static int append_entry(jv_config_t *cfg, const char *key, const char *value) {
  if (cfg->n == cfg->cap) {
    size_t cap = cfg->cap ? 2 * cfg->cap : 32;
    config_entry_t *e = realloc(cfg->entries, cap * sizeof *e);
    if (e == NULL) return 0;
    cfg->entries = e;
    cfg->cap = cap;
  }
  config_entry_t *e = &cfg->entries[cfg->n];
  e->key = dup_string(key);
  e->value = dup_string(value);
  if (e->key == NULL || e->value == NULL) {
    free(e->key);
    free(e->value);
    return 0;
  }
  e->used = 0;
  cfg->n++;
  return 1;
}

static int on_pair(void *user, const char *section, const char *name, const char *value, int line,
                   jv_error_t *err) {
  jv_config_t *cfg = user;
  char key[512];
  snprintf(key, sizeof key, "%s.%s", section, name);
  if (find_entry(cfg, key) != NULL) JV_FAIL(err, JV_EINPUT, "%s:%d: key '%s' is given twice", cfg->source, line, key);
  if (!append_entry(cfg, key, value)) JV_FAIL(err, JV_ENOMEM, "out of memory");
  return JV_OK;
}

int jv_config_parse(const char *text, const char *source, jv_config_t **out, jv_error_t *err) {
  *out = NULL;
  jv_config_t *cfg = calloc(1, sizeof *cfg);
  if (cfg == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  cfg->text = dup_string(text);
  cfg->source = dup_string(source != NULL ? source : "<string>");
  if (cfg->text == NULL || cfg->source == NULL) {
    jv_config_free(cfg);
    JV_FAIL(err, JV_ENOMEM, "out of memory");
  }
  int status = jv_ini_read(text, cfg->source, on_pair, cfg, err);
  if (status != JV_OK) {
    jv_config_free(cfg);
    jv_error_trace(err, __func__, __LINE__);
    return status;
  }
  *out = cfg;
  return JV_OK;
}

int jv_read_text_file(const char *path, char **text, jv_error_t *err) {
  *text = NULL;
  FILE *f = fopen(path, "rb");
  if (f == NULL) JV_FAIL(err, JV_EIO, "cannot open '%s': %s", path, strerror(errno));
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  if (buf == NULL) {
    fclose(f);
    JV_FAIL(err, JV_ENOMEM, "out of memory reading '%s'", path);
  }
  size_t got;
  while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (n + 1 == cap) {
      char *grown = realloc(buf, 2 * cap);
      if (grown == NULL) {
        free(buf);
        fclose(f);
        JV_FAIL(err, JV_ENOMEM, "out of memory reading '%s'", path);
      }
      buf = grown;
      cap *= 2;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    JV_FAIL(err, JV_EIO, "error reading '%s'", path);
  }
  buf[n] = '\0';
  *text = buf;
  return JV_OK;
}

void jv_config_free(jv_config_t *cfg) {
  if (cfg == NULL) return;
  for (size_t i = 0; i < cfg->n; ++i) {
    free(cfg->entries[i].key);
    free(cfg->entries[i].value);
  }
  free(cfg->entries);
  free(cfg->text);
  free(cfg->source);
  free(cfg);
}

const char *jv_config_text(const jv_config_t *cfg) { return cfg->text; }
const char *jv_config_source(const jv_config_t *cfg) { return cfg->source; }

int jv_config_has(const jv_config_t *cfg, const char *key) { return find_entry(cfg, key) != NULL; }

static int lookup(jv_config_t *cfg, const char *key, const char **value, jv_error_t *err) {
  config_entry_t *e = find_entry(cfg, key);
  if (e == NULL) {
    const char *dot = strchr(key, '.');
    int section_len = dot ? (int)(dot - key) : (int)strlen(key);
    JV_FAIL(err, JV_EINPUT, "%s: missing required key '%s' (section [%.*s], key '%s')", cfg->source, key,
            section_len, key, dot ? dot + 1 : key);
  }
  e->used = 1;
  *value = e->value;
  return JV_OK;
}

int jv_config_get_string(jv_config_t *cfg, const char *key, const char **value, jv_error_t *err) {
  JV_TRY(err, lookup(cfg, key, value, err));
  return JV_OK;
}

static int parse_double(const char *source, const char *key, const char *s, double *value, jv_error_t *err) {
  char *end = NULL;
  errno = 0;
  double v = strtod(s, &end);
  while (end != NULL && isspace((unsigned char)*end)) end++;
  if (end == s || end == NULL || *end != '\0' || errno == ERANGE)
    JV_FAIL(err, JV_EINPUT, "%s: key '%s' = '%s' is not a number", source, key, s);
  if (!isfinite(v)) JV_FAIL(err, JV_EINPUT, "%s: key '%s' = '%s' is not finite", source, key, s);
  *value = v;
  return JV_OK;
}

int jv_config_get_double(jv_config_t *cfg, const char *key, double *value, jv_error_t *err) {
  const char *s;
  JV_TRY(err, lookup(cfg, key, &s, err));
  JV_TRY(err, parse_double(cfg->source, key, s, value, err));
  return JV_OK;
}

int jv_config_get_int(jv_config_t *cfg, const char *key, long *value, jv_error_t *err) {
  const char *s;
  JV_TRY(err, lookup(cfg, key, &s, err));
  char *end = NULL;
  errno = 0;
  long v = strtol(s, &end, 10);
  while (end != NULL && isspace((unsigned char)*end)) end++;
  if (end == s || *end != '\0' || errno == ERANGE)
    JV_FAIL(err, JV_EINPUT, "%s: key '%s' = '%s' is not an integer", cfg->source, key, s);
  *value = v;
  return JV_OK;
}

int jv_config_get_bool(jv_config_t *cfg, const char *key, int *value, jv_error_t *err) {
  const char *s;
  JV_TRY(err, lookup(cfg, key, &s, err));
  if (!strcasecmp(s, "yes") || !strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "on"))
    *value = 1;
  else if (!strcasecmp(s, "no") || !strcasecmp(s, "false") || !strcmp(s, "0") || !strcasecmp(s, "off"))
    *value = 0;
  else
    JV_FAIL(err, JV_EINPUT, "%s: key '%s' = '%s' is not yes/no", cfg->source, key, s);
  return JV_OK;
}

int jv_config_get_doubles(jv_config_t *cfg, const char *key, double **values, size_t *n, jv_error_t *err) {
  const char *s;
  *values = NULL;
  *n = 0;
  JV_TRY(err, lookup(cfg, key, &s, err));
  char *copy = dup_string(s);
  if (copy == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  size_t count = 0;
  for (char *tok = strtok(copy, ", \t"); tok != NULL; tok = strtok(NULL, ", \t")) count++;
  free(copy);
  double *v = calloc(count ? count : 1, sizeof *v);
  copy = dup_string(s);
  if (v == NULL || copy == NULL) {
    free(v);
    free(copy);
    JV_FAIL(err, JV_ENOMEM, "out of memory");
  }
  size_t i = 0;
  for (char *tok = strtok(copy, ", \t"); tok != NULL; tok = strtok(NULL, ", \t")) {
    int status = parse_double(cfg->source, key, tok, &v[i++], err);
    if (status != JV_OK) {
      free(v);
      free(copy);
      jv_error_trace(err, __func__, __LINE__);
      return status;
    }
  }
  free(copy);
  *values = v;
  *n = count;
  return JV_OK;
}

int jv_config_get_string_or(jv_config_t *cfg, const char *key, const char *def, const char **value,
                            jv_error_t *err) {
  if (!jv_config_has(cfg, key)) {
    *value = def;
    return JV_OK;
  }
  JV_TRY(err, jv_config_get_string(cfg, key, value, err));
  return JV_OK;
}

int jv_config_get_double_or(jv_config_t *cfg, const char *key, double def, double *value, jv_error_t *err) {
  if (!jv_config_has(cfg, key)) {
    *value = def;
    return JV_OK;
  }
  JV_TRY(err, jv_config_get_double(cfg, key, value, err));
  return JV_OK;
}

int jv_config_get_int_or(jv_config_t *cfg, const char *key, long def, long *value, jv_error_t *err) {
  if (!jv_config_has(cfg, key)) {
    *value = def;
    return JV_OK;
  }
  JV_TRY(err, jv_config_get_int(cfg, key, value, err));
  return JV_OK;
}

int jv_config_get_bool_or(jv_config_t *cfg, const char *key, int def, int *value, jv_error_t *err) {
  if (!jv_config_has(cfg, key)) {
    *value = def;
    return JV_OK;
  }
  JV_TRY(err, jv_config_get_bool(cfg, key, value, err));
  return JV_OK;
}

void jv_config_mark_section(jv_config_t *cfg, const char *section) {
  size_t len = strlen(section);
  for (size_t i = 0; i < cfg->n; ++i)
    if (strncmp(cfg->entries[i].key, section, len) == 0 && cfg->entries[i].key[len] == '.')
      cfg->entries[i].used = 1;
}

int jv_config_check_unused(const jv_config_t *cfg, jv_error_t *err) {
  char list[1500] = "";
  size_t used = 0, unknown = 0;
  for (size_t i = 0; i < cfg->n; ++i) {
    if (cfg->entries[i].used) continue;
    unknown++;
    int n = snprintf(list + used, sizeof list - used, "%s'%s'", used ? ", " : "", cfg->entries[i].key);
    if (n > 0 && used + (size_t)n < sizeof list) used += (size_t)n;
  }
  if (unknown > 0)
    JV_FAIL(err, JV_EINPUT, "%s: unknown key%s %s (check the spelling against inputs/*.ini)", cfg->source,
            unknown > 1 ? "s" : "", list);
  return JV_OK;
}

size_t jv_config_size(const jv_config_t *cfg) { return cfg->n; }

const char *jv_config_peek(const jv_config_t *cfg, const char *key) {
  const config_entry_t *e = find_entry(cfg, key);
  return e != NULL ? e->value : NULL;
}

void jv_config_entry_at(const jv_config_t *cfg, size_t i, const char **key, const char **value) {
  *key = cfg->entries[i].key;
  *value = cfg->entries[i].value;
}
