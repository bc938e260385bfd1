/*
 * Adiabats and mixture densities on top of the named EOS choices: the isentrope of the H-He
 * mixture where the EOS has one entropy table, else dlogT/dlogP = grad_ad by RK4 (the heavy
 * elements add volume but, as in [H23]'s additive law, no entropy of their own to the adiabat).
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

/* RK4 step of dlogT/dlogP = grad_ad. */
static int rk4_step(const jv_eos_t *eos, double y, double logP, double h, double *logT, jv_error_t *err) {
  double lt = *logT, k1, k2, k3, k4;
  JV_TRY(err, jv_eos_grad_ad(eos, lt, logP, y, &k1, err));
  JV_TRY(err, jv_eos_grad_ad(eos, lt + 0.5 * h * k1, logP + 0.5 * h, y, &k2, err));
  JV_TRY(err, jv_eos_grad_ad(eos, lt + 0.5 * h * k2, logP + 0.5 * h, y, &k3, err));
  JV_TRY(err, jv_eos_grad_ad(eos, lt + h * k3, logP + h, y, &k4, err));
  *logT = lt + h * (k1 + 2.0 * k2 + 2.0 * k3 + k4) / 6.0;
  return JV_OK;
}

int jv_eos_adiabat_start(const jv_eos_t *eos, double y, double logT0, double logP0, double *S0, jv_error_t *err) {
  jv_eos_state_t st;
  *S0 = 0.0;
  if (!jv_eos_isentropic(eos)) return JV_OK;
  JV_TRY(err, jv_eos_hhe(eos, logT0, logP0, y, &st, err));
  *S0 = st.S;
  return JV_OK;
}

int jv_eos_adiabat_advance(const jv_eos_t *eos, double y, double S0, double logP, double h, double *logT,
                           jv_error_t *err) {
  if (!jv_eos_isentropic(eos)) {
    JV_TRY(err, rk4_step(eos, y, logP, h, logT, err));
    return JV_OK;
  }
  /* Newton on S(logT, logP + h) = S0 from the grad_ad predictor; S is C1, so this converges
     quadratically and T(P) carries no step-size error */
  jv_eos_state_t st;
  JV_TRY(err, jv_eos_hhe(eos, *logT, logP, y, &st, err));
  double lt = *logT + h * st.grad_ad;
  for (int it = 0; it < 30; ++it) {
    JV_TRY(err, jv_eos_hhe(eos, lt, logP + h, y, &st, err));
    double d = (st.S - S0) / st.dS_dlogT;
    lt -= d;
    if (fabs(d) < 1e-13) {
      *logT = lt;
      return JV_OK;
    }
  }
  JV_FAIL(err, JV_ENOCONV, "isentrope S = %.6e not found at log P = %.3f", S0, logP + h);
}

int jv_eos_adiabat(const jv_eos_t *eos, double y, double Z, double T0, const double *logP, int n, double *logT,
                   double *logrho, jv_error_t *err) {
  double lt = log10(T0), rho, S0;
  JV_TRY(err, jv_eos_adiabat_start(eos, y, lt, logP[0], &S0, err));
  for (int i = 0; i < n; ++i) {
    if (i > 0) {
      double span = logP[i] - logP[i - 1];
      if (!(span > 0.0)) JV_FAIL(err, JV_EINPUT, "adiabat pressures must increase (node %d)", i);
      int steps = (int)ceil(span / 0.02);
      double h = span / steps, lp = logP[i - 1];
      for (int s = 0; s < steps; ++s, lp += h) JV_TRY(err, jv_eos_adiabat_advance(eos, y, S0, lp, h, &lt, err));
    }
    logT[i] = lt;
    JV_TRY(err, jv_eos_mix_density(eos, lt, logP[i], y, Z, &rho, err));
    logrho[i] = log10(rho);
  }
  return JV_OK;
}
