/*
 * `jovis field misfit|fit|spectrum CONFIG.ini`: the field diagnostics of SCIENCE.md sections 2-3.
 *  misfit   - RMS misfit per orbit of a fixed model (SH + optional Con2020) against data;
 *  fit      - weighted least squares (N_int internal + N_ext external) by truncated SVD for a list
 *             of kept-mode counts k, in-sample and out-of-sample misfit, dynamo radius;
 *  spectrum - Lowes-Mauersberger spectra, slope against radius, dynamo radius, B_r maps.
 * The work is serial (one fit is one LAPACK call chain); rank 0 does it and writes the output,
 * other ranks only agree on the status.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "field_common.h"

typedef struct {
  jv_options_t opt;
  jv_config_t *cfg;
  const char *out_path;
  int plots;
} field_run_t;

static int field_begin(jv_app_t *app, int argc, char **argv, const char *what, field_run_t *r,
                       jv_error_t *err) {
  memset(r, 0, sizeof *r);
  JV_TRY(err, jv_options_parse(argc, argv, &r->opt, err));
  if (r->opt.config_path == NULL)
    JV_FAIL(err, JV_EINPUT, "usage: jovis field %s CONFIG.ini [-o OUT.h5]", what);
  JV_TRY(err, jv_app_load_config(app, r->opt.config_path, &r->cfg, err));
  char def[256];
  snprintf(def, sizeof def, "out/field_%s.h5", what);
  JV_TRY(err, jv_config_get_string_or(r->cfg, "output.path", def, &r->out_path, err));
  if (r->opt.output_path) r->out_path = r->opt.output_path;
  JV_TRY(err, jv_config_get_bool_or(r->cfg, "output.plots", 1, &r->plots, err));
  return JV_OK;
}

static int open_output(jv_app_t *app, field_run_t *r, hid_t *file, jv_error_t *err) {
  JV_TRY(err, jv_h5_check_writable(r->out_path, err));
  JV_TRY(err, jv_h5_create(r->out_path, file, err));
  jv_run_info_t info = jv_app_run_info(app, r->cfg, 0);
  JV_TRY(err, jv_h5_write_run_info(*file, &info, err));
  return JV_OK;
}

/* ------------------------------------------------------------------------------- misfit */
static int misfit_rank0(jv_app_t *app, field_run_t *r, jv_summary_t *sum, jv_error_t *err) {
  jv_mag_data_t *all = NULL, *d = NULL;
  jv_sh_model_t *owned[2] = {NULL, NULL};
  jv_field_model_t m;
  double *bm = NULL, *res = NULL, total = 0;
  hid_t file = -1;
  int status;
  JV_TRY_GOTO(err, status, done, jv_field_load_data(r->cfg, &all, err));
  JV_TRY_GOTO(err, status, done, jv_field_select(r->cfg, "select", all, &d, err));
  JV_TRY_GOTO(err, status, done, jv_field_load_model(r->cfg, "model", &m, owned, err));
  JV_TRY_GOTO(err, status, done, jv_config_check_unused(r->cfg, err));
  jv_mag_summary_t s;
  JV_TRY_GOTO(err, status, done, jv_mag_data_summarise(d, &s, err));
  jv_mag_summary_print(&s, stdout);
  jv_mag_summary_free(&s);
  bm = malloc(3 * d->n * sizeof *bm);
  res = malloc(3 * d->n * sizeof *res);
  if (!bm || !res) {
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
    goto done;
  }
  double t0 = jv_wtime();
  JV_TRY_GOTO(err, status, done, jv_field_eval_data(&m, d, bm, err));
  for (size_t j = 0; j < 3 * d->n; ++j)
    res[j] = bm[j] - d->b[j];
  JV_LOG(&app->log, "model at %zu points in %.2f s", d->n, jv_wtime() - t0);
  JV_TRY_GOTO(err, status, done, open_output(app, r, &file, err));
  JV_TRY_GOTO(err, status, done, jv_field_write_data(file, d, bm, err));
  JV_TRY_GOTO(err, status, done, jv_field_write_rms(file, "misfit", d, res, &total, 1, err));
  jv_summary_add(sum, "points", "%zu", d->n);
  jv_summary_add(sum, "rms_total_nT", "%.1f", total);
done:
  if (file >= 0) jv_h5_close(file);
  free(bm);
  free(res);
  jv_sh_model_free(owned[0]);
  jv_sh_model_free(owned[1]);
  jv_mag_data_free(d);
  jv_mag_data_free(all);
  return status;
}

static int run_field(jv_app_t *app, int argc, char **argv, const char *what,
                     int (*body)(jv_app_t *, field_run_t *, jv_summary_t *, jv_error_t *), const char *script,
                     jv_error_t *err) {
  field_run_t r;
  jv_summary_t sum;
  jv_summary_init(&sum);
  int status = field_begin(app, argc, argv, what, &r, err);
  if (status == JV_OK && app->par.rank == 0) status = body(app, &r, &sum, err); /* others wait to agree */
  status = jv_par_agree(&app->par, status, err);
  if (status == JV_OK && app->par.rank == 0) {
    jv_field_plot(app, script, r.out_path, r.plots);
    jv_summary_add(&sum, "output", "%s", r.out_path);
    jv_summary_print(&sum, stdout);
  }
  jv_config_free(r.cfg);
  return status;
}

int jv_cmd_field_misfit(jv_app_t *app, int argc, char **argv, jv_error_t *err) {
  return run_field(app, argc, argv, "misfit", misfit_rank0, "field_plots.py", err);
}

/* ------------------------------------------------------------------------------- fit */
/* Internal part of a coefficient vector as an SH model (a = 1 R_J). */
static int coef_model(const double *coef, int nmax, int external, jv_sh_model_t **m, jv_error_t *err) {
  JV_TRY(err, jv_sh_model_alloc(nmax, external, m, err));
  memcpy((*m)->coef, coef, (size_t)JV_SH_NCOEF(nmax) * sizeof(double));
  return JV_OK;
}

/* Our reading of [Y24] App. A ("k where the Lowes spectrum stops following a power law"): the RMS
   of log10 R_n(1 R_J), n = 2..N_int, about its least-squares line in n; the criterion keeps the
   largest k whose spectrum stays within fit.lowes_tol of a power law. */
static double powerlaw_misfit(const jv_sh_model_t *m, int nmax) {
  double Rn[JV_SH_NMAX_LIMIT + 1];
  jv_error_t e;
  if (jv_sh_lowes(m, nmax, 1.0, Rn, &e) != JV_OK) return INFINITY;
  double sn = 0, sy = 0, snn = 0, sny = 0;
  int c = nmax - 1;
  for (int n = 2; n <= nmax; ++n) {
    double y = log10(Rn[n]);
    sn += n, sy += y, snn += (double)n * n, sny += n * y;
  }
  double b = (c * sny - sn * sy) / (c * snn - sn * sn), a = (sy - b * sn) / c, ss = 0;
  for (int n = 2; n <= nmax; ++n)
    ss += pow(log10(Rn[n]) - a - b * n, 2);
  return sqrt(ss / c);
}

static int fit_rank0(jv_app_t *app, field_run_t *r, jv_summary_t *sum, jv_error_t *err) {
  jv_mag_data_t *all = NULL, *d = NULL, *dv = NULL;
  jv_sh_model_t *sv = NULL, *mi = NULL;
  jv_mag_design_t *des = NULL;
  jv_mag_fit_t *fit = NULL;
  double *sigma = NULL, *terms = NULL, *w = NULL, *y = NULL, *coef = NULL, *allcoef = NULL, *res = NULL,
         *Av = NULL, *bv = NULL, *ks = NULL, *scan_k = NULL, *scan_dev = NULL;
  size_t nscan = 0;
  hid_t file = -1;
  int status;
  long n_int, n_ext;
  const char *klist, *vorb, *weights;
  JV_TRY_GOTO(err, status, done, jv_field_load_data(r->cfg, &all, err));
  JV_TRY_GOTO(err, status, done, jv_field_select(r->cfg, "select", all, &d, err));
  JV_TRY_GOTO(err, status, done, jv_config_get_string_or(r->cfg, "validate.orbits", "none", &vorb, err));
  if (strcmp(vorb, "none") != 0)
    JV_TRY_GOTO(err, status, done, jv_field_select(r->cfg, "validate", all, &dv, err));
  JV_TRY_GOTO(err, status, done, jv_config_get_int(r->cfg, "fit.n_int", &n_int, err));
  JV_TRY_GOTO(err, status, done, jv_config_get_int(r->cfg, "fit.n_ext", &n_ext, err));
  JV_TRY_GOTO(err, status, done, jv_config_get_string_or(r->cfg, "fit.k", "all", &klist, err));
  JV_TRY_GOTO(err, status, done, jv_config_get_string_or(r->cfg, "fit.weights", "variance", &weights, err));
  double lowes_tol;
  JV_TRY_GOTO(err, status, done, jv_config_get_double_or(r->cfg, "fit.lowes_tol", 0.15, &lowes_tol, err));
  if (strcmp(weights, "variance") != 0 && strcmp(weights, "uniform") != 0) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "fit.weights = '%s': want variance or uniform",
                          weights);
    goto done;
  }
  jv_mag_variance_opts_t vo;
  JV_TRY_GOTO(err, status, done, jv_field_variance_opts(r->cfg, &vo, &sv, err));
  JV_TRY_GOTO(err, status, done, jv_config_check_unused(r->cfg, err));
  if (n_int < 1) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "fit.n_int = %ld must be >= 1", n_int);
    goto done;
  }
  jv_mag_summary_t s;
  JV_TRY_GOTO(err, status, done, jv_mag_data_summarise(d, &s, err));
  jv_mag_summary_print(&s, stdout);
  jv_mag_summary_free(&s);
  size_t rows = 3 * d->n;
  JV_TRY_GOTO(err, status, done, jv_mag_design_alloc((int)n_int, (int)n_ext, &des, err));
  size_t P = jv_mag_design_cols(des);
  JV_TRY_GOTO(err, status, done, jv_mag_fit_alloc(rows, P, &fit, err));
  sigma = malloc(rows * sizeof *sigma);
  terms = malloc(4 * rows * sizeof *terms);
  w = malloc(rows * sizeof *w);
  y = malloc(rows * sizeof *y);
  res = malloc(rows * sizeof *res);
  coef = malloc(P * sizeof *coef);
  ks = malloc((P + 8) * sizeof *ks);
  if (!sigma || !terms || !w || !y || !res || !coef || !ks) {
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
    goto done;
  }
  JV_TRY_GOTO(err, status, done, jv_mag_variance(d, &vo, terms, sigma, err));
  /* uniform: ordinary least squares (minimises the RMS misfit itself); the variance terms are
     still computed and stored */
  int uniform = !strcmp(weights, "uniform");
  for (size_t j = 0; j < rows; ++j) {
    if (uniform) sigma[j] = 1.0;
    w[j] = 1.0 / sigma[j];
  }
  const char *tname[4] = {"fluct", "secular_variation", "pointing", "quantisation"};
  for (int t = 0; t < 4; ++t) {
    double acc = 0;
    for (size_t j = 0; j < rows; ++j)
      acc += terms[(size_t)t * rows + j];
    printf("variance term %-18s RMS sigma %10.3f nT%s\n", tname[t], sqrt(acc / rows),
           t == 1 && !vo.use_sv ? " (no secular-variation model given: zero)" : "");
  }
  jv_mag_whiten(d, NULL, w, y);
  double t0 = jv_wtime();
  JV_TRY_GOTO(err, status, done,
              jv_mag_design_build(des, d, &jv_radial_massless, w, jv_mag_fit_matrix(fit), rows, err));
  double t1 = jv_wtime();
  JV_TRY_GOTO(err, status, done, jv_mag_fit_factor(fit, err));
  double t2 = jv_wtime();
  JV_LOG(&app->log, "%zu x %zu: design %.2f s, QR + SVD %.2f s", rows, P, t1 - t0, t2 - t1);

  /* the list of k: numbers, "all", "lowes" */
  size_t nk = 0;
  int lowes_at = -1;
  {
    char buf[512];
    snprintf(buf, sizeof buf, "%s", klist);
    for (char *tok = strtok(buf, ", "); tok && nk < P + 8; tok = strtok(NULL, ", ")) {
      if (!strcmp(tok, "all"))
        ks[nk++] = (double)P;
      else if (!strcmp(tok, "lowes"))
        lowes_at = (int)nk, ks[nk++] = 0;
      else {
        char *end;
        long k = strtol(tok, &end, 10);
        if (*end || k < 1 || (size_t)k > P) {
          status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "fit.k: '%s' is not 1..%zu, all or lowes",
                                tok, P);
          goto done;
        }
        ks[nk++] = (double)k;
      }
    }
  }
  if (lowes_at >= 0) { /* scan k in steps of 5 for the power-law criterion */
    scan_k = malloc((P / 5 + 2) * sizeof *scan_k);
    scan_dev = malloc((P / 5 + 2) * sizeof *scan_dev);
    if (!scan_k || !scan_dev) {
      status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
      goto done;
    }
    size_t kbest = 0;
    for (size_t k = 5; k <= P; k += 5) {
      status = jv_mag_fit_solve(fit, y, k, coef, NULL, NULL, err);
      if (status == JV_OK) status = coef_model(coef, (int)n_int, 0, &mi, err);
      if (status != JV_OK) goto done;
      double pm = powerlaw_misfit(mi, (int)n_int);
      jv_sh_model_free(mi);
      mi = NULL;
      scan_k[nscan] = (double)k;
      scan_dev[nscan++] = pm;
      if (pm <= lowes_tol) kbest = k;
    }
    if (kbest == 0) kbest = P;
    ks[lowes_at] = (double)kbest;
    printf("Lowes criterion: k = %zu (largest k whose spectrum stays within %.3f dex RMS of a power law)\n",
           kbest, lowes_tol);
  }
  allcoef = malloc(nk * P * sizeof *allcoef);
  double *rms_in = calloc(nk, sizeof *rms_in), *rms_out = calloc(nk, sizeof *rms_out),
         *chi2 = calloc(nk, sizeof *chi2), *rdyn = calloc(nk, sizeof *rdyn);
  if (!allcoef || !rms_in || !rms_out || !chi2 || !rdyn) {
    free(rms_in), free(rms_out), free(chi2), free(rdyn);
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
    goto done;
  }
  if (dv) {
    Av = malloc(3 * dv->n * P * sizeof *Av);
    bv = malloc(3 * dv->n * sizeof *bv);
    if (!Av || !bv) status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
    if (status == JV_OK) status = jv_mag_design_build(des, dv, &jv_radial_massless, NULL, Av, 3 * dv->n, err);
  }
  JV_TRY_GOTO(err, status, done, open_output(app, r, &file, err));
  for (size_t q = 0; q < nk && status == JV_OK; ++q) {
    jv_mag_fit_stats_t st;
    double t3 = jv_wtime();
    status = jv_mag_fit_solve(fit, y, (size_t)ks[q], allcoef + q * P, res, &st, err);
    if (status != JV_OK) break;
    double t4 = jv_wtime();
    chi2[q] = st.chi2;
    for (size_t j = 0; j < rows; ++j)
      res[j] = -res[j] * sigma[j]; /* model - observed, nT */
    char gname[64];
    snprintf(gname, sizeof gname, "misfit_k%zu", (size_t)ks[q]);
    status = jv_field_write_rms(file, gname, d, res, &rms_in[q], q == 0, err);
    if (status == JV_OK && dv) {
      for (size_t j = 0; j < 3 * dv->n; ++j) {
        double acc = 0;
        for (size_t c = 0; c < P; ++c)
          acc += Av[c * 3 * dv->n + j] * allcoef[q * P + c];
        bv[j] = acc - dv->b[j];
      }
      snprintf(gname, sizeof gname, "validate_k%zu", (size_t)ks[q]);
      status = jv_field_write_rms(file, gname, dv, bv, &rms_out[q], 0, err);
    }
    if (status == JV_OK) status = coef_model(allcoef + q * P, (int)n_int, 0, &mi, err);
    if (status == JV_OK &&
        jv_sh_dynamo_radius(mi, 2, n_int < 18 ? (int)n_int : 18, 0.3, 1.2, &rdyn[q], err) != JV_OK)
      rdyn[q] = NAN;
    jv_sh_model_free(mi);
    mi = NULL;
    printf("k = %3zu: %s = %.6e (per dof %.2f), RMS %.1f nT in sample, %.1f nT out of sample, dynamo radius "
           "%.3f R_J (solve %.3f s)\n",
           (size_t)ks[q], uniform ? "residual sum of squares (nT^2)" : "chi2", st.chi2, st.chi2 / st.dof,
           rms_in[q], dv ? rms_out[q] : NAN, rdyn[q], t4 - t3);
  }
  if (status == JV_OK) {
    hsize_t dk[1] = {nk}, dc[2] = {nk, P}, ds[1] = {P}, dr[2] = {4, rows};
    status = jv_h5_write_doubles(file, "k", 1, dk, ks, err);
    if (status == JV_OK) status = jv_h5_write_doubles(file, "rms_in_sample_nT", 1, dk, rms_in, err);
    if (status == JV_OK) status = jv_h5_write_doubles(file, "rms_out_of_sample_nT", 1, dk, rms_out, err);
    if (status == JV_OK) status = jv_h5_write_doubles(file, "chi2", 1, dk, chi2, err);
    if (status == JV_OK) status = jv_h5_write_doubles(file, "dynamo_radius_RJ", 1, dk, rdyn, err);
    if (status == JV_OK) status = jv_h5_write_doubles(file, "coefficients", 2, dc, allcoef, err);
    if (status == JV_OK)
      status = jv_h5_write_doubles(file, "singular_values", 1, ds, jv_mag_fit_singular_values(fit), err);
    if (status == JV_OK) status = jv_h5_write_doubles(file, "variance_terms_nT2", 2, dr, terms, err);
    if (status == JV_OK && nscan) {
      hsize_t dn[1] = {nscan};
      status = jv_h5_write_doubles(file, "lowes_scan_k", 1, dn, scan_k, err);
      if (status == JV_OK) status = jv_h5_write_doubles(file, "lowes_scan_dev_dex", 1, dn, scan_dev, err);
    }
    if (status == JV_OK) status = jv_h5_attr_int(file, "n_int", n_int, err);
    if (status == JV_OK) status = jv_h5_attr_int(file, "n_ext", n_ext, err);
    if (status == JV_OK) status = jv_h5_attr_string(file, "weights", weights, err);
    if (status == JV_OK) status = jv_h5_attr_double(file, "sigma_scale", vo.scale, err);
    if (status == JV_OK)
      status = jv_h5_attr_string(file, "secular_variation",
                                 vo.use_sv ? "from variance.sv_model" : "no model given: s_sv = 0", err);
    if (status == JV_OK) status = jv_h5_attr_double(file, "fit_seconds", t2 - t0, err);
    if (status == JV_OK)
      status = jv_h5_attr_string(file, "coefficient_order",
                                 "CHAOS: n=1..N, m=0..n: g_n^m then h_n^m (m>0); internal N_int then "
                                 "external N_ext; nT at a = 1 R_J",
                                 err);
    if (status == JV_OK) status = jv_field_write_data(file, d, NULL, err);
    if (status == JV_OK) {
      hsize_t d1[1] = {rows};
      status = jv_h5_write_doubles(file, "sigma_nT", 1, d1, sigma, err);
    }
  }
  if (status == JV_OK) {
    jv_summary_add(sum, "points", "%zu", d->n);
    jv_summary_add(sum, "cols", "%zu", P);
    jv_summary_add(sum, "k", "%zu", (size_t)ks[0]);
    jv_summary_add(sum, "rms_total_nT", "%.1f", rms_in[0]);
    if (dv) jv_summary_add(sum, "rms_validate_nT", "%.1f", rms_out[0]);
    if (uniform) /* unit weights: the "chi2" is the residual sum of squares in nT^2 */
      jv_summary_add(sum, "rss_nT2", "%.6e", chi2[0]);
    else
      jv_summary_add(sum, "chi2_per_dof", "%.3f", chi2[0] / (rows - (size_t)ks[0]));
    jv_summary_add(sum, "dynamo_radius_RJ", "%.4f", rdyn[0]);
    jv_summary_add(sum, "fit_s", "%.2f", t2 - t0);
  }
  free(rms_in), free(rms_out), free(chi2), free(rdyn);
done:
  free(scan_k), free(scan_dev);
  if (file >= 0) jv_h5_close(file);
  free(sigma), free(terms), free(w), free(y), free(coef), free(allcoef), free(res), free(Av), free(bv),
      free(ks);
  jv_mag_fit_free(fit);
  jv_mag_design_free(des);
  jv_sh_model_free(sv);
  jv_sh_model_free(mi);
  jv_mag_data_free(dv);
  jv_mag_data_free(d);
  jv_mag_data_free(all);
  return status;
}

int jv_cmd_field_fit(jv_app_t *app, int argc, char **argv, jv_error_t *err) {
  return run_field(app, argc, argv, "fit", fit_rank0, "field_plots.py", err);
}

/* ------------------------------------------------------------------------------- spectrum */
static int spectrum_rank0(jv_app_t *app, field_run_t *r, jv_summary_t *sum, jv_error_t *err) {
  jv_sh_model_t *m = NULL, *t = NULL;
  const char *path, *fitfile;
  long nmax, nlo, nhi;
  double *radii = NULL, *maps = NULL;
  size_t nr = 0;
  hid_t file = -1;
  int status;
  JV_TRY_GOTO(err, status, done, jv_config_get_string_or(r->cfg, "model.internal", "none", &path, err));
  JV_TRY_GOTO(err, status, done, jv_config_get_string_or(r->cfg, "model.fit_output", "none", &fitfile, err));
  if (strcmp(fitfile, "none") != 0) { /* the first k of a `jovis field fit` output */
    hid_t f;
    int64_t ni;
    hsize_t dims[3];
    int rank;
    JV_TRY_GOTO(err, status, done, jv_h5_open(fitfile, 0, &f, err));
    status = jv_h5_read_attr_int(f, "n_int", &ni, err);
    if (status == JV_OK) status = jv_h5_dataset_shape(f, "coefficients", &rank, dims, err);
    double *c = status == JV_OK ? malloc(dims[0] * dims[1] * sizeof *c) : NULL;
    if (status == JV_OK) status = jv_h5_read_doubles(f, "coefficients", c, dims[0] * dims[1], err);
    if (status == JV_OK) status = coef_model(c, (int)ni, 0, &m, err);
    if (status == JV_OK) snprintf(m->source, sizeof m->source, "%s", fitfile);
    free(c);
    jv_h5_close(f);
    if (status != JV_OK) goto done;
  } else {
    JV_TRY_GOTO(err, status, done, jv_sh_model_read(path, &m, err));
  }
  JV_TRY_GOTO(err, status, done,
              jv_config_get_int_or(r->cfg, "spectrum.degree", m->nmax < 18 ? m->nmax : 18, &nmax, err));
  JV_TRY_GOTO(err, status, done, jv_config_get_int_or(r->cfg, "spectrum.slope_n_min", 2, &nlo, err));
  JV_TRY_GOTO(err, status, done, jv_config_get_int_or(r->cfg, "spectrum.slope_n_max", 18, &nhi, err));
  JV_TRY_GOTO(err, status, done, jv_config_get_doubles(r->cfg, "spectrum.map_radii", &radii, &nr, err));
  JV_TRY_GOTO(err, status, done, jv_config_check_unused(r->cfg, err));
  if (nmax < 1 || nmax > m->nmax || nhi > nmax) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                          "spectrum.degree %ld / slope_n_max %ld vs model degree %d", nmax, nhi, m->nmax);
    goto done;
  }
  JV_TRY_GOTO(err, status, done, jv_sh_model_alloc((int)nmax, 0, &t, err));
  memcpy(t->coef, m->coef, (size_t)JV_SH_NCOEF(nmax) * sizeof(double));
  t->a = m->a;
  double rd = NAN;
  int have_rd = jv_sh_dynamo_radius(t, (int)nlo, (int)nhi, 0.3, 1.5, &rd, err) == JV_OK;
  JV_TRY_GOTO(err, status, done, open_output(app, r, &file, err));
  /* spectra on a radius grid 0.6..1.0 R_J and the slope there */
  enum { NR = 41 };
  double rg[NR], slope[NR], spec[NR * (JV_SH_NMAX_LIMIT + 1)];
  for (int i = 0; i < NR; ++i) {
    rg[i] = 0.6 + 0.01 * i;
    JV_TRY_GOTO(err, status, done, jv_sh_lowes(t, (int)nmax, rg[i], spec + i * (nmax + 1), err));
    JV_TRY_GOTO(err, status, done, jv_sh_lowes_slope(t, (int)nlo, (int)nhi, rg[i], &slope[i], err));
  }
  hsize_t d1[1] = {NR}, d2[2] = {NR, (hsize_t)nmax + 1};
  JV_TRY_GOTO(err, status, done, jv_h5_write_doubles(file, "radius_RJ", 1, d1, rg, err));
  JV_TRY_GOTO(err, status, done, jv_h5_write_doubles(file, "slope", 1, d1, slope, err));
  JV_TRY_GOTO(err, status, done, jv_h5_write_doubles(file, "lowes_nT2", 2, d2, spec, err));
  JV_TRY_GOTO(err, status, done, jv_h5_attr_double(file, "dynamo_radius_RJ", have_rd ? rd : NAN, err));
  JV_TRY_GOTO(err, status, done, jv_h5_attr_string(file, "model", m->source, err));
  /* B_r maps: 2-degree grid in latitude and east longitude */
  enum { NLAT = 91, NLON = 181 };
  maps = malloc(nr * NLAT * NLON * sizeof *maps);
  if (maps == NULL) {
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
    goto done;
  }
  for (size_t k = 0; k < nr; ++k)
    for (int i = 0; i < NLAT; ++i)
      for (int j = 0; j < NLON; ++j) {
        double bs[3], th = (90.0 - (-90.0 + 2.0 * i)) * 3.14159265358979323846 / 180,
                      ph = (-180.0 + 2.0 * j) * 3.14159265358979323846 / 180;
        JV_TRY_GOTO(err, status, done, jv_sh_field_sph(t, 0, NULL, radii[k], th, ph, bs, err));
        maps[(k * NLAT + (size_t)i) * NLON + (size_t)j] = bs[0];
      }
  hsize_t d3[3] = {nr, NLAT, NLON}, dm[1] = {nr};
  JV_TRY_GOTO(err, status, done, jv_h5_write_doubles(file, "map_radii_RJ", 1, dm, radii, err));
  JV_TRY_GOTO(err, status, done, jv_h5_write_doubles(file, "br_maps_nT", 3, d3, maps, err));
  printf("model %s, degree %ld: slope of log10 R_n over n = %ld..%ld is %.4f at 1 R_J\n", m->source, nmax,
         nlo, nhi, slope[NR - 1]);
  jv_summary_add(sum, "degree", "%ld", nmax);
  jv_summary_add(sum, "slope_at_1RJ", "%.4f", slope[NR - 1]);
  jv_summary_add(sum, "dynamo_radius_RJ", "%.4f", rd);
done:
  if (file >= 0) jv_h5_close(file);
  free(radii);
  free(maps);
  jv_sh_model_free(m);
  jv_sh_model_free(t);
  return status;
}

int jv_cmd_field_spectrum(jv_app_t *app, int argc, char **argv, jv_error_t *err) {
  return run_field(app, argc, argv, "spectrum", spectrum_rank0, "field_plots.py", err);
}
