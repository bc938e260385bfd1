/*
 * Spherical-harmonic coefficient sets: reading the two file layouts jovis knows (the indexed
 * "IND SHC g|h n m" tables of JunoMag_PINN_VP3 and libinternalfield's "g|h n m value"), and
 * the field of a model at a point, internal or external, with pluggable radial functions.
 * Units: nT at reference radius a (in R_J), positions in R_J. Equations: SCIENCE.md section 2.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "magnetic_internal.h"

int jv_sh_model_alloc(int nmax, int external, jv_sh_model_t **model, jv_error_t *err) {
  *model = NULL;
  if (nmax < 1 || nmax > JV_SH_NMAX_LIMIT)
    JV_FAIL(err, JV_EINPUT, "degree %d outside 1..%d", nmax, JV_SH_NMAX_LIMIT);
  jv_sh_model_t *m;
  JV_ALLOC(err, m, 1);
  m->coef = calloc((size_t)JV_SH_NCOEF(nmax), sizeof *m->coef);
  if (m->coef == NULL) {
    free(m);
    JV_FAIL(err, JV_ENOMEM, "out of memory for %d coefficients", JV_SH_NCOEF(nmax));
  }
  m->nmax = nmax;
  m->external = external;
  m->a = 1.0;
  *model = m;
  return JV_OK;
}

void jv_sh_model_free(jv_sh_model_t *model) {
  if (model == NULL) return;
  free(model->coef);
  free(model);
}

int jv_sh_model_default_degree(const jv_sh_model_t *model) {
  return model->default_degree > 0 ? model->default_degree : model->nmax;
}

typedef struct {
  char kind; /* g h G H */
  int n, m;
  double v;
} coef_row_t;

/* One data row in either layout; returns 1 on success, 0 if it is not a coefficient row. */
static int parse_row(const char *line, coef_row_t *row) {
  char kind[8];
  long ind;
  int used = 0;
  if (sscanf(line, "%ld %lf %7s %d %d %n", &ind, &row->v, kind, &row->n, &row->m, &used) == 5 ||
      sscanf(line, "%7s %d %d %lf %n", kind, &row->n, &row->m, &row->v, &used) == 4) {
    for (const char *p = line + used; *p; ++p)
      if (!isspace((unsigned char)*p)) return 0; /* trailing junk */
    if (strlen(kind) != 1 || strchr("ghGH", kind[0]) == NULL) return 0;
    row->kind = kind[0];
    return 1;
  }
  return 0;
}

int jv_sh_model_read(const char *path, jv_sh_model_t **model, jv_error_t *err) {
  *model = NULL;
  FILE *f = fopen(path, "r");
  if (f == NULL) JV_FAIL(err, JV_EIO, "cannot open coefficient file '%s': %s", path, strerror(errno));
  char line[512];
  double rscale = 1.0;
  int default_degree = 0;
  int nmax = 0, external = -1, lineno = 0, status = JV_OK, header_seen = 0;
  coef_row_t row;
  /* Pass 1: degree, kind, and syntax (every row checked, with its line number). */
  while (fgets(line, sizeof line, f) != NULL) {
    ++lineno;
    char *s = line;
    while (isspace((unsigned char)*s))
      ++s;
    if (*s == '\0') continue;
    if (*s == '#') {
      double v;
      int deg;
      if (sscanf(s, "#Rscale %lf", &v) == 1) rscale = v;
      if (sscanf(s, "#DefaultDegree %d", &deg) == 1) default_degree = deg;
      continue;
    }
    if (!header_seen && strstr(s, "IND") != NULL) { /* the column header of the indexed layout */
      header_seen = 1;
      continue;
    }
    s[strcspn(s, "\r\n")] = '\0';
    if (!parse_row(s, &row) || !isfinite(row.v) || row.n < 1 || row.m < 0 || row.m > row.n ||
        row.n > JV_SH_NMAX_LIMIT || (row.m == 0 && (row.kind == 'h' || row.kind == 'H'))) {
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                            "%s:%d: not a coefficient row (want 'IND value g|h n m' or 'g|h n m value'"
                            " with 1 <= n <= %d, 0 <= m <= n): %.80s",
                            path, lineno, JV_SH_NMAX_LIMIT, s);
      fclose(f);
      return status;
    }
    int ext = row.kind == 'G' || row.kind == 'H';
    if (external >= 0 && ext != external) {
      fclose(f);
      JV_FAIL(err, JV_EINPUT, "%s:%d: internal (g/h) and external (G/H) coefficients mixed", path, lineno);
    }
    external = ext;
    if (row.n > nmax) nmax = row.n;
  }
  if (nmax == 0) {
    fclose(f);
    JV_FAIL(err, JV_EINPUT, "%s: no coefficients", path);
  }
  jv_sh_model_t *m = NULL;
  if ((status = jv_sh_model_alloc(nmax, external, &m, err)) != JV_OK) {
    fclose(f);
    return status;
  }
  /* "#Rscale s" is the ratio R_J / (the model's own radius unit): VIP4's s = 71492 / 71323, so
     a position in R_J is r s model units and the reference radius is a = 1/s R_J (this is what
     the JupiterMag test vectors show; a = s would be off by s^6 - 1 = 1.4% in the dipole). */
  m->a = 1.0 / rscale;
  m->default_degree = default_degree;
  snprintf(m->source, sizeof m->source, "%s", path);
  rewind(f);
  header_seen = 0;
  while (fgets(line, sizeof line, f) != NULL) {
    char *s = line;
    while (isspace((unsigned char)*s))
      ++s;
    if (*s == '\0' || *s == '#') continue;
    if (!header_seen && strstr(s, "IND") != NULL) {
      header_seen = 1;
      continue;
    }
    parse_row(s, &row);
    m->coef[jv_sh_index(row.n, row.m, row.kind == 'h' || row.kind == 'H')] = row.v;
  }
  fclose(f);
  *model = m;
  return JV_OK;
}

/*
 * The field of one SH model (SCIENCE.md section 2): internal
 *   B_r = sum (n+1) F_n sum_m [g cos + h sin] P,  B_th = -sum G_n sum_m [...] dP/dtheta,
 *   B_ph = sum G_n sum_m m [g sin - h cos] P / sin theta;
 * external: B_r = -sum n F_n (...) P, same tangential forms.
 */
int jv_sh_field_sph(const jv_sh_model_t *model, int ntrunc, const jv_radial_t *radial, double r, double theta,
                    double phi, double bs[3], jv_error_t *err) {
  int N = ntrunc <= 0 || ntrunc > model->nmax ? model->nmax : ntrunc;
  double P[JV_LEG_SIZE(JV_SH_NMAX_LIMIT)], dP[JV_LEG_SIZE(JV_SH_NMAX_LIMIT)],
      Q[JV_LEG_SIZE(JV_SH_NMAX_LIMIT)];
  double F[JV_SH_NMAX_LIMIT + 1], G[JV_SH_NMAX_LIMIT + 1];
  double cm[JV_SH_NMAX_LIMIT + 1], sm[JV_SH_NMAX_LIMIT + 1];
  if (radial == NULL) radial = &jv_radial_massless;
  if (model->external)
    JV_TRY(err, radial->external(radial, N, r / model->a, F, G, err));
  else
    JV_TRY(err, radial->internal(radial, N, r / model->a, F, G, err));
  jv_legendre(N, theta, P, dP, Q);
  for (int m = 0; m <= N; ++m) {
    cm[m] = cos(m * phi);
    sm[m] = sin(m * phi);
  }
  double br = 0, bt = 0, bp = 0;
  const double *c = model->coef;
  for (int n = 1; n <= N; ++n) {
    double sr = 0, st = 0, sp = 0;
    for (int m = 0; m <= n; ++m) {
      size_t l = jv_leg_index(n, m);
      double g = c[jv_sh_index(n, m, 0)], h = m > 0 ? c[jv_sh_index(n, m, 1)] : 0.0;
      double cs = g * cm[m] + h * sm[m];
      sr += cs * P[l];
      st += cs * dP[l];
      sp += m * (g * sm[m] - h * cm[m]) * Q[l];
    }
    br += (model->external ? -n : n + 1) * F[n] * sr;
    bt -= G[n] * st;
    bp += G[n] * sp;
  }
  bs[0] = br;
  bs[1] = bt;
  bs[2] = bp;
  return JV_OK;
}

int jv_sh_field(const jv_sh_model_t *model, int ntrunc, const jv_radial_t *radial, const double x[3],
                double b[3], jv_error_t *err) {
  double r, th, ph, bs[3];
  jv_mag_cart_to_sph(x, &r, &th, &ph);
  JV_TRY(err, jv_sh_field_sph(model, ntrunc, radial, r, th, ph, bs, err));
  jv_mag_vec_sph_to_cart(th, ph, bs, b);
  return JV_OK;
}
