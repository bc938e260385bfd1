/*
 * Adiabats and mixture densities on top of the named EOS choices: dlogT/dlogP = grad_ad of the
 * H-He mixture (the heavy elements add volume but, as in [H23]'s additive law, no entropy of
 * their own to the adiabat), RK4 in log P.
 */
#include <math.h>

#include "jovis/interior.h"

int jv_eos_grad_ad(const jv_eos_t *eos, double logT, double logP, double y, double *grad_ad, jv_error_t *err) {
  jv_eos_state_t st;
  JV_TRY(err, jv_eos_hhe(eos, logT, logP, y, &st, err));
  *grad_ad = st.grad_ad;
  return JV_OK;
}

int jv_eos_mix_density(const jv_eos_t *eos, double logT, double logP, double y, double Z, double *rho,
                       jv_error_t *err) {
  jv_eos_state_t st;
  double rz = 1.0;
  JV_TRY(err, jv_eos_hhe(eos, logT, logP, y, &st, err));
  if (Z > 0.0) JV_TRY(err, jv_eos_z_density(eos, logT, logP, &rz, err));
  *rho = 1.0 / ((1.0 - Z) * pow(10.0, -st.logrho) + Z / rz);
  return JV_OK;
}

int jv_eos_adiabat(const jv_eos_t *eos, double y, double Z, double T0, const double *logP, int n, double *logT,
                   double *logrho, jv_error_t *err) {
  double lt = log10(T0), rho;
  for (int i = 0; i < n; ++i) {
    if (i > 0) {
      double span = logP[i] - logP[i - 1];
      if (!(span > 0.0)) JV_FAIL(err, JV_EINPUT, "adiabat pressures must increase (node %d)", i);
      int steps = (int)ceil(span / 0.02);
      double h = span / steps, lp = logP[i - 1];
      for (int s = 0; s < steps; ++s, lp += h) {
        double k1, k2, k3, k4;
        JV_TRY(err, jv_eos_grad_ad(eos, lt, lp, y, &k1, err));
        JV_TRY(err, jv_eos_grad_ad(eos, lt + 0.5 * h * k1, lp + 0.5 * h, y, &k2, err));
        JV_TRY(err, jv_eos_grad_ad(eos, lt + 0.5 * h * k2, lp + 0.5 * h, y, &k3, err));
        JV_TRY(err, jv_eos_grad_ad(eos, lt + h * k3, lp + h, y, &k4, err));
        lt += h * (k1 + 2.0 * k2 + 2.0 * k3 + k4) / 6.0;
      }
    }
    logT[i] = lt;
    JV_TRY(err, jv_eos_mix_density(eos, lt, logP[i], y, Z, &rho, err));
    logrho[i] = log10(rho);
  }
  return JV_OK;
}
