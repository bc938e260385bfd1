/*
 * Vector magnetometer tables: reading (columns, units and frames declared by a jv_mag_format_t),
 * selection (orbits, radius, time) and the per-orbit summary. Positions are stored in R_J and
 * fields in nT, Cartesian System III; times in days since 2000-01-01T00:00 UTC.
 * Every row that does not parse is an error naming file and line: no silent skips.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "magnetic_internal.h"

jv_mag_format_t jv_mag_format_juno_pinn(void) {
  jv_mag_format_t f;
  memset(&f, 0, sizeof f);
  f.header_lines = 1; /* "PJ Year DD x y z Bx By Bz" */
  f.col_orbit = 1;
  f.col_year = 2;
  f.col_doy = 3;
  f.col_pos[0] = 4, f.col_pos[1] = 5, f.col_pos[2] = 6;
  f.pos_frame = JV_FRAME_CARTESIAN;
  f.pos_unit_rj = 1.0 / JV_RJ_KM;
  f.col_b[0] = 7, f.col_b[1] = 8, f.col_b[2] = 9;
  f.b_frame = JV_FRAME_CARTESIAN;
  f.b_unit_nt = 1e5; /* Gauss */
  return f;
}

int jv_mag_data_alloc(size_t n, jv_mag_data_t **data, jv_error_t *err) {
  jv_mag_data_t *d;
  *data = NULL;
  JV_ALLOC(err, d, 1);
  d->orbit = calloc(n ? n : 1, sizeof *d->orbit);
  d->t = calloc(n ? n : 1, sizeof *d->t);
  d->pos = calloc(3 * (n ? n : 1), sizeof *d->pos);
  d->b = calloc(3 * (n ? n : 1), sizeof *d->b);
  if (!d->orbit || !d->t || !d->pos || !d->b) {
    jv_mag_data_free(d);
    JV_FAIL(err, JV_ENOMEM, "out of memory for %zu data points", n);
  }
  d->n = n;
  *data = d;
  return JV_OK;
}

void jv_mag_data_free(jv_mag_data_t *d) {
  if (d == NULL) return;
  free(d->orbit);
  free(d->t);
  free(d->pos);
  free(d->b);
  free(d);
}

/* Days from 2000-01-01T00:00 to 1 January of year y (proleptic Gregorian). */
static double days_to_year(int y) {
  long days = 0;
  for (int k = 2000; k < y; ++k)
    days += (k % 4 == 0 && (k % 100 != 0 || k % 400 == 0)) ? 366 : 365;
  for (int k = y; k < 2000; ++k)
    days -= (k % 4 == 0 && (k % 100 != 0 || k % 400 == 0)) ? 366 : 365;
  return (double)days;
}

/* Split a line into fields (whitespace or the delimiter); returns the count (at most cap). */
static int split_fields(char *line, char delim, char **fields, int cap) {
  int n = 0;
  char *p = line;
  for (;;) {
    if (delim == 0)
      while (isspace((unsigned char)*p))
        ++p;
    if (*p == '\0' || *p == '\n' || *p == '\r') break;
    if (n < cap) fields[n] = p;
    ++n;
    if (delim == 0) {
      while (*p && !isspace((unsigned char)*p))
        ++p;
    } else {
      while (*p && *p != delim && *p != '\n' && *p != '\r')
        ++p;
    }
    if (*p == '\0') break;
    char *end = p;
    if (delim != 0 && *p != delim) { /* end of line */
      *end = '\0';
      break;
    }
    *end = '\0';
    ++p;
  }
  return n;
}

static int max_col(const jv_mag_format_t *f) {
  int cols[] = {f->col_orbit,  f->col_year,   f->col_doy,  f->col_days, f->col_time_s, f->col_pos[0],
                f->col_pos[1], f->col_pos[2], f->col_b[0], f->col_b[1], f->col_b[2]};
  int m = 0;
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; ++i)
    if (cols[i] > m) m = cols[i];
  return m;
}

/* The next data line (header lines, blank lines and '#' comments skipped), or NULL at the end. */
static char *next_row(FILE *f, const jv_mag_format_t *fmt, char *line, int size, int *lineno) {
  while (fgets(line, size, f) != NULL) {
    if (++*lineno <= fmt->header_lines) continue;
    char *s = line;
    while (isspace((unsigned char)*s))
      ++s;
    if (*s != '\0' && *s != '#') return line;
  }
  return NULL;
}

int jv_mag_data_read(const char *path, const jv_mag_format_t *fmt, jv_mag_data_t **data, jv_error_t *err) {
  *data = NULL;
  int need = max_col(fmt);
  if (need < 1 || fmt->col_pos[0] < 1 || fmt->col_pos[1] < 1 || fmt->col_pos[2] < 1 || fmt->col_b[0] < 1 ||
      fmt->col_b[1] < 1 || fmt->col_b[2] < 1)
    JV_FAIL(err, JV_EINPUT, "data format for '%s': the three position and three field columns are required",
            path);
  if (!(fmt->pos_unit_rj > 0) || !(fmt->b_unit_nt > 0))
    JV_FAIL(err, JV_EINPUT, "data format for '%s': units must be positive", path);
  FILE *f = fopen(path, "r");
  if (f == NULL) JV_FAIL(err, JV_EIO, "cannot open data file '%s': %s", path, strerror(errno));
  /* Pass 1: count rows. */
  size_t rows = 0, cap = 0;
  char line[4096];
  int lineno = 0;
  while (next_row(f, fmt, line, (int)sizeof line, &lineno) != NULL)
    ++cap;
  jv_mag_data_t *d = NULL;
  int status = jv_mag_data_alloc(cap, &d, err);
  if (status != JV_OK) {
    fclose(f);
    return status;
  }
  snprintf(d->source, sizeof d->source, "%s", path);
  rewind(f);
  lineno = 0;
  const double deg = fmt->pos_degrees ? 3.14159265358979323846 / 180.0 : 1.0;
  while (next_row(f, fmt, line, (int)sizeof line, &lineno) != NULL) {
    if (strchr(line, '\n') == NULL && !feof(f)) {
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%s:%d: line longer than %zu characters",
                            path, lineno, sizeof line - 1);
      goto fail;
    }
    char *fields[64];
    int nf = split_fields(line, fmt->delimiter, fields, 64);
    if (nf < need) {
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%s:%d: %d columns, the format needs %d",
                            path, lineno, nf, need);
      goto fail;
    }
    double v[12];
    int cols[12] = {fmt->col_pos[0], fmt->col_pos[1], fmt->col_pos[2], fmt->col_b[0],
                    fmt->col_b[1],   fmt->col_b[2],   fmt->col_orbit,  fmt->col_year,
                    fmt->col_doy,    fmt->col_days,   fmt->col_time_s, 0};
    for (int k = 0; k < 11; ++k) {
      v[k] = 0;
      if (cols[k] < 1) continue;
      char *end;
      errno = 0;
      v[k] = strtod(fields[cols[k] - 1], &end);
      if (end == fields[cols[k] - 1] || *end != '\0' || !isfinite(v[k])) {
        status =
            jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%s:%d: column %d is '%s', not a finite number",
                         path, lineno, cols[k], fields[cols[k] - 1]);
        goto fail;
      }
    }
    size_t i = rows++;
    d->orbit[i] = fmt->col_orbit ? (int)lround(v[6]) : 0;
    if (fmt->col_year && fmt->col_doy)
      d->t[i] = days_to_year((int)lround(v[7])) + v[8] - 1.0;
    else if (fmt->col_days)
      d->t[i] = v[9];
    else if (fmt->col_time_s)
      d->t[i] = v[10] / 86400.0;
    else
      d->t[i] = (double)i; /* no time column: row order stands in for time */
    double *x = d->pos + 3 * i, *b = d->b + 3 * i;
    if (fmt->pos_frame == JV_FRAME_CARTESIAN) {
      for (int k = 0; k < 3; ++k)
        x[k] = v[k] * fmt->pos_unit_rj;
    } else {
      double r = v[0] * fmt->pos_unit_rj, th = v[1] * deg, ph = v[2] * deg;
      x[0] = r * sin(th) * cos(ph);
      x[1] = r * sin(th) * sin(ph);
      x[2] = r * cos(th);
    }
    if (fmt->b_frame == JV_FRAME_CARTESIAN) {
      for (int k = 0; k < 3; ++k)
        b[k] = v[3 + k] * fmt->b_unit_nt;
    } else {
      double r, th, ph, bs[3] = {v[3] * fmt->b_unit_nt, v[4] * fmt->b_unit_nt, v[5] * fmt->b_unit_nt};
      jv_mag_cart_to_sph(x, &r, &th, &ph);
      jv_mag_vec_sph_to_cart(th, ph, bs, b);
    }
    if (!(hypot(hypot(x[0], x[1]), x[2]) > 0)) {
      status =
          jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%s:%d: position at the origin", path, lineno);
      goto fail;
    }
  }
  fclose(f);
  if (rows == 0) {
    jv_mag_data_free(d);
    JV_FAIL(err, JV_EINPUT, "%s: no data rows", path);
  }
  d->n = rows;
  *data = d;
  return JV_OK;
fail:
  fclose(f);
  jv_mag_data_free(d);
  return status;
}

jv_mag_select_t jv_mag_select_all(void) {
  jv_mag_select_t s = {NULL, 0, 0.0, INFINITY, -INFINITY, INFINITY};
  return s;
}

int jv_mag_parse_orbits(const char *text, int **orbits, size_t *n, jv_error_t *err) {
  size_t cap = 16, count = 0;
  int *list = malloc(cap * sizeof *list);
  if (list == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  const char *p = text;
  while (*p) {
    while (isspace((unsigned char)*p) || *p == ',')
      ++p;
    if (*p == '\0') break;
    char *end;
    long a = strtol(p, &end, 10), b;
    if (end == p || a < 0) goto bad;
    p = end;
    while (isspace((unsigned char)*p))
      ++p;
    b = a;
    if (*p == '-') {
      ++p;
      b = strtol(p, &end, 10);
      if (end == p || b < a || b - a > 100000) goto bad;
      p = end;
    }
    for (long k = a; k <= b; ++k) {
      if (count == cap) {
        int *grown = realloc(list, 2 * cap * sizeof *list);
        if (grown == NULL) {
          free(list);
          JV_FAIL(err, JV_ENOMEM, "out of memory");
        }
        list = grown;
        cap *= 2;
      }
      list[count++] = (int)k;
    }
    while (isspace((unsigned char)*p))
      ++p;
    if (*p != '\0' && *p != ',') goto bad;
  }
  if (count == 0) goto bad;
  *orbits = list;
  *n = count;
  return JV_OK;
bad:
  free(list);
  JV_FAIL(err, JV_EINPUT, "orbit list '%s': want numbers and ranges like '1-33' or '1, 3, 5-9'", text);
}

static int selected(const jv_mag_data_t *d, size_t i, const jv_mag_select_t *s) {
  double r = hypot(hypot(d->pos[3 * i], d->pos[3 * i + 1]), d->pos[3 * i + 2]);
  if (r < s->r_min || r > s->r_max || d->t[i] < s->t_min || d->t[i] > s->t_max) return 0;
  if (s->n_orbits == 0) return 1;
  for (size_t k = 0; k < s->n_orbits; ++k)
    if (s->orbits[k] == d->orbit[i]) return 1;
  return 0;
}

int jv_mag_data_select(const jv_mag_data_t *in, const jv_mag_select_t *sel, jv_mag_data_t **out,
                       jv_error_t *err) {
  size_t n = 0;
  for (size_t i = 0; i < in->n; ++i)
    n += (size_t)selected(in, i, sel);
  if (n == 0)
    JV_FAIL(err, JV_EINPUT, "the selection (r %g..%g R_J, %zu orbits listed) keeps no point of '%s'",
            sel->r_min, sel->r_max, sel->n_orbits, in->source);
  jv_mag_data_t *d;
  JV_TRY(err, jv_mag_data_alloc(n, &d, err));
  snprintf(d->source, sizeof d->source, "%s", in->source);
  size_t j = 0;
  for (size_t i = 0; i < in->n; ++i) {
    if (!selected(in, i, sel)) continue;
    d->orbit[j] = in->orbit[i];
    d->t[j] = in->t[i];
    memcpy(d->pos + 3 * j, in->pos + 3 * i, 3 * sizeof(double));
    memcpy(d->b + 3 * j, in->b + 3 * i, 3 * sizeof(double));
    ++j;
  }
  *out = d;
  return JV_OK;
}

int jv_mag_data_summarise(const jv_mag_data_t *d, jv_mag_summary_t *s, jv_error_t *err) {
  memset(s, 0, sizeof *s);
  s->orbit = calloc(d->n ? d->n : 1, sizeof *s->orbit);
  s->count = calloc(d->n ? d->n : 1, sizeof *s->count);
  if (!s->orbit || !s->count) {
    jv_mag_summary_free(s);
    JV_FAIL(err, JV_ENOMEM, "out of memory");
  }
  s->r_min = s->b_min = s->t_min = INFINITY;
  s->r_max = s->b_max = s->t_max = -INFINITY;
  for (size_t i = 0; i < d->n; ++i) {
    size_t k;
    for (k = 0; k < s->n_orbits; ++k) /* orbits are few (~50) and contiguous in files */
      if (s->orbit[s->n_orbits - 1 - k] == d->orbit[i]) break;
    if (k == s->n_orbits) {
      s->orbit[s->n_orbits] = d->orbit[i];
      s->count[s->n_orbits++] = 1;
    } else {
      s->count[s->n_orbits - 1 - k]++;
    }
    const double *x = d->pos + 3 * i, *b = d->b + 3 * i;
    double r = hypot(hypot(x[0], x[1]), x[2]), bm = hypot(hypot(b[0], b[1]), b[2]);
    s->r_min = fmin(s->r_min, r), s->r_max = fmax(s->r_max, r);
    s->b_min = fmin(s->b_min, bm), s->b_max = fmax(s->b_max, bm);
    s->t_min = fmin(s->t_min, d->t[i]), s->t_max = fmax(s->t_max, d->t[i]);
  }
  return JV_OK;
}

void jv_mag_summary_free(jv_mag_summary_t *s) {
  if (s == NULL) return;
  free(s->orbit);
  free(s->count);
  s->orbit = NULL;
  s->count = NULL;
  s->n_orbits = 0;
}

void jv_mag_summary_print(const jv_mag_summary_t *s, FILE *stream) {
  size_t total = 0;
  fprintf(stream, "orbit  points\n");
  for (size_t k = 0; k < s->n_orbits; ++k) {
    fprintf(stream, "%5d  %6zu\n", s->orbit[k], s->count[k]);
    total += s->count[k];
  }
  fprintf(stream, "%zu points in %zu orbits; r %.4f..%.4f R_J; |B| %.0f..%.0f nT\n", total, s->n_orbits,
          s->r_min, s->r_max, s->b_min, s->b_max);
}
