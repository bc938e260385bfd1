/*
 * Moves in unbounded coordinates, `[sampler] unbounded = yes` (jovis form; the transforms are the
 * ones Stan uses for bounded parameters, Stan Reference Manual "Constraint transforms").
 *
 * A posterior pressed against the walls of its prior box wastes the moves that cross a wall: a
 * stretch or DE proposal outside [lo, hi] is simply rejected, and near a corner most of them are.
 * The moves are therefore made in y, where each parameter's support is the whole line:
 *   [lo, hi]        y = ln(theta - lo) - ln(hi - theta),  theta = lo + (hi - lo) / (1 + e^-y)
 *   [lo, inf)       y = ln(theta - lo),                   theta = lo + e^y
 *   (-inf, hi]      y = -ln(hi - theta),                  theta = hi - e^-y
 *   (-inf, inf)     y = theta
 * Sampling p(theta) through y means sampling p_y(y) = p(theta(y)) |d theta / d y|, with
 *   ln |d theta / d y| = sum over bounded parameters of
 *     ln(hi - lo) - ln(1 + e^-y) - ln(1 + e^y)   (both bounds; -> -|y| far out)
 *     y  or  -y                                   (one bound)
 * so a Metropolis ratio made in y gains ln J(y') - ln J(y) (ensemble.c adds it). The stretch
 * move's z^(d-1) and DE's symmetry hold in y as they do in theta. The stored chain stays in theta.
 *
 * Limits (tests/unit/test_sampler.c): y(theta(y)) = y; the Jacobian matches finite differences;
 * a parameter with no finite bound is left as it is (y = theta, ln J = 0), so `unbounded = yes`
 * on an unbounded target changes nothing.
 */
#include <math.h>

#include "jovis/sampler.h"

/* ln(1 + e^x) without overflow */
static double softplus(double x) { return x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)); }

void jv_support_bounds(const jv_model_t *m, const jv_prior_t *priors, double *lo, double *hi) {
  for (int i = 0; i < m->ndim; ++i) {
    lo[i] = -INFINITY;
    hi[i] = INFINITY;
    if (priors != NULL) {
      lo[i] = priors[i].lo;
      hi[i] = priors[i].hi;
    }
    if (m->lower != NULL && m->lower[i] > lo[i]) lo[i] = m->lower[i];
    if (m->upper != NULL && m->upper[i] < hi[i]) hi[i] = m->upper[i];
  }
}

void jv_unbound_forward(int d, const double *lo, const double *hi, const double *theta, double *y) {
  for (int i = 0; i < d; ++i) {
    const int has_lo = isfinite(lo[i]), has_hi = isfinite(hi[i]);
    if (has_lo && has_hi)
      y[i] = log(theta[i] - lo[i]) - log(hi[i] - theta[i]);
    else if (has_lo)
      y[i] = log(theta[i] - lo[i]);
    else if (has_hi)
      y[i] = -log(hi[i] - theta[i]);
    else
      y[i] = theta[i];
  }
}

void jv_unbound_inverse(int d, const double *lo, const double *hi, const double *y, double *theta) {
  for (int i = 0; i < d; ++i) {
    const int has_lo = isfinite(lo[i]), has_hi = isfinite(hi[i]);
    if (has_lo && has_hi) {
      /* the logistic function from the side where e^(-|y|) cannot overflow */
      const double e = exp(-fabs(y[i])), s = y[i] >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
      theta[i] = lo[i] + (hi[i] - lo[i]) * s;
    } else if (has_lo) {
      theta[i] = lo[i] + exp(y[i]);
    } else if (has_hi) {
      theta[i] = hi[i] - exp(-y[i]);
    } else {
      theta[i] = y[i];
    }
  }
}

double jv_unbound_log_jacobian(int d, const double *lo, const double *hi, const double *y) {
  double lnj = 0.0;
  for (int i = 0; i < d; ++i) {
    const int has_lo = isfinite(lo[i]), has_hi = isfinite(hi[i]);
    if (has_lo && has_hi)
      lnj += log(hi[i] - lo[i]) - softplus(-y[i]) - softplus(y[i]);
    else if (has_lo)
      lnj += y[i];
    else if (has_hi)
      lnj -= y[i];
  }
  return lnj;
}
