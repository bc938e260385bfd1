/*
 * The massless (standard) radial functions of SCIENCE.md section 2: internal F = G = (a/r)^(n+2),
 * external F = G = (r/a)^(n-1), r in units of a. Other physics (massive photon, dark photon) are
 * other jv_radial_t values supplied by their own module.
 */
#include <math.h>

#include "jovis/magnetic.h"

static int massless_internal(const jv_radial_t *self, int nmax, double r, double *F, double *G,
                             jv_error_t *err) {
  (void)self;
  if (!(r > 0) || !isfinite(r)) JV_FAIL(err, JV_EDOM, "radius r/a = %g must be positive", r);
  double q = 1.0 / r, p = q * q; /* (a/r)^2, then one more power per degree */
  for (int n = 1; n <= nmax; ++n) {
    p *= q;
    F[n] = G[n] = p;
  }
  return JV_OK;
}

static int massless_external(const jv_radial_t *self, int nmax, double r, double *F, double *G,
                             jv_error_t *err) {
  (void)self;
  if (!(r > 0) || !isfinite(r)) JV_FAIL(err, JV_EDOM, "radius r/a = %g must be positive", r);
  double p = 1.0; /* (r/a)^(n-1) */
  for (int n = 1; n <= nmax; ++n) {
    F[n] = G[n] = p;
    p *= r;
  }
  return JV_OK;
}

const jv_radial_t jv_radial_massless = {"massless", massless_internal, massless_external, NULL};
