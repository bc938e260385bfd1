/*
 * Synthetic Juno-like positions: polar, highly eccentric Kepler orbits whose perijove passes
 * (r < r_max) are sampled uniformly in time, for demos and tests without the real data.
 * Lengths in R_J, times in days since 2000-01-01T00:00 UTC, angles in degrees at the interface,
 * positions System III Cartesian (right-handed, east longitude).
 *
 * Geometry (two-body Kepler problem; e.g. Murray & Dermott 1999, Solar System Dynamics, Sec. 2.4):
 *   semi-major axis a from Kepler's third law, a^3 = GM_J T^2 / (4 pi^2);
 *   eccentricity e = 1 - r_peri / a;
 *   mean anomaly M = 2 pi t / T (t from perijove), Kepler's equation M = E - e sin E;
 *   r = a (1 - e cos E),  true anomaly nu = 2 atan2(sqrt(1+e) sin(E/2), sqrt(1-e) cos(E/2)).
 * The orbit plane contains the spin axis (a polar orbit, as Juno's: inclination ~90 deg); the
 * spacecraft crosses perijove going from north to south, so its latitude is lat_p - nu, and the
 * planet rotating under the inertially fixed plane moves its System III east longitude by
 * -Omega_J t (Omega_J from the System III period 9h55m29.7s, SCIENCE.md section 4).
 * Juno numbers: 53.5 d orbits, perijove ~1.05 R_J (Bolton et al. 2017, Science 356, 821).
 */
#include <math.h>

#include "jovis/magnetic.h"

#define PI 3.14159265358979323846
#define GM_JUPITER 1.26686534e17        /* m^3 s^-2 (JPL JUP310 ephemeris) */
#define SYSTEM3_PERIOD_S 35729.7        /* 9h55m29.7s */
#define PJ1_DAYS (6083.0 + 12.85 / 24.0) /* 2016-08-27 12:51 UTC, days since 2000-01-01 */

jv_mag_orbits_t jv_mag_orbits_defaults(void) {
  jv_mag_orbits_t o;
  o.n_orbits = 12;
  o.first_orbit = 1;
  o.points_per_pass = 200;
  o.period_days = 53.5;
  o.r_peri = 1.05;
  o.r_max = 4.0;
  o.lat0_deg = 4.0;
  o.lat_drift_deg = 1.0;
  o.lon0_deg = 0.0;
  o.lon_step_deg = 137.50776405003785; /* golden angle 360 (2 - phi): no two perijoves coincide */
  o.t0_days = PJ1_DAYS;
  return o;
}

/* Eccentric anomaly E in (-pi, pi) for mean anomaly M in [-pi, pi]: Newton's method kept inside
   a shrinking bracket (E - e sin E - M is increasing, so the root is bracketed by [-pi, pi]). */
static int kepler_solve(double M, double e, double *E_out, jv_error_t *err) {
  double lo = -PI, hi = PI;
  double E = M >= 0 ? cbrt(6.0 * M) : -cbrt(-6.0 * M); /* the e -> 1 (parabolic) start */
  if (E <= lo || E >= hi) E = M;
  for (int it = 0; it < 100; ++it) {
    double f = E - e * sin(E) - M;
    if (f > 0) hi = E;
    else lo = E;
    double step = f / (1.0 - e * cos(E));
    double next = E - step;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi); /* Newton left the bracket: bisect */
    if (fabs(next - E) < 1e-14) {
      *E_out = next;
      return JV_OK;
    }
    E = next;
  }
  JV_FAIL(err, JV_ENOCONV, "Kepler's equation did not converge (M = %g, e = %g)", M, e);
}

int jv_mag_orbits_generate(const jv_mag_orbits_t *o, jv_mag_data_t **data, jv_error_t *err) {
  *data = NULL;
  if (o->n_orbits < 1 || o->points_per_pass < 2)
    JV_FAIL(err, JV_EINPUT, "synthetic orbits: need n_orbits >= 1 and points_per_pass >= 2 (got %d, %zu)",
            o->n_orbits, o->points_per_pass);
  if (!(o->period_days > 0) || !(o->r_peri >= 1.0) || !(o->r_max > o->r_peri))
    JV_FAIL(err, JV_EINPUT, "synthetic orbits: need period > 0, r_peri >= 1 R_J, r_max > r_peri (got %g d, %g, %g)",
            o->period_days, o->r_peri, o->r_max);
  double T = o->period_days * 86400.0;
  double a = cbrt(GM_JUPITER * T * T / (4 * PI * PI)) / (JV_RJ_KM * 1e3); /* R_J */
  double e = 1.0 - o->r_peri / a;
  if (!(o->r_max < a * (1 + e)))
    JV_FAIL(err, JV_EINPUT, "synthetic orbits: r_max %g R_J is beyond apojove %g R_J", o->r_max, a * (1 + e));
  /* Half-duration of the pass inside r_max: r = a (1 - e cos E) = r_max. */
  double E_max = acos((1.0 - o->r_max / a) / e);
  double t_max = (E_max - e * sin(E_max)) / (2 * PI) * T; /* s */
  double omega = 2 * PI / SYSTEM3_PERIOD_S;
  size_t n = (size_t)o->n_orbits * o->points_per_pass;
  jv_mag_data_t *d;
  JV_TRY(err, jv_mag_data_alloc(n, &d, err));
  snprintf(d->source, sizeof d->source,
           "synthetic: %d polar orbits, %.4g d, perijove %.4g R_J, r < %.4g R_J, %zu points per pass", o->n_orbits,
           o->period_days, o->r_peri, o->r_max, o->points_per_pass);
  for (int k = 0; k < o->n_orbits; ++k) {
    double lat_p = (o->lat0_deg + k * o->lat_drift_deg) * PI / 180;
    double lon_p = (o->lon0_deg + k * o->lon_step_deg) * PI / 180;
    for (size_t j = 0; j < o->points_per_pass; ++j) {
      size_t i = (size_t)k * o->points_per_pass + j;
      /* mid-points of equal time steps across [-t_max, t_max] */
      double t = -t_max + (2 * t_max) * ((double)j + 0.5) / (double)o->points_per_pass;
      double E = 0;
      int status = kepler_solve(2 * PI * t / T, e, &E, err);
      if (status != JV_OK) {
        jv_mag_data_free(d);
        return status;
      }
      double r = a * (1 - e * cos(E));
      double nu = 2 * atan2(sqrt(1 + e) * sin(E / 2), sqrt(1 - e) * cos(E / 2));
      double lat = lat_p - nu, lon = lon_p - omega * t;
      d->pos[3 * i] = r * cos(lat) * cos(lon);
      d->pos[3 * i + 1] = r * cos(lat) * sin(lon);
      d->pos[3 * i + 2] = r * sin(lat);
      d->orbit[i] = o->first_orbit + k;
      d->t[i] = o->t0_days + k * o->period_days + t / 86400.0;
    }
  }
  *data = d;
  return JV_OK;
}
