/*
 * Scan results in HDF5 (layout in jovis/photon.h). Everything is rewritten after each finished
 * task: a scan file is small (fields x grid points), and a whole-file rewrite through path.tmp
 * and a rename is what makes an interrupted run resumable without a torn file.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/photon.h"

static const char *field_names[JV_PF_N] = {"chi2", "sum_log_s", "ln_l_marg", "fisher", "jeffreys", "s_cut", "k"};
static const char *term_names[4] = {"median_s_fluct_nt", "median_s_sv_nt", "median_s_dir_nt", "median_s_res_nt"};

int jv_photon_store_alloc(int dark, size_t n_m, size_t n_eps, jv_photon_store_t *st, jv_error_t *err) {
  memset(st, 0, sizeof *st);
  if (n_m < 1 || n_eps < 1) JV_FAIL(err, JV_EINPUT, "a scan grid needs at least one point (n_m = %zu, n_eps = %zu)", n_m, n_eps);
  st->dark = dark;
  st->n_m = n_m;
  st->n_eps = n_eps;
  st->mass_ev = calloc(n_m, sizeof *st->mass_ev);
  st->eps = dark ? calloc(n_eps, sizeof *st->eps) : NULL;
  st->val = malloc(n_m * n_eps * JV_PF_N * sizeof *st->val);
  st->done = calloc(n_m, sizeof *st->done);
  st->task_rank = calloc(n_m, sizeof *st->task_rank);
  st->task_seconds = calloc(n_m, sizeof *st->task_seconds);
  if (st->mass_ev == NULL || (dark && st->eps == NULL) || st->val == NULL || st->done == NULL ||
      st->task_rank == NULL || st->task_seconds == NULL) {
    jv_photon_store_free(st);
    JV_FAIL(err, JV_ENOMEM, "out of memory for a %zu x %zu scan", n_m, n_eps);
  }
  for (size_t i = 0; i < n_m * n_eps * JV_PF_N; ++i) st->val[i] = NAN;
  return JV_OK;
}

void jv_photon_store_free(jv_photon_store_t *st) {
  free(st->mass_ev);
  free(st->eps);
  free(st->val);
  free(st->done);
  free(st->task_rank);
  free(st->task_seconds);
  memset(st, 0, sizeof *st);
}

void jv_photon_point_values(const jv_photon_point_t *pt, double *v) {
  v[JV_PF_CHI2] = pt->chi2;
  v[JV_PF_SUM_LOG_S] = pt->sum_log_s;
  v[JV_PF_LN_L] = pt->ln_l_marg;
  v[JV_PF_FISHER] = pt->fisher;
  v[JV_PF_JEFFREYS] = pt->jeffreys;
  v[JV_PF_S_CUT] = pt->s_cut;
  v[JV_PF_K] = (double)pt->k;
}

static int write_field(hid_t g, const jv_photon_store_t *st, const char *name, int field, double minus, double *buf,
                       jv_error_t *err) {
  size_t n = st->n_m * st->n_eps;
  hsize_t dims[2] = {st->n_m, st->n_eps};
  for (size_t i = 0; i < n; ++i) buf[i] = st->val[i * JV_PF_N + field] - minus;
  JV_TRY(err, jv_h5_write_doubles(g, name, st->dark ? 2 : 1, dims, buf, err));
  return JV_OK;
}

static int write_group(hid_t g, const jv_photon_store_t *st, double *buf, jv_error_t *err) {
  hsize_t nm = st->n_m, ne = st->n_eps;
  JV_TRY(err, jv_h5_attr_string(g, "kind", st->dark ? "dark" : "photon", err));
  JV_TRY(err, jv_h5_attr_int(g, "n_int", st->n_int, err));
  JV_TRY(err, jv_h5_attr_int(g, "n_ext", st->n_ext, err));
  JV_TRY(err, jv_h5_attr_int(g, "k", (int64_t)st->k, err));
  JV_TRY(err, jv_h5_attr_int(g, "n_data", (int64_t)st->n_data, err));
  JV_TRY(err, jv_h5_attr_int(g, "dof", (int64_t)st->dof, err));
  JV_TRY(err, jv_h5_attr_double(g, "r0_over_a", st->r0_over_a, err));
  JV_TRY(err, jv_h5_attr_double(g, "chi2_sm", st->chi2_sm, err));
  JV_TRY(err, jv_h5_attr_double(g, "sum_log_s_sm", st->sum_log_s_sm, err));
  JV_TRY(err, jv_h5_attr_double(g, "ln_l_marg_sm", st->ln_l_marg_sm, err));
  JV_TRY(err, jv_h5_attr_double(g, "sigma_scale", st->sigma_scale, err));
  for (int t = 0; t < 4; ++t) JV_TRY(err, jv_h5_attr_double(g, term_names[t], st->term_median[t], err));
  JV_TRY(err, jv_h5_attr_bool(g, "inject", st->inject, err));
  JV_TRY(err, jv_h5_attr_double(g, "inject_mass_ev", st->inject_mass_ev, err));
  JV_TRY(err, jv_h5_attr_double(g, "inject_dark_mass_ev", st->inject_dark_mass_ev, err));
  JV_TRY(err, jv_h5_attr_double(g, "inject_eps", st->inject_eps, err));
  JV_TRY(err, jv_h5_attr_string(g, "data_source", st->data_source[0] ? st->data_source : "file", err));
  JV_TRY(err, jv_h5_attr_string(g, "data_origin", st->data_origin, err));
  JV_TRY(err, jv_h5_write_doubles(g, "mass_ev", 1, &nm, st->mass_ev, err));
  for (size_t i = 0; i < st->n_m; ++i) buf[i] = jv_photon_mu_a(st->mass_ev[i]);
  JV_TRY(err, jv_h5_write_doubles(g, "mu_a", 1, &nm, buf, err));
  if (st->dark) JV_TRY(err, jv_h5_write_doubles(g, "eps", 1, &ne, st->eps, err));
  JV_TRY(err, jv_h5_write_int64s(g, "done", 1, &nm, st->done, err));
  JV_TRY(err, jv_h5_write_int64s(g, "task_rank", 1, &nm, st->task_rank, err));
  JV_TRY(err, jv_h5_write_doubles(g, "task_seconds", 1, &nm, st->task_seconds, err));
  for (int f = 0; f < JV_PF_N; ++f) JV_TRY(err, write_field(g, st, field_names[f], f, 0.0, buf, err));
  JV_TRY(err, write_field(g, st, "delta_chi2", JV_PF_CHI2, st->chi2_sm, buf, err));
  JV_TRY(err, write_field(g, st, "delta_ln_l_marg", JV_PF_LN_L, st->ln_l_marg_sm, buf, err));
  return JV_OK;
}

int jv_photon_store_write(const jv_photon_store_t *st, const char *path, const jv_run_info_t *info, jv_error_t *err) {
  char tmp[4096];
  hid_t file = -1, g = -1;
  int status = JV_OK;
  size_t nbuf = st->n_m * st->n_eps > st->n_m ? st->n_m * st->n_eps : st->n_m;
  double *buf = malloc(nbuf * sizeof *buf);
  if (buf == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory writing %s", path);
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  JV_TRY_GOTO(err, status, done, jv_h5_create(tmp, &file, err));
  JV_TRY_GOTO(err, status, done, jv_h5_write_run_info(file, info, err));
  g = H5Gcreate2(file, "scan", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) {
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "cannot create group /scan in %s", tmp);
    goto done;
  }
  JV_TRY_GOTO(err, status, done, write_group(g, st, buf, err));
  jv_h5_close(g);
  g = -1;
  jv_h5_close(file);
  file = -1;
  JV_TRY_GOTO(err, status, done, jv_file_commit(tmp, path, 1, err));
done:
  if (g >= 0) jv_h5_close(g);
  if (file >= 0) jv_h5_close(file);
  free(buf);
  return status;
}

static int read_group(hid_t g, jv_photon_store_t *st, jv_error_t *err) {
  char kind[16];
  int rank;
  hsize_t dims[3];
  int64_t v;
  JV_TRY(err, jv_h5_read_attr_string(g, "kind", kind, sizeof kind, err));
  JV_TRY(err, jv_h5_dataset_shape(g, "chi2", &rank, dims, err));
  int dark = strcmp(kind, "dark") == 0;
  JV_TRY(err, jv_photon_store_alloc(dark, dims[0], dark ? dims[1] : 1, st, err));
  JV_TRY(err, jv_h5_read_attr_int(g, "n_int", &v, err));
  st->n_int = (int)v;
  JV_TRY(err, jv_h5_read_attr_int(g, "n_ext", &v, err));
  st->n_ext = (int)v;
  JV_TRY(err, jv_h5_read_attr_int(g, "k", &v, err));
  st->k = (size_t)v;
  JV_TRY(err, jv_h5_read_attr_int(g, "n_data", &v, err));
  st->n_data = (size_t)v;
  JV_TRY(err, jv_h5_read_attr_int(g, "dof", &v, err));
  st->dof = (size_t)v;
  JV_TRY(err, jv_h5_read_attr_double(g, "r0_over_a", &st->r0_over_a, err));
  JV_TRY(err, jv_h5_read_attr_double(g, "chi2_sm", &st->chi2_sm, err));
  JV_TRY(err, jv_h5_read_attr_double(g, "sum_log_s_sm", &st->sum_log_s_sm, err));
  JV_TRY(err, jv_h5_read_attr_double(g, "ln_l_marg_sm", &st->ln_l_marg_sm, err));
  JV_TRY(err, jv_h5_read_attr_double(g, "sigma_scale", &st->sigma_scale, err));
  for (int t = 0; t < 4; ++t) JV_TRY(err, jv_h5_read_attr_double(g, term_names[t], &st->term_median[t], err));
  JV_TRY(err, jv_h5_read_attr_int(g, "inject", &v, err));
  st->inject = (int)v;
  JV_TRY(err, jv_h5_read_attr_double(g, "inject_mass_ev", &st->inject_mass_ev, err));
  JV_TRY(err, jv_h5_read_attr_double(g, "inject_dark_mass_ev", &st->inject_dark_mass_ev, err));
  JV_TRY(err, jv_h5_read_attr_double(g, "inject_eps", &st->inject_eps, err));
  snprintf(st->data_source, sizeof st->data_source, "file"); /* scans written before the attribute */
  if (H5Aexists(g, "data_source") > 0) {
    JV_TRY(err, jv_h5_read_attr_string(g, "data_source", st->data_source, sizeof st->data_source, err));
    JV_TRY(err, jv_h5_read_attr_string(g, "data_origin", st->data_origin, sizeof st->data_origin, err));
  }
  JV_TRY(err, jv_h5_read_doubles(g, "mass_ev", st->mass_ev, st->n_m, err));
  if (dark) JV_TRY(err, jv_h5_read_doubles(g, "eps", st->eps, st->n_eps, err));
  JV_TRY(err, jv_h5_read_int64s(g, "done", st->done, st->n_m, err));
  JV_TRY(err, jv_h5_read_int64s(g, "task_rank", st->task_rank, st->n_m, err));
  JV_TRY(err, jv_h5_read_doubles(g, "task_seconds", st->task_seconds, st->n_m, err));
  size_t n = st->n_m * st->n_eps;
  double *buf = malloc(n * sizeof *buf);
  if (buf == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory reading a scan");
  int status = JV_OK;
  for (int f = 0; f < JV_PF_N && status == JV_OK; ++f) {
    status = jv_h5_read_doubles(g, field_names[f], buf, n, err);
    for (size_t i = 0; i < n && status == JV_OK; ++i) st->val[i * JV_PF_N + f] = buf[i];
  }
  free(buf);
  JV_TRY(err, status);
  return JV_OK;
}

int jv_photon_store_read(const char *path, jv_photon_store_t *st, jv_error_t *err) {
  hid_t file, g;
  memset(st, 0, sizeof *st);
  JV_TRY(err, jv_h5_open(path, 0, &file, err));
  g = H5Gopen2(file, "scan", H5P_DEFAULT);
  if (g < 0) {
    jv_h5_close(file);
    JV_FAIL(err, JV_EIO, "%s has no /scan group: not a jovis scan file", path);
  }
  int status = read_group(g, st, err);
  jv_h5_close(g);
  jv_h5_close(file);
  if (status != JV_OK) {
    jv_photon_store_free(st);
    jv_error_trace(err, __func__, __LINE__);
    return status;
  }
  return JV_OK;
}
