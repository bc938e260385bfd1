/*
 * Integrated autocorrelation time (SCIENCE.md section 1), the estimator of
 * emcee.autocorr.integrated_time (Foreman-Mackey et al. 2013; Sokal 1997, p. 16):
 *  1. per walker k and parameter d, rho_k(t) = normalised autocovariance of the series, by FFT
 *     of the mean-subtracted series zero-padded to 2 n, n = next power of two >= T;
 *  2. rho(t) = mean over walkers of rho_k(t);
 *  3. tau(M) = 2 sum_{t=0..M} rho(t) - 1 = 1 + 2 sum_{t=1..M} rho(t);
 *  4. the window is the smallest M with M >= c tau(M) (else the last lag), tau = tau(M).
 * The sums run in the same order as numpy's cumsum, so the result equals emcee's to rounding.
 * The inverse transform is linear, so the walkers' normalised power spectra |F_k|^2 / c_k(0) are
 * summed first and transformed back once per parameter (W forward FFTs, one inverse).
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fft_halfcomplex.h>
#include <gsl/gsl_fft_real.h>

/* GSL's mixed-radix real FFT (three times faster than its radix-2 one here), whose half-complex
   layout is: data[0] = F_0, data[2k-1] = Re F_k, data[2k] = Im F_k, data[n-1] = F_{n/2}. */

#include "sampler_internal.h"

struct jv_autocorr {
  size_t max_steps;
  size_t n;                                 /* the transform length the tables are for */
  gsl_fft_real_wavetable *wave;
  gsl_fft_halfcomplex_wavetable *hc_wave;
  gsl_fft_real_workspace *work;
  double *buf;   /* [2 * next_pow_two(max_steps)] FFT buffer */
  double *power; /* [2 * next_pow_two(max_steps)] sum over walkers of the normalised power spectra */
};

static size_t next_pow_two(size_t n) {
  size_t i = 1;
  while (i < n) i <<= 1;
  return i;
}

int jv_autocorr_alloc(size_t max_steps, jv_autocorr_t **out, jv_error_t *err) {
  *out = NULL;
  jv_autocorr_t *ac = calloc(1, sizeof *ac);
  if (ac == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  if (max_steps < 1) max_steps = 1;
  ac->max_steps = max_steps;
  ac->buf = calloc(2 * next_pow_two(max_steps), sizeof *ac->buf);
  ac->power = calloc(2 * next_pow_two(max_steps), sizeof *ac->power);
  if (ac->buf == NULL || ac->power == NULL) {
    jv_autocorr_free(ac);
    JV_FAIL(err, JV_ENOMEM, "out of memory for autocorrelations of %zu steps", max_steps);
  }
  *out = ac;
  return JV_OK;
}

void jv_autocorr_free(jv_autocorr_t *ac) {
  if (ac == NULL) return;
  free(ac->buf);
  free(ac->power);
  if (ac->wave != NULL) gsl_fft_real_wavetable_free(ac->wave);
  if (ac->hc_wave != NULL) gsl_fft_halfcomplex_wavetable_free(ac->hc_wave);
  if (ac->work != NULL) gsl_fft_real_workspace_free(ac->work);
  free(ac);
}

/* Add the power spectrum of x[0], x[stride], ... (T values, mean removed, zero-padded to n2)
   divided by its lag-0 autocovariance, to ac->power in GSL's half-complex layout. */
static int add_power(jv_autocorr_t *ac, const double *x, size_t stride, size_t T, size_t n2, jv_error_t *err) {
  double *b = ac->buf, *p = ac->power;
  double mean = 0.0, c0 = 0.0;
  for (size_t t = 0; t < T; ++t) mean += x[t * stride];
  mean /= (double)T;
  for (size_t t = 0; t < T; ++t) {
    b[t] = x[t * stride] - mean;
    c0 += b[t] * b[t];
  }
  for (size_t t = T; t < n2; ++t) b[t] = 0.0;
  if (gsl_fft_real_transform(b, 1, n2, ac->wave, ac->work) != GSL_SUCCESS)
    JV_FAIL(err, JV_EMATH, "FFT of %zu points failed", n2);
  /* The inverse (with its 1/n2) of |F|^2 is the autocovariance sum, c0 = sum of squares at lag 0:
     dividing by c0 normalises rho_k(0) = 1. A constant series gives NaN, as in emcee. */
  const double inv = 1.0 / c0;
  p[0] += b[0] * b[0] * inv;
  p[n2 - 1] += b[n2 - 1] * b[n2 - 1] * inv;
  for (size_t k = 1; k < n2 / 2; ++k) p[2 * k - 1] += (b[2 * k - 1] * b[2 * k - 1] + b[2 * k] * b[2 * k]) * inv;
  return JV_OK;
}

int jv_autocorr_time(jv_autocorr_t *ac, const double *chain, size_t T, int nwalkers, int ndim, double c, double *tau,
                     int *found, jv_error_t *err) {
  if (T > ac->max_steps) JV_FAIL(err, JV_EINPUT, "%zu steps exceed the workspace (%zu)", T, ac->max_steps);
  if (T == 0) JV_FAIL(err, JV_EINPUT, "no steps to estimate an autocorrelation time from");
  const size_t stride = (size_t)nwalkers * (size_t)ndim;
  const size_t n2 = 2 * next_pow_two(T);
  double *f = ac->power;
  if (ac->n != n2) { /* tables for this length (kept while T stays in the same power of two) */
    if (ac->wave != NULL) gsl_fft_real_wavetable_free(ac->wave);
    if (ac->hc_wave != NULL) gsl_fft_halfcomplex_wavetable_free(ac->hc_wave);
    if (ac->work != NULL) gsl_fft_real_workspace_free(ac->work);
    ac->wave = gsl_fft_real_wavetable_alloc(n2);
    ac->hc_wave = gsl_fft_halfcomplex_wavetable_alloc(n2);
    ac->work = gsl_fft_real_workspace_alloc(n2);
    ac->n = (ac->wave != NULL && ac->hc_wave != NULL && ac->work != NULL) ? n2 : 0;
    if (ac->n == 0) JV_FAIL(err, JV_ENOMEM, "cannot allocate FFT tables of %zu points", n2);
  }
  for (int d = 0; d < ndim; ++d) {
    for (size_t i = 0; i < n2; ++i) f[i] = 0.0;
    for (int k = 0; k < nwalkers; ++k) JV_TRY(err, add_power(ac, chain + (size_t)k * ndim + d, stride, T, n2, err));
    /* back to the sum over walkers of rho_k(t) */
    if (gsl_fft_halfcomplex_inverse(f, 1, n2, ac->hc_wave, ac->work) != GSL_SUCCESS)
      JV_FAIL(err, JV_EMATH, "inverse FFT of %zu points failed", n2);
    /* numpy's auto_window: the first m with m >= c tau(m); when there is none it returns 0,
       i.e. tau(0) = 1 (np.argmin of an all-true mask). We return the same, and say so in found[]. */
    double cum = 0.0, taum = NAN, tau0 = NAN;
    int ok = 0;
    for (size_t m = 0; m < T; ++m) {
      cum += f[m] / nwalkers;
      double taus = 2.0 * cum - 1.0;
      if (m == 0) tau0 = taus;
      if (!((double)m < c * taus)) {
        taum = taus;
        ok = 1;
        break;
      }
    }
    if (!ok) taum = tau0;
    if (found != NULL) found[d] = ok;
    tau[d] = taum;
  }
  return JV_OK;
}

double jv_ess(int nwalkers, size_t nsteps, double tau) { return (double)nwalkers * (double)nsteps / tau; }

int jv_converged(size_t nsteps, int ndim, const double *tau, const int *found, const double *tau_prev, double factor,
                 double rel_change) {
  for (int d = 0; d < ndim; ++d) {
    if (!found[d]) return 0;
    if (!isfinite(tau[d]) || !((double)nsteps >= factor * tau[d])) return 0;
    if (!(fabs(tau_prev[d] - tau[d]) < rel_change * tau[d])) return 0;
  }
  return 1;
}
