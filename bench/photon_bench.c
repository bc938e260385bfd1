/*
 * Timings of the photon scans on the real Juno data (run by bench/run_photon.sh):
 *  - one photon-mass grid point: design build, QR + SVD of R, solve, and the two extra builds of
 *    the Jeffreys derivative (jv_photon_mass_point);
 *  - dark photon: one eps point by the QR route (after one prepare per m') against the same point
 *    from scratch (design build + QR + SVD of the full matrix): the speed-up of the route;
 *  - the baseline for SciPy: our QR + SVD of the whitened massless matrix, which is written (with
 *    its singular values) for bench/photon_svd.py to time scipy.linalg.svd on the very same matrix.
 * usage: photon_bench DATA_FILE STRIDE [MATRIX_OUT]   (single process, OPENBLAS_NUM_THREADS=1)
 * Prints "name seconds" lines and ratios; the last line is a key=value summary.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "jovis/photon.h"

static void die(const char *what, const jv_error_t *err) {
  fprintf(stderr, "photon_bench: %s: %s\n", what, err->msg);
  exit(1);
}

int main(int argc, char **argv) {
  jv_error_t err;
  jv_config_t *cfg = NULL;
  jv_photon_setup_t su;
  jv_photon_work_t *w = NULL, *wd = NULL;
  jv_photon_point_t pt;
  char text[2048];
  gsl_set_error_handler_off();
  if (argc < 3) {
    fprintf(stderr, "usage: photon_bench DATA_FILE STRIDE [MATRIX_OUT]\n");
    return 2;
  }
  snprintf(text, sizeof text, "[data]\nfile = %s\nstride = %s\n[model]\nn_int = 18\nn_ext = 5\nk = 0\ndisc = con2020\n",
           argv[1], argv[2]);
  if (jv_config_parse(text, "bench", &cfg, &err) || jv_photon_setup(cfg, &su, &err)) die("set-up", &err);
  if (jv_photon_work_alloc(&su.problem, 0, &w, &err) || jv_photon_work_alloc(&su.problem, 1, &wd, &err))
    die("workspace", &err);
  size_t rows = 3 * su.data->n, P = jv_photon_work_cols(w);
  printf("data: %zu points, %zu rows x %zu columns (N_int 18, N_ext 5)\n", su.data->n, rows, P);

  /* Baseline pieces on the massless matrix: build, QR + SVD of R (jv_mag_fit_factor), solve. */
  jv_mag_design_t *des = NULL;
  jv_mag_fit_t *fit = NULL;
  jv_mag_fit_stats_t st;
  if (jv_mag_design_alloc(18, 5, &des, &err) || jv_mag_fit_alloc(rows, P, &fit, &err)) die("fit alloc", &err);
  double t0 = jv_wtime();
  if (jv_mag_design_build(des, su.data, NULL, su.w, jv_mag_fit_matrix(fit), rows, &err)) die("build", &err);
  double t_build = jv_wtime() - t0;
  if (argc > 3) { /* the whitened matrix (column-major) and y for SciPy, before factoring */
    FILE *f = fopen(argv[3], "wb");
    if (f == NULL) return 1;
    uint64_t dims[2] = {rows, P};
    fwrite(dims, sizeof dims, 1, f);
    fwrite(jv_mag_fit_matrix(fit), sizeof(double), rows * P, f);
    fclose(f);
  }
  t0 = jv_wtime();
  if (jv_mag_fit_factor(fit, &err)) die("factor", &err);
  double t_factor = jv_wtime() - t0;
  t0 = jv_wtime();
  if (jv_mag_fit_solve(fit, su.y, P, NULL, NULL, &st, &err)) die("solve", &err);
  double t_solve = jv_wtime() - t0;
  if (argc > 3) {
    char path[4096];
    snprintf(path, sizeof path, "%s.s", argv[3]);
    FILE *f = fopen(path, "wb");
    if (f == NULL) return 1;
    fwrite(jv_mag_fit_singular_values(fit), sizeof(double), P, f);
    fprintf(f, "%.17g", t_factor);
    fclose(f);
  }
  printf("design build            %8.3f s\n", t_build);
  printf("QR + SVD of R (factor)  %8.3f s   (baseline of the SciPy comparison)\n", t_factor);
  printf("solve + residual        %8.3f s\n", t_solve);

  /* A photon-mass grid point with its Jeffreys prior (best of 2). */
  double t_mass = INFINITY;
  for (int r = 0; r < 2; ++r) {
    t0 = jv_wtime();
    if (jv_photon_mass_point(w, &su.problem, 0.0362, &pt, &err)) die("mass point", &err);
    t_mass = fmin(t_mass, jv_wtime() - t0);
  }
  printf("mass grid point         %8.3f s   = %.2f x (build + factor + solve): fit + 2 builds for dA/dlog m\n", t_mass,
         t_mass / (t_build + t_factor + t_solve));

  /* Dark photon at m' with mu a = 0.72: prepare once, then eps points; against from scratch. */
  int n_eps = 21, n_direct = 2;
  t0 = jv_wtime();
  if (jv_photon_dark_prepare(wd, &su.problem, 0.72, 0.0, &err)) die("dark prepare", &err);
  double t_prep = jv_wtime() - t0, worst = 0;
  t0 = jv_wtime();
  for (int i = 0; i < n_eps; ++i)
    if (jv_photon_dark_point(wd, pow(10.0, -4.0 + 4.0 * i / (n_eps - 1)), &pt, &err)) die("eps point", &err);
  double t_eps = (jv_wtime() - t0) / n_eps;
  t0 = jv_wtime();
  for (int i = 0; i < n_direct; ++i) {
    double eps = i == 0 ? 3e-3 : 0.1;
    jv_photon_point_t a;
    if (jv_photon_dark_point_direct(w, &su.problem, 0.72, 0.0, eps, &pt, &err) || jv_photon_dark_point(wd, eps, &a, &err))
      die("direct eps point", &err);
    worst = fmax(worst, fabs(a.chi2 - pt.chi2));
  }
  double t_direct = (jv_wtime() - t0) / n_direct - t_eps;
  double amortised = (t_prep + 41 * t_eps) / 41;
  printf("dark: prepare per m'    %8.3f s   (QR of the %zu x %zu matrix [A_0 | A_m'])\n", t_prep, rows,
         P + (size_t)(18 * 20));
  printf("dark: eps point, route  %8.4f s\n", t_eps);
  printf("dark: eps point, direct %8.3f s   speed-up %.1f x per eps point, %.1f x with the prepare amortised over 41 eps\n",
         t_direct, t_direct / t_eps, t_direct / amortised);
  printf("dark: |chi2 route - chi2 direct| = %.3g (chi2 ~ %.3g)\n", worst, pt.chi2);
  printf("seconds_per_mass_point=%.4g seconds_per_eps_point=%.4g seconds_per_eps_point_direct=%.4g "
         "eps_speedup=%.3g eps_speedup_amortised_41=%.3g seconds_build=%.4g seconds_factor=%.4g rows=%zu cols=%zu\n",
         t_mass, t_eps, t_direct, t_direct / t_eps, t_direct / amortised, t_build, t_factor, rows, P);
  jv_mag_fit_free(fit);
  jv_mag_design_free(des);
  jv_photon_work_free(w);
  jv_photon_work_free(wd);
  jv_photon_setup_free(&su);
  jv_config_free(cfg);
  return 0;
}
