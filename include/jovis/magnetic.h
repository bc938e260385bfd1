/*
 * jovis magnetic: Juno magnetometer data, spherical-harmonic and magnetodisc field models, the
 * design matrix and the SVD field fits, field diagnostics. SI units (nT for fields, R_J = 71,492 km
 * for lengths), System III right-handed, colatitude theta, east longitude phi, Schmidt
 * semi-normalised coefficients without Condon-Shortley phase (SCIENCE.md section 2).
 */
#ifndef JOVIS_MAGNETIC_H
#define JOVIS_MAGNETIC_H

#include "jovis/core.h"

/* ---------------------------------------------------------------- radial functions */
/*
 * The radial dependence of a degree-n field, normalised so coefficients keep their meaning at
 * r = a. The design matrix never changes when the physics does: it asks a jv_radial_t.
 *  internal(): F[n] multiplies (n+1) sum_m [g cos + h sin] P_n^m in B_r, and G[n] multiplies the
 *              angular-derivative sums in B_theta and B_phi. Massless: F = G = (a/r)^(n+2).
 *  external(): F[n] multiplies -n sum_m [G cos + H sin] P_n^m in B_r, and G[n] the tangential
 *              sums. Massless: F = G = (r/a)^(n-1).
 * Both fill indices 1..nmax of F and G (index 0 is unused), for r given in units of a.
 * The photon module (massive photon, dark photon) provides other implementations.
 */
typedef struct jv_radial jv_radial_t;
struct jv_radial {
  const char *name;
  int (*internal)(const jv_radial_t *self, int nmax, double r_over_a, double *F, double *G, jv_error_t *err);
  int (*external)(const jv_radial_t *self, int nmax, double r_over_a, double *F, double *G, jv_error_t *err);
  const void *params; /* owned by whoever made the value (e.g. mu a for a massive photon) */
};

#endif /* JOVIS_MAGNETIC_H */
