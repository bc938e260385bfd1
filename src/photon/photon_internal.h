/* Private to src/photon: the workspace behind jv_photon_work_t. */
#ifndef JOVIS_PHOTON_INTERNAL_H
#define JOVIS_PHOTON_INTERNAL_H

#include "jovis/photon.h"

struct jv_photon_work {
  size_t rows, cols, cols_int; /* 3n, P, P_int = n_int (n_int + 2) */
  int n_int;
  size_t k;                    /* modes kept (0: all) */
  jv_mag_design_t *design;     /* internal + external columns */
  jv_mag_fit_t *fit;           /* rows x P: the full-matrix fits */
  double *coef;                /* P: best fit of the last point */
  double *dbuf, *dvec, *zvec;  /* rows x P derivative design (mass scans), rows-long vectors */
  /* eps route (dark = 1) */
  jv_mag_design_t *design_int; /* internal columns only, for A_m' */
  double *qr, *tau, *c, *qwork;/* rows x (P + P_int) Householder QR, Q^T y~ */
  size_t lqwork;
  double perp2;                /* |(1 - Q Q^T) y~|^2 */
  jv_mag_fit_t *small;         /* (P + P_int) x P */
  double *c1, *c2, *dc1, *dc2; /* per degree, n_int + 1 */
  double mu_a, r0_over_a;      /* of the prepared m' (NaN: none) */
};

/* Solve an already factored fit for y keeping w->k modes into out (no Jeffreys). */
int jv_photon_solve_(jv_photon_work_t *w, jv_mag_fit_t *fit, const double *y, jv_photon_point_t *out, jv_error_t *err);
/* The number of modes kept: w->k, or P when untruncated. */
size_t jv_photon_keep_(const jv_photon_work_t *w);

#endif /* JOVIS_PHOTON_INTERNAL_H */
