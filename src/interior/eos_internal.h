/*
 * Private to src/interior: a rectangular EOS table on a uniform (log T, log P) grid and its
 * loaders. Fields are stored with log T outer, log P inner; NaN marks a node the source does
 * not cover (a query whose interpolation stencil touches one is out of table, JV_EDOM).
 */
#ifndef JOVIS_INTERIOR_EOS_INTERNAL_H
#define JOVIS_INTERIOR_EOS_INTERNAL_H

#include "jovis/interior.h"

enum { JV_EOS_LOGRHO = 0, JV_EOS_LOGS = 1, JV_EOS_NFIELD = 2 };

typedef struct {
  char name[64];
  int nT, nP;
  double logT0, dlogT, logP0, dlogP; /* cgs: log10 K, log10 dyn/cm^2 */
  double *f[JV_EOS_NFIELD];          /* f[field][iT * nP + iP]; f[LOGS] may be NULL (no entropy) */
} jv_eos_grid_t;

/* A value and its derivatives in log T and log P. */
typedef struct {
  double v, dT, dP;
} jv_eos_val_t;

int jv_eos_grid_alloc(jv_eos_grid_t **g, const char *name, int nT, double logT0, double dlogT, int nP,
                      double logP0, double dlogP, int with_entropy, jv_error_t *err);
void jv_eos_grid_free(jv_eos_grid_t *g);
/* Catmull-Rom bicubic interpolation (C1) of one field; JV_EDOM outside the data. */
int jv_eos_grid_eval(const jv_eos_grid_t *g, int field, double logT, double logP, jv_eos_val_t *out,
                     jv_error_t *err);

/* Loaders (path: a file or the directory named in each). */
int jv_eos_load_scvh95(const char *path, jv_eos_grid_t **g, jv_error_t *err);
int jv_eos_load_mh13(const char *path, jv_eos_grid_t **g, jv_error_t *err);
int jv_eos_load_cms19(const char *path, jv_eos_grid_t **g, jv_error_t *err);
int jv_eos_load_mazevet19(const char *path, jv_eos_grid_t **g, jv_error_t *err);
int jv_eos_load_sesame(const char *path, jv_eos_grid_t **g, jv_error_t *err);
int jv_eos_load_aneos(const char *path, jv_eos_grid_t **g, jv_error_t *err);
int jv_eos_load_hg23(const char *path, jv_eos_grid_t **vmix, jv_eos_grid_t **smix, jv_error_t *err);

#endif
