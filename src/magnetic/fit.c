/*
 * Weighted least squares by truncated SVD through QR (SCIENCE.md section 2, "Fit" and its
 * numerical-care notes). A~ = Q R with LAPACKE dgeqrf (Householder, blocked BLAS-3: the only
 * O(m p^2) step); R = U S V^T with dgesdd on the p x p triangle. For data y~ (m rows):
 *   c = Q^T y~ (dormqr),  beta = U_k^T c[0:p],  alpha = V_k S_k^-1 beta,
 *   residual in the rotated basis: c[0:p] - U_k beta and c[p:m] unchanged, so
 *   r = Q [c[0:p] - U_k beta ; c[p:m]],   chi2 = |r|^2.
 * Why this route: an SVD of the tall matrix (dgesdd on 84,033 x 395) forms U explicitly and
 * costs 1.3-2.2x our QR + SVD of R (measured in bench/); the Gram route (dsyrk + eigen) is
 * cheapest but squares the condition number and its eigenvectors are wrong at near-degenerate
 * cuts (k < P), see SCIENCE.md. chi2 comes from the
 * residual vector, never from |y|^2 - |U_k^T y|^2. jv_mag_fit_factor_gram is the fast path for
 * k = P (column-scaled Gram matrix, one refinement step), checked against the QR route in tests.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <lapacke.h>

#include "magnetic_internal.h"

struct jv_mag_fit {
  size_t m, p;
  double *A;      /* m x p, then the QR factors */
  double *tau;    /* p reflector scalars */
  double *R;      /* p x p scratch for the SVD (destroyed) */
  double *U, *VT; /* p x p */
  double *s;      /* p singular values */
  double *c;      /* m: Q^T y */
  double *beta;   /* p */
  double *work;
  lapack_int lwork;
  lapack_int *iwork;
  double *scale, *tmp; /* Gram route: column norms D, a p-vector of scratch */
  int factored;        /* 0: no; FACTOR_QR or FACTOR_GRAM */
};

enum { FACTOR_QR = 1, FACTOR_GRAM = 2 };

int jv_mag_fit_alloc(size_t rows, size_t cols, jv_mag_fit_t **out, jv_error_t *err) {
  *out = NULL;
  if (cols == 0 || rows < cols)
    JV_FAIL(err, JV_EINPUT, "a fit needs rows >= cols > 0 (rows %zu, cols %zu)", rows, cols);
  jv_mag_fit_t *f;
  JV_ALLOC(err, f, 1);
  f->m = rows;
  f->p = cols;
  f->A = malloc(rows * cols * sizeof(double));
  f->tau = malloc(cols * sizeof(double));
  f->R = malloc(cols * cols * sizeof(double));
  f->U = malloc(cols * cols * sizeof(double));
  f->VT = malloc(cols * cols * sizeof(double));
  f->s = malloc(cols * sizeof(double));
  f->c = malloc(rows * sizeof(double));
  f->beta = malloc(cols * sizeof(double));
  f->iwork = malloc(8 * cols * sizeof(lapack_int));
  f->scale = malloc(cols * sizeof(double));
  f->tmp = malloc(cols * sizeof(double));
  if (!f->A || !f->tau || !f->R || !f->U || !f->VT || !f->s || !f->c || !f->beta || !f->iwork || !f->scale ||
      !f->tmp) {
    jv_mag_fit_free(f);
    JV_FAIL(err, JV_ENOMEM, "out of memory for a %zu x %zu fit (%.0f MB)", rows, cols, rows * cols * 8e-6);
  }
  /* Workspace queries: the largest of dgeqrf, dormqr (one column, both ways) and dgesdd. */
  double q;
  lapack_int m = (lapack_int)rows, p = (lapack_int)cols, best = 1;
  if (LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, m, p, f->A, m, f->tau, &q, -1) == 0 && q > best)
    best = (lapack_int)q;
  if (LAPACKE_dormqr_work(LAPACK_COL_MAJOR, 'L', 'T', m, 1, p, f->A, m, f->tau, f->c, m, &q, -1) == 0 &&
      q > best)
    best = (lapack_int)q;
  if (LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'S', p, p, f->R, p, f->s, f->U, p, f->VT, p, &q, -1, f->iwork) ==
          0 &&
      q > best)
    best = (lapack_int)q;
  if (LAPACKE_dsyev_work(LAPACK_COL_MAJOR, 'V', 'U', p, f->U, p, f->s, &q, -1) == 0 && q > best)
    best = (lapack_int)q;
  f->lwork = best;
  f->work = malloc((size_t)best * sizeof(double));
  if (f->work == NULL) {
    jv_mag_fit_free(f);
    JV_FAIL(err, JV_ENOMEM, "out of memory for LAPACK workspace");
  }
  *out = f;
  return JV_OK;
}

void jv_mag_fit_free(jv_mag_fit_t *f) {
  if (f == NULL) return;
  free(f->A);
  free(f->tau);
  free(f->R);
  free(f->U);
  free(f->VT);
  free(f->s);
  free(f->c);
  free(f->beta);
  free(f->work);
  free(f->iwork);
  free(f->scale);
  free(f->tmp);
  free(f);
}

double *jv_mag_fit_matrix(jv_mag_fit_t *f) {
  f->factored = 0;
  return f->A;
}
size_t jv_mag_fit_rows(const jv_mag_fit_t *f) { return f->m; }
size_t jv_mag_fit_cols(const jv_mag_fit_t *f) { return f->p; }
const double *jv_mag_fit_singular_values(const jv_mag_fit_t *f) {
  return f->factored == FACTOR_QR ? f->s : NULL;
}

int jv_mag_fit_factor(jv_mag_fit_t *f, jv_error_t *err) {
  lapack_int m = (lapack_int)f->m, p = (lapack_int)f->p;
  for (size_t j = 0; j < f->m * f->p; ++j)
    if (!isfinite(f->A[j]))
      JV_FAIL(err, JV_EMATH, "design matrix entry (row %zu, column %zu) is not finite", j % f->m, j / f->m);
  lapack_int info = LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, m, p, f->A, m, f->tau, f->work, f->lwork);
  if (info != 0) JV_FAIL(err, JV_EMATH, "dgeqrf failed (info %d)", (int)info);
  for (size_t j = 0; j < f->p; ++j)
    for (size_t i = 0; i < f->p; ++i)
      f->R[j * f->p + i] = i <= j ? f->A[j * f->m + i] : 0.0;
  info = LAPACKE_dgesdd_work(LAPACK_COL_MAJOR, 'S', p, p, f->R, p, f->s, f->U, p, f->VT, p, f->work, f->lwork,
                             f->iwork);
  if (info != 0) JV_FAIL(err, JV_EMATH, "dgesdd on R failed to converge (info %d)", (int)info);
  f->factored = FACTOR_QR;
  return JV_OK;
}

/*
 * The Gram route (SCIENCE.md section 2, numerical care): scale each column to unit norm
 * (A = A_s D), G = A_s^T A_s by dsyrk, G = V diag(lambda) V^T by dsyev. Scaling keeps cond(G)
 * = cond(A_s)^2 far below 1/eps here; the solve adds one step of iterative refinement. The
 * matrix is left intact (the residual is y - A alpha, from the matrix itself).
 */
int jv_mag_fit_factor_gram(jv_mag_fit_t *f, jv_error_t *err) {
  size_t m = f->m, p = f->p;
  for (size_t j = 0; j < p; ++j) {
    double nrm = cblas_dnrm2((int)m, f->A + j * m, 1);
    if (!(nrm > 0) || !isfinite(nrm)) JV_FAIL(err, JV_EMATH, "design column %zu has norm %g", j, nrm);
    f->scale[j] = nrm;
  }
  /* G_s = D^-1 (A^T A) D^-1 without a scaled copy of A */
  cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)p, (int)m, 1.0, f->A, (int)m, 0.0, f->U, (int)p);
  for (size_t j = 0; j < p; ++j)
    for (size_t i = 0; i <= j; ++i)
      f->U[j * p + i] /= f->scale[i] * f->scale[j];
  lapack_int info = LAPACKE_dsyev_work(LAPACK_COL_MAJOR, 'V', 'U', (lapack_int)p, f->U, (lapack_int)p, f->s,
                                       f->work, f->lwork);
  if (info != 0) JV_FAIL(err, JV_EMATH, "dsyev of the Gram matrix failed (info %d)", (int)info);
  if (!(f->s[0] > 0)) JV_FAIL(err, JV_EMATH, "Gram matrix not positive definite (lambda_min %g)", f->s[0]);
  f->factored = FACTOR_GRAM;
  return JV_OK;
}

/* x <- G_s^-1 x = V diag(1/lambda) V^T x (p-vectors; uses f->tmp) */
static void gram_apply_inverse(jv_mag_fit_t *f, double *x) {
  int p = (int)f->p;
  cblas_dgemv(CblasColMajor, CblasTrans, p, p, 1.0, f->U, p, x, 1, 0.0, f->tmp, 1);
  for (int i = 0; i < p; ++i)
    f->tmp[i] /= f->s[i];
  cblas_dgemv(CblasColMajor, CblasNoTrans, p, p, 1.0, f->U, p, f->tmp, 1, 0.0, x, 1);
}

/* Normal-equation step: x += G_s^-1 D^-1 A^T r. */
static void gram_step(jv_mag_fit_t *f, const double *r, double *x) {
  int m = (int)f->m, p = (int)f->p;
  cblas_dgemv(CblasColMajor, CblasTrans, m, p, 1.0, f->A, m, r, 1, 0.0, f->beta, 1);
  for (int j = 0; j < p; ++j)
    f->beta[j] /= f->scale[j];
  gram_apply_inverse(f, f->beta);
  for (int j = 0; j < p; ++j)
    x[j] += f->beta[j];
}

/* r <- y - A D^-1 x_s */
static void gram_residual(jv_mag_fit_t *f, const double *y, const double *xs, double *r) {
  int m = (int)f->m, p = (int)f->p;
  for (int j = 0; j < p; ++j)
    f->tmp[j] = xs[j] / f->scale[j];
  memcpy(r, y, f->m * sizeof(double));
  cblas_dgemv(CblasColMajor, CblasNoTrans, m, p, -1.0, f->A, m, f->tmp, 1, 1.0, r, 1);
}

static int gram_solve(jv_mag_fit_t *f, const double *y, double *coef, double *resid, jv_mag_fit_stats_t *st) {
  size_t p = f->p;
  double *xs = f->VT; /* p scratch entries of the (unused on this route) V^T buffer */
  double *r = resid != NULL ? resid : f->c;
  memset(xs, 0, p * sizeof(double));
  gram_step(f, y, xs); /* first solve */
  gram_residual(f, y, xs, r);
  gram_step(f, r, xs);        /* one step of iterative refinement */
  gram_residual(f, y, xs, r); /* the residual vector of the refined solution */
  if (coef != NULL)
    for (size_t j = 0; j < p; ++j)
      coef[j] = xs[j] / f->scale[j];
  if (st != NULL) {
    st->k = p;
    st->chi2 = cblas_ddot((int)f->m, r, 1, r, 1);
    st->dof = f->m - p;
    /* sum ln s_i = ln sqrt(det A^T A) = sum ln sqrt(lambda_i) + sum ln D_j (exact for k = P) */
    st->sum_log_s = 0;
    for (size_t i = 0; i < p; ++i)
      st->sum_log_s += 0.5 * log(f->s[i]) + log(f->scale[i]);
  }
  return JV_OK;
}

/* c <- (1 - P_k) c in the rotated basis, with beta = U_k^T c[0:p] kept in f->beta. */
static void remove_kept(jv_mag_fit_t *f, size_t k) {
  int p = (int)f->p;
  cblas_dgemv(CblasColMajor, CblasTrans, p, (int)k, 1.0, f->U, p, f->c, 1, 0.0, f->beta, 1);
  cblas_dgemv(CblasColMajor, CblasNoTrans, p, (int)k, -1.0, f->U, p, f->beta, 1, 1.0, f->c, 1);
}

static int apply_q(jv_mag_fit_t *f, char trans, double *v, jv_error_t *err) {
  lapack_int m = (lapack_int)f->m, p = (lapack_int)f->p;
  lapack_int info =
      LAPACKE_dormqr_work(LAPACK_COL_MAJOR, 'L', trans, m, 1, p, f->A, m, f->tau, v, m, f->work, f->lwork);
  if (info != 0) JV_FAIL(err, JV_EMATH, "dormqr failed (info %d)", (int)info);
  return JV_OK;
}

int jv_mag_fit_solve(jv_mag_fit_t *f, const double *y, size_t k, double *coef, double *resid,
                     jv_mag_fit_stats_t *st, jv_error_t *err) {
  if (!f->factored) JV_FAIL(err, JV_EINPUT, "jv_mag_fit_solve before jv_mag_fit_factor");
  if (k < 1 || k > f->p) JV_FAIL(err, JV_EINPUT, "kept modes k = %zu outside 1..%zu", k, f->p);
  if (f->factored == FACTOR_GRAM) {
    if (k != f->p)
      JV_FAIL(err, JV_EINPUT,
              "the Gram route solves only k = P = %zu (asked %zu): factor with jv_mag_fit_factor", f->p, k);
    return gram_solve(f, y, coef, resid, st);
  }
  if (!(f->s[k - 1] > 0)) JV_FAIL(err, JV_EMATH, "singular value %zu is zero: lower k", k);
  memcpy(f->c, y, f->m * sizeof(double));
  JV_TRY(err, apply_q(f, 'T', f->c, err));
  remove_kept(f, k);
  if (coef != NULL) { /* alpha = V_k S_k^-1 beta = VT_k^T (beta / s) */
    for (size_t i = 0; i < k; ++i)
      f->beta[i] /= f->s[i];
    cblas_dgemv(CblasColMajor, CblasTrans, (int)k, (int)f->p, 1.0, f->VT, (int)f->p, f->beta, 1, 0.0, coef,
                1);
  }
  double chi2;
  if (resid != NULL) {
    memcpy(resid, f->c, f->m * sizeof(double));
    JV_TRY(err, apply_q(f, 'N', resid, err));
    chi2 = cblas_ddot((int)f->m, resid, 1, resid, 1);
  } else {
    chi2 = cblas_ddot((int)f->m, f->c, 1, f->c, 1); /* the same vector in the rotated basis */
  }
  if (st != NULL) {
    st->k = k;
    st->chi2 = chi2;
    st->dof = f->m - k;
    st->sum_log_s = 0;
    for (size_t i = 0; i < k; ++i)
      st->sum_log_s += log(f->s[i]);
  }
  return JV_OK;
}

int jv_mag_fit_project_out(jv_mag_fit_t *f, size_t k, double *v, jv_error_t *err) {
  if (f->factored != FACTOR_QR)
    JV_FAIL(err, JV_EINPUT, "jv_mag_fit_project_out needs jv_mag_fit_factor (QR)");
  if (k < 1 || k > f->p) JV_FAIL(err, JV_EINPUT, "kept modes k = %zu outside 1..%zu", k, f->p);
  JV_TRY(err, apply_q(f, 'T', v, err));
  memcpy(f->c, v, f->p * sizeof(double));
  remove_kept(f, k);
  memcpy(v, f->c, f->p * sizeof(double));
  JV_TRY(err, apply_q(f, 'N', v, err));
  return JV_OK;
}
