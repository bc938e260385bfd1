/* Shared by the `jovis field ...` commands: data, selection, models and variances from the INI. */
#ifndef JV_FIELD_COMMON_H
#define JV_FIELD_COMMON_H

#include "jovis/apps.h"
#include "jovis/io.h"
#include "jovis/magnetic.h"

/* [data] and [select]: read the table and apply the selection named by prefix ("select" or
   "validate"); prints the per-orbit summary on rank 0 when log says so. */
int jv_field_load_data(jv_config_t *cfg, jv_mag_data_t **all, jv_error_t *err);
int jv_field_select(jv_config_t *cfg, const char *section, const jv_mag_data_t *all, jv_mag_data_t **out,
                    jv_error_t *err);
/* [model]: internal SH file + degree, optional external SH file, optional Con2020 disc. The SH
   models are owned by the caller (free with jv_sh_model_free). */
int jv_field_load_model(jv_config_t *cfg, const char *section, jv_field_model_t *m, jv_sh_model_t **owned,
                        jv_error_t *err);
/* [variance] options (an SV model, if named, is returned in *sv for the caller to free). */
int jv_field_variance_opts(jv_config_t *cfg, jv_mag_variance_opts_t *o, jv_sh_model_t **sv, jv_error_t *err);
/* Data set, summary, per-orbit RMS into a group of an HDF5 file. */
int jv_field_write_data(hid_t loc, const jv_mag_data_t *d, const double *model_b, jv_error_t *err);
/* Per-orbit table on stdout and into the file. */
int jv_field_write_rms(hid_t loc, const char *name, const jv_mag_data_t *d, const double *resid,
                       double *total, int print, jv_error_t *err);
/* Run the plotting script on an output file if [output] plots = true. */
void jv_field_plot(const jv_app_t *app, const char *script, const char *h5path, int enabled);

#endif
