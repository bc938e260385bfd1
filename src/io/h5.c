/* HDF5 helpers: files, provenance attributes, attributes and whole datasets. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jovis/io.h"

void jv_h5_quiet(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

int jv_file_exists(const char *path) { return access(path, F_OK) == 0; }

int jv_h5_check_writable(const char *path, jv_error_t *err) {
  char copy[4096];
  snprintf(copy, sizeof copy, "%s", path);
  const char *dir = dirname(copy);
  if (access(dir, W_OK) != 0)
    JV_FAIL(err, JV_EIO, "output path '%s' is not writable (directory '%s': %s)", path, dir, strerror(errno));
  if (jv_file_exists(path) && access(path, W_OK) != 0)
    JV_FAIL(err, JV_EIO, "output file '%s' is not writable: %s", path, strerror(errno));
  return JV_OK;
}

int jv_h5_create(const char *path, hid_t *file, jv_error_t *err) {
  jv_h5_quiet();
  *file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (*file < 0) JV_FAIL(err, JV_EIO, "cannot create HDF5 file '%s'", path);
  return JV_OK;
}

int jv_h5_open(const char *path, int writable, hid_t *file, jv_error_t *err) {
  jv_h5_quiet();
  if (!jv_file_exists(path)) JV_FAIL(err, JV_EIO, "no such file '%s'", path);
  *file = H5Fopen(path, writable ? H5F_ACC_RDWR : H5F_ACC_RDONLY, H5P_DEFAULT);
  if (*file < 0) JV_FAIL(err, JV_EIO, "cannot open '%s' as HDF5 (damaged or not HDF5)", path);
  return JV_OK;
}

void jv_h5_close(hid_t id) {
  if (id < 0) return;
  switch (H5Iget_type(id)) {
  case H5I_FILE: H5Fclose(id); break;
  case H5I_GROUP: H5Gclose(id); break;
  case H5I_DATASET: H5Dclose(id); break;
  default: break;
  }
}

static int write_attr(hid_t obj, const char *name, hid_t type, const void *value, jv_error_t *err) {
  if (H5Aexists(obj, name) > 0) H5Adelete(obj, name);
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t attr = H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  herr_t rc = attr >= 0 ? H5Awrite(attr, type, value) : -1;
  if (attr >= 0) H5Aclose(attr);
  H5Sclose(space);
  if (rc < 0) JV_FAIL(err, JV_EIO, "cannot write attribute '%s'", name);
  return JV_OK;
}

static hid_t string_type(void) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

int jv_h5_attr_string(hid_t obj, const char *name, const char *value, jv_error_t *err) {
  hid_t t = string_type();
  const char *v = value != NULL ? value : "";
  int status = write_attr(obj, name, t, &v, err);
  H5Tclose(t);
  return status;
}

int jv_h5_attr_double(hid_t obj, const char *name, double value, jv_error_t *err) {
  return write_attr(obj, name, H5T_NATIVE_DOUBLE, &value, err);
}

int jv_h5_attr_int(hid_t obj, const char *name, int64_t value, jv_error_t *err) {
  return write_attr(obj, name, H5T_NATIVE_INT64, &value, err);
}

/* Booleans as numpy/h5py read them: a 1-byte enum would be nicer, but emcee reads a plain int. */
int jv_h5_attr_bool(hid_t obj, const char *name, int value, jv_error_t *err) {
  return jv_h5_attr_int(obj, name, value ? 1 : 0, err);
}

static int read_attr(hid_t obj, const char *name, hid_t type, void *value, jv_error_t *err) {
  if (H5Aexists(obj, name) <= 0) JV_FAIL(err, JV_EIO, "attribute '%s' is missing", name);
  hid_t attr = H5Aopen(obj, name, H5P_DEFAULT);
  herr_t rc = attr >= 0 ? H5Aread(attr, type, value) : -1;
  if (attr >= 0) H5Aclose(attr);
  if (rc < 0) JV_FAIL(err, JV_EIO, "cannot read attribute '%s'", name);
  return JV_OK;
}

int jv_h5_read_attr_int(hid_t obj, const char *name, int64_t *value, jv_error_t *err) {
  return read_attr(obj, name, H5T_NATIVE_INT64, value, err);
}

int jv_h5_read_attr_double(hid_t obj, const char *name, double *value, jv_error_t *err) {
  return read_attr(obj, name, H5T_NATIVE_DOUBLE, value, err);
}

int jv_h5_read_attr_string(hid_t obj, const char *name, char *buf, size_t size, jv_error_t *err) {
  if (H5Aexists(obj, name) <= 0) JV_FAIL(err, JV_EIO, "attribute '%s' is missing", name);
  hid_t attr = H5Aopen(obj, name, H5P_DEFAULT);
  if (attr < 0) JV_FAIL(err, JV_EIO, "cannot open attribute '%s'", name);
  hid_t ftype = H5Aget_type(attr);
  int status = JV_OK;
  if (H5Tis_variable_str(ftype) > 0) {
    hid_t t = string_type();
    char *v = NULL;
    if (H5Aread(attr, t, &v) < 0 || v == NULL) {
      status = jv_error_set(err, JV_EIO, __func__, __LINE__, "cannot read attribute '%s'", name);
    } else {
      snprintf(buf, size, "%s", v);
      H5free_memory(v);
    }
    H5Tclose(t);
  } else {
    size_t n = H5Tget_size(ftype);
    char *tmp = calloc(n + 1, 1);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, n + 1);
    if (tmp == NULL || H5Aread(attr, t, tmp) < 0)
      status = jv_error_set(err, JV_EIO, __func__, __LINE__, "cannot read attribute '%s'", name);
    else
      snprintf(buf, size, "%s", tmp);
    free(tmp);
    H5Tclose(t);
  }
  H5Tclose(ftype);
  H5Aclose(attr);
  return status;
}

int jv_h5_write_run_info(hid_t file, const jv_run_info_t *info, jv_error_t *err) {
  char stamp[64];
  time_t now = time(NULL);
  struct tm tm_utc;
  gmtime_r(&now, &tm_utc);
  strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm_utc);
  JV_TRY(err, jv_h5_attr_string(file, "jovis_version", jv_version(), err));
  JV_TRY(err, jv_h5_attr_string(file, "command_line", info->command_line, err));
  JV_TRY(err, jv_h5_attr_string(file, "config", info->config_text, err));
  JV_TRY(err, jv_h5_attr_string(file, "config_source", info->config_source, err));
  JV_TRY(err, jv_h5_attr_int(file, "seed", (int64_t)info->seed, err));
  JV_TRY(err, jv_h5_attr_int(file, "mpi_ranks", info->mpi_ranks, err));
  JV_TRY(err, jv_h5_attr_string(file, "created_utc", stamp, err));
  return JV_OK;
}

static int write_dataset(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data,
                         jv_error_t *err) {
  if (rank < 1 || rank > 3) JV_FAIL(err, JV_EINPUT, "dataset '%s': rank %d not in 1..3", name, rank);
  if (H5Lexists(loc, name, H5P_DEFAULT) > 0) H5Ldelete(loc, name, H5P_DEFAULT);
  hid_t space = H5Screate_simple(rank, dims, NULL);
  hid_t dset = H5Dcreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  herr_t rc = dset >= 0 ? H5Dwrite(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) : -1;
  if (dset >= 0) H5Dclose(dset);
  H5Sclose(space);
  if (rc < 0) JV_FAIL(err, JV_EIO, "cannot write dataset '%s'", name);
  return JV_OK;
}

int jv_h5_write_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims, const double *data,
                        jv_error_t *err) {
  return write_dataset(loc, name, H5T_NATIVE_DOUBLE, rank, dims, data, err);
}

int jv_h5_write_int64s(hid_t loc, const char *name, int rank, const hsize_t *dims, const int64_t *data,
                       jv_error_t *err) {
  return write_dataset(loc, name, H5T_NATIVE_INT64, rank, dims, data, err);
}

int jv_h5_write_strings(hid_t loc, const char *name, size_t n, const char *const *strings, jv_error_t *err) {
  hid_t t = string_type();
  hsize_t dims[1] = {n};
  int status = write_dataset(loc, name, t, 1, dims, strings, err);
  H5Tclose(t);
  return status;
}

int jv_h5_dataset_shape(hid_t loc, const char *name, int *rank, hsize_t dims[3], jv_error_t *err) {
  if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) JV_FAIL(err, JV_EIO, "dataset '%s' is missing", name);
  hid_t dset = H5Dopen2(loc, name, H5P_DEFAULT);
  if (dset < 0) JV_FAIL(err, JV_EIO, "cannot open dataset '%s'", name);
  hid_t space = H5Dget_space(dset);
  int r = H5Sget_simple_extent_ndims(space);
  int status = JV_OK;
  if (r < 0 || r > 3)
    status = jv_error_set(err, JV_EIO, __func__, __LINE__, "dataset '%s' has rank %d (at most 3 expected)", name, r);
  else {
    dims[0] = dims[1] = dims[2] = 1;
    H5Sget_simple_extent_dims(space, dims, NULL);
    *rank = r;
  }
  H5Sclose(space);
  H5Dclose(dset);
  return status;
}

static int read_dataset(hid_t loc, const char *name, hid_t type, void *data, size_t capacity, jv_error_t *err) {
  int rank;
  hsize_t dims[3];
  JV_TRY(err, jv_h5_dataset_shape(loc, name, &rank, dims, err));
  size_t count = 1;
  for (int i = 0; i < rank; ++i) count *= (size_t)dims[i];
  if (count > capacity)
    JV_FAIL(err, JV_EIO, "dataset '%s' has %zu elements, buffer holds %zu", name, count, capacity);
  hid_t dset = H5Dopen2(loc, name, H5P_DEFAULT);
  herr_t rc = dset >= 0 ? H5Dread(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) : -1;
  if (dset >= 0) H5Dclose(dset);
  if (rc < 0) JV_FAIL(err, JV_EIO, "cannot read dataset '%s'", name);
  return JV_OK;
}

int jv_h5_read_doubles(hid_t loc, const char *name, double *data, size_t capacity, jv_error_t *err) {
  return read_dataset(loc, name, H5T_NATIVE_DOUBLE, data, capacity, err);
}

int jv_h5_read_int64s(hid_t loc, const char *name, int64_t *data, size_t capacity, jv_error_t *err) {
  return read_dataset(loc, name, H5T_NATIVE_INT64, data, capacity, err);
}

int jv_file_commit(const char *tmp_path, const char *final_path, int keep_previous, jv_error_t *err) {
  if (keep_previous && jv_file_exists(final_path)) {
    char prev[4200];
    snprintf(prev, sizeof prev, "%s.prev", final_path);
    if (rename(final_path, prev) != 0)
      JV_FAIL(err, JV_EIO, "cannot keep previous '%s' as '%s': %s", final_path, prev, strerror(errno));
  }
  if (rename(tmp_path, final_path) != 0)
    JV_FAIL(err, JV_EIO, "cannot rename '%s' to '%s': %s", tmp_path, final_path, strerror(errno));
  return JV_OK;
}
