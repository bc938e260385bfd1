/*
 * Config files built on another: `[config] base = FILE` takes every key of FILE (a path relative to
 * the directory of the file that names it, or absolute), and the file's own keys add to them or
 * replace them. A staged run then holds only what its stage changes. Bases may have bases, up to
 * JV_CONFIG_BASE_DEPTH deep (deeper is taken for a cycle).
 *
 * The result is written out as one self-contained INI text, which is what every rank parses and
 * what output files store, so a result file never depends on files that may change later.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

#define JV_CONFIG_BASE_DEPTH 8
#define JV_CONFIG_LINE_WIDTH 100

/*
 * "name = value", the value broken over indented lines near JV_CONFIG_LINE_WIDTH columns. A break
 * goes only at a single space before a token that does not start a comment, so that ini.c, which
 * joins continuation lines with one space, reads back exactly this value.
 */
static void out_pair(jv_text_t *o, const char *name, const char *value) {
  jv_text_puts(o, name);
  jv_text_puts(o, value[0] != '\0' ? " = " : " =");
  size_t column = strlen(name) + 3;
  const char *p = value;
  while (*p != '\0') {
    const char *cut = NULL;
    for (const char *q = p; *q != '\0' && (cut == NULL || column + (size_t)(q - p) <= JV_CONFIG_LINE_WIDTH); ++q)
      if (q > p && q[0] == ' ' && q[-1] != ' ' && q[1] != '\0' && q[1] != ' ' && q[1] != '#' && q[1] != ';')
        cut = q;
    if (cut == NULL || column + strlen(p) <= JV_CONFIG_LINE_WIDTH) {
      jv_text_puts(o, p);
      break;
    }
    jv_text_append(o, p, (size_t)(cut - p));
    jv_text_puts(o, "\n    ");
    column = 4;
    p = cut + 1;
  }
  jv_text_puts(o, "\n");
}

static size_t section_length(const char *key) {
  const char *dot = strchr(key, '.');
  return dot != NULL ? (size_t)(dot - key) : strlen(key);
}

static int is_base_key(const char *key) { return !strcmp(key, "config.base"); }

/* Whether the section of `key` (up to its dot) comes before entry `i` in `cfg`. */
static int section_seen(const jv_config_t *cfg, size_t i, const char *key) {
  size_t len = section_length(key);
  for (size_t j = 0; j < i; ++j) {
    const char *k, *v;
    jv_config_entry_at(cfg, j, &k, &v);
    if (!is_base_key(k) && section_length(k) == len && !strncmp(k, key, len)) return 1;
  }
  return 0;
}

static int has_section(const jv_config_t *cfg, const char *key) { return section_seen(cfg, jv_config_size(cfg), key); }

/* The keys of `cfg` in the section of `key`, each with its value from `over` where `over` has it,
   leaving out the keys `skip` has. */
static void out_section(jv_text_t *o, const jv_config_t *cfg, const char *key, const jv_config_t *over,
                        const jv_config_t *skip) {
  size_t len = section_length(key);
  for (size_t j = 0; j < jv_config_size(cfg); ++j) {
    const char *k, *v;
    jv_config_entry_at(cfg, j, &k, &v);
    if (is_base_key(k) || section_length(k) != len || strncmp(k, key, len) != 0) continue;
    if (skip != NULL && jv_config_peek(skip, k) != NULL) continue;
    const char *replaced = over != NULL ? jv_config_peek(over, k) : NULL;
    out_pair(o, k + len + 1, replaced != NULL ? replaced : v);
  }
}

static void out_section_header(jv_text_t *o, const char *key) {
  jv_text_append(o, "\n[", 2);
  jv_text_append(o, key, section_length(key));
  jv_text_puts(o, "]\n");
}

/*
 * The merged text: the base's sections in its order, each with its keys (the value from `top`
 * where it sets one) and then the section's keys only `top` has; then the sections only `top` has.
 */
static int merged_text(const jv_config_t *base, const jv_config_t *top, const char *chain, char **text,
                       jv_error_t *err) {
  jv_text_t o = {0};
  jv_text_puts(&o, "# The effective configuration of\n#   ");
  jv_text_puts(&o, chain);
  jv_text_puts(&o, "\n# (each file's keys add to or replace those of the base it names in [config] base).\n");
  for (size_t i = 0; i < jv_config_size(base); ++i) {
    const char *k, *v;
    jv_config_entry_at(base, i, &k, &v);
    if (section_seen(base, i, k)) continue;
    out_section_header(&o, k);
    out_section(&o, base, k, top, NULL);
    out_section(&o, top, k, NULL, base);
  }
  for (size_t i = 0; i < jv_config_size(top); ++i) {
    const char *k, *v;
    jv_config_entry_at(top, i, &k, &v);
    if (is_base_key(k) || section_seen(top, i, k) || has_section(base, k)) continue;
    out_section_header(&o, k);
    out_section(&o, top, k, NULL, NULL);
  }
  if (o.failed) {
    free(o.buf);
    JV_FAIL(err, JV_ENOMEM, "out of memory");
  }
  *text = o.buf;
  return JV_OK;
}

/* `name` relative to the directory of `from` (unless absolute). */
static int resolve_path(const char *from, const char *name, char **path, jv_error_t *err) {
  const char *slash = strrchr(from, '/');
  size_t dir = name[0] == '/' || slash == NULL ? 0 : (size_t)(slash - from) + 1;
  *path = malloc(dir + strlen(name) + 1);
  if (*path == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  memcpy(*path, from, dir);
  strcpy(*path + dir, name);
  return JV_OK;
}

/* "path", or "path" and "over BASE-CHAIN" on comment lines of their own (one file a line, so the
 * header of a merged text stays narrow however many bases it has). */
static int chain_name(const char *path, const char *base_chain, char **chain, jv_error_t *err) {
  static const char over[] = "\n#   over ";
  size_t n = strlen(path) + (base_chain != NULL ? strlen(base_chain) + strlen(over) : 0) + 1;
  *chain = malloc(n);
  if (*chain == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  snprintf(*chain, n, "%s%s%s", path, base_chain != NULL ? over : "", base_chain != NULL ? base_chain : "");
  return JV_OK;
}

/* The effective text of `path` and the chain of files it came from ("a.ini over b.ini ..."). */
static int effective_text(const char *path, int depth, char **text, char **chain, jv_error_t *err) {
  char *raw = NULL, *base_path = NULL, *base_text = NULL, *base_chain = NULL;
  jv_config_t *top = NULL, *base = NULL;
  const char *base_name = NULL;
  *text = *chain = NULL;
  int status = jv_read_text_file(path, &raw, err);
  if (status == JV_OK) status = jv_config_parse(raw, path, &top, err);
  if (status == JV_OK) base_name = jv_config_peek(top, "config.base");
  if (status == JV_OK && base_name != NULL) {
    if (base_name[0] == '\0')
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%s: [config] base is empty", path);
    else if (depth >= JV_CONFIG_BASE_DEPTH)
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                            "%s: more than %d bases one on another (does a base name itself?)", path,
                            JV_CONFIG_BASE_DEPTH);
    if (status == JV_OK) status = resolve_path(path, base_name, &base_path, err);
    if (status == JV_OK) status = effective_text(base_path, depth + 1, &base_text, &base_chain, err);
    if (status == JV_OK) status = jv_config_parse(base_text, base_path, &base, err);
  }
  if (status == JV_OK) status = chain_name(path, base_chain, chain, err);
  if (status == JV_OK && base_name == NULL) { /* no base: the file as it is, comments and all */
    *text = raw;
    raw = NULL;
  } else if (status == JV_OK) {
    status = merged_text(base, top, *chain, text, err);
  }
  if (status != JV_OK) {
    free(*chain);
    *chain = NULL;
    jv_error_trace(err, __func__, __LINE__);
  }
  jv_config_free(top);
  jv_config_free(base);
  free(raw);
  free(base_path);
  free(base_text);
  free(base_chain);
  return status;
}

int jv_config_load_text(const char *path, char **text, jv_error_t *err) {
  char *chain = NULL;
  *text = NULL;
  JV_TRY(err, effective_text(path, 0, text, &chain, err));
  free(chain);
  return JV_OK;
}
