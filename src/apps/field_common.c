/* Config readers and HDF5 writers shared by `jovis field fit|misfit|spectrum`. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "field_common.h"

static int parse_frame(const char *key, const char *v, jv_frame_t *f, jv_error_t *err) {
  if (!strcmp(v, "cartesian"))
    *f = JV_FRAME_CARTESIAN;
  else if (!strcmp(v, "spherical"))
    *f = JV_FRAME_SPHERICAL;
  else
    JV_FAIL(err, JV_EINPUT, "%s = '%s': want cartesian or spherical", key, v);
  return JV_OK;
}

static int get_cols3(jv_config_t *cfg, const char *key, int cols[3], jv_error_t *err) {
  double *v = NULL;
  size_t n = 0;
  JV_TRY(err, jv_config_get_doubles(cfg, key, &v, &n, err));
  int ok = n == 3;
  for (size_t i = 0; ok && i < 3; ++i) {
    cols[i] = (int)v[i];
    ok = v[i] >= 1 && v[i] == cols[i];
  }
  free(v);
  if (!ok) JV_FAIL(err, JV_EINPUT, "%s: want three 1-based column numbers", key);
  return JV_OK;
}

int jv_field_load_data(jv_config_t *cfg, jv_mag_data_t **all, jv_error_t *err) {
  const char *path, *format;
  JV_TRY(err, jv_config_get_string(cfg, "data.path", &path, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "data.format", "juno_pinn", &format, err));
  jv_mag_format_t f = jv_mag_format_juno_pinn();
  if (!strcmp(format, "table")) {
    long v;
    const char *s;
    memset(&f, 0, sizeof f);
    JV_TRY(err, jv_config_get_string_or(cfg, "data.delimiter", "whitespace", &s, err));
    f.delimiter = !strcmp(s, "whitespace") ? 0 : s[0];
    JV_TRY(err, jv_config_get_int_or(cfg, "data.header_lines", 0, &v, err));
    f.header_lines = (int)v;
    JV_TRY(err, jv_config_get_int_or(cfg, "data.col_orbit", 0, &v, err));
    f.col_orbit = (int)v;
    JV_TRY(err, jv_config_get_int_or(cfg, "data.col_year", 0, &v, err));
    f.col_year = (int)v;
    JV_TRY(err, jv_config_get_int_or(cfg, "data.col_doy", 0, &v, err));
    f.col_doy = (int)v;
    JV_TRY(err, jv_config_get_int_or(cfg, "data.col_days", 0, &v, err));
    f.col_days = (int)v;
    JV_TRY(err, get_cols3(cfg, "data.col_pos", f.col_pos, err));
    JV_TRY(err, get_cols3(cfg, "data.col_b", f.col_b, err));
    JV_TRY(err, jv_config_get_string(cfg, "data.pos_frame", &s, err));
    JV_TRY(err, parse_frame("data.pos_frame", s, &f.pos_frame, err));
    JV_TRY(err, jv_config_get_string(cfg, "data.b_frame", &s, err));
    JV_TRY(err, parse_frame("data.b_frame", s, &f.b_frame, err));
    JV_TRY(err, jv_config_get_string(cfg, "data.pos_unit", &s, err));
    if (!strcmp(s, "km"))
      f.pos_unit_rj = 1.0 / JV_RJ_KM;
    else if (!strcmp(s, "RJ"))
      f.pos_unit_rj = 1.0;
    else
      JV_FAIL(err, JV_EINPUT, "data.pos_unit = '%s': want km or RJ", s);
    JV_TRY(err, jv_config_get_string_or(cfg, "data.angles", "deg", &s, err));
    if (strcmp(s, "deg") && strcmp(s, "rad"))
      JV_FAIL(err, JV_EINPUT, "data.angles = '%s': want deg or rad", s);
    f.pos_degrees = !strcmp(s, "deg");
    JV_TRY(err, jv_config_get_string(cfg, "data.b_unit", &s, err));
    if (!strcmp(s, "nT"))
      f.b_unit_nt = 1.0;
    else if (!strcmp(s, "G"))
      f.b_unit_nt = 1e5;
    else
      JV_FAIL(err, JV_EINPUT, "data.b_unit = '%s': want nT or G", s);
  } else if (strcmp(format, "juno_pinn") != 0) {
    JV_FAIL(err, JV_EINPUT, "data.format = '%s': want juno_pinn or table", format);
  }
  JV_TRY(err, jv_mag_data_read(path, &f, all, err));
  return JV_OK;
}

int jv_field_select(jv_config_t *cfg, const char *section, const jv_mag_data_t *all, jv_mag_data_t **out,
                    jv_error_t *err) {
  char key[128];
  const char *orb;
  int *orbits = NULL;
  size_t n = 0;
  jv_mag_select_t sel = jv_mag_select_all();
  snprintf(key, sizeof key, "%s.orbits", section);
  JV_TRY(err, jv_config_get_string_or(cfg, key, "all", &orb, err));
  if (strcmp(orb, "all") != 0) JV_TRY(err, jv_mag_parse_orbits(orb, &orbits, &n, err));
  sel.orbits = orbits;
  sel.n_orbits = n;
  int status = JV_OK;
  snprintf(key, sizeof key, "%s.r_min", section);
  if (status == JV_OK) status = jv_config_get_double_or(cfg, key, 0.0, &sel.r_min, err);
  snprintf(key, sizeof key, "%s.r_max", section);
  if (status == JV_OK) status = jv_config_get_double_or(cfg, key, INFINITY, &sel.r_max, err);
  snprintf(key, sizeof key, "%s.t_min", section);
  if (status == JV_OK) status = jv_config_get_double_or(cfg, key, -INFINITY, &sel.t_min, err);
  snprintf(key, sizeof key, "%s.t_max", section);
  if (status == JV_OK) status = jv_config_get_double_or(cfg, key, INFINITY, &sel.t_max, err);
  if (status == JV_OK) status = jv_mag_data_select(all, &sel, out, err);
  free(orbits);
  if (status != JV_OK) jv_error_trace(err, __func__, __LINE__);
  return status;
}

int jv_field_load_model(jv_config_t *cfg, const char *section, jv_field_model_t *m, jv_sh_model_t **owned,
                        jv_error_t *err) {
  char key[128];
  const char *path, *disc;
  long deg;
  memset(m, 0, sizeof *m);
  owned[0] = owned[1] = NULL;
  snprintf(key, sizeof key, "%s.internal", section);
  JV_TRY(err, jv_config_get_string(cfg, key, &path, err));
  JV_TRY(err, jv_sh_model_load(path, &owned[0], err));
  snprintf(key, sizeof key, "%s.internal_degree", section);
  JV_TRY(err, jv_config_get_int_or(cfg, key, owned[0]->nmax, &deg, err));
  if (deg < 1 || deg > owned[0]->nmax)
    JV_FAIL(err, JV_EINPUT, "%s = %ld outside 1..%d of '%s'", key, deg, owned[0]->nmax, path);
  m->sh[m->n_sh] = owned[0];
  m->sh_trunc[m->n_sh++] = (int)deg;
  snprintf(key, sizeof key, "%s.external", section);
  JV_TRY(err, jv_config_get_string_or(cfg, key, "none", &path, err));
  if (strcmp(path, "none") != 0) {
    JV_TRY(err, jv_sh_model_read(path, &owned[1], err));
    m->sh[m->n_sh] = owned[1];
    m->sh_trunc[m->n_sh++] = 0;
  }
  snprintf(key, sizeof key, "%s.disc", section);
  JV_TRY(err, jv_config_get_string_or(cfg, key, "none", &disc, err));
  if (!strcmp(disc, "con2020")) {
    jv_con2020_t p = jv_con2020_defaults();
    const char *eq;
    struct {
      const char *name;
      double *value;
    } keys[] = {{"mu_i", &p.mu_i}, {"i_rho", &p.i_rho}, {"r0", &p.r0}, {"r1", &p.r1},
                {"d", &p.d},       {"xt", &p.xt},       {"xp", &p.xp}};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; ++i) { /* each defaults to Con2020's */
      snprintf(key, sizeof key, "%s.con2020_%s", section, keys[i].name);
      JV_TRY(err, jv_config_get_double_or(cfg, key, *keys[i].value, keys[i].value, err));
    }
    snprintf(key, sizeof key, "%s.con2020_equation", section);
    JV_TRY(err, jv_config_get_string_or(cfg, key, "hybrid", &eq, err));
    if (!strcmp(eq, "hybrid"))
      p.equation = JV_CON2020_HYBRID;
    else if (!strcmp(eq, "analytic"))
      p.equation = JV_CON2020_ANALYTIC;
    else if (!strcmp(eq, "integral"))
      p.equation = JV_CON2020_INTEGRAL;
    else
      JV_FAIL(err, JV_EINPUT, "%s = '%s': want hybrid, analytic or integral", key, eq);
    m->disc[m->n_disc++] = p;
  } else if (strcmp(disc, "none") != 0) {
    JV_FAIL(err, JV_EINPUT, "%s.disc = '%s': want con2020 or none", section, disc);
  }
  return JV_OK;
}

int jv_field_variance_opts(jv_config_t *cfg, jv_mag_variance_opts_t *o, jv_sh_model_t **sv, jv_error_t *err) {
  *o = jv_mag_variance_defaults();
  *sv = NULL;
  long h;
  const char *path;
  JV_TRY(err, jv_config_get_bool_or(cfg, "variance.fluct", o->use_fluct, &o->use_fluct, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "variance.fluct_half_width", o->fluct_half_width, &h, err));
  o->fluct_half_width = (int)h;
  JV_TRY(err, jv_config_get_double_or(cfg, "variance.fluct_max_gap_s", o->fluct_max_gap_s,
                                      &o->fluct_max_gap_s, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "variance.sv_model", "none", &path, err));
  if (strcmp(path, "none") != 0) {
    JV_TRY(err, jv_sh_model_read(path, sv, err));
    o->use_sv = 1;
    o->sv_model = *sv;
  }
  JV_TRY(err, jv_config_get_double_or(cfg, "variance.sv_t_ref", NAN, &o->sv_t_ref, err));
  JV_TRY(err, jv_config_get_bool_or(cfg, "variance.pointing", o->use_dir, &o->use_dir, err));
  JV_TRY(err,
         jv_config_get_double_or(cfg, "variance.theta_max_rad", o->dir_theta_max, &o->dir_theta_max, err));
  JV_TRY(err, jv_config_get_bool_or(cfg, "variance.quantisation", o->use_res, &o->use_res, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "variance.sigma_scale", 1.0, &o->scale, err));
  return JV_OK;
}

int jv_field_write_data(hid_t loc, const jv_mag_data_t *d, const double *model_b, jv_error_t *err) {
  hsize_t n1[1] = {d->n}, n3[2] = {d->n, 3};
  int64_t *orb = malloc(d->n * sizeof *orb);
  if (orb == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  for (size_t i = 0; i < d->n; ++i)
    orb[i] = d->orbit[i];
  int st = jv_h5_write_int64s(loc, "orbit", 1, n1, orb, err);
  free(orb);
  JV_TRY(err, st);
  JV_TRY(err, jv_h5_write_doubles(loc, "t_days_since_2000", 1, n1, d->t, err));
  JV_TRY(err, jv_h5_write_doubles(loc, "pos_RJ", 2, n3, d->pos, err));
  JV_TRY(err, jv_h5_write_doubles(loc, "b_obs_nT", 2, n3, d->b, err));
  if (model_b) JV_TRY(err, jv_h5_write_doubles(loc, "b_model_nT", 2, n3, model_b, err));
  jv_mag_summary_t s; /* the selection summary, as printed */
  JV_TRY(err, jv_mag_data_summarise(d, &s, err));
  const char *names[6] = {"r_min_RJ", "r_max_RJ", "b_min_nT", "b_max_nT", "t_min_days", "t_max_days"};
  double vals[6] = {s.r_min, s.r_max, s.b_min, s.b_max, s.t_min, s.t_max};
  int status = jv_h5_attr_string(loc, "data_source", d->source, err);
  for (int i = 0; i < 6 && status == JV_OK; ++i)
    status = jv_h5_attr_double(loc, names[i], vals[i], err);
  jv_mag_summary_free(&s);
  JV_TRY(err, status);
  return JV_OK;
}

int jv_field_write_rms(hid_t loc, const char *name, const jv_mag_data_t *d, const double *resid,
                       double *total, int print, jv_error_t *err) {
  jv_mag_summary_t s;
  JV_TRY(err, jv_mag_data_summarise(d, &s, err));
  double *rms = malloc((s.n_orbits ? s.n_orbits : 1) * sizeof *rms);
  int64_t *orb = malloc((s.n_orbits ? s.n_orbits : 1) * sizeof *orb),
          *cnt = malloc((s.n_orbits ? s.n_orbits : 1) * sizeof *cnt);
  int status = rms && orb && cnt ? JV_OK : jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory");
  if (status == JV_OK) status = jv_mag_rms_by_orbit(d, resid, &s, rms, total, err);
  if (status == JV_OK) {
    if (print) printf("%s: RMS misfit per orbit (nT)\n orbit points   rms_nT\n", name);
    for (size_t k = 0; k < s.n_orbits; ++k) {
      orb[k] = s.orbit[k];
      cnt[k] = (int64_t)s.count[k];
      if (print) printf(" %5d %6zu %8.1f\n", s.orbit[k], s.count[k], rms[k]);
    }
    if (print) printf(" total %6zu %8.1f\n", d->n, *total);
    hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t dims[1] = {s.n_orbits};
    if (g < 0) status = jv_error_set(err, JV_EIO, __func__, __LINE__, "cannot create group %s", name);
    if (status == JV_OK) status = jv_h5_write_int64s(g, "orbit", 1, dims, orb, err);
    if (status == JV_OK) status = jv_h5_write_int64s(g, "points", 1, dims, cnt, err);
    if (status == JV_OK) status = jv_h5_write_doubles(g, "rms_nT", 1, dims, rms, err);
    if (status == JV_OK) status = jv_h5_attr_double(g, "rms_total_nT", *total, err);
    if (g >= 0) H5Gclose(g);
  }
  free(rms);
  free(orb);
  free(cnt);
  jv_mag_summary_free(&s);
  if (status != JV_OK) jv_error_trace(err, __func__, __LINE__);
  return status;
}

void jv_field_plot(const jv_app_t *app, const char *script, const char *h5path, int enabled) {
  if (!enabled || app->par.rank != 0) return;
  const char *py = getenv("PYTHON");
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "%s analysis/%s '%s'", py && *py ? py : "/usr/bin/python3", script, h5path);
  if (system(cmd) != 0) JV_LOG_WARNING(&app->log, "plotting failed: %s (the HDF5 output is complete)", cmd);
}
