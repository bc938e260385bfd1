/*
 * Credible limits from a posterior tabulated on a grid (SCIENCE.md section 2, "Credible limit"):
 * p(theta) ∝ exp(ln p_i) at increasing grid points theta_i, integrated with the trapezoid rule.
 * The trapezoid density is linear on each interval, so its cumulative is quadratic there and the
 * quantile is found by solving that quadratic (exact for the trapezoid model, no extra grid error).
 *
 * On a log grid in mass the caller passes theta = log10 m and ln p = ln L_marg + ln J with J the
 * Jeffreys prior for log10 m: J is reparametrisation-invariant (J_log10m = J_m m ln 10), so this is
 * the same posterior measure as one in m, integrated where the grid resolves it.
 */
#include <math.h>
#include <stdlib.h>

#include "jovis/photon.h"

/* Densities normalised to max 1 (ln p = -inf is a zero) and the cumulative trapezoid sums. */
static int cumulative(const double *theta, const double *ln_p, size_t n, double *dens, double *cum, jv_error_t *err) {
  if (n < 2) JV_FAIL(err, JV_EINPUT, "a posterior grid needs at least 2 points, got %zu", n);
  double top = -INFINITY;
  for (size_t i = 0; i < n; ++i) {
    if (isnan(ln_p[i]) || ln_p[i] == INFINITY) JV_FAIL(err, JV_EMATH, "ln posterior is %g at grid point %zu", ln_p[i], i);
    if (i > 0 && !(theta[i] > theta[i - 1])) JV_FAIL(err, JV_EINPUT, "grid not increasing at point %zu", i);
    if (ln_p[i] > top) top = ln_p[i];
  }
  if (top == -INFINITY) JV_FAIL(err, JV_EMATH, "the posterior is zero on the whole grid");
  cum[0] = 0;
  for (size_t i = 0; i < n; ++i) {
    dens[i] = exp(ln_p[i] - top);
    if (i > 0) cum[i] = cum[i - 1] + 0.5 * (dens[i] + dens[i - 1]) * (theta[i] - theta[i - 1]);
  }
  return JV_OK;
}

int jv_photon_quantile(const double *theta, const double *ln_p, size_t n, double q, double *value, jv_error_t *err) {
  if (!(q > 0 && q < 1)) JV_FAIL(err, JV_EINPUT, "quantile must be in (0, 1), got %g", q);
  double *dens = NULL, *cum = NULL;
  int status = JV_OK;
  dens = malloc(n * sizeof *dens);
  cum = malloc(n * sizeof *cum);
  if (dens == NULL || cum == NULL) {
    free(dens);
    free(cum);
    JV_FAIL(err, JV_ENOMEM, "out of memory for a %zu-point posterior", n);
  }
  JV_TRY_GOTO(err, status, done, cumulative(theta, ln_p, n, dens, cum, err));
  double target = q * cum[n - 1];
  size_t i = 1;
  while (i < n - 1 && cum[i] < target) ++i;
  /* On [theta_{i-1}, theta_i]: C(t) = C_{i-1} + p0 t + (p1 - p0) t^2 / (2 h), t = theta - theta_{i-1}. */
  double h = theta[i] - theta[i - 1], p0 = dens[i - 1], p1 = dens[i], need = target - cum[i - 1];
  double a = (p1 - p0) / (2 * h), t;
  if (fabs(a) * h < 1e-12 * (p0 + p1)) t = need / p0;
  else t = (-p0 + sqrt(fmax(p0 * p0 + 4 * a * need, 0.0))) / (2 * a); /* the root in [0, h] */
  if (!(t >= 0)) t = 0;
  if (t > h) t = h;
  *value = theta[i - 1] + t;
done:
  free(dens);
  free(cum);
  return status;
}
