/*
 * The design matrix of SCIENCE.md section 2: internal degree N_int plus external degree N_ext,
 * Cartesian rows (3 per point), columns in CHAOS order, radial dependence asked of a jv_radial_t
 * so the same code serves the massless, massive-photon and dark-photon fields. Reference radius
 * a = 1 R_J. The workspace holds every scratch array: building allocates nothing.
 */
#include <math.h>
#include <stdlib.h>

#include "magnetic_internal.h"

struct jv_mag_design {
  int n_int, n_ext, nmax;
  size_t cols;
  double *P, *dP, *Q;        /* Legendre tables to nmax */
  double *Fi, *Gi, *Fe, *Ge; /* radial functions, index 1..N */
  double *cm, *sm;           /* cos m phi, sin m phi */
};

int jv_mag_design_alloc(int n_int, int n_ext, jv_mag_design_t **out, jv_error_t *err) {
  *out = NULL;
  if (n_int < 0 || n_ext < 0 || n_int + n_ext == 0 || n_int > JV_SH_NMAX_LIMIT || n_ext > JV_SH_NMAX_LIMIT)
    JV_FAIL(err, JV_EINPUT, "design degrees N_int = %d, N_ext = %d: each in 0..%d, not both 0", n_int, n_ext,
            JV_SH_NMAX_LIMIT);
  jv_mag_design_t *d;
  JV_ALLOC(err, d, 1);
  d->n_int = n_int;
  d->n_ext = n_ext;
  d->nmax = n_int > n_ext ? n_int : n_ext;
  d->cols = (size_t)(JV_SH_NCOEF(n_int) + JV_SH_NCOEF(n_ext));
  size_t L = JV_LEG_SIZE(d->nmax), R = (size_t)d->nmax + 1;
  d->P = calloc(3 * L + 6 * R, sizeof(double));
  if (d->P == NULL) {
    free(d);
    JV_FAIL(err, JV_ENOMEM, "out of memory for the design workspace");
  }
  d->dP = d->P + L;
  d->Q = d->dP + L;
  d->Fi = d->Q + L;
  d->Gi = d->Fi + R;
  d->Fe = d->Gi + R;
  d->Ge = d->Fe + R;
  d->cm = d->Ge + R;
  d->sm = d->cm + R;
  *out = d;
  return JV_OK;
}

void jv_mag_design_free(jv_mag_design_t *d) {
  if (d == NULL) return;
  free(d->P);
  free(d);
}

size_t jv_mag_design_cols(const jv_mag_design_t *d) { return d->cols; }

/* One column's three Cartesian entries, whitened, at rows 3i..3i+2. */
static inline void put(double *A, size_t lda, size_t col, size_t i, const double w3[3], double st, double ct,
                       double sp, double cp, double br, double bt, double bp) {
  double c[3];
  jv_sph_to_cart_trig(st, ct, sp, cp, br, bt, bp, c);
  double *a = A + col * lda + 3 * i;
  a[0] = w3[0] * c[0];
  a[1] = w3[1] * c[1];
  a[2] = w3[2] * c[2];
}

int jv_mag_design_build(jv_mag_design_t *d, const jv_mag_data_t *data, const jv_radial_t *radial,
                        const double *w, double *A, size_t lda, jv_error_t *err) {
  if (lda < 3 * data->n) JV_FAIL(err, JV_EINPUT, "leading dimension %zu < 3 n = %zu", lda, 3 * data->n);
  if (radial == NULL) radial = &jv_radial_massless;
  const size_t next0 = (size_t)JV_SH_NCOEF(d->n_int);
  for (size_t i = 0; i < data->n; ++i) {
    double r, th, ph;
    jv_mag_cart_to_sph(data->pos + 3 * i, &r, &th, &ph);
    if (d->n_int) JV_TRY(err, radial->internal(radial, d->n_int, r, d->Fi, d->Gi, err));
    if (d->n_ext) JV_TRY(err, radial->external(radial, d->n_ext, r, d->Fe, d->Ge, err));
    jv_legendre(d->nmax, th, d->P, d->dP, d->Q);
    double st = sin(th), ct = cos(th), sp = sin(ph), cp = cos(ph);
    for (int m = 0; m <= d->nmax; ++m) {
      d->cm[m] = cos(m * ph);
      d->sm[m] = sin(m * ph);
    }
    double w3[3] = {1, 1, 1};
    if (w != NULL) w3[0] = w[3 * i], w3[1] = w[3 * i + 1], w3[2] = w[3 * i + 2];
    /* internal: B_r = (n+1) F P (cos|sin), B_th = -G dP (cos|sin), B_ph = G m Q (sin|-cos) */
    for (int n = 1; n <= d->n_int; ++n) {
      double F = (n + 1) * d->Fi[n], G = d->Gi[n];
      for (int m = 0; m <= n; ++m) {
        size_t l = jv_leg_index(n, m);
        double P = d->P[l], dP = d->dP[l], Q = m * d->Q[l];
        put(A, lda, jv_sh_index(n, m, 0), i, w3, st, ct, sp, cp, F * P * d->cm[m], -G * dP * d->cm[m],
            G * Q * d->sm[m]);
        if (m > 0)
          put(A, lda, jv_sh_index(n, m, 1), i, w3, st, ct, sp, cp, F * P * d->sm[m], -G * dP * d->sm[m],
              -G * Q * d->cm[m]);
      }
    }
    /* external: B_r = -n F P (...), tangential parts as the internal ones */
    for (int n = 1; n <= d->n_ext; ++n) {
      double F = -n * d->Fe[n], G = d->Ge[n];
      for (int m = 0; m <= n; ++m) {
        size_t l = jv_leg_index(n, m);
        double P = d->P[l], dP = d->dP[l], Q = m * d->Q[l];
        put(A, lda, next0 + jv_sh_index(n, m, 0), i, w3, st, ct, sp, cp, F * P * d->cm[m], -G * dP * d->cm[m],
            G * Q * d->sm[m]);
        if (m > 0)
          put(A, lda, next0 + jv_sh_index(n, m, 1), i, w3, st, ct, sp, cp, F * P * d->sm[m],
              -G * dP * d->sm[m], -G * Q * d->cm[m]);
      }
    }
  }
  return JV_OK;
}

void jv_mag_whiten(const jv_mag_data_t *data, const double *b_fixed, const double *w, double *y) {
  for (size_t j = 0; j < 3 * data->n; ++j) {
    double v = data->b[j] - (b_fixed ? b_fixed[j] : 0.0);
    y[j] = w ? w[j] * v : v;
  }
}
