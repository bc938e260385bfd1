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
  fclose(f);
  if (status != JV_OK) {
    jv_eos_grid_free(g);
    return status;
  }
  *out = g;
  return JV_OK;
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
  fclose(f);
  free(LP);
  free(SS);
  if (status != JV_OK) {
    jv_eos_grid_free(g);
    return status;
  }
  *out = g;
  return JV_OK;
}

/*
 * Tables on the CMS19 grid: 121 log T (2 .. 8, step 0.05) x 441 log P[GPa] (-9 .. 13, step
 * 0.05), P fastest. cols: the column (0-based) of log rho and of log S (-1: none); the caller
 * passes how to read a row.
 */
static int load_cms_grid(const char *path, int is_mazevet, jv_eos_grid_t **out, jv_error_t *err) {
  const int nT = 121, nP = 441;
  FILE *f;
  char line[1024];
  int status = JV_OK, rows = 0;
  jv_eos_grid_t *g = NULL;
  *out = NULL;
  JV_TRY(err, open_file(path, &f, err));
  JV_TRY_GOTO(err, status, done, jv_eos_grid_alloc(&g, path, nT, 2.0, 0.05, nP, 1.0, 0.05, !is_mazevet, err));
  while (fgets(line, sizeof line, f) != NULL) {
    double c[10];
    int n;
    if (line[0] == '#') continue;
    n = sscanf(line, "%lf %lf %lf %lf %lf %lf %lf %lf %lf %lf", &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6],
               &c[7], &c[8], &c[9]);
    if (n <= 0) continue;
    double logT, logP, logrho, logS = NAN;
    if (is_mazevet) {
      if (n != 3 || c[0] <= 0.0 || c[1] <= 0.0 || c[2] <= 0.0) goto bad;
      logT = log10(c[0]);
      logP = log10(c[1]) + 10.0;
      logrho = log10(c[2] / 1000.0); /* kg/m^3 -> g/cc */
    } else {
      if (n != 10) goto bad;
      logT = c[0];
      logP = c[1] + 10.0;
      logrho = c[2];
      logS = c[4] + 10.0; /* MJ/kg/K -> erg/g/K */
    }
    int it = (int)lround((logT - 2.0) / 0.05), ip = (int)lround((logP - 1.0) / 0.05);
    if (it < 0 || it >= nT || ip < 0 || ip >= nP || fabs(2.0 + 0.05 * it - logT) > 1e-3 ||
        fabs(1.0 + 0.05 * ip - logP) > 1e-3)
      goto bad;
    g->f[JV_EOS_LOGRHO][(size_t)it * nP + ip] = logrho;
    if (!is_mazevet) g->f[JV_EOS_LOGS][(size_t)it * nP + ip] = logS;
    ++rows;
    continue;
  bad:
    line[strcspn(line, "\r\n")] = '\0';
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: row %d not in the CMS19 grid format: '%.60s'",
                          path, rows + 1, line);
    goto done;
  }
  if (rows != nT * nP)
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "%s: %d rows, expected %d (121 x 441)", path, rows,
                          nT * nP);
done:
  fclose(f);
  if (status != JV_OK) {
    jv_eos_grid_free(g);
    return status;
  }
  *out = g;
  return JV_OK;
}

int jv_eos_load_cms19(const char *path, jv_eos_grid_t **out, jv_error_t *err) {
  JV_TRY(err, load_cms_grid(path, 0, out, err));
  return JV_OK;
}

int jv_eos_load_mazevet19(const char *path, jv_eos_grid_t **out, jv_error_t *err) {
  JV_TRY(err, load_cms_grid(path, 1, out, err));
  return JV_OK;
}
