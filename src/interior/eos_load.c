/*
 * Loaders for the EOS tables of ../shared/data/eos (formats in each PROVENANCE.md): SCvH95 H and
 * He, MH13 H-He mixture (resampled from its (rho, T) grid onto (log T, log P)), the CMS19 / CD21
 * (log T, log P) format and the Mazevet+2019 water densities. Everything becomes a
 * jv_eos_grid_t in cgs with log10 rho [g/cc] and log10 S [erg/g/K].
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eos_internal.h"

#define K_B 1.380649e-16     /* erg/K */
#define AMU 1.66053907e-24   /* g */
#define M_H_AMU 1.00794
#define M_HE_AMU 4.002602

static int open_file(const char *path, FILE **f, jv_error_t *err) {
  *f = fopen(path, "r");
  if (*f == NULL) JV_FAIL(err, JV_EIO, "cannot open EOS table '%s'", path);
  return JV_OK;
}

/* Close the file; hand the grid over on success, free it on failure. */
static int finish(FILE *f, int status, jv_eos_grid_t *g, jv_eos_grid_t **out) {
  fclose(f);
  if (status != JV_OK) {
    jv_eos_grid_free(g);
    return status;
  }
  *out = g;
  return JV_OK;
}

/* SCvH95 interpolated tables: isotherms "logT NP", then NP rows of 11 columns (PROVENANCE). */
int jv_eos_load_scvh95(const char *path, jv_eos_grid_t **out, jv_error_t *err) {
  const int nT = 63, nP = 76;
  const double logT0 = 2.10, dT = 0.08, logP0 = 4.00, dP = 0.20;
  FILE *f;
  char line[512];
  int status = JV_OK, isotherms = 0;
  *out = NULL;
  JV_TRY(err, open_file(path, &f, err));
  jv_eos_grid_t *g = NULL;
  JV_TRY_GOTO(err, status, done, jv_eos_grid_alloc(&g, path, nT, logT0, dT, nP, logP0, dP, 1, err));
  while (fgets(line, sizeof line, f) != NULL) {
    double logT;
    int np;
    if (sscanf(line, "%lf %d", &logT, &np) != 2 || strchr(line, 'E') != NULL) continue;
    int it = (int)lround((logT - logT0) / dT);
    if (it < 0 || it >= nT || fabs(logT0 + it * dT - logT) > 1e-6 || np <= 0 || np > nP) {
      status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: bad isotherm header '%.60s'", path, line);
      goto done;
    }
    for (int r = 0; r < np; ++r) {
      double c[11];
      if (fgets(line, sizeof line, f) == NULL ||
          sscanf(line, "%lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf", &c[0], &c[1], &c[2], &c[3], &c[4], &c[5],
                 &c[6], &c[7], &c[8], &c[9], &c[10]) != 11) {
        status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: short row in isotherm log T = %.2f", path, logT);
        goto done;
      }
      int ip = (int)lround((c[0] - logP0) / dP);
      if (ip < 0 || ip >= nP || fabs(logP0 + ip * dP - c[0]) > 1e-6) {
        status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: log P = %g off the grid", path, c[0]);
        goto done;
      }
      g->f[JV_EOS_LOGRHO][(size_t)it * nP + ip] = c[3];
      g->f[JV_EOS_LOGS][(size_t)it * nP + ip] = c[4];
    }
    ++isotherms;
  }
  if (isotherms != nT)
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: %d isotherms, expected %d", path, isotherms, nT);
done:
  return finish(f, status, g, out);
}

/* Value after a label such as "P(GPa)=" in an MH13 row. */
static int field_after(const char *line, const char *label, double *v) {
  const char *p = strstr(line, label);
  if (p == NULL) return 0;
  char *end;
  *v = strtod(p + strlen(label), &end);
  return end != p + strlen(label);
}

/* Cubic Lagrange through 4 points (x monotone), or linear with 2. */
static double lagrange(const double *x, const double *y, int n, double t) {
  double v = 0.0;
  for (int a = 0; a < n; ++a) {
    double w = 1.0;
    for (int b = 0; b < n; ++b)
      if (b != a) w *= (t - x[b]) / (x[a] - x[b]);
    v += w * y[a];
  }
  return v;
}

/*
 * MH13 H-He mixture (18 He + 220 H, Y = 0.2466): 16 densities x 240 temperatures (500 K steps).
 * At each (log T, log P) node: log P and S of every density at T by cubic interpolation in T,
 * then log rho and S at log P by cubic interpolation in log P across the densities.
 */
int jv_eos_load_mh13(const char *path, jv_eos_grid_t **out, jv_error_t *err) {
  enum { NR = 16, NT = 240 };
  double lrho[NR];
  double (*LP)[NT] = NULL, (*SS)[NT] = NULL;
  FILE *f;
  char line[512];
  int status = JV_OK, rows = 0;
  jv_eos_grid_t *g = NULL;
  *out = NULL;
  LP = malloc(sizeof(double[NR][NT]));
  SS = malloc(sizeof(double[NR][NT]));
  if (LP == NULL || SS == NULL) {
    free(LP);
    free(SS);
    JV_FAIL(err, JV_ENOMEM, "out of memory reading %s", path);
  }
  status = open_file(path, &f, err);
  if (status != JV_OK) {
    free(LP);
    free(SS);
    return status;
  }
  /* electrons per gram of the simulated mixture, for S in k_B per electron */
  const double ne_per_g = 256.0 / ((220.0 * M_H_AMU + 18.0 * M_HE_AMU) * AMU);
  while (fgets(line, sizeof line, f) != NULL) {
    double rho, T, P, S;
    if (line[0] == '#' || strstr(line, "rs=") == NULL) continue;
    if (!field_after(line, "rhoHHe(g/cc)=", &rho) || !field_after(line, "T(K)=", &T) ||
        !field_after(line, "P(GPa)=", &P) || !field_after(line, "S(kb/el)=", &S)) {
      status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: unreadable row '%.60s'", path, line);
      goto done;
    }
    int ir = rows / NT, it = rows % NT;
    if (ir >= NR || fabs(T - 500.0 * (it + 1)) > 1e-6 || P <= 0.0) {
      status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: row %d not on the 16 x 240 grid", path, rows);
      goto done;
    }
    lrho[ir] = log10(rho);
    LP[ir][it] = log10(P) + 10.0; /* GPa -> dyn/cm^2 */
    SS[ir][it] = S * K_B * ne_per_g;
    ++rows;
  }
  if (rows != NR * NT) {
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: %d rows, expected %d", path, rows, NR * NT);
    goto done;
  }
  /* target grid: log T 2.70 .. 5.06, log P 9.5 .. 15.5 (cgs) */
  const int nT = 119, nP = 241;
  const double logT0 = 2.70, dT = 0.02, logP0 = 9.5, dP = 0.025;
  JV_TRY_GOTO(err, status, done, jv_eos_grid_alloc(&g, path, nT, logT0, dT, nP, logP0, dP, 1, err));
  for (int i = 0; i < nT; ++i) {
    double T = pow(10.0, logT0 + i * dT), t = T / 500.0 - 1.0, lpT[NR], sT[NR];
    int k = (int)floor(t);
    if (k < 1) k = 1;
    if (k > NT - 3) k = NT - 3;
    double xs[4] = {k - 1.0, k, k + 1.0, k + 2.0};
    if (t < 0.0 || t > NT - 1.0) continue;
    for (int r = 0; r < NR; ++r) {
      lpT[r] = lagrange(xs, &LP[r][k - 1], 4, t);
      sT[r] = lagrange(xs, &SS[r][k - 1], 4, t);
    }
    for (int j = 0; j < nP; ++j) {
      double logP = logP0 + j * dP;
      int r = 0;
      while (r < NR - 1 && lpT[r + 1] < logP) ++r;
      if (logP < lpT[0] || logP > lpT[NR - 1]) continue;
      for (int q = 0; q < NR - 1; ++q)
        if (!(lpT[q + 1] > lpT[q])) goto next; /* non-monotone isotherm (unphysical corner) */
      int st = r - 1;
      if (st < 0) st = 0;
      if (st > NR - 4) st = NR - 4;
      double lr = lagrange(&lpT[st], &lrho[st], 4, logP);
      double sv = lagrange(&lpT[st], &sT[st], 4, logP);
      g->f[JV_EOS_LOGRHO][(size_t)i * nP + j] = lr;
      g->f[JV_EOS_LOGS][(size_t)i * nP + j] = sv > 0.0 ? log10(sv) : NAN;
    }
  next:;
  }
done:
  free(LP);
  free(SS);
  return finish(f, status, g, out);
}

/*
 * Column tables on a rectangular (log T, log P) grid, any order of rows: each row's (log T,
 * log P) is placed on the grid by rounding (off-grid rows are an error). `linear`: the file
 * holds T [K], P and rho (not logs); scales convert to cgs: log P += dlogP_cgs, log rho +=
 * dlogrho_cgs, log S += dlogS_cgs. Columns (0-based) of log T, log P, log rho, log S (-1: none).
 */
typedef struct {
  int nT, nP;
  double logT0, dlogT, logP0, dlogP;
  int ncol, cT, cP, crho, cS, linear;
  double dlogP_cgs, dlogrho_cgs, dlogS_cgs;
} columns_t;

static int load_columns(const char *path, const columns_t *c, jv_eos_grid_t **out, jv_error_t *err) {
  FILE *f;
  char line[1024];
  int status = JV_OK, rows = 0;
  jv_eos_grid_t *g = NULL;
  *out = NULL;
  JV_TRY(err, open_file(path, &f, err));
  JV_TRY_GOTO(err, status, done,
              jv_eos_grid_alloc(&g, path, c->nT, c->logT0, c->dlogT, c->nP, c->logP0, c->dlogP, c->cS >= 0, err));
  while (fgets(line, sizeof line, f) != NULL) {
    double v[10];
    int n = 0;
    char *p = line, *end;
    if (line[0] == '#') continue;
    while (n < 10) {
      v[n] = strtod(p, &end);
      if (end == p) break;
      ++n;
      p = end;
    }
    if (n == 0) continue;
    if (n < c->ncol) goto bad;
    double logT = c->linear ? log10(v[c->cT]) : v[c->cT], logP = (c->linear ? log10(v[c->cP]) : v[c->cP]) + c->dlogP_cgs;
    int it = (int)lround((logT - c->logT0) / c->dlogT), ip = (int)lround((logP - c->logP0) / c->dlogP);
    if (it < 0 || it >= c->nT || ip < 0 || ip >= c->nP || fabs(c->logT0 + c->dlogT * it - logT) > 1e-3 ||
        fabs(c->logP0 + c->dlogP * ip - logP) > 1e-3)
      goto bad;
    double lr = c->linear ? log10(v[c->crho]) : v[c->crho];
    g->f[JV_EOS_LOGRHO][(size_t)it * c->nP + ip] = lr + c->dlogrho_cgs; /* NaN rows stay NaN */
    if (c->cS >= 0) g->f[JV_EOS_LOGS][(size_t)it * c->nP + ip] = v[c->cS] + c->dlogS_cgs;
    ++rows;
    continue;
  bad:
    line[strcspn(line, "\r\n")] = '\0';
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: row %d not in the expected format: '%.60s'", path,
                          rows + 1, line);
    goto done;
  }
  if (rows != c->nT * c->nP)
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: %d rows, expected %d x %d", path, rows, c->nT, c->nP);
done:
  return finish(f, status, g, out);
}

/* CMS19 / CD21 (authors' README): 121 log T (2 .. 8) x 441 log P[GPa] (-9 .. 13), step 0.05;
   10 columns, log rho [g/cc] in column 3, log S [MJ/kg/K] in column 5. */
int jv_eos_load_cms19(const char *path, jv_eos_grid_t **out, jv_error_t *err) {
  const columns_t c = {121, 441, 2.0, 0.05, 1.0, 0.05, 10, 0, 1, 2, 4, 0, 10.0, 0.0, 10.0};
  JV_TRY(err, load_columns(path, &c, out, err));
  return JV_OK;
}

/* Mazevet+2019 water: T [K], P [GPa], rho [kg/m^3] on the CMS19 grid; no entropy. */
int jv_eos_load_mazevet19(const char *path, jv_eos_grid_t **out, jv_error_t *err) {
  const columns_t c = {121, 441, 2.0, 0.05, 1.0, 0.05, 3, 0, 1, 2, -1, 1, 10.0, -3.0, 0.0};
  JV_TRY(err, load_columns(path, &c, out, err));
  return JV_OK;
}

/* SESAME dry sand (GASTLI): log P [cgs] 6 .. 14 step 0.2 (41) x log T 1.89 .. 5.04 step 0.05 (64);
   columns log P, log T, log rho, log S, ... (heavy_elements/PROVENANCE.md). */
int jv_eos_load_sesame(const char *path, jv_eos_grid_t **out, jv_error_t *err) {
  const columns_t c = {64, 41, 1.89, 0.05, 6.0, 0.2, 4, 1, 0, 2, 3, 0, 0.0, 0.0, 0.0};
  JV_TRY(err, load_columns(path, &c, out, err));
  return JV_OK;
}

/* ANEOS (Mankovich ongp format) *_pt.dat: 100 log T (2 .. 6) x 100 log P [cgs] (6 .. 17);
   columns log rho, log T, log P, log U, log S. */
int jv_eos_load_aneos(const char *path, jv_eos_grid_t **out, jv_error_t *err) {
  const columns_t c = {100, 100, 2.0, 4.0 / 99.0, 6.0, 11.0 / 99.0, 5, 1, 2, 0, 4, 0, 0.0, 0.0, 0.0};
  JV_TRY(err, load_columns(path, &c, out, err));
  return JV_OK;
}

/*
 * HG23 non-ideal mixing corrections on the CMS19 grid (hg23/PROVENANCE.md): CSV
 * "LOGP,LOGT,Vmix,Smix", 441 log P [cgs] (1 .. 23) x 121 log T (2 .. 8), LOGT fastest.
 * Artefacts handled as its PROVENANCE lists them: the 12 nodes with |Smix| > 1e10 (log T 2.80 -
 * 2.95) and the whole log T = 2.80 row are treated as missing and refilled by linear
 * interpolation in log T from the nearest valid nodes; above log T = 5 (where Rob685/eos also
 * drops the table) the correction is switched off (Vmix = 0, Smix = the table's constant fill).
 * Stored as two grids: vmix (field LOGRHO holds Vmix [cm^3/g]) and smix (LOGS holds Smix [erg/g/K]).
 */
int jv_eos_load_hg23(const char *path, jv_eos_grid_t **vmix, jv_eos_grid_t **smix, jv_error_t *err) {
  const int nT = 121, nP = 441;
  FILE *f;
  char line[256];
  int status = JV_OK, rows = 0;
  jv_eos_grid_t *gv = NULL, *gs = NULL;
  *vmix = *smix = NULL;
  JV_TRY(err, open_file(path, &f, err));
  JV_TRY_GOTO(err, status, done, jv_eos_grid_alloc(&gv, "HG23 Vmix", nT, 2.0, 0.05, nP, 1.0, 0.05, 0, err));
  JV_TRY_GOTO(err, status, done, jv_eos_grid_alloc(&gs, "HG23 Smix", nT, 2.0, 0.05, nP, 1.0, 0.05, 1, err));
  double fill = NAN;
  while (fgets(line, sizeof line, f) != NULL) {
    double lp, lt, v, sm;
    if (strncmp(line, "LOGP", 4) == 0) continue;
    if (sscanf(line, "%lf,%lf,%lf,%lf", &lp, &lt, &v, &sm) != 4) {
      line[strcspn(line, "\r\n")] = '\0';
      status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: unreadable row '%.60s'", path, line);
      goto done;
    }
    int it = (int)lround((lt - 2.0) / 0.05), ip = (int)lround((lp - 1.0) / 0.05);
    if (it < 0 || it >= nT || ip < 0 || ip >= nP) {
      status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: (%g, %g) off the CMS19 grid", path, lp, lt);
      goto done;
    }
    if (rows == 0) fill = sm;
    int artefact = fabs(sm) > 1e10 || it == 16; /* log T = 2.80 */
    gv->f[JV_EOS_LOGRHO][(size_t)it * nP + ip] = artefact ? NAN : v;
    gs->f[JV_EOS_LOGS][(size_t)it * nP + ip] = artefact ? NAN : sm;
    ++rows;
  }
  if (rows != nT * nP) {
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: %d rows, expected %d", path, rows, nT * nP);
    goto done;
  }
  for (int ip = 0; ip < nP; ++ip) {
    for (int it = 0; it < nT; ++it) {
      double *pv = &gv->f[JV_EOS_LOGRHO][(size_t)it * nP + ip], *ps = &gs->f[JV_EOS_LOGS][(size_t)it * nP + ip];
      if (it > 60) { /* log T > 5 */
        *pv = 0.0;
        *ps = fill;
        continue;
      }
      if (isfinite(*pv)) continue;
      int a = it - 1, b = it + 1;
      while (a >= 0 && !isfinite(gs->f[JV_EOS_LOGS][(size_t)a * nP + ip])) --a;
      while (b < nT && !isfinite(gs->f[JV_EOS_LOGS][(size_t)b * nP + ip])) ++b;
      if (a < 0 || b >= nT) continue;
      double t = (double)(it - a) / (double)(b - a);
      for (int k = 0; k < 2; ++k) {
        double *fa = k ? gs->f[JV_EOS_LOGS] : gv->f[JV_EOS_LOGRHO];
        fa[(size_t)it * nP + ip] = (1.0 - t) * fa[(size_t)a * nP + ip] + t * fa[(size_t)b * nP + ip];
      }
    }
  }
done:
  fclose(f);
  if (status != JV_OK) {
    jv_eos_grid_free(gv);
    jv_eos_grid_free(gs);
    return status;
  }
  *vmix = gv;
  *smix = gs;
  return JV_OK;
}
