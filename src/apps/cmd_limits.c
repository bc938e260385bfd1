/*
 * `jovis limits SCAN.h5 [--cl 0.95] [-o LIMITS.h5]`: credible limits from a finished scan
 * (SCIENCE.md section 2, "Credible limit"). Posterior p ∝ L_marg J on the grid, integrated in
 * log10 m (or log10 eps) with the Jeffreys prior for that variable (jv_photon_quantile).
 *  - photon scans: the cl upper limit on m_gamma, the Delta chi2 profile and its smoothness along
 *    the grid (truncation can make it jumpy: max |second difference|, and how often k's cut moves);
 *  - dark scans: eps_cl(m') for every m'.
 * Writes LIMITS.h5 (default SCAN_limits.h5) and, when python3 with matplotlib is there, PNG plots
 * from analysis/photon_limits.py. Serial: rank 0 does everything (other ranks idle).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/apps.h"
#include "jovis/io.h"
#include "jovis/photon.h"

static double val(const jv_photon_store_t *st, size_t i, size_t j, int f) {
  return st->val[(i * st->n_eps + j) * JV_PF_N + f];
}

/* ln p on one row of the grid (fixed m' for dark scans; the whole m grid for photon scans). */
static void ln_post(const jv_photon_store_t *st, size_t i_fixed, size_t n, double *theta, double *lp) {
  for (size_t t = 0; t < n; ++t) {
    size_t i = st->dark ? i_fixed : t, j = st->dark ? t : 0;
    theta[t] = log10(st->dark ? st->eps[j] : st->mass_ev[i]);
    double J = val(st, i, j, JV_PF_JEFFREYS);
    lp[t] = (J > 0) ? val(st, i, j, JV_PF_LN_L) - st->ln_l_marg_sm + log(J) : -INFINITY;
  }
}

static int plot(const char *scan, const char *limits, const char *prefix, const jv_log_t *log) {
  const char *python = getenv("PYTHON"), *dir = getenv("JOVIS_ANALYSIS_DIR");
  char script[1024], cmd[4096];
  if (python == NULL) python = "/usr/bin/python3";
  snprintf(script, sizeof script, "%s/photon_limits.py", dir ? dir : "analysis");
  if (!jv_file_exists(script)) {
    JV_LOG_WARNING(log, "%s not found (set JOVIS_ANALYSIS_DIR): no plots made", script);
    return 0;
  }
  if (strchr(scan, '\'') || strchr(limits, '\'') || strchr(prefix, '\'')) {
    JV_LOG_WARNING(log, "file names with quotes: no plots made");
    return 0;
  }
  snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' '%s' '%s'", python, script, scan, limits, prefix);
  int rc = system(cmd);
  if (rc != 0) JV_LOG_WARNING(log, "plotting failed (%s exited with %d)", script, rc);
  return rc == 0;
}

static int limits_photon(const jv_photon_store_t *st, double cl, hid_t g, jv_summary_t *s, jv_error_t *err) {
  size_t n = st->n_m, n_cut_moves = 0;
  double *theta = malloc(n * sizeof *theta), *lp = malloc(n * sizeof *lp);
  if (theta == NULL || lp == NULL) {
    free(theta);
    free(lp);
    JV_FAIL(err, JV_ENOMEM, "out of memory");
  }
  ln_post(st, 0, n, theta, lp);
  double q_up, q_lo, q_med, rough = 0, dmin = INFINITY;
  int status = jv_photon_quantile(theta, lp, n, cl, &q_up, err);
  if (status == JV_OK) status = jv_photon_quantile(theta, lp, n, 0.5 * (1 - cl), &q_lo, err);
  if (status == JV_OK) status = jv_photon_quantile(theta, lp, n, 0.5, &q_med, err);
  if (status != JV_OK) {
    free(theta);
    free(lp);
    JV_TRY(err, status);
  }
  printf("%12s %10s %14s %14s %12s %8s\n", "m_eV", "mu_a", "delta_chi2", "delta_lnL", "jeffreys", "s_cut");
  for (size_t i = 0; i < n; ++i) {
    double d = val(st, i, 0, JV_PF_CHI2) - st->chi2_sm;
    dmin = fmin(dmin, d);
    printf("%12.4e %10.4g %14.6g %14.6g %12.4e %8.5f\n", st->mass_ev[i], jv_photon_mu_a(st->mass_ev[i]), d,
           val(st, i, 0, JV_PF_LN_L) - st->ln_l_marg_sm, val(st, i, 0, JV_PF_JEFFREYS), val(st, i, 0, JV_PF_S_CUT));
    if (i >= 1 && i + 1 < n) /* curvature of Delta chi2 on the log grid: truncation jumps show up here */
      rough = fmax(rough, fabs(val(st, i + 1, 0, JV_PF_CHI2) - 2 * val(st, i, 0, JV_PF_CHI2) + val(st, i - 1, 0, JV_PF_CHI2)));
    if (i >= 1 && (val(st, i, 0, JV_PF_S_CUT) - 1) * (val(st, i - 1, 0, JV_PF_S_CUT) - 1) < 0) ++n_cut_moves;
  }
  double up = pow(10.0, q_up);
  printf("%.0f%% credible upper limit: m_gamma < %.4g eV (mu a < %.4g); central %.0f%% interval [%.4g, %.4g] eV, "
         "median %.4g eV\n", 100 * cl, up, jv_photon_mu_a(up), 100 * cl, pow(10.0, q_lo), up, pow(10.0, q_med));
  printf("reference: [Y24] 2.5e-18 eV (PJ01-40, r < 7 R_J); Pioneer 10 6e-16 eV; solar wind 1e-18 eV\n");
  printf("smoothness: max |second difference of Delta chi2| along the grid = %.4g\n", rough);
  hsize_t one = 1;
  double upv = up;
  status = jv_h5_write_doubles(g, "upper_limit_ev", 1, &one, &upv, err);
  if (status == JV_OK) status = jv_h5_attr_double(g, "cl", cl, err);
  if (status == JV_OK) status = jv_h5_attr_double(g, "lower_ev", pow(10.0, q_lo), err);
  if (status == JV_OK) status = jv_h5_attr_double(g, "median_ev", pow(10.0, q_med), err);
  if (status == JV_OK) status = jv_h5_attr_double(g, "max_second_difference_delta_chi2", rough, err);
  free(theta);
  free(lp);
  JV_TRY(err, status);
  jv_summary_add(s, "lower_eV", "%.4g", pow(10.0, q_lo));
  jv_summary_add(s, "median_eV", "%.4g", pow(10.0, q_med));
  jv_summary_add(s, "min_delta_chi2", "%.4g", dmin);
  jv_summary_add(s, "delta_chi2_roughness", "%.4g", rough);
  jv_summary_add(s, "upper_limit_eV", "%.4g", up);
  return JV_OK;
}

static int limits_dark(const jv_photon_store_t *st, double cl, hid_t g, jv_summary_t *s, jv_error_t *err) {
  size_t n = st->n_eps, best = 0;
  double *theta = malloc(n * sizeof *theta), *lp = malloc(n * sizeof *lp), *e95 = malloc(st->n_m * sizeof *e95);
  int status = JV_OK;
  if (theta == NULL || lp == NULL || e95 == NULL) status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
  if (status == JV_OK) printf("%12s %10s %12s %14s\n", "m_prime_eV", "mu_a", "eps_cl", "min_delta_chi2");
  for (size_t i = 0; i < st->n_m && status == JV_OK; ++i) {
    double q, dmin = INFINITY;
    ln_post(st, i, n, theta, lp);
    status = jv_photon_quantile(theta, lp, n, cl, &q, err);
    e95[i] = pow(10.0, q);
    for (size_t j = 0; j < n; ++j) dmin = fmin(dmin, val(st, i, j, JV_PF_CHI2) - st->chi2_sm);
    if (status == JV_OK)
      printf("%12.4e %10.4g %12.4e %14.6g\n", st->mass_ev[i], jv_photon_mu_a(st->mass_ev[i]), e95[i], dmin);
    if (e95[i] < e95[best]) best = i;
  }
  if (status == JV_OK) {
    hsize_t nm = st->n_m;
    printf("tightest: eps < %.4g at m' = %.4g eV (%.0f%% credible); [Y24]: eps ~ 3e-3 near 2e-15 eV\n", e95[best],
           st->mass_ev[best], 100 * cl);
    status = jv_h5_write_doubles(g, "eps_limit", 1, &nm, e95, err);
    if (status == JV_OK) status = jv_h5_attr_double(g, "cl", cl, err);
    jv_summary_add(s, "eps_limit_min", "%.4g", e95[best]);
    jv_summary_add(s, "eps_limit_min_at_eV", "%.4g", st->mass_ev[best]);
  }
  free(theta);
  free(lp);
  free(e95);
  JV_TRY(err, status);
  return JV_OK;
}

int jv_cmd_limits(jv_app_t *app, int argc, char **argv, jv_error_t *err) {
  jv_options_t opt;
  jv_photon_store_t st;
  char out[4096], prefix[4096];
  hid_t file = -1, g = -1;
  int status = JV_OK;
  JV_TRY(err, jv_options_parse(argc, argv, &opt, err));
  if (opt.n_positional != 1) JV_FAIL(err, JV_EINPUT, "usage: jovis limits SCAN.h5 [--cl 0.95] [-o LIMITS.h5]");
  if (app->par.rank != 0) return JV_OK;
  const char *scan = opt.positional[0];
  double cl = opt.cl > 0 ? opt.cl : 0.95;
  jv_h5_quiet();
  snprintf(prefix, sizeof prefix, "%s", scan);
  char *dot = strrchr(prefix, '.');
  if (dot != NULL && strcmp(dot, ".h5") == 0) *dot = '\0';
  if (opt.output_path != NULL) snprintf(out, sizeof out, "%s", opt.output_path);
  else snprintf(out, sizeof out, "%s_limits.h5", prefix);
  JV_TRY(err, jv_photon_store_read(scan, &st, err));
  size_t ndone = 0;
  for (size_t i = 0; i < st.n_m; ++i) ndone += st.done[i] != 0;
  if (ndone < st.n_m) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "%s is unfinished (%zu of %zu tasks): run jovis scan --resume",
                          scan, ndone, st.n_m);
    goto done;
  }
  jv_summary_t s;
  jv_summary_init(&s);
  jv_summary_add(&s, "command", "limits");
  jv_summary_add(&s, "kind", "%s", st.dark ? "dark" : "photon");
  jv_summary_add(&s, "cl", "%.4g", cl);
  jv_summary_add(&s, "n_data", "%zu", st.n_data);
  jv_summary_add(&s, "k", "%zu", st.k);
  printf("scan %s: %s, %zu data points, n_int %d, n_ext %d, k %zu, chi2_SM %.6g (chi2/dof %.4g, sigma scale %g)%s\n",
         scan, st.dark ? "dark photon" : "photon mass", st.n_data, st.n_int, st.n_ext, st.k, st.chi2_sm,
         st.chi2_sm / (double)st.dof, st.sigma_scale, st.inject ? ", synthetic (injected) data" : "");
  printf("median noise terms (nT): s_fluct %.4g, s_sv %.4g (no SV model), s_dir %.4g, s_res %.4g\n", st.term_median[0],
         st.term_median[1], st.term_median[2], st.term_median[3]);
  JV_TRY_GOTO(err, status, done, jv_h5_create(out, &file, err));
  jv_run_info_t info = {app->command_line, "", scan, 0, app->par.size};
  JV_TRY_GOTO(err, status, done, jv_h5_write_run_info(file, &info, err));
  g = H5Gcreate2(file, "limits", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) {
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "cannot create /limits in %s", out);
    goto done;
  }
  if (st.dark) JV_TRY_GOTO(err, status, done, limits_dark(&st, cl, g, &s, err));
  else JV_TRY_GOTO(err, status, done, limits_photon(&st, cl, g, &s, err));
  jv_h5_close(g);
  jv_h5_close(file);
  g = file = -1;
  jv_summary_add(&s, "plots", "%d", plot(scan, out, prefix, &app->log));
  jv_summary_add(&s, "output", "%s", out);
  jv_summary_print(&s, stdout);
done:
  if (g >= 0) jv_h5_close(g);
  if (file >= 0) jv_h5_close(file);
  jv_photon_store_free(&st);
  return status;
}
