/*
 * jovis io: HDF5 conventions shared by every command's output.
 *
 * Every output file carries, as attributes of its root group, the provenance of the run:
 *   jovis_version, command_line, config (the INI text), config_source, seed, created_utc, mpi_ranks.
 * Datasets are double (H5T_NATIVE_DOUBLE) or int64; strings are variable-length UTF-8.
 * Library code here is serial HDF5; under MPI only rank 0 writes (see src/parallel).
 * hid_t handles follow HDF5's rules: the caller closes what it opened.
 */
#ifndef JOVIS_IO_H
#define JOVIS_IO_H

#include <stdint.h>

#include <hdf5.h>

#include "jovis/core.h"

typedef struct {
  const char *command_line; /* argv joined by spaces */
  const char *config_text;  /* the INI text as read */
  const char *config_source;/* its path */
  uint64_t seed;
  int mpi_ranks;
} jv_run_info_t;

/* Turn off HDF5's automatic error printing (we report through jv_error_t instead). */
void jv_h5_quiet(void);

int jv_file_exists(const char *path);
/* Is the directory of path writable (checked before a long run starts)? */
int jv_h5_check_writable(const char *path, jv_error_t *err);

/* Create (truncate) a file; open an existing one read-only or read-write. */
int jv_h5_create(const char *path, hid_t *file, jv_error_t *err);
int jv_h5_open(const char *path, int writable, hid_t *file, jv_error_t *err);
void jv_h5_close(hid_t id);

/* Root attributes with the run's provenance (see the header comment). */
int jv_h5_write_run_info(hid_t file, const jv_run_info_t *info, jv_error_t *err);

/* Attributes on any object (group or dataset). Existing attributes are replaced. */
int jv_h5_attr_string(hid_t obj, const char *name, const char *value, jv_error_t *err);
int jv_h5_attr_double(hid_t obj, const char *name, double value, jv_error_t *err);
int jv_h5_attr_int(hid_t obj, const char *name, int64_t value, jv_error_t *err);
int jv_h5_attr_bool(hid_t obj, const char *name, int value, jv_error_t *err);
int jv_h5_read_attr_int(hid_t obj, const char *name, int64_t *value, jv_error_t *err);
int jv_h5_read_attr_double(hid_t obj, const char *name, double *value, jv_error_t *err);
/* Reads a string attribute into buf (truncated to size). */
int jv_h5_read_attr_string(hid_t obj, const char *name, char *buf, size_t size, jv_error_t *err);

/* Whole datasets of rank <= 3 (dims[0..rank-1]). */
int jv_h5_write_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims, const double *data,
                        jv_error_t *err);
int jv_h5_write_int64s(hid_t loc, const char *name, int rank, const hsize_t *dims, const int64_t *data,
                       jv_error_t *err);
/* 1-D array of strings. */
int jv_h5_write_strings(hid_t loc, const char *name, size_t n, const char *const *strings, jv_error_t *err);
/* Dataset shape; rank at most 3. */
int jv_h5_dataset_shape(hid_t loc, const char *name, int *rank, hsize_t dims[3], jv_error_t *err);
/* Read a whole dataset into a caller buffer of at least `capacity` elements. */
int jv_h5_read_doubles(hid_t loc, const char *name, double *data, size_t capacity, jv_error_t *err);
int jv_h5_read_int64s(hid_t loc, const char *name, int64_t *data, size_t capacity, jv_error_t *err);

/* Crash-safe replacement: write to "path.tmp", then rename over path (keeping "path.prev"). */
int jv_file_commit(const char *tmp_path, const char *final_path, int keep_previous, jv_error_t *err);

#endif /* JOVIS_IO_H */
