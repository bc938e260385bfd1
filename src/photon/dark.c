/*
 * Dark-photon eps scans at fixed m' by the QR route of SCIENCE.md section 2. Column j of the
 * internal design matrix (degree n_j) is linear in the two radial pieces:
 *   A(eps)_j = c1_n(eps) A_0,j + c2_n(eps) A_m',j   (jv_photon_dark_coefs; external columns massless),
 * so with one Householder QR of the whitened B = [A_0 | A_m'] (rows x (P + P_int)) = Q R,
 *   A(eps) = Q M(eps),  M = R_0 C1 + R_m' C2  ((P + P_int) x P, upper part of R only),
 *   chi2(eps) = |(1 - Q Q^T) y~|^2 + |Q^T y~ - M alpha|^2,
 * the first term summed from the residual components of Q^T y~ once per m', the second the
 * residual of a small least-squares problem solved by QR + SVD (jv_mag_fit) at each eps. M has
 * the singular values of A(eps), so sum ln s_i and the truncation are those of the full problem.
 * Jeffreys: dA/deps alpha = Q dM alpha with dM = R_0 dC1 + R_m' dC2, and (1 - P_k) acts inside the
 * Q space, so I = |(1 - P_k^small) dM alpha|^2, exactly; times (eps ln 10)^2 for theta = log10 eps.
 * Column order of the design matrix (jovis/magnetic.h): internal coefficients in CHAOS order
 * (degree n at columns n^2 - 1 .. n^2 + 2n - 1), then the external ones.
 */
#include <math.h>
#include <string.h>

#include <lapacke.h>

#include "photon_internal.h"

static int degree_of_column(size_t j) { return (int)floor(sqrt((double)j + 1.0) + 1e-9); }

int jv_photon_dark_prepare(jv_photon_work_t *w, const jv_photon_problem_t *pb, double mu_a, double r0_over_a,
                           jv_error_t *err) {
  if (w->qr == NULL) JV_FAIL(err, JV_EINPUT, "this workspace was not allocated for dark-photon scans");
  size_t q = w->cols + w->cols_int, rows = w->rows;
  jv_photon_params_t p = {mu_a, 0, r0_over_a};
  jv_radial_t part = jv_photon_radial_dark_part(&p);
  /* Validate (mu a, r0) through the coefficients before the expensive builds. */
  JV_TRY(err, jv_photon_dark_coefs(&p, w->n_int, w->c1, w->c2, NULL, NULL, err));
  JV_TRY(err, jv_mag_design_build(w->design, pb->data, NULL, pb->w, w->qr, rows, err));
  JV_TRY(err, jv_mag_design_build(w->design_int, pb->data, &part, pb->w, w->qr + w->cols * rows, rows, err));
  lapack_int info = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, (lapack_int)rows, (lapack_int)q, w->qr, (lapack_int)rows,
                                        w->tau, w->qwork, (lapack_int)w->lqwork);
  if (info != 0) JV_FAIL(err, JV_EMATH, "dgeqrf of the %zu x %zu matrix [A_0 | A_m'] failed (info %d)", rows, q, (int)info);
  memcpy(w->c, pb->y, rows * sizeof *w->c);
  info = LAPACKE_dormqr_work(LAPACK_COL_MAJOR, 'L', 'T', (lapack_int)rows, 1, (lapack_int)q, w->qr, (lapack_int)rows,
                             w->tau, w->c, (lapack_int)rows, w->qwork, (lapack_int)w->lqwork);
  if (info != 0) JV_FAIL(err, JV_EMATH, "dormqr (Q^T y) failed (info %d)", (int)info);
  w->perp2 = 0;
  for (size_t i = q; i < rows; ++i) w->perp2 += w->c[i] * w->c[i];
  w->mu_a = mu_a;
  w->r0_over_a = r0_over_a;
  return JV_OK;
}

/* Entry (i, j) of R (upper triangle of the factored matrix). */
static double R_at(const jv_photon_work_t *w, size_t i, size_t j) { return i <= j ? w->qr[i + j * w->rows] : 0.0; }

int jv_photon_dark_point(jv_photon_work_t *w, double eps, jv_photon_point_t *out, jv_error_t *err) {
  if (isnan(w->mu_a)) JV_FAIL(err, JV_EINPUT, "jv_photon_dark_prepare must come before an eps point");
  size_t q = w->cols + w->cols_int, P = w->cols;
  jv_photon_params_t p = {w->mu_a, eps, w->r0_over_a};
  JV_TRY(err, jv_photon_dark_coefs(&p, w->n_int, w->c1, w->c2, w->dc1, w->dc2, err));
  double *M = jv_mag_fit_matrix(w->small);
  for (size_t j = 0; j < P; ++j) {
    double *col = M + j * q;
    if (j < w->cols_int) {
      int n = degree_of_column(j);
      for (size_t i = 0; i < q; ++i) col[i] = w->c1[n] * R_at(w, i, j) + w->c2[n] * R_at(w, i, P + j);
    } else {
      for (size_t i = 0; i < q; ++i) col[i] = R_at(w, i, j);
    }
  }
  JV_TRY(err, jv_mag_fit_factor(w->small, err));
  JV_TRY(err, jv_photon_solve_(w, w->small, w->c, out, err));
  out->chi2 += w->perp2;
  out->ln_l_marg = -0.5 * out->chi2 - out->sum_log_s;
  if (eps > 1) { /* [Y24]: the prior vanishes beyond eps = 1 */
    out->fisher = out->jeffreys = 0;
    return JV_OK;
  }
  double *d = w->dvec; /* q entries used */
  for (size_t i = 0; i < q; ++i) d[i] = 0;
  for (size_t j = 0; j < w->cols_int; ++j) {
    int n = degree_of_column(j);
    double a = w->coef[j];
    for (size_t i = 0; i <= P + j && i < q; ++i) d[i] += a * (w->dc1[n] * R_at(w, i, j) + w->dc2[n] * R_at(w, i, P + j));
  }
  JV_TRY(err, jv_mag_fit_project_out(w->small, out->k, d, err));
  double s = 0;
  for (size_t i = 0; i < q; ++i) s += d[i] * d[i];
  out->fisher = s * pow(eps * log(10.0), 2);
  out->jeffreys = sqrt(out->fisher);
  return JV_OK;
}

int jv_photon_dark_point_direct(jv_photon_work_t *w, const jv_photon_problem_t *pb, double mu_a, double r0_over_a,
                                double eps, jv_photon_point_t *out, jv_error_t *err) {
  jv_photon_params_t p = {mu_a, eps, r0_over_a};
  jv_radial_t rad = jv_photon_radial_dark(&p);
  JV_TRY(err, jv_mag_design_build(w->design, pb->data, &rad, pb->w, jv_mag_fit_matrix(w->fit), w->rows, err));
  JV_TRY(err, jv_mag_fit_factor(w->fit, err));
  JV_TRY(err, jv_photon_solve_(w, w->fit, pb->y, out, err));
  return JV_OK;
}
