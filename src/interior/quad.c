/*
 * Radial quadrature of Stieltjes integrals int rho dg on the level grid of the theory of figures,
 * in the level index (see tof_internal.h). Plain trapezoid levels converge as N^-2; cubic interpolants of
 * rho and g on four nodes give N^-4 on smooth segments, which is what lets ToF7 reach
 * |dJ2/J2| ~ 1e-7 with a few hundred levels. Density jumps (core edge, helium transition) are
 * steps inside a cell, integrated exactly with one-sided densities.
 */
#include <stdlib.h>

#include "tof_internal.h"

/* Lagrange basis on t = 0,1,2,3: value and derivative of L_a at t. */
static double lag(int a, double t) {
  double v = 1.0;
  for (int j = 0; j < 4; ++j)
    if (j != a) v *= (t - j) / (double)(a - j);
  return v;
}

static double lag_d(int a, double t) {
  double sum = 0.0;
  for (int k = 0; k < 4; ++k) {
    if (k == a) continue;
    double p = 1.0 / (double)(a - k);
    for (int j = 0; j < 4; ++j)
      if (j != a && j != k) p *= (t - j) / (double)(a - j);
    sum += p;
  }
  return sum;
}

int jv_quad_init(jv_quad_t *q, int n) {
  /* 3-point Gauss-Legendre is exact for the degree-5 products L_a L_b'. */
  static const double x[3] = {-0.7745966692414834, 0.0, 0.7745966692414834};
  static const double wt[3] = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
  q->n = n;
  q->jump = malloc((size_t)n * sizeof *q->jump);
  q->cell = malloc((size_t)n * sizeof *q->cell);
  if (q->jump == NULL || q->cell == NULL) {
    jv_quad_free(q);
    return -1;
  }
  for (int c = 0; c < n; ++c) q->jump[c] = -1.0;
  for (int p = 0; p < 3; ++p)
    for (int a = 0; a < 4; ++a)
      for (int b = 0; b < 4; ++b) {
        double s = 0.0;
        for (int k = 0; k < 3; ++k) {
          double t = p + 0.5 + 0.5 * x[k];
          s += 0.5 * wt[k] * lag(a, t) * lag_d(b, t);
        }
        q->w[p][a][b] = s;
      }
  return 0;
}

void jv_quad_free(jv_quad_t *q) {
  free(q->jump);
  free(q->cell);
  q->jump = q->cell = NULL;
}

/* Cubic interpolation of g at fraction f of cell c, from nodes that exist (g is smooth there). */
static double g_at(const jv_quad_t *q, const double *g, int c, double f) {
  int st = c - 1;
  if (st < 0) st = 0;
  if (st > q->n - 4) st = q->n - 4;
  if (st < 0) return g[c] + f * (g[c + 1] - g[c]);
  double t = (double)(c - st) + f, v = 0.0;
  for (int a = 0; a < 4; ++a) v += lag(a, t) * g[st + a];
  return v;
}

void jv_quad_jump_pieces(const jv_quad_t *q, const double *rho, const double *g, int c, double *below,
                         double *above) {
  /* Each side's density at the middle of its piece, extrapolated linearly from its own side
     (a midpoint rule: O(h^3) per piece, so the jump costs no order of the global error). */
  double f = q->jump[c], gs = g_at(q, g, c, f);
  double r_lo = rho[c], r_hi = rho[c + 1];
  if (c >= 1 && q->jump[c - 1] < 0.0) r_lo += 0.5 * f * (rho[c] - rho[c - 1]);
  if (c + 2 < q->n && q->jump[c + 1] < 0.0) r_hi -= 0.5 * (1.0 - f) * (rho[c + 2] - rho[c + 1]);
  *below = r_lo * (gs - g[c]);
  *above = r_hi * (g[c + 1] - gs);
}

static void cells(jv_quad_t *q, const double *rho, const double *g) {
  int n = q->n, lo = 0;
  for (int c = 0; c + 1 < n; ++c) {
    if (q->jump[c] >= 0.0) {
      double below, above;
      jv_quad_jump_pieces(q, rho, g, c, &below, &above);
      q->cell[c] = below + above;
      lo = c + 1;
      continue;
    }
    int hi = c + 1; /* last node of this smooth segment */
    while (hi + 1 < n && q->jump[hi] < 0.0 && hi < c + 3) ++hi;
    if (hi - lo < 3) {
      q->cell[c] = 0.5 * (rho[c] + rho[c + 1]) * (g[c + 1] - g[c]);
      continue;
    }
    int st = c - 1;
    if (st < lo) st = lo;
    if (st > hi - 3) st = hi - 3;
    double(*w)[4] = q->w[c - st];
    double s = 0.0;
    for (int a = 0; a < 4; ++a) {
      double r = 0.0;
      for (int b = 0; b < 4; ++b) r += w[a][b] * g[st + b];
      s += rho[st + a] * r;
    }
    q->cell[c] = s;
  }
}

void jv_quad_from_centre(jv_quad_t *q, const double *rho, const double *g, double *cum) {
  cells(q, rho, g);
  cum[0] = rho[0] * g[0];
  for (int c = 0; c + 1 < q->n; ++c) cum[c + 1] = cum[c] + q->cell[c];
}

void jv_quad_from_surface(jv_quad_t *q, const double *rho, const double *g, double *cum) {
  cells(q, rho, g);
  cum[q->n - 1] = 0.0;
  for (int c = q->n - 2; c >= 0; --c) cum[c] = cum[c + 1] + q->cell[c];
}
