/*
 * Coordinates and Schmidt semi-normalised associated Legendre functions (no Condon-Shortley
 * phase; SCIENCE.md section 2). theta is colatitude, phi east longitude, System III.
 */
#include <math.h>

#include "magnetic_internal.h"

void jv_mag_cart_to_sph(const double x[3], double *r, double *theta, double *phi) {
  double rho = hypot(x[0], x[1]);
  *r = hypot(rho, x[2]);
  *theta = atan2(rho, x[2]); /* well conditioned everywhere, 0 or pi on the axis */
  *phi = atan2(x[1], x[0]);
}

void jv_mag_vec_sph_to_cart(double theta, double phi, const double bs[3], double bc[3]) {
  jv_sph_to_cart_trig(sin(theta), cos(theta), sin(phi), cos(phi), bs[0], bs[1], bs[2], bc);
}

void jv_mag_vec_cart_to_sph(double theta, double phi, const double bc[3], double bs[3]) {
  double st = sin(theta), ct = cos(theta), sp = sin(phi), cp = cos(phi);
  bs[0] = bc[0] * st * cp + bc[1] * st * sp + bc[2] * ct;
  bs[1] = bc[0] * ct * cp + bc[1] * ct * sp - bc[2] * st;
  bs[2] = -bc[0] * sp + bc[1] * cp;
}

/*
 * Recurrences (Schmidt semi-normalisation, e.g. Winch et al. 2005, GJI 160, 487, Eqs. 7-9):
 *   P_m^m = sqrt((2m-1)/(2m)) sin(theta) P_{m-1}^{m-1}  (P_1^1 = sin theta),
 *   P_n^m = [(2n-1) cos(theta) P_{n-1}^m - sqrt((n-1)^2 - m^2) P_{n-2}^m] / sqrt(n^2 - m^2),
 *   sin(theta) dP_n^m/dtheta = n cos(theta) P_n^m - sqrt(n^2 - m^2) P_{n-1}^m.
 * The last is used divided by sin theta (through Q = P / sin theta) for m >= 1, and
 * dP_n^0/dtheta = -sqrt(n(n+1)/2) P_n^1 for m = 0, so nothing divides by sin theta.
 */
void jv_legendre(int nmax, double theta, double *P, double *dP, double *Q) {
  double st = sin(theta), ct = cos(theta);
  double pmm = 1.0, qmm = 0.0; /* P_m^m and Q_m^m */
  for (int m = 0; m <= nmax; ++m) {
    if (m == 1) {
      pmm = st;
      qmm = 1.0;
    } else if (m > 1) {
      double f = sqrt((2.0 * m - 1.0) / (2.0 * m));
      qmm = f * pmm; /* = f sin^(m-1)... before pmm is multiplied by sin theta */
      pmm = f * st * pmm;
    }
    size_t i = jv_leg_index(m, m);
    P[i] = pmm;
    Q[i] = qmm;
    double p1 = pmm, p2 = 0.0, q1 = qmm, q2 = 0.0;
    for (int n = m + 1; n <= nmax; ++n) {
      double a = (2.0 * n - 1.0) / sqrt((double)n * n - (double)m * m);
      double b = sqrt(((n - 1.0) * (n - 1.0) - (double)m * m) / ((double)n * n - (double)m * m));
      double p = a * ct * p1 - b * p2, q = a * ct * q1 - b * q2;
      i = jv_leg_index(n, m);
      P[i] = p;
      Q[i] = q;
      p2 = p1;
      p1 = p;
      q2 = q1;
      q1 = q;
    }
  }
  for (int n = 0; n <= nmax; ++n) {
    dP[jv_leg_index(n, 0)] = n >= 1 ? -sqrt(n * (n + 1.0) / 2.0) * P[jv_leg_index(n, 1)] : 0.0;
    Q[jv_leg_index(n, 0)] = 0.0;
    for (int m = 1; m <= n; ++m) {
      double qprev = n - 1 >= m ? Q[jv_leg_index(n - 1, m)] : 0.0;
      dP[jv_leg_index(n, m)] = n * ct * Q[jv_leg_index(n, m)] - sqrt((double)n * n - (double)m * m) * qprev;
    }
  }
}
