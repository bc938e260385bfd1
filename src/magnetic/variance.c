/*
 * The per-row variance model of [Y24] Sec. 3 (SCIENCE.md section 2, "Variances"):
 *   s^2 = s_fluct^2 + s_sv^2 + s_dir^2 + s_res^2, per point and Cartesian component, nT^2.
 * Each term is switchable and returned separately so outputs can report it.
 */
#include <math.h>
#include <string.h>

#include "magnetic_internal.h"

jv_mag_variance_opts_t jv_mag_variance_defaults(void) {
  jv_mag_variance_opts_t o;
  memset(&o, 0, sizeof o);
  o.use_fluct = 1;
  o.fluct_half_width = 2;
  o.fluct_max_gap_s = 300.0;
  o.sv_t_ref = NAN;
  o.use_dir = 1;
  o.dir_theta_max = 1e-4; /* rad; see inputs/field_fit.ini for the value used */
  o.use_res = 1;
  o.scale = 1.0;
  return o;
}

/* Scatter of component c about a least-squares line in time over the neighbours of point i
   within its orbit (window of 2h+1 points shifted to stay inside the orbit, gaps <= max_gap). */
static double fluct_var(const jv_mag_data_t *d, size_t i, int c, int h, double max_gap_days) {
  size_t lo = i, hi = i;
  while (lo > 0 && i - (lo - 1) <= (size_t)h && d->orbit[lo - 1] == d->orbit[i] &&
         fabs(d->t[lo - 1] - d->t[i]) <= max_gap_days)
    --lo;
  while (hi + 1 < d->n && (hi + 1) - i <= (size_t)h && d->orbit[hi + 1] == d->orbit[i] &&
         fabs(d->t[hi + 1] - d->t[i]) <= max_gap_days)
    ++hi;
  size_t n = hi - lo + 1;
  if (n < 3) return 0.0; /* no scatter estimate possible from fewer than 3 points */
  double st = 0, sb = 0;
  for (size_t j = lo; j <= hi; ++j)
    st += d->t[j] - d->t[i], sb += d->b[3 * j + c];
  double tm = st / n, bm = sb / n, stt = 0, stb = 0;
  for (size_t j = lo; j <= hi; ++j) {
    double dt = d->t[j] - d->t[i] - tm;
    stt += dt * dt;
    stb += dt * (d->b[3 * j + c] - bm);
  }
  double slope = stt > 0 ? stb / stt : 0.0, ss = 0;
  for (size_t j = lo; j <= hi; ++j) {
    double e = d->b[3 * j + c] - bm - slope * (d->t[j] - d->t[i] - tm);
    ss += e * e;
  }
  return ss / (double)(n - 2); /* two parameters of the line */
}

/* Half the 16-bit step of the smallest of the six Juno MAG ranges 1,638,400 / 4^k nT
   (k = 0..5) that holds the largest component. */
static double res_sigma(const double *b) {
  double bmax = fmax(fabs(b[0]), fmax(fabs(b[1]), fabs(b[2])));
  double range = 1638400.0;
  for (int k = 1; k <= 5 && range / 4.0 >= bmax; ++k)
    range /= 4.0;
  return 0.5 * (2.0 * range / 65536.0);
}

int jv_mag_variance(const jv_mag_data_t *d, const jv_mag_variance_opts_t *o, double *terms, double *sigma,
                    jv_error_t *err) {
  size_t rows = 3 * d->n;
  if (o->use_sv && o->sv_model == NULL)
    JV_FAIL(err, JV_EINPUT, "secular-variation term switched on without a secular-variation model");
  if (!(o->scale > 0)) JV_FAIL(err, JV_EINPUT, "sigma scale %g must be positive", o->scale);
  if (o->use_fluct && o->fluct_half_width < 1)
    JV_FAIL(err, JV_EINPUT, "fluctuation half width %d must be >= 1", o->fluct_half_width);
  double t_ref = o->sv_t_ref;
  if (isnan(t_ref)) {
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < d->n; ++i)
      lo = fmin(lo, d->t[i]), hi = fmax(hi, d->t[i]);
    t_ref = 0.5 * (lo + hi);
  }
  for (size_t i = 0; i < d->n; ++i) {
    const double *b = d->b + 3 * i;
    double bmag = sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
    double dbdt[3] = {0, 0, 0};
    if (o->use_sv) JV_TRY(err, jv_sh_field(o->sv_model, 0, NULL, d->pos + 3 * i, dbdt, err));
    double dt_yr = fabs(d->t[i] - t_ref) / 365.25;
    double sres = res_sigma(b);
    for (int c = 0; c < 3; ++c) {
      double v[4];
      v[0] = o->use_fluct ? fluct_var(d, i, c, o->fluct_half_width, o->fluct_max_gap_s / 86400.0) : 0.0;
      v[1] = o->use_sv ? pow(dbdt[c] * dt_yr, 2) : 0.0;
      v[2] = o->use_dir ? pow(bmag * o->dir_theta_max, 2) / 3.0 : 0.0;
      v[3] = o->use_res ? sres * sres : 0.0;
      size_t row = 3 * i + (size_t)c;
      if (terms != NULL)
        for (int k = 0; k < 4; ++k)
          terms[(size_t)k * rows + row] = v[k];
      double s = o->scale * sqrt(v[0] + v[1] + v[2] + v[3]);
      if (!(s > 0) || !isfinite(s))
        JV_FAIL(err, JV_EDOM, "sigma of point %zu component %d is %g: switch on more variance terms", i, c,
                s);
      sigma[row] = s;
    }
  }
  return JV_OK;
}
