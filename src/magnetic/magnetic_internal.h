/* Private helpers of src/magnetic shared between its files. */
#ifndef JV_MAGNETIC_INTERNAL_H
#define JV_MAGNETIC_INTERNAL_H

#include "jovis/magnetic.h"

/* Triangular index of (n, m), 0 <= m <= n, for the Legendre tables. */
static inline size_t jv_leg_index(int n, int m) { return (size_t)(n * (n + 1) / 2 + m); }
#define JV_LEG_SIZE(nmax) ((size_t)(((nmax) + 1) * ((nmax) + 2) / 2))

/*
 * Schmidt semi-normalised P_n^m(cos theta), dP_n^m/dtheta and Q_n^m = P_n^m / sin theta (m >= 1;
 * Q_n^0 is set to 0, never used) for n = 0..nmax. Q comes from its own recurrence started at
 * sin^(m-1) theta, so it is finite at the poles.
 */
void jv_legendre(int nmax, double theta, double *P, double *dP, double *Q);

/* Rotation of spherical components at (theta, phi) to Cartesian with precomputed trig. */
static inline void jv_sph_to_cart_trig(double st, double ct, double sp, double cp, double br, double bt,
                                       double bp, double out[3]) {
  out[0] = br * st * cp + bt * ct * cp - bp * sp;
  out[1] = br * st * sp + bt * ct * sp + bp * cp;
  out[2] = br * ct - bt * st;
}

#endif
