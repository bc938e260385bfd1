/*
 * The Gaussian gravity likelihood of the interior MCMC [H23] (SCIENCE.md section 4):
 *   ln L = -1/2 r^T C^-1 r,  r = (J_2n(model) - J_2n(target), R_eq(model) - 71492 km),
 * with J's in units of 1e-6 at the reference radius 71492 km and the target the static part of
 * the observed field (observed + wind offset when winds are on). C is diagonal (Durante 2020
 * Table 2 sigmas, plus the wind extra sigma) or the Data Set S2 block (see jovis/intmcmc.h).
 * The Cholesky factor is computed once; an evaluation is one forward substitution.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "jovis/intmcmc.h"

static int check_degrees(const jv_intmcmc_like_settings_t *set, jv_error_t *err) {
  if (set->ndeg < 1 || set->ndeg > JV_INTMCMC_MAX_J)
    JV_FAIL(err, JV_EINPUT, "likelihood.degrees: give 1 to %d of 2, 4, 6, 8, 10 (got %d)", JV_INTMCMC_MAX_J,
            set->ndeg);
  for (int i = 0; i < set->ndeg; ++i) {
    const int l = set->degrees[i];
    if (l < 2 || l > 10 || l % 2 != 0)
      JV_FAIL(err, JV_EINPUT, "likelihood.degrees: %d is not one of 2, 4, 6, 8, 10 (a rigidly rotating model has "
              "no odd J, and the model gives J up to J_10)", l);
    if (i > 0 && l <= set->degrees[i - 1])
      JV_FAIL(err, JV_EINPUT, "likelihood.degrees must be ascending without repeats (%d after %d)", l,
              set->degrees[i - 1]);
  }
  return JV_OK;
}

int jv_intmcmc_like_init(const jv_intmcmc_like_settings_t *set, jv_intmcmc_like_t *lk, jv_error_t *err) {
  memset(lk, 0, sizeof *lk);
  JV_TRY(err, check_degrees(set, err));
  lk->set = *set;
  lk->set.covariance_path = NULL; /* only used here; the caller's string need not outlive this call */
  const int nj = set->ndeg, n = nj + (set->radius ? 1 : 0);
  lk->nobs = n;
  double extra[JV_INTMCMC_MAX_OBS] = {0};
  for (int i = 0; i < nj; ++i) {
    double value, sigma3, offset = 0.0, e = 0.0;
    JV_TRY(err, jv_intmcmc_durante_J(set->degrees[i], &value, &sigma3, err));
    if (set->winds) JV_TRY(err, jv_intmcmc_wind_J(set->degrees[i], &offset, &e, err));
    lk->obs[i] = value + offset;
    lk->cov[i * n + i] = sigma3 / 3.0 * (sigma3 / 3.0);
    extra[i] = e;
  }
  if (set->covariance_path != NULL) {
    double block[JV_INTMCMC_MAX_J * JV_INTMCMC_MAX_J];
    JV_TRY(err, jv_intmcmc_read_covariance(set->covariance_path, set->degrees, nj, block, err));
    for (int i = 0; i < nj; ++i)
      for (int j = 0; j < nj; ++j) lk->cov[i * n + j] = block[i * nj + j];
  }
  /* winds: the diagonal standard deviation becomes sigma_obs + extra (added linearly) */
  for (int i = 0; i < nj; ++i) {
    const double s = sqrt(lk->cov[i * n + i]) + extra[i];
    lk->cov[i * n + i] = s * s;
  }
  if (set->radius) {
    lk->obs[nj] = JV_JUNO_REF_RADIUS_KM;
    lk->cov[nj * n + nj] = JV_JUNO_REQ_SIGMA_KM * JV_JUNO_REQ_SIGMA_KM;
  }
  for (int i = 0; i < n; ++i) lk->sigma[i] = sqrt(lk->cov[i * n + i]);
  memcpy(lk->chol, lk->cov, sizeof(double) * (size_t)(n * n));
  gsl_matrix_view L = gsl_matrix_view_array(lk->chol, (size_t)n, (size_t)n);
  if (gsl_linalg_cholesky_decomp1(&L.matrix) != GSL_SUCCESS)
    JV_FAIL(err, JV_EMATH, "the gravity covariance is not positive definite");
  return JV_OK;
}

double jv_intmcmc_like_chi2(const jv_intmcmc_like_t *lk, const double *J_model, double req_km, double *resid_sigma,
                            double *scratch) {
  const int n = lk->nobs, nj = lk->set.ndeg;
  double *z = scratch, chi2 = 0.0;
  for (int i = 0; i < n; ++i) {
    const double model = i < nj ? J_model[lk->set.degrees[i] / 2 - 1] * 1e6 : req_km;
    const double r = model - lk->obs[i];
    if (resid_sigma != NULL) resid_sigma[i] = r / lk->sigma[i];
    /* forward substitution L z = r; chi2 = |z|^2 = r^T (L L^T)^-1 r */
    double s = r;
    for (int j = 0; j < i; ++j) s -= lk->chol[i * n + j] * z[j];
    z[i] = s / lk->chol[i * n + i];
    chi2 += z[i] * z[i];
  }
  return chi2;
}

int jv_intmcmc_like_from_config(jv_config_t *cfg, jv_intmcmc_like_t *lk, jv_error_t *err) {
  jv_intmcmc_like_settings_t set = {.ndeg = 0};
  double *deg = NULL;
  size_t nd = 0;
  int status = JV_OK;
  JV_TRY(err, jv_config_get_bool_or(cfg, "likelihood.winds", 1, &set.winds, err));
  JV_TRY(err, jv_config_get_bool_or(cfg, "likelihood.radius", 1, &set.radius, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "likelihood.covariance_file", NULL, &set.covariance_path, err));
  if (set.covariance_path != NULL && set.covariance_path[0] == '\0') set.covariance_path = NULL;
  if (jv_config_has(cfg, "likelihood.degrees")) {
    JV_TRY(err, jv_config_get_doubles(cfg, "likelihood.degrees", &deg, &nd, err));
    if (nd < 1 || nd > JV_INTMCMC_MAX_J) {
      free(deg);
      JV_FAIL(err, JV_EINPUT, "likelihood.degrees: give 1 to %d of 2, 4, 6, 8, 10 (got %zu)", JV_INTMCMC_MAX_J, nd);
    }
    for (size_t i = 0; i < nd; ++i) {
      if (deg[i] != floor(deg[i])) {
        status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "likelihood.degrees: %g is not an integer", deg[i]);
        free(deg);
        return status;
      }
      set.degrees[i] = (int)deg[i];
    }
    set.ndeg = (int)nd;
    free(deg);
  } else {
    for (int i = 0; i < JV_INTMCMC_MAX_J; ++i) set.degrees[i] = 2 * (i + 1);
    set.ndeg = JV_INTMCMC_MAX_J;
  }
  JV_TRY(err, jv_intmcmc_like_init(&set, lk, err));
  return JV_OK;
}
