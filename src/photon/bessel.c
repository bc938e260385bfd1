/*
 * Scaled modified spherical Bessel functions in the normalised forms the radial functions need
 * (SCIENCE.md section 2, jovis form):
 *   kappa_n(x) = x^(n+1) k_n(x) / lim_{x->0} x^(n+1) k_n(x),   kappa_n(0) = 1, decreasing in x;
 *   iota_n(x)  = (2n+1)!! i_n(x) / x^n,                         iota_n(0) = 1, increasing in x.
 * Both are returned scaled, exp(+x) kappa_n and exp(-x) iota_n, so that every ratio the radial
 * functions form is a ratio of O(1)..O(x^n) numbers times one explicit exponential: no overflow
 * or underflow from mu a = 0 (exactly massless) to mu a ~ 1e3, and no 0/0 as x -> 0.
 *
 * kappa: exp(x) x^(n+1) k_n(x) is a polynomial of degree n with positive coefficients (DLMF 10.49.12),
 * and the three-term recurrence k_{n+1} = k_{n-1} + (2n+1)/x k_n (DLMF 10.51.1) becomes
 *   kappa_{n+1} = kappa_n + x^2 kappa_{n-1} / ((2n-1)(2n+1)),   kappa_0 = e^-x, kappa_1 = e^-x (1+x):
 * a sum of positive terms, stable upward, exact at x = 0.
 * iota: the power series iota_n(x) = sum_k (x^2/2)^k / (k! (2n+3)(2n+5)...(2n+2k+1)) (DLMF 10.53.1)
 * for x <= 2 (all terms positive, < 30 terms to 1e-17); GSL's scaled array (stable downward
 * recurrence) above.
 */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_bessel.h>

#include "jovis/photon.h"

int jv_photon_kappa_scaled(int nmax, double x, double *out, jv_error_t *err) {
  if (nmax < 0 || !(x >= 0) || !isfinite(x))
    JV_FAIL(err, JV_EDOM, "kappa_n(x) needs nmax >= 0 and finite x >= 0 (nmax=%d, x=%g)", nmax, x);
  out[0] = 1.0;
  if (nmax >= 1) out[1] = 1.0 + x;
  for (int n = 1; n < nmax; ++n) out[n + 1] = out[n] + x * x * out[n - 1] / ((2.0 * n - 1.0) * (2.0 * n + 1.0));
  return JV_OK;
}

/* Series branch: exp(-x) iota_n(x) for x <= 2. */
static void iota_series(int nmax, double x, double *out) {
  double h = 0.5 * x * x, scale = exp(-x);
  for (int n = 0; n <= nmax; ++n) {
    double term = 1.0, sum = 1.0;
    for (int k = 1; k < 200 && term > 1e-18 * sum; ++k) {
      term *= h / (k * (2.0 * n + 2.0 * k + 1.0));
      sum += term;
    }
    out[n] = sum * scale;
  }
}

int jv_photon_iota_scaled(int nmax, double x, double *out, jv_error_t *err) {
  if (nmax < 0 || !(x >= 0) || !isfinite(x))
    JV_FAIL(err, JV_EDOM, "iota_n(x) needs nmax >= 0 and finite x >= 0 (nmax=%d, x=%g)", nmax, x);
  if (x <= 2.0) {
    iota_series(nmax, x, out);
    return JV_OK;
  }
  /* GSL fills exp(-x) i_l(x), l = 0..nmax; multiply by (2l+1)!!/x^l built up as a running factor. */
  int status = gsl_sf_bessel_il_scaled_array(nmax, x, out);
  if (status != GSL_SUCCESS)
    JV_FAIL(err, JV_EMATH, "gsl_sf_bessel_il_scaled_array(%d, %g): %s", nmax, x, gsl_strerror(status));
  double factor = 1.0;
  for (int n = 0; n <= nmax; ++n) {
    if (n > 0) factor *= (2.0 * n + 1.0) / x;
    out[n] *= factor;
  }
  return JV_OK;
}
