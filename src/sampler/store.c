/*
 * The HDF5 chain file (layout and crash-safety argument in jovis/sampler.h). Serial HDF5, used by
 * the writing rank only. Every dataset is contiguous and allocated at creation (filled with NaN
 * or zeros), so flushes never allocate file space or change the file's structure: they overwrite
 * raw bytes in place and, last, the value of the `iteration` attribute.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/io.h"
#include "sampler_internal.h"

/* The datasets a flush writes, kept open between flushes (reopening one costs a metadata read). */
enum { DS_CHAIN, DS_LOG_PROB, DS_BLOBS, DS_ACCEPTED, DS_RNG, DS_STATS, DS_SLOT_IT, DS_COUNT };

struct jv_store {
  hid_t file, mcmc, jovis;
  hid_t ds[DS_COUNT];  /* -1 where absent (no blobs) */
  hid_t iteration;     /* the /mcmc attribute */
  long flushed;  /* rows on disk */
  int next_slot; /* state slot the next flush writes (the other one matches `iteration`) */
  int nwalkers, ndim, nblobs;
  long capacity;
};

static const char *const stats_columns[JV_WALKER_STATS_WORDS] = {
    "accepted",          "proposed_move0",   "proposed_move1", "proposed_move2",   "proposed_move3",
    "accepted_move0",    "accepted_move1",   "accepted_move2", "accepted_move3",   "rejected_metropolis",
    "rejected_bounds",   "rejected_prior",   "rejected_likelihood", "rejected_nan", "rejected_edom",
    "rejected_enoconv",  "rejected_emath"};

/* A contiguous dataset allocated in full at creation and filled with *fill. */
static int make_dataset(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *fill,
                        jv_error_t *err) {
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  hid_t space = H5Screate_simple(rank, dims, NULL);
  herr_t rc = (dcpl < 0 || space < 0) ? -1 : 0;
  if (rc >= 0) rc = H5Pset_layout(dcpl, H5D_CONTIGUOUS);
  if (rc >= 0) rc = H5Pset_alloc_time(dcpl, H5D_ALLOC_TIME_EARLY);
  if (rc >= 0) rc = H5Pset_fill_time(dcpl, H5D_FILL_TIME_ALLOC);
  if (rc >= 0) rc = H5Pset_fill_value(dcpl, type, fill);
  if (rc >= 0) rc = H5Pset_obj_track_times(dcpl, 0);
  hid_t dset = rc >= 0 ? H5Dcreate2(loc, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT) : -1;
  if (dset >= 0) H5Dclose(dset);
  if (space >= 0) H5Sclose(space);
  if (dcpl >= 0) H5Pclose(dcpl);
  if (dset < 0) JV_FAIL(err, JV_EIO, "cannot create dataset '%s'", name);
  return JV_OK;
}

/* Write a block of rows [row0, row0 + nrows) of an open dataset whose other dimensions are whole. */
static int write_rows(hid_t dset, const char *name, hid_t type, long row0, long nrows, const void *data,
                      jv_error_t *err) {
  if (nrows <= 0) return JV_OK;
  hid_t fspace = H5Dget_space(dset);
  hsize_t dims[3] = {1, 1, 1}, start[3] = {0, 0, 0}, count[3];
  int rank = H5Sget_simple_extent_ndims(fspace);
  H5Sget_simple_extent_dims(fspace, dims, NULL);
  for (int i = 0; i < rank; ++i) count[i] = dims[i];
  start[0] = (hsize_t)row0;
  count[0] = (hsize_t)nrows;
  herr_t rc = H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL);
  hid_t mspace = H5Screate_simple(rank, count, NULL);
  if (rc >= 0) rc = H5Dwrite(dset, type, mspace, fspace, H5P_DEFAULT, data);
  H5Sclose(mspace);
  H5Sclose(fspace);
  if (rc < 0) JV_FAIL(err, JV_EIO, "cannot write rows %ld..%ld of '%s'", row0, row0 + nrows - 1, name);
  return JV_OK;
}

/* write_rows on a dataset opened by name (for the few writes at the end of a run). */
static int write_named_rows(hid_t loc, const char *name, hid_t type, long row0, long nrows, const void *data,
                            jv_error_t *err) {
  hid_t dset = H5Dopen2(loc, name, H5P_DEFAULT);
  if (dset < 0) JV_FAIL(err, JV_EIO, "cannot open dataset '%s'", name);
  int status = write_rows(dset, name, type, row0, nrows, data, err);
  H5Dclose(dset);
  return status;
}

static int read_rows(hid_t loc, const char *name, hid_t type, long row0, long nrows, void *data, jv_error_t *err) {
  if (nrows <= 0) return JV_OK;
  hid_t dset = H5Dopen2(loc, name, H5P_DEFAULT);
  if (dset < 0) JV_FAIL(err, JV_EIO, "dataset '%s' is missing", name);
  hid_t fspace = H5Dget_space(dset);
  hsize_t dims[3] = {1, 1, 1}, start[3] = {0, 0, 0}, count[3];
  int rank = H5Sget_simple_extent_ndims(fspace);
  H5Sget_simple_extent_dims(fspace, dims, NULL);
  herr_t rc = (hsize_t)(row0 + nrows) <= dims[0] ? 0 : -1;
  for (int i = 0; i < rank; ++i) count[i] = dims[i];
  start[0] = (hsize_t)row0;
  count[0] = (hsize_t)nrows;
  if (rc >= 0) rc = H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL);
  hid_t mspace = H5Screate_simple(rank, count, NULL);
  if (rc >= 0) rc = H5Dread(dset, type, mspace, fspace, H5P_DEFAULT, data);
  H5Sclose(mspace);
  H5Sclose(fspace);
  H5Dclose(dset);
  if (rc < 0) JV_FAIL(err, JV_EIO, "cannot read rows %ld..%ld of '%s'", row0, row0 + nrows - 1, name);
  return JV_OK;
}

/* The state at c->iteration into slot `slot`: streams, counters, then the slot's iteration. */
static int write_state(jv_store_t *st, const jv_chain_t *c, int slot, jv_error_t *err) {
  JV_TRY(err, write_rows(st->ds[DS_RNG], "rng_state", H5T_NATIVE_UINT64, slot, 1, c->rng_state, err));
  JV_TRY(err, write_rows(st->ds[DS_STATS], "stats", H5T_NATIVE_INT64, slot, 1, c->stats, err));
  int64_t it = c->iteration;
  JV_TRY(err, write_rows(st->ds[DS_SLOT_IT], "slot_iteration", H5T_NATIVE_INT64, slot, 1, &it, err));
  return JV_OK;
}

/* emcee's `accepted` (W doubles): accepted proposals per walker. */
static int write_accepted(jv_store_t *st, const jv_chain_t *c, jv_error_t *err) {
  double acc[4096];
  for (int w0 = 0; w0 < c->nwalkers; w0 += 4096) {
    int n = c->nwalkers - w0 < 4096 ? c->nwalkers - w0 : 4096;
    for (int k = 0; k < n; ++k) acc[k] = (double)c->stats[w0 + k].accepted;
    JV_TRY(err, write_rows(st->ds[DS_ACCEPTED], "accepted", H5T_NATIVE_DOUBLE, w0, n, acc, err));
  }
  return JV_OK;
}

static int write_chain_rows(jv_store_t *st, const jv_chain_t *c, long from, long to, jv_error_t *err) {
  const size_t w = (size_t)c->nwalkers;
  JV_TRY(err, write_rows(st->ds[DS_CHAIN], "chain", H5T_NATIVE_DOUBLE, from, to - from,
                         c->chain + (size_t)from * w * c->ndim, err));
  JV_TRY(err, write_rows(st->ds[DS_LOG_PROB], "log_prob", H5T_NATIVE_DOUBLE, from, to - from,
                         c->log_prob + (size_t)from * w, err));
  if (c->nblobs > 0)
    JV_TRY(err, write_rows(st->ds[DS_BLOBS], "blobs", H5T_NATIVE_DOUBLE, from, to - from,
                           c->blobs + (size_t)from * w * c->nblobs, err));
  return JV_OK;
}

static int write_strings_or_empty(hid_t loc, const char *name, int n, const char *const *s, jv_error_t *err) {
  const char *empty[1] = {""};
  if (n <= 0) return jv_h5_write_strings(loc, name, 1, empty, err);
  if (s == NULL) {
    const char **blank = calloc((size_t)n, sizeof *blank);
    if (blank == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
    for (int i = 0; i < n; ++i) blank[i] = "";
    int status = jv_h5_write_strings(loc, name, (size_t)n, blank, err);
    free(blank);
    return status;
  }
  return jv_h5_write_strings(loc, name, (size_t)n, s, err);
}

/* The support of each parameter as rows (lo, hi): what unbounded moves map onto the line
   (analysis/shear_fit.py --unbounded reads it). */
static int write_bounds(hid_t loc, const jv_model_t *m, const jv_prior_t *priors, jv_error_t *err) {
  const size_t d = (size_t)m->ndim;
  double *lo = malloc(4 * d * sizeof *lo);
  if (lo == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  double *hi = lo + d, *rows = lo + 2 * d;
  jv_support_bounds(m, priors, lo, hi);
  for (size_t i = 0; i < d; ++i) {
    rows[2 * i] = lo[i];
    rows[2 * i + 1] = hi[i];
  }
  hsize_t dims[2] = {d, 2};
  int status = jv_h5_write_doubles(loc, "bounds", 2, dims, rows, err);
  free(lo);
  if (status != JV_OK) jv_error_trace(err, __func__, __LINE__);
  return status;
}

/* Everything but the rows: groups, attributes, descriptive datasets, allocated datasets. */
static int write_layout(jv_store_t *st, const jv_chain_t *c, const jv_store_meta_t *meta, jv_error_t *err) {
  const jv_model_t *m = meta->model;
  const jv_run_settings_t *rs = meta->settings;
  const double nan = NAN;
  const int64_t zero = 0, minus1 = -1;
  const uint64_t uzero = 0;
  const hsize_t W = (hsize_t)c->nwalkers, D = (hsize_t)c->ndim, B = (hsize_t)c->nblobs, C = (hsize_t)c->capacity;
  JV_TRY(err, jv_h5_write_run_info(st->file, meta->run_info, err));
  st->mcmc = H5Gcreate2(st->file, "mcmc", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  st->jovis = H5Gcreate2(st->file, "jovis", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (st->mcmc < 0 || st->jovis < 0) JV_FAIL(err, JV_EIO, "cannot create groups /mcmc and /jovis");
  char version[128];
  snprintf(version, sizeof version, "jovis %s", jv_version());
  JV_TRY(err, jv_h5_attr_string(st->mcmc, "version", version, err));
  JV_TRY(err, jv_h5_attr_int(st->mcmc, "nwalkers", c->nwalkers, err));
  JV_TRY(err, jv_h5_attr_int(st->mcmc, "ndim", c->ndim, err));
  JV_TRY(err, jv_h5_attr_bool(st->mcmc, "has_blobs", c->nblobs > 0, err));
  JV_TRY(err, jv_h5_attr_int(st->mcmc, "iteration", c->iteration, err));
  hsize_t d3[3] = {C, W, D};
  JV_TRY(err, make_dataset(st->mcmc, "chain", H5T_NATIVE_DOUBLE, 3, d3, &nan, err));
  JV_TRY(err, make_dataset(st->mcmc, "log_prob", H5T_NATIVE_DOUBLE, 2, d3, &nan, err));
  /* one blob per walker is (C, W) as emcee stores a scalar blob; several are (C, W, B) */
  hsize_t db[3] = {C, W, B};
  if (c->nblobs > 0) JV_TRY(err, make_dataset(st->mcmc, "blobs", H5T_NATIVE_DOUBLE, c->nblobs == 1 ? 2 : 3, db, &nan, err));
  const double dzero = 0.0;
  JV_TRY(err, make_dataset(st->mcmc, "accepted", H5T_NATIVE_DOUBLE, 1, &W, &dzero, err));

  JV_TRY(err, jv_h5_attr_string(st->jovis, "model", m->name, err));
  JV_TRY(err, jv_h5_attr_int(st->jovis, "nblobs", c->nblobs, err));
  JV_TRY(err, jv_h5_attr_int(st->jovis, "flush_every", meta->flush_every, err));
  JV_TRY(err, jv_h5_attr_int(st->jovis, "resumed_from", meta->resumed_from, err));
  JV_TRY(err, write_strings_or_empty(st->jovis, "param_names", m->ndim, m->param_names, err));
  JV_TRY(err, write_strings_or_empty(st->jovis, "param_units", m->ndim, m->param_units, err));
  JV_TRY(err, write_strings_or_empty(st->jovis, "blob_names", m->nblobs, m->blob_names, err));
  JV_TRY(err, jv_h5_write_strings(st->jovis, "stats_columns", JV_WALKER_STATS_WORDS, stats_columns, err));
  char text[JV_MAX_MOVES][160];
  const char *moves[JV_MAX_MOVES];
  for (int i = 0; i < rs->moves.n; ++i) {
    const jv_move_t *mv = &rs->moves.move[i];
    if (mv->kind == JV_MOVE_STRETCH)
      snprintf(text[i], sizeof text[i], "stretch weight=%.6g a=%.6g", mv->weight, mv->a);
    else
      snprintf(text[i], sizeof text[i], "de weight=%.6g gamma=%.6g sigma=%.6g", mv->weight, mv->gamma, mv->sigma);
    moves[i] = text[i];
  }
  JV_TRY(err, jv_h5_write_strings(st->jovis, "moves", (size_t)rs->moves.n, moves, err));
  if (rs->priors != NULL) {
    char **desc = calloc((size_t)m->ndim, sizeof *desc);
    char *buf = calloc((size_t)m->ndim, 160);
    int status = (desc == NULL || buf == NULL) ? jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory") : JV_OK;
    for (int i = 0; status == JV_OK && i < m->ndim; ++i) {
      desc[i] = buf + 160 * (size_t)i;
      jv_prior_describe(&rs->priors[i], desc[i], 160);
    }
    if (status == JV_OK) status = jv_h5_write_strings(st->jovis, "priors", (size_t)m->ndim, (const char *const *)desc, err);
    free(desc);
    free(buf);
    JV_TRY(err, status);
  } else {
    const char *own[1] = {"model log_prior"};
    JV_TRY(err, jv_h5_write_strings(st->jovis, "priors", 1, own, err));
  }
  JV_TRY(err, write_bounds(st->jovis, m, rs->priors, err));
  hsize_t two = 2, drng[3] = {2, W, JV_RNG_STATE_WORDS}, dst[3] = {2, W, JV_WALKER_STATS_WORDS};
  JV_TRY(err, make_dataset(st->jovis, "slot_iteration", H5T_NATIVE_INT64, 1, &two, &minus1, err));
  JV_TRY(err, make_dataset(st->jovis, "rng_state", H5T_NATIVE_UINT64, 3, drng, &uzero, err));
  JV_TRY(err, make_dataset(st->jovis, "stats", H5T_NATIVE_INT64, 3, dst, &zero, err));
  JV_TRY(err, make_dataset(st->jovis, "tau", H5T_NATIVE_DOUBLE, 1, &D, &nan, err));
  JV_TRY(err, make_dataset(st->jovis, "ess", H5T_NATIVE_DOUBLE, 1, &D, &nan, err));
  JV_TRY(err, make_dataset(st->jovis, "tau_found", H5T_NATIVE_INT64, 1, &D, &zero, err));
  hsize_t one = 1;
  JV_TRY(err, make_dataset(st->jovis, "converged", H5T_NATIVE_INT64, 1, &one, &minus1, err));
  return JV_OK;
}

static void close_handles(jv_store_t *st) {
  for (int i = 0; i < DS_COUNT; ++i)
    if (st->ds[i] >= 0) H5Dclose(st->ds[i]);
  if (st->iteration >= 0) H5Aclose(st->iteration);
  if (st->jovis >= 0) H5Gclose(st->jovis);
  if (st->mcmc >= 0) H5Gclose(st->mcmc);
  if (st->file >= 0) H5Fclose(st->file);
  for (int i = 0; i < DS_COUNT; ++i) st->ds[i] = -1;
  st->iteration = st->jovis = st->mcmc = st->file = -1;
}

/* Open the groups, the datasets a flush writes and the iteration attribute. */
static int open_handles(jv_store_t *st, jv_error_t *err) {
  static const struct {
    int group, id;
    const char *name;
  } sets[DS_COUNT] = {{0, DS_CHAIN, "chain"},    {0, DS_LOG_PROB, "log_prob"}, {0, DS_BLOBS, "blobs"},
                      {0, DS_ACCEPTED, "accepted"}, {1, DS_RNG, "rng_state"},  {1, DS_STATS, "stats"},
                      {1, DS_SLOT_IT, "slot_iteration"}};
  if (st->mcmc < 0) st->mcmc = H5Gopen2(st->file, "mcmc", H5P_DEFAULT);
  if (st->jovis < 0) st->jovis = H5Gopen2(st->file, "jovis", H5P_DEFAULT);
  if (st->mcmc < 0 || st->jovis < 0) JV_FAIL(err, JV_EIO, "cannot open groups /mcmc and /jovis");
  for (int i = 0; i < DS_COUNT; ++i) {
    if (sets[i].id == DS_BLOBS && st->nblobs == 0) continue;
    st->ds[sets[i].id] = H5Dopen2(sets[i].group ? st->jovis : st->mcmc, sets[i].name, H5P_DEFAULT);
    if (st->ds[sets[i].id] < 0) JV_FAIL(err, JV_EIO, "cannot open dataset '%s'", sets[i].name);
  }
  st->iteration = H5Aopen(st->mcmc, "iteration", H5P_DEFAULT);
  if (st->iteration < 0) JV_FAIL(err, JV_EIO, "cannot open attribute 'iteration'");
  return JV_OK;
}

int jv_store_create(const char *path, const jv_chain_t *c, const jv_store_meta_t *meta, int keep_previous,
                    jv_store_t **out, jv_error_t *err) {
  *out = NULL;
  char tmp[4200];
  snprintf(tmp, sizeof tmp, "%s.tmp", path);
  jv_store_t *st = calloc(1, sizeof *st);
  if (st == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  st->file = st->mcmc = st->jovis = st->iteration = -1;
  for (int i = 0; i < DS_COUNT; ++i) st->ds[i] = -1;
  st->nwalkers = c->nwalkers;
  st->ndim = c->ndim;
  st->nblobs = c->nblobs;
  st->capacity = c->capacity;
  int status = JV_OK;
  JV_TRY_GOTO(err, status, fail, jv_h5_create(tmp, &st->file, err));
  JV_TRY_GOTO(err, status, fail, write_layout(st, c, meta, err));
  JV_TRY_GOTO(err, status, fail, open_handles(st, err));
  JV_TRY_GOTO(err, status, fail, write_chain_rows(st, c, 0, c->iteration, err));
  JV_TRY_GOTO(err, status, fail, write_state(st, c, 0, err));
  JV_TRY_GOTO(err, status, fail, write_accepted(st, c, err));
  close_handles(st);
  JV_TRY_GOTO(err, status, fail, jv_file_commit(tmp, path, keep_previous, err));
  /* No sieve buffer: raw writes reach the file in H5Dwrite itself, before the metadata (the
     iteration attribute) that the one H5Fflush of a flush writes after them. No file lock: the
     flush order keeps the file consistent for readers, so `jovis info` and emcee may read it
     while the run goes on (HDF5's lock would refuse them). */
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (fapl >= 0 && H5Pset_sieve_buf_size(fapl, 0) >= 0 && H5Pset_file_locking(fapl, 0, 1) >= 0)
    st->file = H5Fopen(path, H5F_ACC_RDWR, fapl);
  if (fapl >= 0) H5Pclose(fapl);
  if (st->file < 0) {
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "cannot reopen '%s' for writing", path);
    goto fail;
  }
  JV_TRY_GOTO(err, status, fail, open_handles(st, err));
  st->flushed = c->iteration;
  st->next_slot = 1;
  *out = st;
  return JV_OK;
fail:
  close_handles(st);
  free(st);
  return status;
}

int jv_store_flush(jv_store_t *st, const jv_chain_t *c, jv_error_t *err) {
  if (c->iteration == st->flushed) return JV_OK;
  /* rows and the state first, written through to the operating system (no sieve buffer);
     then the iteration that makes them visible. Until that last write lands, readers and
     --resume see the previous flush. */
  JV_TRY(err, write_chain_rows(st, c, st->flushed, c->iteration, err));
  JV_TRY(err, write_state(st, c, st->next_slot, err));
  JV_TRY(err, write_accepted(st, c, err));
  /* the value is overwritten in place (jv_h5_attr_int would delete and recreate the
     attribute, changing the file's structure: not what a crash-safe flush may do) */
  int64_t it = c->iteration;
  if (H5Awrite(st->iteration, H5T_NATIVE_INT64, &it) < 0) JV_FAIL(err, JV_EIO, "cannot update 'iteration'");
  if (H5Fflush(st->file, H5F_SCOPE_LOCAL) < 0) JV_FAIL(err, JV_EIO, "cannot flush the chain file");
  st->flushed = c->iteration;
  st->next_slot = 1 - st->next_slot;
  return JV_OK;
}

int jv_store_write_diagnostics(jv_store_t *st, int ndim, const double *tau, const int *found, const double *ess,
                               int converged, jv_error_t *err) {
  int64_t f[1024];
  for (int i = 0; i < ndim; i += 1024) {
    int n = ndim - i < 1024 ? ndim - i : 1024;
    for (int k = 0; k < n; ++k) f[k] = found[i + k];
    JV_TRY(err, write_named_rows(st->jovis, "tau_found", H5T_NATIVE_INT64, i, n, f, err));
  }
  JV_TRY(err, write_named_rows(st->jovis, "tau", H5T_NATIVE_DOUBLE, 0, ndim, tau, err));
  JV_TRY(err, write_named_rows(st->jovis, "ess", H5T_NATIVE_DOUBLE, 0, ndim, ess, err));
  int64_t conv = converged;
  JV_TRY(err, write_named_rows(st->jovis, "converged", H5T_NATIVE_INT64, 0, 1, &conv, err));
  if (H5Fflush(st->file, H5F_SCOPE_LOCAL) < 0) JV_FAIL(err, JV_EIO, "cannot flush the chain file");
  return JV_OK;
}

void jv_store_close(jv_store_t *st) {
  if (st == NULL) return;
  close_handles(st);
  free(st);
}

/* ---------------------------------------------------------------- reading */

static int read_strings(hid_t loc, const char *name, int *n, char ***out, jv_error_t *err) {
  int rank;
  hsize_t dims[3];
  JV_TRY(err, jv_h5_dataset_shape(loc, name, &rank, dims, err));
  hid_t dset = H5Dopen2(loc, name, H5P_DEFAULT);
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  char **raw = calloc((size_t)dims[0], sizeof *raw);
  herr_t rc = (dset >= 0 && raw != NULL) ? H5Dread(dset, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) : -1;
  size_t total = 0;
  for (hsize_t i = 0; rc >= 0 && i < dims[0]; ++i) total += strlen(raw[i]) + 1;
  char **res = rc >= 0 ? malloc((size_t)dims[0] * sizeof(char *) + total) : NULL;
  if (res != NULL) {
    char *text = (char *)(res + dims[0]);
    for (hsize_t i = 0; i < dims[0]; ++i) {
      res[i] = text;
      strcpy(text, raw[i]);
      text += strlen(raw[i]) + 1;
    }
  }
  if (rc >= 0) {
    hid_t space = H5Dget_space(dset);
    H5Dvlen_reclaim(t, space, H5P_DEFAULT, raw);
    H5Sclose(space);
  }
  free(raw);
  H5Tclose(t);
  if (dset >= 0) H5Dclose(dset);
  if (res == NULL) JV_FAIL(err, JV_EIO, "cannot read strings '%s'", name);
  *n = (int)dims[0];
  *out = res;
  return JV_OK;
}

void jv_store_header_free(jv_store_header_t *hdr) {
  if (hdr == NULL) return;
  free(hdr->param_names);
  free(hdr->move_names);
  hdr->param_names = hdr->move_names = NULL;
}

int jv_store_read(const char *path, long min_capacity, jv_store_header_t *hdr, jv_chain_t **out, jv_error_t *err) {
  hid_t file = -1, mcmc = -1, jovis = -1;
  jv_chain_t *c = NULL;
  int64_t v;
  int status = JV_OK;
  memset(hdr, 0, sizeof *hdr);
  *out = NULL;
  JV_TRY(err, jv_h5_open(path, 0, &file, err));
  mcmc = H5Lexists(file, "mcmc", H5P_DEFAULT) > 0 ? H5Gopen2(file, "mcmc", H5P_DEFAULT) : -1;
  jovis = H5Lexists(file, "jovis", H5P_DEFAULT) > 0 ? H5Gopen2(file, "jovis", H5P_DEFAULT) : -1;
  if (mcmc < 0 || jovis < 0) {
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "'%s' is not a jovis chain file (no /mcmc, /jovis)", path);
    goto done;
  }
  JV_TRY_GOTO(err, status, done, jv_h5_read_attr_int(mcmc, "nwalkers", &v, err));
  hdr->nwalkers = (int)v;
  JV_TRY_GOTO(err, status, done, jv_h5_read_attr_int(mcmc, "ndim", &v, err));
  hdr->ndim = (int)v;
  JV_TRY_GOTO(err, status, done, jv_h5_read_attr_int(mcmc, "iteration", &v, err));
  hdr->iteration = (long)v;
  JV_TRY_GOTO(err, status, done, jv_h5_read_attr_int(jovis, "nblobs", &v, err));
  hdr->nblobs = (int)v;
  JV_TRY_GOTO(err, status, done, jv_h5_read_attr_int(file, "seed", &hdr->seed, err));
  JV_TRY_GOTO(err, status, done, jv_h5_read_attr_string(jovis, "model", hdr->model, sizeof hdr->model, err));
  int n;
  JV_TRY_GOTO(err, status, done, read_strings(jovis, "param_names", &n, &hdr->param_names, err));
  JV_TRY_GOTO(err, status, done, read_strings(jovis, "moves", &hdr->nmoves, &hdr->move_names, err));
  int rank;
  hsize_t dims[3];
  JV_TRY_GOTO(err, status, done, jv_h5_dataset_shape(mcmc, "chain", &rank, dims, err));
  hdr->capacity = (long)dims[0];
  if (rank != 3 || (int)dims[1] != hdr->nwalkers || (int)dims[2] != hdr->ndim || n != hdr->ndim ||
      hdr->iteration < 0 || hdr->iteration > hdr->capacity) {
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "'%s': inconsistent chain layout", path);
    goto done;
  }
  long cap = hdr->iteration > min_capacity ? hdr->iteration : min_capacity;
  JV_TRY_GOTO(err, status, done, jv_chain_alloc(hdr->nwalkers, hdr->ndim, hdr->nblobs, cap, &c, err));
  c->iteration = hdr->iteration;
  JV_TRY_GOTO(err, status, done, read_rows(mcmc, "chain", H5T_NATIVE_DOUBLE, 0, c->iteration, c->chain, err));
  JV_TRY_GOTO(err, status, done, read_rows(mcmc, "log_prob", H5T_NATIVE_DOUBLE, 0, c->iteration, c->log_prob, err));
  if (c->nblobs > 0)
    JV_TRY_GOTO(err, status, done, read_rows(mcmc, "blobs", H5T_NATIVE_DOUBLE, 0, c->iteration, c->blobs, err));
  int64_t slot_it[2];
  JV_TRY_GOTO(err, status, done, jv_h5_read_int64s(jovis, "slot_iteration", slot_it, 2, err));
  int slot = slot_it[0] == hdr->iteration ? 0 : slot_it[1] == hdr->iteration ? 1 : -1;
  if (slot < 0) {
    status = jv_error_set(err, JV_EIO, __func__, __LINE__,
                          "'%s': no sampler state matches iteration %ld (slots hold %lld and %lld)", path,
                          hdr->iteration, (long long)slot_it[0], (long long)slot_it[1]);
    goto done;
  }
  JV_TRY_GOTO(err, status, done, read_rows(jovis, "rng_state", H5T_NATIVE_UINT64, slot, 1, c->rng_state, err));
  JV_TRY_GOTO(err, status, done, read_rows(jovis, "stats", H5T_NATIVE_INT64, slot, 1, c->stats, err));
done:
  if (jovis >= 0) H5Gclose(jovis);
  if (mcmc >= 0) H5Gclose(mcmc);
  H5Fclose(file);
  if (status != JV_OK) {
    jv_chain_free(c);
    jv_store_header_free(hdr);
    return status;
  }
  *out = c;
  return JV_OK;
}
