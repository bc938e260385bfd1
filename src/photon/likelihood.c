/*
 * The marginalised likelihood at one photon-mass grid point (SCIENCE.md section 2, "Fit and
 * marginalised likelihood", "Jeffreys prior"), on the QR + SVD fit of jovis/magnetic.h:
 *   chi2_min = |y~ - A~ alpha|^2 (residual vector), ln L_marg = -chi2_min/2 - sum_{i<=k} ln s_i,
 *   I(theta) = |(1 - P_k) dA~/dtheta alpha|^2, J = sqrt(I), theta = log10 m.
 * dA~/dtheta by a central difference in ln mu with step h = 1e-3: the design matrix is linear in the
 * radial functions, which are smooth in mu (test_photon), so the O(h^2) = 1e-6 relative error is far
 * below anything a limit can see; rounding (1e-16 |A alpha| / h) matters only where J ~ (mu a)^2 is
 * negligible anyway (mu a < 1e-5).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <lapacke.h>

#include "photon_internal.h"

#define JV_PHOTON_DLNMU 1e-3

size_t jv_photon_keep_(const jv_photon_work_t *w) { return w->k == 0 ? w->cols : w->k; }

int jv_photon_work_alloc(const jv_photon_problem_t *pb, int dark, jv_photon_work_t **out, jv_error_t *err) {
  jv_photon_work_t *w;
  int status = JV_OK;
  *out = NULL;
  if (pb->n_int < 1) JV_FAIL(err, JV_EINPUT, "photon scans need internal degree >= 1, got %d", pb->n_int);
  JV_ALLOC(err, w, 1);
  w->rows = 3 * pb->data->n;
  w->n_int = pb->n_int;
  w->k = pb->k;
  w->cols_int = (size_t)(pb->n_int * (pb->n_int + 2));
  w->mu_a = w->r0_over_a = NAN;
  JV_TRY_GOTO(err, status, fail, jv_mag_design_alloc(pb->n_int, pb->n_ext, &w->design, err));
  w->cols = jv_mag_design_cols(w->design);
  if (pb->k > w->cols) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "k = %zu modes kept, but only %zu coefficients", pb->k,
                          w->cols);
    goto fail;
  }
  if (w->rows <= w->cols) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%zu data rows cannot constrain %zu coefficients",
                          w->rows, w->cols);
    goto fail;
  }
  JV_TRY_GOTO(err, status, fail, jv_mag_fit_alloc(w->rows, w->cols, &w->fit, err));
  w->coef = calloc(w->cols, sizeof *w->coef);
  w->dvec = calloc(w->rows, sizeof *w->dvec);
  w->zvec = calloc(w->rows, sizeof *w->zvec);
  if (!dark) w->dbuf = malloc(w->rows * w->cols * sizeof *w->dbuf);
  if (w->coef == NULL || w->dvec == NULL || w->zvec == NULL || (!dark && w->dbuf == NULL)) {
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory for a %zu x %zu photon workspace",
                          w->rows, w->cols);
    goto fail;
  }
  if (dark) {
    size_t q = w->cols + w->cols_int;
    double query;
    JV_TRY_GOTO(err, status, fail, jv_mag_design_alloc(pb->n_int, 0, &w->design_int, err));
    JV_TRY_GOTO(err, status, fail, jv_mag_fit_alloc(q, w->cols, &w->small, err));
    w->qr = malloc(w->rows * q * sizeof *w->qr);
    w->tau = malloc(q * sizeof *w->tau);
    w->c = malloc(w->rows * sizeof *w->c);
    w->c1 = malloc(4 * (size_t)(pb->n_int + 1) * sizeof *w->c1);
    if (w->qr == NULL || w->tau == NULL || w->c == NULL || w->c1 == NULL) {
      status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory for the %zu x %zu QR of [A_0 | A_m']",
                            w->rows, q);
      goto fail;
    }
    w->c2 = w->c1 + pb->n_int + 1;
    w->dc1 = w->c2 + pb->n_int + 1;
    w->dc2 = w->dc1 + pb->n_int + 1;
    /* Workspace queries: the larger of dgeqrf's and dormqr's optimal sizes, allocated once. */
    lapack_int info = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, (lapack_int)w->rows, (lapack_int)q, w->qr,
                                          (lapack_int)w->rows, w->tau, &query, -1);
    w->lqwork = info == 0 ? (size_t)query : q * 64;
    info = LAPACKE_dormqr_work(LAPACK_COL_MAJOR, 'L', 'T', (lapack_int)w->rows, 1, (lapack_int)q, w->qr,
                               (lapack_int)w->rows, w->tau, w->c, (lapack_int)w->rows, &query, -1);
    if (info == 0 && (size_t)query > w->lqwork) w->lqwork = (size_t)query;
    w->qwork = malloc(w->lqwork * sizeof *w->qwork);
    if (w->qwork == NULL) {
      status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory for a LAPACK workspace");
      goto fail;
    }
  }
  *out = w;
  return JV_OK;
fail:
  jv_photon_work_free(w);
  return status;
}

void jv_photon_work_free(jv_photon_work_t *w) {
  if (w == NULL) return;
  jv_mag_design_free(w->design);
  jv_mag_design_free(w->design_int);
  jv_mag_fit_free(w->fit);
  jv_mag_fit_free(w->small);
  free(w->coef);
  free(w->dbuf);
  free(w->dvec);
  free(w->zvec);
  free(w->qr);
  free(w->tau);
  free(w->c);
  free(w->qwork);
  free(w->c1);
  free(w);
}

size_t jv_photon_work_cols(const jv_photon_work_t *w) { return w->cols; }
const double *jv_photon_work_coef(const jv_photon_work_t *w) { return w->coef; }

int jv_photon_solve_(jv_photon_work_t *w, jv_mag_fit_t *fit, const double *y, jv_photon_point_t *out, jv_error_t *err) {
  jv_mag_fit_stats_t st;
  size_t keep = jv_photon_keep_(w);
  JV_TRY(err, jv_mag_fit_solve(fit, y, keep, w->coef, NULL, &st, err));
  const double *s = jv_mag_fit_singular_values(fit);
  out->k = st.k;
  out->chi2 = st.chi2;
  out->sum_log_s = st.sum_log_s;
  out->ln_l_marg = -0.5 * st.chi2 - st.sum_log_s;
  out->s_cut = keep < w->cols ? s[keep - 1] / s[keep] : 1.0;
  out->fisher = out->jeffreys = NAN;
  if (!isfinite(out->chi2)) JV_FAIL(err, JV_EMATH, "chi2 is %g", out->chi2);
  return JV_OK;
}

/* z = A~(mu a) coef for the massive radial functions, using dbuf as the design matrix. */
static int design_times_coef(jv_photon_work_t *w, const jv_photon_problem_t *pb, double mu_a, double *z,
                             jv_error_t *err) {
  jv_photon_params_t p = {mu_a, 0, 0};
  jv_radial_t rad = jv_photon_radial_massive(&p);
  JV_TRY(err, jv_mag_design_build(w->design, pb->data, &rad, pb->w, w->dbuf, w->rows, err));
  cblas_dgemv(CblasColMajor, CblasNoTrans, (int)w->rows, (int)w->cols, 1.0, w->dbuf, (int)w->rows, w->coef, 1, 0.0,
              z, 1);
  return JV_OK;
}

int jv_photon_mass_point(jv_photon_work_t *w, const jv_photon_problem_t *pb, double mu_a, jv_photon_point_t *out,
                         jv_error_t *err) {
  if (w->dbuf == NULL) JV_FAIL(err, JV_EINPUT, "this workspace was allocated for dark-photon scans");
  if (!(mu_a >= 0) || !isfinite(mu_a)) JV_FAIL(err, JV_EDOM, "mu a must be finite and >= 0, got %g", mu_a);
  jv_photon_params_t p = {mu_a, 0, 0};
  jv_radial_t rad = jv_photon_radial_massive(&p);
  JV_TRY(err, jv_mag_design_build(w->design, pb->data, &rad, pb->w, jv_mag_fit_matrix(w->fit), w->rows, err));
  JV_TRY(err, jv_mag_fit_factor(w->fit, err));
  JV_TRY(err, jv_photon_solve_(w, w->fit, pb->y, out, err));
  if (mu_a == 0) { /* the SM point: no mass, no derivative, J = 0 */
    out->fisher = out->jeffreys = 0;
    return JV_OK;
  }
  /* d = dA~/dlog10 m alpha = ln 10 [A~(mu e^h) - A~(mu e^-h)] alpha / (2h) */
  double h = JV_PHOTON_DLNMU;
  JV_TRY(err, design_times_coef(w, pb, mu_a * exp(h), w->dvec, err));
  JV_TRY(err, design_times_coef(w, pb, mu_a * exp(-h), w->zvec, err));
  for (size_t i = 0; i < w->rows; ++i) w->dvec[i] = (w->dvec[i] - w->zvec[i]) * log(10.0) / (2 * h);
  JV_TRY(err, jv_mag_fit_project_out(w->fit, jv_photon_keep_(w), w->dvec, err));
  out->fisher = cblas_ddot((int)w->rows, w->dvec, 1, w->dvec, 1);
  out->jeffreys = sqrt(out->fisher);
  return JV_OK;
}
