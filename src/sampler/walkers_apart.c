/*
 * Walkers apart from the ensemble (jovis form): a check that T >= 50 tau cannot make.
 *
 * tau is estimated from each walker's series about its own mean, averaged over walkers (emcee's
 * estimator, autocorr.c). A walker that sits in a region the others do not visit (a second mode,
 * a corner of the prior) is, to that estimator, one more well-mixed series. But in a stationary
 * ensemble every walker samples the whole posterior, so over the kept second half of the chain
 * (n steps) the mean m_wd of walker w in parameter d differs from the ensemble's mean m_d by an
 * error of mean zero and variance
 *     var(m_wd - m_d) = s_d^2 (tau_d / n) (1 - 1/W),
 * s_d^2 the variance of all kept samples (the error of one walker's mean of n correlated samples,
 * Sokal 1997 Eq. 2.20, less the share its own samples have in m_d; the correlation the moves
 * create between walkers is neglected). z_wd = (m_wd - m_d) / sqrt(var) is close to N(0, 1) when
 * n >> tau, so with alpha = 0.01 the largest |z| of the W D values exceeds
 *     z_limit = Q^-1(alpha / (2 W D))    (two-sided, Bonferroni)
 * with probability at most alpha. A walker with any |z_wd| > z_limit is "apart": the ensemble has
 * not measured how much posterior mass its region holds. tau from the whole chain is the
 * conservative choice (it is the larger estimate while tau still grows, and makes z smaller).
 * Calibration: emcee on a 6-D correlated Gaussian, 32 walkers, gave sd(z) 0.93 - 1.05 at
 * T = 400 tau and 1.02 - 1.18 at T = 50 tau (tau then reads 5 - 15 % low), max |z| 2.3 - 3.5
 * against z_limit 4.05; tests/unit/test_sampler.c repeats this with the jovis sampler.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "sampler_internal.h"

double jv_walkers_apart_limit(int nwalkers, int ndim) {
  return gsl_cdf_ugaussian_Qinv(JV_WALKERS_APART_ALPHA / (2.0 * nwalkers * ndim));
}

/* Means of every walker and parameter over steps [first, nsteps): mean[w * D + d]. */
static void walker_means(const double *chain, size_t first, size_t nsteps, size_t W, size_t D, double *mean) {
  for (size_t k = 0; k < W * D; ++k) mean[k] = 0.0;
  for (size_t t = first; t < nsteps; ++t)
    for (size_t k = 0; k < W * D; ++k) mean[k] += chain[t * W * D + k];
  for (size_t k = 0; k < W * D; ++k) mean[k] /= (double)(nsteps - first);
}

int jv_walkers_apart(const double *chain, size_t nsteps, int nwalkers, int ndim, const double *tau, int *apart,
                     jv_walkers_apart_t *out, jv_error_t *err) {
  const size_t W = (size_t)nwalkers, D = (size_t)ndim, first = nsteps / 2, n = nsteps - first;
  *out = (jv_walkers_apart_t){.z_max = NAN, .walker = -1, .param = -1, .napart = 0,
                              .z_limit = jv_walkers_apart_limit(nwalkers, ndim)};
  for (size_t w = 0; apart != NULL && w < W; ++w) apart[w] = 0;
  if (nsteps < 4 || W < 2) return JV_OK;
  double *mean = malloc((W * D + W) * sizeof *mean), *walker_z = mean + W * D;
  if (mean == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory for %zu walker means", W * D);
  walker_means(chain, first, nsteps, W, D, mean);
  for (size_t w = 0; w < W; ++w) walker_z[w] = 0.0;
  out->z_max = 0.0;
  for (size_t d = 0; d < D; ++d) {
    double m = 0.0, s2 = 0.0;
    for (size_t w = 0; w < W; ++w) m += mean[w * D + d];
    m /= (double)W;
    for (size_t t = first; t < nsteps; ++t)
      for (size_t w = 0; w < W; ++w) {
        double x = chain[(t * W + w) * D + d] - m;
        s2 += x * x;
      }
    double sd = sqrt(s2 / (double)(n * W) * fmax(tau[d], 1.0) / (double)n * (1.0 - 1.0 / (double)W));
    for (size_t w = 0; w < W && sd > 0; ++w) {
      double z = fabs(mean[w * D + d] - m) / sd;
      walker_z[w] = fmax(walker_z[w], z);
      if (z > out->z_max) {
        out->z_max = z;
        out->walker = (int)w;
        out->param = (int)d;
      }
    }
  }
  for (size_t w = 0; w < W; ++w) {
    int is_apart = walker_z[w] > out->z_limit;
    out->napart += is_apart;
    if (apart != NULL) apart[w] = is_apart;
  }
  free(mean);
  return JV_OK;
}

void jv_walkers_apart_describe(const jv_walkers_apart_t *a, const char *const *param_names, char *buf, size_t size) {
  if (a->walker < 0) {
    snprintf(buf, size, "not checked (fewer than 4 steps or 2 walkers)");
    return;
  }
  const char *name = param_names != NULL ? param_names[a->param] : "?";
  if (a->napart == 0)
    snprintf(buf, size, "none (largest |z| %.2f, walker %d in %s; limit %.2f)", a->z_max, a->walker, name, a->z_limit);
  else
    snprintf(buf, size,
             "%d (largest |z| %.2f, walker %d in %s; limit %.2f): their means lie further from the ensemble's than "
             "tau allows. Look at their traces: a walker far past the limit sits where the others do not go, and the "
             "posterior's share there is not measured",
             a->napart, a->z_max, a->walker, name, a->z_limit);
}
