/*
 * A photon scan's fixed inputs from the config (see jovis/photon.h and inputs/photon_scan.ini):
 * read and select the Juno data, the variance model of SCIENCE.md section 2 (four terms, their
 * medians kept for the report), the optional Con2020 disc subtracted as a fixed field, and the
 * synthetic data of injection-recovery runs ([inject]) and of runs without the Juno file
 * ([data] source = synthetic | auto, [synthetic]). Positions in R_J, fields in nT.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "jovis/photon.h"

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Median of sqrt(v[i]) over n rows (v is a variance); scratch has n entries. */
static double median_sqrt(const double *v, size_t n, double *scratch) {
  for (size_t i = 0; i < n; ++i) scratch[i] = sqrt(v[i]);
  qsort(scratch, n, sizeof *scratch, cmp_double);
  return n % 2 ? scratch[n / 2] : 0.5 * (scratch[n / 2 - 1] + scratch[n / 2]);
}

/*
 * [synthetic]: Juno-like positions from the orbit generator of src/magnetic (its defaults unless
 * set here); r_max is [data] r_max (4 R_J when unbounded). The field is filled later (fill_field).
 */
static int synthetic_positions(jv_config_t *cfg, double r_max, jv_mag_data_t **out, jv_error_t *err) {
  jv_mag_orbits_t o = jv_mag_orbits_defaults();
  long n_orbits, per_pass;
  JV_TRY(err, jv_config_get_int_or(cfg, "synthetic.n_orbits", o.n_orbits, &n_orbits, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "synthetic.points_per_pass", (long)o.points_per_pass, &per_pass, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "synthetic.period_days", o.period_days, &o.period_days, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "synthetic.r_peri", o.r_peri, &o.r_peri, err));
  if (n_orbits < 1 || n_orbits > 1000 || per_pass < 2 || per_pass > 1000000)
    JV_FAIL(err, JV_EINPUT, "synthetic: need 1 <= n_orbits <= 1000 and 2 <= points_per_pass <= 1e6 (got %ld, %ld)",
            n_orbits, per_pass);
  o.n_orbits = (int)n_orbits;
  o.points_per_pass = (size_t)per_pass;
  if (isfinite(r_max)) o.r_max = r_max;
  JV_TRY(err, jv_mag_orbits_generate(&o, out, err));
  return JV_OK;
}

/*
 * [data]: source (file | synthetic | auto: the file when it is readable, else synthetic), file,
 * orbits, r_max, stride. The selection applies to either source. s->data_source says which.
 */
static int read_data(jv_config_t *cfg, jv_photon_setup_t *su, jv_error_t *err) {
  const char *path, *orbits_text, *source;
  double r_max;
  long stride;
  int *orbits = NULL, status = JV_OK;
  size_t n_orbits = 0;
  jv_mag_data_t *all = NULL, *sel = NULL;
  JV_TRY(err, jv_config_get_string_or(cfg, "data.source", "file", &source, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "data.file", "", &path, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "data.orbits", "", &orbits_text, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "data.r_max", INFINITY, &r_max, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "data.stride", 1, &stride, err));
  if (stride < 1) JV_FAIL(err, JV_EINPUT, "data.stride must be >= 1, got %ld", stride);
  int synthetic;
  if (strcmp(source, "file") == 0) synthetic = 0;
  else if (strcmp(source, "synthetic") == 0) synthetic = 1;
  else if (strcmp(source, "auto") == 0) synthetic = path[0] == '\0' || !jv_file_exists(path);
  else JV_FAIL(err, JV_EINPUT, "data.source must be file, synthetic or auto, got '%s'", source);
  if (!synthetic && path[0] == '\0') JV_FAIL(err, JV_EINPUT, "data.file is required with data.source = %s", source);
  if (synthetic) {
    JV_TRY(err, synthetic_positions(cfg, r_max, &all, err));
  } else {
    jv_mag_format_t fmt = jv_mag_format_juno_pinn();
    JV_TRY(err, jv_mag_data_read(path, &fmt, &all, err));
  }
  su->synthetic = synthetic;
  snprintf(su->data_origin, sizeof su->data_origin, "%s", all->source);
  jv_mag_select_t s = jv_mag_select_all();
  if (orbits_text[0] != '\0') JV_TRY_GOTO(err, status, done, jv_mag_parse_orbits(orbits_text, &orbits, &n_orbits, err));
  s.orbits = orbits;
  s.n_orbits = n_orbits;
  s.r_max = r_max;
  JV_TRY_GOTO(err, status, done, jv_mag_data_select(all, &s, &sel, err));
  if (stride > 1) { /* every stride-th point, in file order (quick runs and tests) */
    size_t m = 0;
    for (size_t i = 0; i < sel->n; i += (size_t)stride, ++m) {
      sel->orbit[m] = sel->orbit[i];
      sel->t[m] = sel->t[i];
      memmove(sel->pos + 3 * m, sel->pos + 3 * i, 3 * sizeof *sel->pos);
      memmove(sel->b + 3 * m, sel->b + 3 * i, 3 * sizeof *sel->b);
    }
    sel->n = m;
  }
  su->data = sel;
  sel = NULL;
done:
  free(orbits);
  jv_mag_data_free(all);
  jv_mag_data_free(sel);
  return status;
}

/* [noise]: the variance model's switches and the explicit sigma rescaling. */
static int read_noise(jv_config_t *cfg, jv_mag_variance_opts_t *o, jv_error_t *err) {
  long hw;
  double theta_deg;
  *o = jv_mag_variance_defaults();
  JV_TRY(err, jv_config_get_bool_or(cfg, "noise.use_fluct", o->use_fluct, &o->use_fluct, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "noise.fluct_half_width", o->fluct_half_width, &hw, err));
  o->fluct_half_width = (int)hw;
  JV_TRY(err, jv_config_get_double_or(cfg, "noise.fluct_max_gap_s", o->fluct_max_gap_s, &o->fluct_max_gap_s, err));
  JV_TRY(err, jv_config_get_bool_or(cfg, "noise.use_dir", o->use_dir, &o->use_dir, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "noise.dir_theta_max_deg", o->dir_theta_max * 180 / 3.141592653589793,
                                      &theta_deg, err));
  o->dir_theta_max = theta_deg * 3.141592653589793 / 180;
  JV_TRY(err, jv_config_get_bool_or(cfg, "noise.use_res", o->use_res, &o->use_res, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "noise.scale", 1.0, &o->scale, err));
  if (!(o->scale > 0)) JV_FAIL(err, JV_EINPUT, "noise.scale must be > 0, got %g", o->scale);
  o->use_sv = 0; /* no secular-variation model is available for these data: s_sv = 0 (reported) */
  return JV_OK;
}

/*
 * b = model (under the radial functions rad, truncated at ntrunc) + b_fixed, plus Gaussian noise of
 * the variance model's sigma when rng is given: the synthetic data of [inject] and of
 * [data] source = synthetic, on the data set's positions.
 */
static int fill_field(jv_photon_setup_t *s, const jv_sh_model_t *model, int ntrunc, const jv_radial_t *rad,
                      gsl_rng *rng, jv_error_t *err) {
  for (size_t i = 0; i < s->data->n; ++i) {
    double b[3];
    JV_TRY(err, jv_sh_field(model, ntrunc, rad, s->data->pos + 3 * i, b, err));
    for (int c = 0; c < 3; ++c) {
      size_t row = 3 * i + (size_t)c;
      s->data->b[row] = b[c] + (s->b_fixed ? s->b_fixed[row] : 0.0) + (rng ? gsl_ran_gaussian(rng, s->sigma[row]) : 0.0);
    }
  }
  return JV_OK;
}

/* [synthetic] model, n, seed: the field model of synthetic data (massless; [inject] may replace it). */
static int read_synthetic_model(jv_config_t *cfg, jv_sh_model_t **model, long *ntrunc, long *seed, jv_error_t *err) {
  const char *spec;
  JV_TRY(err, jv_config_get_string_or(cfg, "synthetic.model", "builtin:jrm09_n4", &spec, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "synthetic.n", 0, ntrunc, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "synthetic.seed", 1, seed, err));
  JV_TRY(err, jv_sh_model_load(spec, model, err));
  return JV_OK;
}

/* [inject]: replace the measured field by model + noise on the same positions. */
static int inject(jv_config_t *cfg, jv_photon_setup_t *s, jv_error_t *err) {
  const char *model_path;
  long ntrunc, seed;
  jv_sh_model_t *model = NULL;
  gsl_rng *rng = NULL;
  int status = JV_OK;
  JV_TRY(err, jv_config_get_string(cfg, "inject.model", &model_path, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "inject.n", 18, &ntrunc, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "inject.mass_ev", 0.0, &s->inject_mass_ev, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "inject.dark_mass_ev", 0.0, &s->inject_dark_mass_ev, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "inject.eps", 0.0, &s->inject_eps, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "inject.seed", 1, &seed, err));
  s->noise_seed = seed;
  if (s->inject_mass_ev > 0 && s->inject_eps > 0)
    JV_FAIL(err, JV_EINPUT, "inject either a photon mass or a dark photon (mass_ev or dark_mass_ev + eps), not both");
  JV_TRY(err, jv_sh_model_load(model_path, &model, err));
  jv_photon_params_t p = {jv_photon_mu_a(s->inject_mass_ev), 0, 0};
  jv_radial_t rad = jv_photon_radial_massive(&p);
  if (s->inject_eps > 0) {
    p.mu_a = jv_photon_mu_a(s->inject_dark_mass_ev);
    p.eps = s->inject_eps;
    rad = jv_photon_radial_dark(&p);
  }
  JV_TRY_GOTO(err, status, done, jv_rng_alloc((uint64_t)seed, 0, &rng, err));
  JV_TRY_GOTO(err, status, done, fill_field(s, model, (int)ntrunc, &rad, rng, err));
  s->inject = 1;
done:
  jv_rng_free(rng);
  jv_sh_model_free(model);
  return status;
}

int jv_photon_setup(jv_config_t *cfg, jv_photon_setup_t *s, jv_error_t *err) {
  jv_mag_variance_opts_t vo;
  const char *disc;
  long n_int, n_ext, k;
  int do_inject, status = JV_OK;
  double *terms = NULL;
  jv_sh_model_t *syn_model = NULL;
  gsl_rng *rng = NULL;
  long syn_n = 0, syn_seed = 1;
  memset(s, 0, sizeof *s);
  JV_TRY(err, read_noise(cfg, &vo, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "model.n_int", 18, &n_int, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "model.n_ext", 5, &n_ext, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "model.k", 0, &k, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "model.disc", "con2020", &disc, err));
  JV_TRY(err, jv_config_get_bool_or(cfg, "inject.enabled", 0, &do_inject, err));
  if (n_int < 1 || n_int > 40 || n_ext < 0 || n_ext > 10 || k < 0)
    JV_FAIL(err, JV_EINPUT, "model: need 1 <= n_int <= 40, 0 <= n_ext <= 10, k >= 0 (got %ld, %ld, %ld)", n_int, n_ext, k);
  if (strcmp(disc, "none") != 0 && strcmp(disc, "con2020") != 0)
    JV_FAIL(err, JV_EINPUT, "model.disc must be none or con2020, got '%s'", disc);
  JV_TRY(err, read_data(cfg, s, err));
  size_t rows = 3 * s->data->n;
  s->sigma = malloc(rows * sizeof *s->sigma);
  s->w = malloc(rows * sizeof *s->w);
  s->y = malloc(rows * sizeof *s->y);
  terms = malloc(4 * rows * sizeof *terms);
  int with_disc = strcmp(disc, "con2020") == 0;
  if (with_disc) s->b_fixed = malloc(rows * sizeof *s->b_fixed);
  if (s->sigma == NULL || s->w == NULL || s->y == NULL || terms == NULL || (with_disc && s->b_fixed == NULL)) {
    status = jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory for %zu data rows", rows);
    goto fail;
  }
  if (s->b_fixed != NULL) {
    jv_field_model_t fm;
    memset(&fm, 0, sizeof fm);
    fm.n_disc = 1;
    fm.disc[0] = jv_con2020_defaults();
    JV_TRY_GOTO(err, status, fail, jv_field_eval_data(&fm, s->data, s->b_fixed, err));
  }
  if (s->synthetic) {
    /* The noise-free field first, so that the variance model sees a realistic |B| along the
       track (s_dir and s_res scale with it); then the same field plus noise of that sigma. */
    JV_TRY_GOTO(err, status, fail, read_synthetic_model(cfg, &syn_model, &syn_n, &syn_seed, err));
    s->noise_seed = syn_seed;
    snprintf(s->data_origin + strlen(s->data_origin), sizeof s->data_origin - strlen(s->data_origin),
             "; field %s to degree %ld%s, noise seed %ld", syn_model->source, syn_n > 0 ? syn_n : syn_model->nmax,
             with_disc ? " + Con2020" : "", syn_seed);
    JV_TRY_GOTO(err, status, fail, fill_field(s, syn_model, (int)syn_n, NULL, NULL, err));
  } else {
    jv_config_mark_section(cfg, "synthetic");
  }
  JV_TRY_GOTO(err, status, fail, jv_mag_variance(s->data, &vo, terms, s->sigma, err));
  for (int t = 0; t < 4; ++t) s->term_median[t] = median_sqrt(terms + (size_t)t * rows, rows, s->y);
  s->sigma_scale = vo.scale;
  if (do_inject) {
    JV_TRY_GOTO(err, status, fail, inject(cfg, s, err));
  } else {
    jv_config_mark_section(cfg, "inject");
    if (s->synthetic) {
      JV_TRY_GOTO(err, status, fail, jv_rng_alloc((uint64_t)syn_seed, 0, &rng, err));
      JV_TRY_GOTO(err, status, fail, fill_field(s, syn_model, (int)syn_n, NULL, rng, err));
    }
  }
  for (size_t i = 0; i < rows; ++i) s->w[i] = 1.0 / s->sigma[i];
  jv_mag_whiten(s->data, s->b_fixed, s->w, s->y);
  s->problem.data = s->data;
  s->problem.w = s->w;
  s->problem.y = s->y;
  s->problem.n_int = (int)n_int;
  s->problem.n_ext = (int)n_ext;
  s->problem.k = (size_t)k;
  free(terms);
  jv_sh_model_free(syn_model);
  jv_rng_free(rng);
  return JV_OK;
fail:
  free(terms);
  jv_sh_model_free(syn_model);
  jv_rng_free(rng);
  jv_photon_setup_free(s);
  return status;
}

void jv_photon_setup_free(jv_photon_setup_t *s) {
  jv_mag_data_free(s->data);
  free(s->sigma);
  free(s->w);
  free(s->y);
  free(s->b_fixed);
  memset(s, 0, sizeof *s);
}
