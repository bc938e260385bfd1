/*
 * Uniform (log T, log P) EOS grids and their interpolation. Catmull-Rom bicubic: the surface is
 * C1, so entropy derivatives (hence grad_ad and the adiabat) are continuous; it reproduces
 * quadratics exactly. A query whose 4x4 stencil leaves the grid or touches a NaN node returns
 * JV_EDOM: out-of-table is a status the caller turns into a rejection, never a guess.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eos_internal.h"

int jv_eos_grid_alloc(jv_eos_grid_t **out, const char *name, int nT, double logT0, double dlogT, int nP,
                      double logP0, double dlogP, int with_entropy, jv_error_t *err) {
  jv_eos_grid_t *g;
  *out = NULL;
  if (nT < 4 || nP < 4) JV_FAIL(err, JV_EINPUT, "EOS grid %s: need >= 4 x 4 nodes, got %d x %d", name, nT, nP);
  JV_ALLOC(err, g, 1);
  snprintf(g->name, sizeof g->name, "%s", name);
  g->nT = nT;
  g->nP = nP;
  g->logT0 = logT0;
  g->dlogT = dlogT;
  g->logP0 = logP0;
  g->dlogP = dlogP;
  for (int k = 0; k < JV_EOS_NFIELD; ++k) {
    if (k == JV_EOS_LOGS && !with_entropy) continue;
    g->f[k] = malloc((size_t)nT * (size_t)nP * sizeof(double));
    if (g->f[k] == NULL) {
      jv_eos_grid_free(g);
      JV_FAIL(err, JV_ENOMEM, "out of memory for EOS grid %s", name);
    }
    for (size_t i = 0; i < (size_t)nT * (size_t)nP; ++i) g->f[k][i] = NAN;
  }
  *out = g;
  return JV_OK;
}

void jv_eos_grid_free(jv_eos_grid_t *g) {
  if (g == NULL) return;
  for (int k = 0; k < JV_EOS_NFIELD; ++k) free(g->f[k]);
  free(g);
}

/* Catmull-Rom weights for nodes -1, 0, 1, 2 at t in [0, 1] and their t-derivatives. */
static void cr_weights(double t, double w[4], double d[4]) {
  double t2 = t * t, t3 = t2 * t;
  w[0] = -0.5 * t + t2 - 0.5 * t3;
  w[1] = 1.0 - 2.5 * t2 + 1.5 * t3;
  w[2] = 0.5 * t + 2.0 * t2 - 1.5 * t3;
  w[3] = -0.5 * t2 + 0.5 * t3;
  d[0] = -0.5 + 2.0 * t - 1.5 * t2;
  d[1] = -5.0 * t + 4.5 * t2;
  d[2] = 0.5 + 4.0 * t - 4.5 * t2;
  d[3] = -t + 1.5 * t2;
}

/* Fill a missing outer node of a 4-point line by linear extrapolation from the inner two. */
static void ghost(double *v0, double v1, double v2) {
  if (!isfinite(*v0)) *v0 = 2.0 * v1 - v2;
}

int jv_eos_grid_eval(const jv_eos_grid_t *g, int field, double logT, double logP, jv_eos_val_t *out,
                     jv_error_t *err) {
  const double *f = g->f[field];
  if (f == NULL) JV_FAIL(err, JV_EINPUT, "EOS table %s has no field %d", g->name, field);
  double x = (logT - g->logT0) / g->dlogT, y = (logP - g->logP0) / g->dlogP;
  if (!(x >= 0.0 && x <= g->nT - 1.0 && y >= 0.0 && y <= g->nP - 1.0))
    JV_FAIL(err, JV_EDOM, "(log T, log P) = (%.4f, %.4f) outside EOS table %s", logT, logP, g->name);
  int i = (int)x, j = (int)y;
  if (i > g->nT - 2) i = g->nT - 2;
  if (j > g->nP - 2) j = g->nP - 2;
  /* 4x4 stencil around cell (i, j); nodes off the grid or missing (NaN) at the stencil's rim are
     extrapolated from the inner nodes, so the cell is usable whenever its 4 corners exist (the
     SCvH95 isotherms end at different pressures). */
  double F[4][4];
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 4; ++b) {
      int ia = i - 1 + a, jb = j - 1 + b;
      F[a][b] = (ia >= 0 && ia < g->nT && jb >= 0 && jb < g->nP) ? f[(size_t)ia * (size_t)g->nP + (size_t)jb] : NAN;
    }
  for (int a = 1; a < 3; ++a) {
    ghost(&F[a][0], F[a][1], F[a][2]);
    ghost(&F[a][3], F[a][2], F[a][1]);
  }
  for (int b = 0; b < 4; ++b) {
    ghost(&F[0][b], F[1][b], F[2][b]);
    ghost(&F[3][b], F[2][b], F[1][b]);
  }
  double wx[4], dx[4], wy[4], dy[4];
  cr_weights(x - i, wx, dx);
  cr_weights(y - j, wy, dy);
  double v = 0.0, vT = 0.0, vP = 0.0;
  for (int a = 0; a < 4; ++a) {
    double r = 0.0, rP = 0.0;
    for (int b = 0; b < 4; ++b) {
      r += wy[b] * F[a][b];
      rP += dy[b] * F[a][b];
    }
    v += wx[a] * r;
    vT += dx[a] * r;
    vP += wx[a] * rP;
  }
  if (!isfinite(v) || !isfinite(vT) || !isfinite(vP))
    JV_FAIL(err, JV_EDOM, "(log T, log P) = (%.4f, %.4f) in a region EOS table %s does not cover", logT, logP,
            g->name);
  out->v = v;
  out->dT = vT / g->dlogT;
  out->dP = vP / g->dlogP;
  return JV_OK;
}
