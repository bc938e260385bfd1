/*
 * Figure solver for barotropes at a fixed rotation parameter q = omega^2 a^3 / (G M), a the
 * equatorial radius: the validation cases of ../shared/data/gravity/tof_cms_benchmarks.md
 * (the n = 1 polytrope of Wisdom & Hubbard 2016, the Maclaurin spheroid). Dimensionless: the
 * density is rho/rhobar, the pressure P / (rhobar G M / s_0).
 */
#include <math.h>

#include "jovis/interior.h"

int jv_tof_solve_barotrope(jv_tof_t *t, double q, jv_barotrope_fn rho_of_p, const void *ctx, double tol,
                           int max_iter, int *iterations, jv_error_t *err) {
  int n = jv_tof_levels(t), K = jv_tof_order(t);
  double *rho = jv_tof_density(t), *u = jv_tof_scratch(t, 0), *p = jv_tof_scratch(t, 1);
  double J_old[JV_TOF_MAX_ORDER + 1] = {0}, J[JV_TOF_MAX_ORDER + 1];
  if (!(q >= 0.0 && q < 0.5)) JV_FAIL(err, JV_EINPUT, "rotation parameter q = %g outside [0, 0.5)", q);
  double mass = jv_tof_mass_integral(t);
  if (!(mass > 0.0)) JV_FAIL(err, JV_EINPUT, "density profile has no mass");
  for (int i = 0; i < n; ++i) rho[i] /= mass;
  for (int it = 1; it <= max_iter; ++it) {
    /* m = q (s_0/a)^3: the rotation parameter in mean-radius units follows the current shape. */
    double a = jv_tof_req_over_s0(t);
    double change = jv_tof_step(t, q / (a * a * a));
    jv_tof_J(t, J);
    for (int k = 1; k <= K && k <= 3; ++k) change = fmax(change, fabs(J[k] - J_old[k]) / fabs(J[k]));
    for (int k = 0; k <= K; ++k) J_old[k] = J[k];
    if (rho_of_p != NULL) {
      /* Hydrostatic equilibrium on the level surfaces, dP = rho dU (Nettelmann 2017 Eq. 3). */
      jv_tof_potential(t, u);
      jv_tof_integrate_down(t, u, p);
      for (int i = 0; i < n; ++i) {
        double r = rho_of_p(p[i], ctx);
        if (!isfinite(r) || r < 0.0) JV_FAIL(err, JV_EMATH, "barotrope gave rho = %g at level %d", r, i);
        p[i] = r;
      }
      for (int i = 0; i < n; ++i) {
        double old = rho[i];
        rho[i] = p[i];
        p[i] = old;
      }
      mass = jv_tof_mass_integral(t);
      for (int i = 0; i < n; ++i) {
        rho[i] /= mass;
        change = fmax(change, fabs(rho[i] - p[i]) / (rho[n / 2] > 0 ? rho[n / 2] : 1.0));
      }
    }
    if (iterations != NULL) *iterations = it;
    if (it > 2 && change < tol) return JV_OK;
  }
  JV_FAIL(err, JV_ENOCONV, "theory of figures did not converge to %g in %d iterations", tol, max_iter);
}
