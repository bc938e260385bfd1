/*
 * `jovis interior CONFIG.ini [-o OUT.h5]`: one interior model. model = jupiter computes the
 * layered [H23] model and prints J_2n and R_eq beside the Juno values (Durante+2020 with the
 * wind offsets of ../shared/data/gravity/juno_gravity.md) with residuals in sigma;
 * model = polytrope / maclaurin are the validation cases (Wisdom & Hubbard 2016; exact
 * Maclaurin spheroid) and print relative errors. Profiles go to HDF5 (rank 0).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jovis/apps.h"
#include "jovis/interior.h"
#include "jovis/io.h"

/* Juno static targets x1e-6 at 71492 km: Durante+2020 Table 2 (J2 tide removed) plus the
   Miguel+2022 wind offsets; sigma = 1-sigma formal + wind sigma (juno_gravity.md sections 1-2). */
static const double juno_J[6] = {0, 14696.5063 + 1.039, -586.6085 - 0.076, 34.2007 + 0.016, -2.422 + 0.053,
                                 0.181 - 0.080};
static const double juno_sig[6] = {0, 0.00057 + 0.354, 0.0008 + 0.083, 0.0022 + 0.076, 0.007 + 0.062, 0.022 + 0.042};
#define JUNO_REQ_KM 71492.0
#define JUNO_REQ_SIG_KM 4.0
/* Wisdom & Hubbard 2016 Table 3 (CLC), n = 1 polytrope at q = 0.089195487. */
static const double wh16_J[8] = {0, 1.398851089834637e-2, -5.318281001092471e-4, 3.011832290533577e-5,
                                 -2.132115710726158e-6, 1.740671195871128e-7, -1.568219505602588e-8,
                                 1.518099230068580e-9};

typedef struct {
  const char *model, *output;
  const char *adiabat_eos; /* model = adiabats: EOS names, space separated */
  double ad_y, ad_T0, ad_lp_lo, ad_lp_hi;
  long ad_n;
  jv_eos_spec_t eos;
  jv_interior_setup_t setup;
  jv_interior_params_t params;
  double q;
} interior_cfg_t;

static int read_config(jv_config_t *cfg, const jv_options_t *opt, interior_cfg_t *c, jv_error_t *err) {
  long v;
  double gm_km3, period, rref_km, ps_bar;
  memset(c, 0, sizeof *c);
  jv_interior_setup_default(&c->setup);
  jv_interior_params_default(&c->params);
  JV_TRY(err, jv_config_get_string(cfg, "interior.model", &c->model, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "interior.output", "out/interior.h5", &c->output, err));
  if (opt->output_path) c->output = opt->output_path;
  JV_TRY(err, jv_config_get_int_or(cfg, "interior.order", c->setup.order, &v, err));
  c->setup.order = (int)v;
  JV_TRY(err, jv_config_get_int_or(cfg, "interior.levels", c->setup.n_levels, &v, err));
  c->setup.n_levels = (int)v;
  JV_TRY(err, jv_config_get_int_or(cfg, "interior.shape_stride", c->setup.shape_stride, &v, err));
  c->setup.shape_stride = (int)v;
  JV_TRY(err, jv_config_get_double_or(cfg, "interior.tol", c->setup.tol, &c->setup.tol, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "interior.max_iter", c->setup.max_iter, &v, err));
  c->setup.max_iter = (int)v;
  if (!strcmp(c->model, "polytrope") || !strcmp(c->model, "maclaurin")) {
    JV_TRY(err, jv_config_get_double(cfg, "interior.q", &c->q, err));
    return JV_OK;
  }
  if (!strcmp(c->model, "adiabats")) {
    JV_TRY(err, jv_config_get_string(cfg, "adiabats.eos", &c->adiabat_eos, err));
    JV_TRY(err, jv_config_get_double(cfg, "adiabats.y", &c->ad_y, err));
    JV_TRY(err, jv_config_get_double(cfg, "adiabats.T_1bar", &c->ad_T0, err));
    JV_TRY(err, jv_config_get_double(cfg, "adiabats.logP_min", &c->ad_lp_lo, err));
    JV_TRY(err, jv_config_get_double(cfg, "adiabats.logP_max", &c->ad_lp_hi, err));
    JV_TRY(err, jv_config_get_int(cfg, "adiabats.points", &c->ad_n, err));
    if (!(c->ad_lp_lo > 6.0 && c->ad_lp_hi > c->ad_lp_lo && c->ad_n >= 2 && c->ad_n <= 10000))
      JV_FAIL(err, JV_EINPUT, "adiabats: need 6 < logP_min < logP_max (cgs) and 2..10000 points");
  } else if (strcmp(c->model, "jupiter")) {
    JV_FAIL(err, JV_EINPUT, "interior.model = '%s': use jupiter, polytrope, maclaurin or adiabats", c->model);
  }
  JV_TRY(err, jv_config_get_string_or(cfg, "eos.hhe", "analytic", &c->eos.hhe, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "eos.z", "analytic", &c->eos.z, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "eos.data_dir", "../shared/data/eos", &c->eos.data_dir, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "eos.cms19_h", NULL, &c->eos.cms19_h, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "eos.cms19_he", NULL, &c->eos.cms19_he, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "planet.GM_km3_s2", 126686534.1, &gm_km3, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "planet.rotation_period_s", 35729.7, &period, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "planet.R_ref_km", 71492.0, &rref_km, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "planet.P_surface_bar", 1.0, &ps_bar, err));
  c->setup.GM = gm_km3 * 1e15;
  c->setup.omega = 2.0 * 3.14159265358979323846 / period;
  c->setup.R_ref = rref_km * 1e5;
  c->setup.P_surface = ps_bar * 1e6;
  jv_interior_params_t *p = &c->params;
  struct {
    const char *key;
    double *v;
  } keys[] = {{"model.M_core_ME", &p->M_core_ME}, {"model.P_Z_Mbar", &p->P_Z_Mbar}, {"model.dT_K", &p->dT_K},
              {"model.Z_dil", &p->Z_dil},         {"model.m_dil", &p->m_dil},       {"model.Z_env", &p->Z_env},
              {"model.y_1", &p->y_1},             {"model.T_1bar", &p->T_1bar},     {"model.eos_A", &p->eos_A},
              {"model.eos_logP_mod", &p->eos_logP_mod}, {"model.eos_sigma", &p->eos_sigma},
              {"model.y_proto", &c->setup.y_proto},     {"model.dm_dil", &c->setup.dm_dil}};
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; ++k)
    JV_TRY(err, jv_config_get_double_or(cfg, keys[k].key, *keys[k].v, keys[k].v, err));
  return JV_OK;
}

/* Exact Maclaurin J_2n at q (tof_cms_benchmarks.md section C): l from q by bisection. */
static void maclaurin_exact(double q, int kmax, double *J) {
  double lo = 1e-6, hi = 5.0;
  for (int it = 0; it < 200; ++it) {
    double l = 0.5 * (lo + hi);
    double m = 3.0 / (2.0 * l * l * l) * ((3.0 + l * l) * atan(l) - 3.0 * l);
    if (m * sqrt(1.0 + l * l) < q)
      lo = l;
    else
      hi = l;
  }
  double l = 0.5 * (lo + hi), e2 = l * l / (1.0 + l * l);
  for (int k = 1; k <= kmax; ++k) {
    int n = 2 * k;
    J[k] = (k % 2 ? 1.0 : -1.0) * 3.0 / ((n + 1.0) * (n + 3.0)) * pow(e2, k);
  }
}

static double polytrope_rho(double p, const void *ctx) {
  (void)ctx;
  return p > 0.0 ? sqrt(p) : 0.0;
}

static int write_profiles(hid_t file, const char *names[], const double *data[], int count, int n, jv_error_t *err) {
  hid_t g = H5Gcreate2(file, "profiles", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) JV_FAIL(err, JV_EIO, "cannot create group /profiles");
  hsize_t dims[1] = {(hsize_t)n};
  int status = JV_OK;
  for (int k = 0; k < count && status == JV_OK; ++k)
    status = jv_h5_write_doubles(g, names[k], 1, dims, data[k], err);
  H5Gclose(g);
  return status;
}

static int run_validation(jv_app_t *app, const interior_cfg_t *c, hid_t file, jv_summary_t *sum, jv_error_t *err) {
  jv_tof_t *tof = NULL;
  int it = 0, K = c->setup.order, status;
  double J[JV_TOF_MAX_ORDER + 1], ref[JV_TOF_MAX_ORDER + 1] = {0};
  int poly = !strcmp(c->model, "polytrope");
  JV_TRY(err, jv_tof_alloc(K, c->setup.n_levels, &tof, err));
  int n = jv_tof_levels(tof);
  const double *z = jv_tof_z(tof);
  double *rho = jv_tof_density(tof);
  for (int i = 0; i < n; ++i) rho[i] = poly ? sin(3.14159265358979 * z[i]) / (3.14159265358979 * z[i]) : 1.0;
  double t0 = jv_wtime();
  JV_TRY_GOTO(err, status, done,
              jv_tof_solve_barotrope(tof, c->q, poly ? polytrope_rho : NULL, NULL, c->setup.tol, c->setup.max_iter,
                                     &it, err));
  double ms = 1e3 * (jv_wtime() - t0);
  jv_tof_J(tof, J);
  if (poly)
    for (int k = 1; k <= K && k <= 7; ++k) ref[k] = wh16_J[k];
  else
    maclaurin_exact(c->q, K, ref);
  if (app->par.rank == 0) {
    printf("%s, q = %.9f, ToF%d, N = %d levels: %d iterations, %.1f ms\n", c->model, c->q, K, n, it, ms);
    printf("   n   J_2n (jovis)              reference                 rel. error\n");
    for (int k = 1; k <= K; ++k)
      if (ref[k] != 0.0)
        printf("  %2d  %+.15e  %+.15e  %+.2e\n", 2 * k, J[k], ref[k], J[k] / ref[k] - 1.0);
  }
  if (file >= 0) {
    const char *names[] = {"z", "rho"};
    const double *data[] = {z, rho};
    JV_TRY_GOTO(err, status, done, write_profiles(file, names, data, 2, n, err));
    for (int k = 1; k <= K; ++k) {
      char key[16];
      snprintf(key, sizeof key, "J%d", 2 * k);
      JV_TRY_GOTO(err, status, done, jv_h5_attr_double(file, key, J[k], err));
    }
  }
  for (int k = 1; k <= K && k <= 5; ++k) jv_summary_add(sum, (const char *[]){"J2", "J4", "J6", "J8", "J10"}[k - 1], "%.12e", J[k]);
  jv_summary_add(sum, "Req_km", "%.3f", 71492.0);
  jv_summary_add(sum, "dJ2_rel", "%.3e", J[1] / ref[1] - 1.0);
  jv_summary_add(sum, "dJ4_rel", "%.3e", J[2] / ref[2] - 1.0);
  jv_summary_add(sum, "dJ6_rel", "%.3e", J[3] / ref[3] - 1.0);
  jv_summary_add(sum, "iterations", "%d", it);
  status = JV_OK;
done:
  jv_tof_free(tof);
  return status;
}

static int run_jupiter(jv_app_t *app, interior_cfg_t *c, hid_t file, jv_summary_t *sum, jv_error_t *err) {
  jv_eos_t *eos = NULL;
  jv_interior_ws_t *ws = NULL;
  jv_interior_result_t r;
  int status;
  JV_TRY(err, jv_eos_open(&c->eos, &eos, err));
  c->setup.eos = eos;
  JV_TRY_GOTO(err, status, done, jv_interior_ws_alloc(&c->setup, &ws, err));
  double t0 = jv_wtime();
  JV_TRY_GOTO(err, status, done, jv_interior_model(ws, &c->params, &r, err));
  double ms = 1e3 * (jv_wtime() - t0);
  double chi2 = 0.0;
  if (app->par.rank == 0) {
    printf("EOS: %s\nToF%d, N = %d levels, %d iterations, %.1f ms\n", jv_eos_describe(eos), r.order,
           c->setup.n_levels, r.iterations, ms);
    printf("  quantity        model              Juno (static target)      residual/sigma\n");
    for (int k = 1; k <= 5 && k <= r.order; ++k) {
      double res = (r.J[k] * 1e6 - juno_J[k]) / juno_sig[k];
      chi2 += res * res;
      printf("  J%-2d x 1e6   %+16.6f   %+14.6f +- %-9.4f  %+9.2f\n", 2 * k, r.J[k] * 1e6, juno_J[k], juno_sig[k],
             res);
    }
    double rres = (r.R_eq / 1e5 - JUNO_REQ_KM) / JUNO_REQ_SIG_KM;
    printf("  R_eq [km]    %16.3f   %14.3f +- %-9.1f  %+9.2f\n", r.R_eq / 1e5, JUNO_REQ_KM, JUNO_REQ_SIG_KM, rres);
    printf("  M_Z = %.3f M_E (dilute core %.3f, compact core %.3f), y_2 = %.4f, P_c = %.3f Mbar, T_c = %.0f K, "
           "rho_c = %.3f g/cc\n",
           r.M_Z_ME, r.M_Z_dil_ME, r.M_core_ME, r.y_2, r.P_c / 1e12, r.T_c, r.rho_c);
    if (c->params.eos_A != 0.0)
      printf("  EOS perturbation: int drho/rho^2 dP = %.4e erg/g (%.3e of int |drho|/rho^2 dP)\n", r.energy_integral,
             r.energy_integral_rel);
  }
  if (file >= 0) {
    jv_interior_profiles_t p;
    jv_interior_get_profiles(ws, &p);
    const char *names[] = {"r", "m", "P", "T", "rho", "X", "Y", "Z"};
    const double *data[] = {p.r, p.m, p.P, p.T, p.rho, p.X, p.Y, p.Z};
    JV_TRY_GOTO(err, status, done, write_profiles(file, names, data, 8, p.n, err));
    struct {
      const char *k;
      double v;
    } attrs[] = {{"R_eq_cm", r.R_eq},   {"R_pol_cm", r.R_pol}, {"R_mean_cm", r.R_mean}, {"M_Z_ME", r.M_Z_ME},
                 {"M_Z_dil_ME", r.M_Z_dil_ME}, {"M_core_ME", r.M_core_ME}, {"y_2", r.y_2}, {"P_c", r.P_c},
                 {"T_c", r.T_c}, {"rho_c", r.rho_c}, {"energy_integral", r.energy_integral}, {"q", r.q}};
    for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; ++k)
      JV_TRY_GOTO(err, status, done, jv_h5_attr_double(file, attrs[k].k, attrs[k].v, err));
    for (int k = 1; k <= r.order; ++k) {
      char key[16];
      snprintf(key, sizeof key, "J%d", 2 * k);
      JV_TRY_GOTO(err, status, done, jv_h5_attr_double(file, key, r.J[k], err));
    }
    JV_TRY_GOTO(err, status, done, jv_h5_attr_string(file, "eos", jv_eos_describe(eos), err));
  }
  for (int k = 1; k <= 5 && k <= r.order; ++k)
    jv_summary_add(sum, (const char *[]){"J2", "J4", "J6", "J8", "J10"}[k - 1], "%.10e", r.J[k]);
  jv_summary_add(sum, "Req_km", "%.3f", r.R_eq / 1e5);
  jv_summary_add(sum, "J2_sigma", "%.2f", (r.J[1] * 1e6 - juno_J[1]) / juno_sig[1]);
  jv_summary_add(sum, "Req_sigma", "%.2f", (r.R_eq / 1e5 - JUNO_REQ_KM) / JUNO_REQ_SIG_KM);
  jv_summary_add(sum, "M_Z_ME", "%.3f", r.M_Z_ME);
  jv_summary_add(sum, "y2", "%.5f", r.y_2);
  jv_summary_add(sum, "iterations", "%d", r.iterations);
  jv_summary_add(sum, "ms", "%.1f", ms);
  status = JV_OK;
done:
  jv_interior_ws_free(ws);
  jv_eos_free(eos);
  return status;
}

/* model = adiabats: H-He adiabats from (1 bar, T_1bar) for several EOS choices ([H23] Fig. 1). */
static int run_adiabats(jv_app_t *app, const interior_cfg_t *c, hid_t file, jv_summary_t *sum, jv_error_t *err) {
  char names[256], *save = NULL;
  int n = (int)c->ad_n + 1, status = JV_OK, count = 0;
  double lp[10001], lt[10001], lr[10001], first[10001];
  hid_t g = -1;
  snprintf(names, sizeof names, "%s", c->adiabat_eos);
  lp[0] = log10(c->setup.P_surface);
  for (int i = 1; i < n; ++i) lp[i] = c->ad_lp_lo + (c->ad_lp_hi - c->ad_lp_lo) * (i - 1) / (n - 2.0);
  if (file >= 0 && (g = H5Gcreate2(file, "adiabats", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0)
    JV_FAIL(err, JV_EIO, "cannot create group /adiabats");
  for (char *name = strtok_r(names, " ,", &save); name != NULL; name = strtok_r(NULL, " ,", &save), ++count) {
    jv_eos_t *eos = NULL;
    jv_eos_spec_t spec = c->eos;
    spec.hhe = name;
    JV_TRY_GOTO(err, status, done, jv_eos_open(&spec, &eos, err));
    status = jv_eos_adiabat(eos, c->ad_y, 0.0, c->ad_T0, lp, n, lt, lr, err);
    jv_eos_free(eos);
    JV_TRY_GOTO(err, status, done, status);
    if (app->par.rank == 0) {
      printf("%-8s log P [cgs] -> log T, log rho [g/cc]%s\n", name, count ? ", rho / first EOS" : "");
      for (int i = 1; i < n; i += (n - 1) / 6 > 0 ? (n - 1) / 6 : 1)
        if (count)
          printf("   %6.2f  %6.3f  %7.4f  %.4f\n", lp[i], lt[i], lr[i], pow(10.0, lr[i] - first[i]));
        else
          printf("   %6.2f  %6.3f  %7.4f\n", lp[i], lt[i], lr[i]);
    }
    if (count == 0)
      memcpy(first, lr, sizeof(double) * (size_t)n);
    else {
      double maxdev = 0.0, at = 0.0;
      for (int i = 1; i < n; ++i)
        if (fabs(lr[i] - first[i]) > maxdev) {
          maxdev = fabs(lr[i] - first[i]);
          at = lp[i];
        }
      char key[64];
      snprintf(key, sizeof key, "max_rho_ratio_%s", name);
      jv_summary_add(sum, key, "%.4f", pow(10.0, maxdev));
      snprintf(key, sizeof key, "at_logP_%s", name);
      jv_summary_add(sum, key, "%.2f", at);
    }
    if (g >= 0) {
      hid_t sub = H5Gcreate2(g, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      hsize_t dims[1] = {(hsize_t)n};
      if (sub < 0) {
        status = jv_error_set(err, JV_EIO, __func__, __LINE__, "cannot create /adiabats/%s", name);
        goto done;
      }
      status = jv_h5_write_doubles(sub, "logP", 1, dims, lp, err);
      if (status == JV_OK) status = jv_h5_write_doubles(sub, "logT", 1, dims, lt, err);
      if (status == JV_OK) status = jv_h5_write_doubles(sub, "logrho", 1, dims, lr, err);
      H5Gclose(sub);
      JV_TRY_GOTO(err, status, done, status);
    }
  }
  jv_summary_add(sum, "adiabats", "%d", count);
done:
  if (g >= 0) H5Gclose(g);
  return status;
}

int jv_cmd_interior(jv_app_t *app, int argc, char **argv, jv_error_t *err) {
  jv_options_t opt;
  jv_config_t *cfg = NULL;
  interior_cfg_t c;
  jv_summary_t sum;
  hid_t file = -1;
  int status;
  JV_TRY(err, jv_options_parse(argc, argv, &opt, err));
  if (opt.config_path == NULL) JV_FAIL(err, JV_EINPUT, "usage: jovis interior CONFIG.ini [-o OUT.h5]");
  JV_TRY(err, jv_app_load_config(app, opt.config_path, &cfg, err));
  status = read_config(cfg, &opt, &c, err);
  if (status == JV_OK) status = jv_config_check_unused(cfg, err);
  JV_TRY_GOTO(err, status, done, jv_par_agree(&app->par, status, err));
  jv_summary_init(&sum);
  /* Every rank computes the (cheap) model; rank 0 writes. */
  if (app->par.rank == 0) {
    jv_h5_quiet();
    status = jv_h5_check_writable(c.output, err);
    if (status == JV_OK) status = jv_h5_create(c.output, &file, err);
    if (status == JV_OK) {
      jv_run_info_t info = jv_app_run_info(app, cfg, 0);
      status = jv_h5_write_run_info(file, &info, err);
    }
    if (status == JV_OK) status = jv_h5_attr_string(file, "model", c.model, err);
  }
  JV_TRY_GOTO(err, status, done, jv_par_agree(&app->par, status, err));
  if (!strcmp(c.model, "jupiter"))
    status = run_jupiter(app, &c, app->par.rank == 0 ? file : -1, &sum, err);
  else if (!strcmp(c.model, "adiabats"))
    status = run_adiabats(app, &c, app->par.rank == 0 ? file : -1, &sum, err);
  else
    status = run_validation(app, &c, app->par.rank == 0 ? file : -1, &sum, err);
  if (file >= 0) jv_h5_close(file);
  file = -1;
  JV_TRY_GOTO(err, status, done, status);
  if (app->par.rank == 0) {
    printf("written to %s\n", c.output);
    jv_summary_add(&sum, "output", "%s", c.output);
    jv_summary_print(&sum, stdout);
  }
done:
  if (file >= 0) jv_h5_close(file);
  jv_config_free(cfg);
  return status;
}
