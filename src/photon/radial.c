/*
 * Radial functions of a massive (Proca) photon and of a dark photon, as jv_radial_t values the
 * design matrix of jovis/magnetic.h calls once per data point (SCIENCE.md section 2, jovis form).
 *
 * r is in units of a and p->mu_a = mu a, so x = mu r = mu_a * r. With kappa_n, lambda_n and iota_n
 * of bessel.c (kappa_n(x) = x^(n+1) k_n(x) normalised to 1 at x = 0):
 *   internal, massive:  F_n = r^-(n+2) kappa_n(x)/kappa_n(mu a),  G_n = r^-(n+2) lambda_n(x)/kappa_n(mu a)
 *                       lambda_n(x) = kappa_n(x) + x^2 kappa_{n-1}(x) / (n (2n-1));
 *   this is (a/r) k_n(mu r)/k_n(mu a) and (a/(n r)) [n k_n + mu r k_{n-1}]/k_n(mu a) of SCIENCE.md
 *   rewritten with d(r k_n(mu r))/dr = -(n k_n + x k_{n-1}) (DLMF 10.51.5), so that mu -> 0 is exact.
 *   external, massive:  F_n = r^(n-1) iota_n(x)/iota_n(mu a),
 *                       G_n = r^(n-1) [(2n+1) iota_{n-1}(x) - n iota_n(x)] / ((n+1) iota_n(mu a)),
 *   i.e. (a/r) i_n(mu r)/i_n(mu a) and (a/((n+1) r)) [mu r i_{n-1} - n i_n]/i_n(mu a).
 *   dark photon, internal: F_n = r^-(n+2) [c + s S_n kappa_n(x)] / D_n, G_n the same with lambda_n,
 *                       D_n = c + s S_n kappa_n(mu a), c = 1/(1+eps^2), s = eps^2/(1+eps^2),
 *                       S_n = iota_n(mu r0) [Y24 Eq. 11-12]; external sources massless.
 * Nothing allocates: scratch lives on the stack, bounded by JV_PHOTON_NMAX.
 */
#include <math.h>

#include "jovis/photon.h"

#define JV_PHOTON_NMAX 64

double jv_photon_mu_a(double mass_ev) { return mass_ev * JV_PHOTON_RJ_M / JV_PHOTON_HBARC_EV_M; }
double jv_photon_mass_ev(double mu_a) { return mu_a * JV_PHOTON_HBARC_EV_M / JV_PHOTON_RJ_M; }

static int check_args(const jv_photon_params_t *p, int nmax, double r, int dark, jv_error_t *err) {
  if (nmax < 1 || nmax >= JV_PHOTON_NMAX)
    JV_FAIL(err, JV_EDOM, "photon radial functions need 1 <= nmax < %d, got %d", JV_PHOTON_NMAX, nmax);
  if (!(r > 0) || !isfinite(r)) JV_FAIL(err, JV_EDOM, "radius r/a must be finite and > 0, got %g", r);
  if (!(p->mu_a >= 0) || !isfinite(p->mu_a)) JV_FAIL(err, JV_EDOM, "mu a must be finite and >= 0, got %g", p->mu_a);
  if (dark && (!(p->eps >= 0) || !isfinite(p->eps) || !(p->r0_over_a >= 0) || !(p->r0_over_a < 1)))
    JV_FAIL(err, JV_EDOM, "dark photon needs eps >= 0 and 0 <= r0/a < 1 (eps=%g, r0/a=%g)", p->eps, p->r0_over_a);
  return JV_OK;
}

/*
 * Scaled kappa_n(mu r) and lambda_n(mu r) for n = 1..nmax, and the factor exp(-mu (r - a)) that
 * turns the ratio of scaled values at r and at a into the ratio of true ones (decay may be NULL).
 */
static int kappa_lambda(double mu_a, int nmax, double r, double *kap, double *lam, double *kap_a, double *decay,
                        jv_error_t *err) {
  double x = mu_a * r;
  JV_TRY(err, jv_photon_kappa_scaled(nmax, x, kap, err));
  JV_TRY(err, jv_photon_kappa_scaled(nmax, mu_a, kap_a, err));
  for (int n = 1; n <= nmax; ++n) lam[n] = kap[n] + x * x * kap[n - 1] / (n * (2.0 * n - 1.0));
  if (decay != NULL) *decay = exp(-mu_a * (r - 1.0));
  return JV_OK;
}

static int massive_internal(const jv_radial_t *self, int nmax, double r, double *F, double *G, jv_error_t *err) {
  const jv_photon_params_t *p = self->params;
  double kap[JV_PHOTON_NMAX], lam[JV_PHOTON_NMAX], kap_a[JV_PHOTON_NMAX], decay;
  JV_TRY(err, check_args(p, nmax, r, 0, err));
  JV_TRY(err, kappa_lambda(p->mu_a, nmax, r, kap, lam, kap_a, &decay, err));
  double rn = 1.0 / (r * r); /* r^-(n+2), built by multiplication from n = 0 */
  for (int n = 1; n <= nmax; ++n) {
    rn /= r;
    F[n] = rn * decay * kap[n] / kap_a[n];
    G[n] = rn * decay * lam[n] / kap_a[n];
  }
  return JV_OK;
}

static int massive_external(const jv_radial_t *self, int nmax, double r, double *F, double *G, jv_error_t *err) {
  const jv_photon_params_t *p = self->params;
  double io[JV_PHOTON_NMAX], io_a[JV_PHOTON_NMAX];
  JV_TRY(err, check_args(p, nmax, r, 0, err));
  JV_TRY(err, jv_photon_iota_scaled(nmax, p->mu_a * r, io, err));
  JV_TRY(err, jv_photon_iota_scaled(nmax, p->mu_a, io_a, err));
  double growth = exp(p->mu_a * (r - 1.0)), rn = 1.0; /* r^(n-1) */
  for (int n = 1; n <= nmax; ++n) {
    F[n] = rn * growth * io[n] / io_a[n];
    G[n] = rn * growth * ((2.0 * n + 1.0) * io[n - 1] - n * io[n]) / ((n + 1.0) * io_a[n]);
    rn *= r;
  }
  return JV_OK;
}

/* S_n = iota_n(mu r0) for n = 1..nmax (true value, not scaled). */
static int dark_source(const jv_photon_params_t *p, int nmax, double *S, jv_error_t *err) {
  double x0 = p->mu_a * p->r0_over_a;
  JV_TRY(err, jv_photon_iota_scaled(nmax, x0, S, err));
  for (int n = 0; n <= nmax; ++n) S[n] *= exp(x0);
  return JV_OK;
}

/*
 * The dark-photon internal field, either whole (whole = 1: c, s, D_n from eps) or its massive part
 * alone (whole = 0: c = 0, s = 1, D_n = 1).
 */
static int dark_internal_common(const jv_radial_t *self, int nmax, double r, double *F, double *G, int whole,
                                jv_error_t *err) {
  const jv_photon_params_t *p = self->params;
  double kap[JV_PHOTON_NMAX], lam[JV_PHOTON_NMAX], kap_a[JV_PHOTON_NMAX], S[JV_PHOTON_NMAX];
  JV_TRY(err, check_args(p, nmax, r, 1, err));
  JV_TRY(err, kappa_lambda(p->mu_a, nmax, r, kap, lam, kap_a, NULL, err));
  JV_TRY(err, dark_source(p, nmax, S, err));
  double e2 = p->eps * p->eps, c = whole ? 1.0 / (1.0 + e2) : 0.0, s = whole ? e2 / (1.0 + e2) : 1.0;
  double e_r = exp(-p->mu_a * r), e_a = exp(-p->mu_a); /* unscale: kappa_n(x) = e^-x * scaled */
  double rn = 1.0 / (r * r);
  for (int n = 1; n <= nmax; ++n) {
    double D = whole ? c + s * S[n] * kap_a[n] * e_a : 1.0;
    rn /= r;
    F[n] = rn * (c + s * S[n] * kap[n] * e_r) / D;
    G[n] = rn * (c + s * S[n] * lam[n] * e_r) / D;
  }
  return JV_OK;
}

static int dark_internal(const jv_radial_t *self, int nmax, double r, double *F, double *G, jv_error_t *err) {
  return dark_internal_common(self, nmax, r, F, G, 1, err);
}

static int dark_part_internal(const jv_radial_t *self, int nmax, double r, double *F, double *G, jv_error_t *err) {
  return dark_internal_common(self, nmax, r, F, G, 0, err);
}

int jv_photon_dark_coefs(const jv_photon_params_t *p, int nmax, double *c1, double *c2, double *dc1, double *dc2,
                         jv_error_t *err) {
  double kap_a[JV_PHOTON_NMAX], S[JV_PHOTON_NMAX];
  JV_TRY(err, check_args(p, nmax, 1.0, 1, err));
  JV_TRY(err, jv_photon_kappa_scaled(nmax, p->mu_a, kap_a, err));
  JV_TRY(err, dark_source(p, nmax, S, err));
  double e2 = p->eps * p->eps, c = 1.0 / (1.0 + e2), s = e2 / (1.0 + e2);
  double ds = 2.0 * p->eps / ((1.0 + e2) * (1.0 + e2)), dc = -ds; /* d/deps of s and c */
  for (int n = 1; n <= nmax; ++n) {
    double K = S[n] * kap_a[n] * exp(-p->mu_a), D = c + s * K, dD = dc + ds * K;
    c1[n] = c / D;
    c2[n] = s / D;
    if (dc1 != NULL) dc1[n] = (dc * D - c * dD) / (D * D);
    if (dc2 != NULL) dc2[n] = (ds * D - s * dD) / (D * D);
  }
  return JV_OK;
}

jv_radial_t jv_photon_radial_massive(const jv_photon_params_t *p) {
  jv_radial_t r = {"massive photon", massive_internal, massive_external, p};
  return r;
}

/* External sources of a dark photon are massless: their effect is negligible [Y24]. */
jv_radial_t jv_photon_radial_dark(const jv_photon_params_t *p) {
  jv_radial_t r = {"dark photon", dark_internal, NULL, p};
  r.external = jv_radial_massless.external;
  return r;
}

jv_radial_t jv_photon_radial_dark_part(const jv_photon_params_t *p) {
  jv_radial_t r = {"dark photon, massive part", dark_part_internal, NULL, p};
  r.external = jv_radial_massless.external;
  return r;
}
