/*
 * Field diagnostics of [L24] (SCIENCE.md section 3): RMS misfit per orbit, the Lowes-Mauersberger
 * spectrum, its slope against degree and the dynamo radius where that slope vanishes.
 */
#include <math.h>
#include <stdlib.h>

#include "magnetic_internal.h"

int jv_mag_rms_by_orbit(const jv_mag_data_t *d, const double *resid, const jv_mag_summary_t *s,
                        double *orbit_rms, double *total_rms, jv_error_t *err) {
  double *ss = calloc(s->n_orbits ? s->n_orbits : 1, sizeof *ss);
  size_t *cnt = calloc(s->n_orbits ? s->n_orbits : 1, sizeof *cnt);
  if (!ss || !cnt) {
    free(ss);
    free(cnt);
    JV_FAIL(err, JV_ENOMEM, "out of memory");
  }
  double total = 0;
  size_t k = 0;
  for (size_t i = 0; i < d->n; ++i) {
    if (s->orbit[k] != d->orbit[i]) /* points of an orbit are usually contiguous: search only on change */
      for (k = 0; k < s->n_orbits && s->orbit[k] != d->orbit[i]; ++k) {
      }
    if (k == s->n_orbits) {
      free(ss);
      free(cnt);
      JV_FAIL(err, JV_EINPUT, "orbit %d of point %zu is not in the summary", d->orbit[i], i);
    }
    for (int c = 0; c < 3; ++c) {
      double e = resid[3 * i + c];
      ss[k] += e * e;
      total += e * e;
    }
    cnt[k] += 3;
  }
  for (k = 0; k < s->n_orbits; ++k)
    orbit_rms[k] = cnt[k] ? sqrt(ss[k] / cnt[k]) : NAN;
  *total_rms = sqrt(total / (3.0 * d->n));
  free(ss);
  free(cnt);
  return JV_OK;
}

int jv_sh_lowes(const jv_sh_model_t *m, int nmax, double r, double *Rn, jv_error_t *err) {
  if (m->external) JV_FAIL(err, JV_EINPUT, "the Lowes spectrum is defined here for internal models");
  if (nmax < 1 || nmax > m->nmax) JV_FAIL(err, JV_EINPUT, "spectrum degree %d outside 1..%d", nmax, m->nmax);
  if (!(r > 0)) JV_FAIL(err, JV_EDOM, "radius %g must be positive", r);
  double q = m->a / r;
  Rn[0] = 0;
  for (int n = 1; n <= nmax; ++n) {
    double s = 0;
    for (int k = 0; k <= n; ++k) {
      double g = m->coef[jv_sh_index(n, k, 0)], h = k ? m->coef[jv_sh_index(n, k, 1)] : 0.0;
      s += g * g + h * h;
    }
    Rn[n] = (n + 1) * pow(q, 2 * n + 4) * s; /* [L24]; SCIENCE.md section 3 */
  }
  return JV_OK;
}

int jv_sh_lowes_slope(const jv_sh_model_t *m, int n_lo, int n_hi, double r, double *slope, jv_error_t *err) {
  double Rn[JV_SH_NMAX_LIMIT + 1];
  if (n_lo < 1 || n_hi <= n_lo) JV_FAIL(err, JV_EINPUT, "slope degrees %d..%d", n_lo, n_hi);
  JV_TRY(err, jv_sh_lowes(m, n_hi, r, Rn, err));
  double sn = 0, sy = 0, snn = 0, sny = 0;
  int cnt = n_hi - n_lo + 1;
  for (int n = n_lo; n <= n_hi; ++n) {
    if (!(Rn[n] > 0)) JV_FAIL(err, JV_EDOM, "R_%d = 0: no slope of log10 R_n", n);
    double y = log10(Rn[n]);
    sn += n, sy += y, snn += (double)n * n, sny += n * y;
  }
  *slope = (cnt * sny - sn * sy) / (cnt * snn - sn * sn);
  return JV_OK;
}

/* log10 R_n(r) = log10 R_n(a) + (2n+4) log10(a/r), so the slope over n is the slope at a plus
   2 log10(a/r): linear in log r, zero at r = a 10^(slope(a)/2). Computed in closed form and
   checked against the requested bracket. */
int jv_sh_dynamo_radius(const jv_sh_model_t *m, int n_lo, int n_hi, double r_lo, double r_hi, double *radius,
                        jv_error_t *err) {
  double s_a;
  JV_TRY(err, jv_sh_lowes_slope(m, n_lo, n_hi, m->a, &s_a, err));
  double r = m->a * pow(10.0, s_a / 2.0);
  if (!(r >= r_lo && r <= r_hi))
    JV_FAIL(err, JV_EDOM, "the spectral slope over n = %d..%d vanishes at r = %.4f R_J, outside [%g, %g]",
            n_lo, n_hi, r, r_lo, r_hi);
  *radius = r;
  return JV_OK;
}
