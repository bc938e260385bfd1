/*
 * The INI reader: text in, one callback per key with its whole value out.
 *
 * The grammar, line by line (a line's trailing whitespace and '\r' do not count):
 *   blank                     ends the value above
 *   "# ..." or "; ..."        a comment, indented or not (there are no comments after a value)
 *   "[name]"                  starts section `name` (no '.' in it: keys are "section.name")
 *   "name = value"            a key of the current section, in the first column
 *   indented text             goes on with the value above, joined to it with one space
 * Names and values are stripped of surrounding whitespace; a value may be empty. A line may be as
 * long as it likes. Anything else is an error naming the source and line.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

/* [*begin, *end) trimmed of whitespace on both sides. */
static void trim(const char **begin, const char **end) {
  while (*begin < *end && isspace((unsigned char)**begin)) ++*begin;
  while (*end > *begin && isspace((unsigned char)(*end)[-1])) --*end;
}

/* The key being read: its name, value so far and line (line 0: none). */
typedef struct {
  jv_text_t section, name, value;
  int line;
} ini_state_t;

static int finish_pair(ini_state_t *st, jv_ini_pair_fn on_pair, void *user, jv_error_t *err) {
  if (st->line == 0) return JV_OK;
  int line = st->line;
  st->line = 0;
  return on_pair(user, st->section.buf, st->name.buf, st->value.len ? st->value.buf : "", line, err);
}

/* One line [p, end), already trimmed at the end and not blank. */
static int read_line(ini_state_t *st, const char *p, const char *end, int line, const char *source,
                     jv_ini_pair_fn on_pair, void *user, jv_error_t *err) {
  const char *text = p, *text_end = end;
  trim(&text, &text_end);
  if (*text == '#' || *text == ';') return JV_OK;
  if (text != p) { /* indented: the value above goes on */
    if (st->line == 0)
      JV_FAIL(err, JV_EINPUT, "%s:%d: an indented line goes on with the value of the key above it, and there is none",
              source, line);
    if (st->value.len > 0) jv_text_append(&st->value, " ", 1);
    jv_text_append(&st->value, text, (size_t)(text_end - text));
    if (st->value.failed) JV_FAIL(err, JV_ENOMEM, "out of memory");
    return JV_OK;
  }
  JV_TRY(err, finish_pair(st, on_pair, user, err));
  if (*text == '[') {
    const char *close = memchr(text, ']', (size_t)(text_end - text)), *name = text + 1;
    if (close == NULL || close + 1 != text_end)
      JV_FAIL(err, JV_EINPUT, "%s:%d: a section line is '[name]' and nothing after it", source, line);
    const char *name_end = close;
    trim(&name, &name_end);
    if (name == name_end) JV_FAIL(err, JV_EINPUT, "%s:%d: a section needs a name", source, line);
    /* keys are stored as "section.name": a dot in the section would make that ambiguous */
    if (memchr(name, '.', (size_t)(name_end - name)) != NULL)
      JV_FAIL(err, JV_EINPUT, "%s:%d: a section name cannot hold a '.'", source, line);
    st->section.len = 0;
    jv_text_append(&st->section, name, (size_t)(name_end - name));
    if (st->section.failed) JV_FAIL(err, JV_ENOMEM, "out of memory");
    return JV_OK;
  }
  const char *eq = memchr(text, '=', (size_t)(text_end - text));
  if (eq == NULL)
    JV_FAIL(err, JV_EINPUT, "%s:%d: malformed INI (expected '[section]', 'key = value' or an indented continuation)",
            source, line);
  const char *name = text, *name_end = eq, *value = eq + 1, *value_end = text_end;
  trim(&name, &name_end);
  trim(&value, &value_end);
  if (name == name_end) JV_FAIL(err, JV_EINPUT, "%s:%d: a key needs a name before '='", source, line);
  if (st->section.len == 0)
    JV_FAIL(err, JV_EINPUT, "%s:%d: key '%.*s' is outside any [section]", source, line, (int)(name_end - name), name);
  st->name.len = st->value.len = 0;
  jv_text_append(&st->name, name, (size_t)(name_end - name));
  jv_text_append(&st->value, value, (size_t)(value_end - value));
  if (st->name.failed || st->value.failed) JV_FAIL(err, JV_ENOMEM, "out of memory");
  st->line = line;
  return JV_OK;
}

static int read_all(ini_state_t *st, const char *text, const char *source, jv_ini_pair_fn on_pair, void *user,
                    jv_error_t *err) {
  if (!strncmp(text, "\xEF\xBB\xBF", 3)) text += 3; /* a UTF-8 byte-order mark */
  int line = 0;
  for (const char *p = text; *p != '\0';) {
    size_t len = strcspn(p, "\n");
    const char *end = p + len;
    ++line;
    while (end > p && isspace((unsigned char)end[-1])) --end;
    if (end == p)
      JV_TRY(err, finish_pair(st, on_pair, user, err));
    else
      JV_TRY(err, read_line(st, p, end, line, source, on_pair, user, err));
    p += len + (p[len] == '\n');
  }
  JV_TRY(err, finish_pair(st, on_pair, user, err));
  return JV_OK;
}

int jv_ini_read(const char *text, const char *source, jv_ini_pair_fn on_pair, void *user, jv_error_t *err) {
  ini_state_t st = {0};
  int status = read_all(&st, text, source, on_pair, user, err);
  free(st.section.buf);
  free(st.name.buf);
  free(st.value.buf);
  return status;
}
