/*
 * Built-in target: correlated N-d Gaussian, ln L = -chi2/2 with chi2 = (x - m)^T Sigma^-1 (x - m),
 * Sigma_ij = s_i s_j rho^|i-j| (an AR(1) correlation: positive definite for |rho| < 1).
 * chi2 is evaluated as |L^-1 (x - m)|^2 with the Cholesky factor Sigma = L L^T: L^-1 is computed
 * once, so an evaluation is one triangular matrix-vector product (no divisions, no dependency
 * chain between rows).
 * Dimensionless; the normalisation constant is dropped (it does not change the posterior).
 * Blob: chi2 (distributed as chi-square with ndim degrees of freedom under the target).
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "sampler_internal.h"

typedef struct {
  int ndim;
  double *mean;  /* [ndim] */
  double *chol;  /* [ndim * ndim], lower triangle of L^-1, row-major */
  double cost_ms;
  char **names;
} gaussian_t;

static const char *const gaussian_blobs[] = {"chi2"};

static void gaussian_free(void *data) {
  gaussian_t *g = data;
  if (g == NULL) return;
  free(g->mean);
  free(g->chol);
  free(g->names);
  free(g);
}

static int gaussian_ws_alloc(const jv_model_t *m, void **ws, jv_error_t *err) {
  double *z;
  JV_ALLOC(err, z, m->ndim);
  *ws = z;
  return JV_OK;
}

static void gaussian_ws_free(void *ws) { free(ws); }

static int gaussian_lnl(const jv_model_t *m, void *ws, const double *theta, double *lnl, double *blobs,
                        jv_error_t *err) {
  const gaussian_t *g = m->data;
  const int n = g->ndim;
  double *d = ws;
  double chi2 = 0.0;
  for (int i = 0; i < n; ++i) d[i] = theta[i] - g->mean[i];
  for (int i = 0; i < n; ++i) {
    const double *row = g->chol + (size_t)i * n;
    double z = 0.0;
    for (int j = 0; j <= i; ++j) z += row[j] * d[j];
    chi2 += z * z;
  }
  if (g->cost_ms > 0) jv_sampler_burn_cpu(g->cost_ms);
  *lnl = -0.5 * chi2;
  blobs[0] = chi2;
  return JV_OK;
}

int jv_target_gaussian(jv_config_t *cfg, jv_model_t *m, jv_error_t *err) {
  long ndim;
  double rho;
  int status = JV_OK;
  JV_TRY(err, jv_config_get_int(cfg, "model.ndim", &ndim, err));
  if (ndim < 1 || ndim > 1000) JV_FAIL(err, JV_EINPUT, "model.ndim = %ld must be in 1..1000", ndim);
  gaussian_t *g = calloc(1, sizeof *g);
  if (g == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  g->ndim = (int)ndim;
  g->mean = calloc((size_t)ndim, sizeof *g->mean);
  g->chol = calloc((size_t)(ndim * ndim), sizeof *g->chol);
  double *sigma = calloc((size_t)ndim, sizeof *sigma);
  if (g->mean == NULL || g->chol == NULL || sigma == NULL) {
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory for a %ld-D Gaussian", ndim);
    goto fail;
  }
  JV_TRY_GOTO(err, status, fail, jv_sampler_get_vector(cfg, "model.mean", g->ndim, 1, 0.0, g->mean, err));
  JV_TRY_GOTO(err, status, fail, jv_sampler_get_vector(cfg, "model.sigma", g->ndim, 1, 1.0, sigma, err));
  JV_TRY_GOTO(err, status, fail, jv_config_get_double_or(cfg, "model.rho", 0.0, &rho, err));
  JV_TRY_GOTO(err, status, fail, jv_config_get_double_or(cfg, "model.cost_ms", 0.0, &g->cost_ms, err));
  for (int i = 0; i < g->ndim; ++i)
    if (!(sigma[i] > 0)) {
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "model.sigma[%d] = %g must be > 0", i, sigma[i]);
      goto fail;
    }
  if (!(fabs(rho) < 1)) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "model.rho = %g must be in (-1, 1)", rho);
    goto fail;
  }
  if (g->cost_ms < 0) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "model.cost_ms = %g must be >= 0", g->cost_ms);
    goto fail;
  }
  for (int i = 0; i < g->ndim; ++i)
    for (int j = 0; j < g->ndim; ++j) g->chol[i * g->ndim + j] = sigma[i] * sigma[j] * pow(rho, abs(i - j));
  gsl_matrix_view L = gsl_matrix_view_array(g->chol, (size_t)ndim, (size_t)ndim);
  if (gsl_linalg_cholesky_decomp1(&L.matrix) != GSL_SUCCESS || gsl_linalg_tri_invert(CblasLower, CblasNonUnit, &L.matrix) != GSL_SUCCESS) {
    status = jv_error_set(err, JV_EMATH, __func__, __LINE__, "covariance is not positive definite");
    goto fail;
  }
  JV_TRY_GOTO(err, status, fail, jv_sampler_make_names(g->ndim, "x", &g->names, err));
  free(sigma);
  *m = (jv_model_t){.name = "gaussian",
                    .ndim = g->ndim,
                    .nblobs = 1,
                    .param_names = (const char *const *)g->names,
                    .blob_names = gaussian_blobs,
                    .workspace_alloc = gaussian_ws_alloc,
                    .workspace_free = gaussian_ws_free,
                    .log_likelihood = gaussian_lnl,
                    .data = g,
                    .data_free = gaussian_free};
  return JV_OK;
fail:
  free(sigma);
  gaussian_free(g);
  return status;
}
