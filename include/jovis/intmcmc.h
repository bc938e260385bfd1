/*
 * jovis intmcmc: the Juno gravity likelihood of the interior MCMC [H23] (SCIENCE.md section 4,
 * ../shared/data/gravity/juno_gravity.md). Physics-side and MPI-free; it knows neither the
 * sampler nor the interior forward model: it compares numbers (J_2n, R_eq) with the observed ones.
 * The adapter that turns the interior model into a sampler model lives in src/apps/model_interior.c.
 *
 * Units and conventions:
 *  - Zonal harmonics J_n are unnormalised, referenced to a = 71492 km (Durante et al. 2020
 *    Table 2), and handled inside this module in units of 1e-6 (the table's units), so the
 *    covariance is well scaled; the caller passes plain J_n (dimensionless), scaled here.
 *  - Observed J_2 has the tide (6.72e-8, Durante 2020 Table 2 caption) removed: a rigidly rotating
 *    model has no tide.
 *  - Radii in km. Uncertainties are 1 sigma (Table 2 quotes 3 sigma: divided by 3).
 *  - Winds (Miguel et al. 2022 via juno_gravity.md section 2): static target = observed + offset,
 *    sigma = sigma_obs + extra (added linearly, as the source does).
 */
#ifndef JOVIS_INTMCMC_H
#define JOVIS_INTMCMC_H

#include "jovis/core.h"

/* The even degrees the likelihood can use: J2, J4, J6, J8, J10. */
#define JV_INTMCMC_MAX_J 5
/* Observations: up to 5 harmonics and the equatorial radius. */
#define JV_INTMCMC_MAX_OBS (JV_INTMCMC_MAX_J + 1)
/* Reference radius of the Juno harmonics and the observed 1-bar equatorial radius (km). */
#define JV_JUNO_REF_RADIUS_KM 71492.0
#define JV_JUNO_REQ_SIGMA_KM 4.0

/* ---------------------------------------------------------------- published values */
/*
 * Durante et al. 2020 Table 2 for degree l (2..12): J_l x 1e6 (J_2 without tide) and the table's
 * 3 sigma x 1e6. JV_EINPUT for l outside 2..12.
 */
int jv_intmcmc_durante_J(int l, double *value_1e6, double *sigma3_1e6, jv_error_t *err);
/* Wind offset and extra sigma x 1e6 for even l = 2..10 (juno_gravity.md section 2). */
int jv_intmcmc_wind_J(int l, double *offset_1e6, double *extra_sigma_1e6, jv_error_t *err);

/*
 * Read the Durante 2020 covariance (Data Set S2: 43 labelled rows, fully normalised coefficients,
 * 3 sigma) and return the block of the degrees l[0..n-1] as an unnormalised 1 sigma covariance in
 * units of 1e-12 (i.e. of (J x 1e6)^2), row-major n x n:
 *   C_unnorm(l, l') = C_norm(l, l') sqrt(2l+1) sqrt(2l'+1) / 9 x 1e12
 * (J_l = sqrt(2l+1) Jbar_l; 3 sigma -> 1 sigma is a factor 1/9 in the covariance).
 * JV_EIO if the file cannot be read, JV_EINPUT if it is not a 43 x 43 labelled matrix or lacks J[l].
 */
int jv_intmcmc_read_covariance(const char *path, const int *l, int n, double *cov, jv_error_t *err);

/* ---------------------------------------------------------------- the likelihood */
typedef struct {
  int degrees[JV_INTMCMC_MAX_J]; /* even degrees used, ascending, e.g. 2 4 6 8 10 */
  int ndeg;
  int winds;                     /* apply the wind offsets and extra sigma */
  int radius;                    /* include R_eq (71492 +- 4 km) */
  const char *covariance_path;   /* NULL: diagonal (Table 2 sigmas); else Data Set S2 */
} jv_intmcmc_like_settings_t;

/*
 * What is compared: obs[0..nobs-1] (J's in 1e-6, then R_eq in km when used), their 1 sigma
 * (sqrt of the covariance diagonal, winds included) and the Cholesky factor of the covariance.
 */
typedef struct {
  jv_intmcmc_like_settings_t set;
  int nobs;
  double obs[JV_INTMCMC_MAX_OBS];
  double sigma[JV_INTMCMC_MAX_OBS];
  double cov[JV_INTMCMC_MAX_OBS * JV_INTMCMC_MAX_OBS];  /* the covariance, row-major nobs x nobs */
  double chol[JV_INTMCMC_MAX_OBS * JV_INTMCMC_MAX_OBS]; /* its lower Cholesky factor L (L L^T = cov) */
} jv_intmcmc_like_t;

/*
 * Build the observation vector and covariance. With a covariance file the wind extra sigma enters
 * the diagonal so that its standard deviation is sigma_obs + extra, as in the diagonal case
 * (C_ii -> (sqrt(C_ii) + e_i)^2, off-diagonal terms unchanged; this only adds a non-negative
 * diagonal, so the matrix stays positive definite). R_eq is uncorrelated with the J's.
 * JV_EINPUT for bad degrees (odd, outside 2..10, repeated, unsorted), JV_EMATH if the covariance
 * is not positive definite.
 */
int jv_intmcmc_like_init(const jv_intmcmc_like_settings_t *set, jv_intmcmc_like_t *lk, jv_error_t *err);

/*
 * chi^2 = r^T C^-1 r of the residual r = model - obs, by forward substitution with L (no
 * allocation: scratch holds nobs doubles). J_model[k] is the plain J of degree 2(k+1) (k = 0..4,
 * referenced to 71492 km); req_km the model's equatorial radius (ignored unless set.radius).
 * resid_sigma (may be NULL) gets (model - obs) / sigma per observation. ln L = -chi^2 / 2
 * (the constant is dropped: it does not change the posterior).
 */
double jv_intmcmc_like_chi2(const jv_intmcmc_like_t *lk, const double *J_model, double req_km, double *resid_sigma,
                            double *scratch);

/* Read [likelihood] (winds, radius, degrees, covariance_file; see inputs/interior_original.ini). */
int jv_intmcmc_like_from_config(jv_config_t *cfg, jv_intmcmc_like_t *lk, jv_error_t *err);

#endif /* JOVIS_INTMCMC_H */
