/*
 * Benchmark of one field fit on the full Juno set (28,011 points: 84,033 rows x 395 columns,
 * N_int 18 + N_ext 5): design build, QR (dgeqrf), SVD of R (dgesdd), one solve. The dominant
 * call's GFLOP/s is compared with a plain dgemm of the same shape and flop count measured in the
 * same run (C[m x n] = A[m x n] B[n x n], 2 m n^2 flops), and the two alternative routes are
 * timed for the record: dgesdd on the tall matrix, and the Gram route (dsyrk + dsyev).
 * usage: bench_field_fit [Juno_PJ01_50_4.0Rj.txt]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <gsl/gsl_errno.h>
#include <lapacke.h>

#include "jovis/magnetic.h"

static double best_of(int reps, double (*fn)(void *), void *arg) {
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    double t = fn(arg);
    if (t < best) best = t;
  }
  return best;
}

typedef struct {
  size_t m, n;
  const double *A0;
  double *A, *B, *C, *tau, *s, *work;
  lapack_int lwork;
} bench_t;

static double run_dgemm(void *p) {
  bench_t *b = p;
  double t = jv_wtime();
  cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)b->m, (int)b->n, (int)b->n, 1.0, b->A0,
              (int)b->m, b->B, (int)b->n, 0.0, b->C, (int)b->m);
  return jv_wtime() - t;
}

static double run_dgeqrf(void *p) {
  bench_t *b = p;
  memcpy(b->A, b->A0, b->m * b->n * sizeof(double));
  double t = jv_wtime();
  LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, (lapack_int)b->m, (lapack_int)b->n, b->A, (lapack_int)b->m, b->tau,
                      b->work, b->lwork);
  return jv_wtime() - t;
}

static double run_gram(void *p) {
  bench_t *b = p;
  double t = jv_wtime();
  cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, (int)b->n, (int)b->m, 1.0, b->A0, (int)b->m, 0.0, b->C,
              (int)b->n);
  LAPACKE_dsyev(LAPACK_COL_MAJOR, 'V', 'U', (lapack_int)b->n, b->C, (lapack_int)b->n, b->s);
  return jv_wtime() - t;
}

static double run_tall_svd(void *p) {
  bench_t *b = p;
  memcpy(b->A, b->A0, b->m * b->n * sizeof(double));
  double t = jv_wtime();
  /* jobz 'O': U overwrites A, V^T into C (n x n) */
  LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'O', (lapack_int)b->m, (lapack_int)b->n, b->A, (lapack_int)b->m, b->s,
                 NULL, (lapack_int)b->m, b->C, (lapack_int)b->n);
  return jv_wtime() - t;
}

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "../shared/data/magnetic/juno_pinn_vp3/Juno_PJ01_50_4.0Rj.txt";
  jv_error_t err;
  jv_mag_data_t *d = NULL;
  jv_mag_format_t fmt = jv_mag_format_juno_pinn();
  gsl_set_error_handler_off();
  if (jv_mag_data_read(path, &fmt, &d, &err) != JV_OK) {
    fprintf(stderr, "bench_field_fit: %s\n", err.msg);
    return 1;
  }
  jv_mag_design_t *des = NULL;
  jv_mag_fit_t *fit = NULL;
  jv_mag_design_alloc(18, 5, &des, &err);
  size_t m = 3 * d->n, n = jv_mag_design_cols(des);
  if (jv_mag_fit_alloc(m, n, &fit, &err) != JV_OK) {
    fprintf(stderr, "bench_field_fit: %s\n", err.msg);
    return 1;
  }
  double *sigma = malloc(m * sizeof *sigma), *w = malloc(m * sizeof *w), *y = malloc(m * sizeof *y);
  double *coef = malloc(n * sizeof *coef), *res = malloc(m * sizeof *res);
  jv_mag_variance_opts_t vo = jv_mag_variance_defaults();
  jv_mag_variance(d, &vo, NULL, sigma, &err);
  for (size_t j = 0; j < m; ++j)
    w[j] = 1.0 / sigma[j];
  jv_mag_whiten(d, NULL, w, y);

  /* one complete fit, as the commands and the photon scans run it; twice, the second timed (the
     first pays for page faults on the freshly allocated 265 MB matrix) */
  double t0 = 0, t1 = 0, t2 = 0, t3 = 0, t_cold = 0;
  jv_mag_fit_stats_t st;
  for (int rep = 0; rep < 2; ++rep) {
    t0 = jv_wtime();
    jv_mag_design_build(des, d, &jv_radial_massless, w, jv_mag_fit_matrix(fit), m, &err);
    t1 = jv_wtime();
    if (jv_mag_fit_factor(fit, &err) != JV_OK) {
      fprintf(stderr, "bench_field_fit: %s\n", err.msg);
      return 1;
    }
    t2 = jv_wtime();
    jv_mag_fit_solve(fit, y, n, coef, res, &st, &err);
    t3 = jv_wtime();
    if (rep == 0) t_cold = t3 - t0;
  }

  /* the same fit by the Gram fast path (k = P), and its agreement with the QR route */
  double *cq = malloc(n * sizeof *cq);
  memcpy(cq, coef, n * sizeof *cq);
  jv_mag_fit_stats_t sg;
  double g0 = jv_wtime();
  jv_mag_design_build(des, d, &jv_radial_massless, w, jv_mag_fit_matrix(fit), m, &err);
  double g1 = jv_wtime();
  if (jv_mag_fit_factor_gram(fit, &err) != JV_OK ||
      jv_mag_fit_solve(fit, y, n, coef, res, &sg, &err) != JV_OK) {
    fprintf(stderr, "bench_field_fit: %s\n", err.msg);
    return 1;
  }
  double g2 = jv_wtime();
  double dc = 0, cn = 0;
  for (size_t j = 0; j < n; ++j)
    dc = fmax(dc, fabs(coef[j] - cq[j])), cn = fmax(cn, fabs(cq[j]));
  free(cq);

  /* the dominant call alone, and the baselines, on a fresh copy of the matrix */
  bench_t b = {m, n, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0};
  double *A0 = malloc(m * n * sizeof *A0);
  b.A = malloc(m * n * sizeof *b.A);
  b.B = malloc(n * n * sizeof *b.B);
  b.C = malloc(m * n * sizeof *b.C);
  b.tau = malloc(n * sizeof *b.tau);
  b.s = malloc(n * sizeof *b.s);
  jv_mag_design_build(des, d, &jv_radial_massless, w, A0, m, &err);
  b.A0 = A0;
  for (size_t j = 0; j < n * n; ++j)
    b.B[j] = 1.0 / (1.0 + (double)(j % 97));
  double q;
  LAPACKE_dgeqrf_work(LAPACK_COL_MAJOR, (lapack_int)m, (lapack_int)n, b.A, (lapack_int)m, b.tau, &q, -1);
  b.lwork = (lapack_int)q;
  b.work = malloc((size_t)b.lwork * sizeof *b.work);
  double t_gemm = best_of(3, run_dgemm, &b);
  double t_qr = best_of(3, run_dgeqrf, &b);
  double t_gram = best_of(1, run_gram, &b);
  double t_svd = best_of(1, run_tall_svd, &b);
  double f_qr = 2.0 * m * n * n - 2.0 * n * n * n / 3.0, f_gemm = 2.0 * m * n * n;

  printf("field fit benchmark: %zu points, %zu x %zu (N_int 18, N_ext 5), OPENBLAS_NUM_THREADS=%s\n", d->n, m,
         n, getenv("OPENBLAS_NUM_THREADS") ? getenv("OPENBLAS_NUM_THREADS") : "(unset)");
  printf("  design build        %8.3f s\n", t1 - t0);
  printf("  QR + SVD of R       %8.3f s\n", t2 - t1);
  printf("  solve (k = %zu)     %8.3f s   chi2/dof %.2f\n", n, t3 - t2, st.chi2 / st.dof);
  printf("  one fit, total      %8.3f s   (first, cold: %.3f s)\n", t3 - t0, t_cold);
  printf("  Gram fast path (k = P): factor + solve %.3f s (%.2f x the QR route's), |dchi2| = %.2e of %.6e, "
         "coefficients %.1e relative, sum ln s %.9g vs %.9g\n",
         g2 - g1, (g2 - g1) / (t3 - t1), fabs(sg.chi2 - st.chi2), st.chi2, dc / cn, sg.sum_log_s,
         st.sum_log_s);
  printf("  dgemm baseline      %8.3f s  %6.2f GFLOP/s  (ratio 1.00)\n", t_gemm, f_gemm / t_gemm * 1e-9);
  printf("  dgeqrf (dominant)   %8.3f s  %6.2f GFLOP/s  (ratio %.2f of dgemm's rate)\n", t_qr,
         f_qr / t_qr * 1e-9, (f_qr / t_qr) / (f_gemm / t_gemm));
  printf("  alternative: Gram dsyrk + dsyev  %8.3f s  (%.2f x the QR route's factor time)\n", t_gram,
         t_gram / (t2 - t1));
  printf("  alternative: dgesdd on the tall matrix  %8.3f s  (%.2f x)\n", t_svd, t_svd / (t2 - t1));
  printf("gram_fit_s=%.3f fit_s=%.3f qr_svd_s=%.3f dgeqrf_gflops=%.2f dgemm_gflops=%.2f ratio=%.2f "
         "gram_s=%.3f tall_svd_s=%.3f\n",
         g2 - g0, t3 - t0, t2 - t1, f_qr / t_qr * 1e-9, f_gemm / t_gemm * 1e-9,
         (f_qr / t_qr) / (f_gemm / t_gemm), t_gram, t_svd);
  free(A0), free(b.A), free(b.B), free(b.C), free(b.tau), free(b.s), free(b.work);
  free(sigma), free(w), free(y), free(coef), free(res);
  jv_mag_fit_free(fit);
  jv_mag_design_free(des);
  jv_mag_data_free(d);
  return 0;
}
