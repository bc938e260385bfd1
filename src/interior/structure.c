/*
 * The layered Jupiter model of [H23] (SCIENCE.md section 4) in rotating hydrostatic
 * equilibrium: one call = parameters -> J_2n, R_eq, masses, y_2, centre. cgs.
 *
 * Each pass of the fixed-point iteration:
 *  1. the theory of figures (tof.c) updates the level shapes for the current density, scaled to
 *     the planet's mass M = GM/G, at rotation m = omega^2 s_0^3 / GM;
 *  2. pressures from hydrostatic equilibrium on the levels, dP = rho dU (Nettelmann 2017 Eq. 3);
 *  3. layers: compact core where M(r) < M_core (its edge placed inside a cell so that the core
 *     mass is exact), metallic envelope where P > P_Z, molecular above; Z(m) of the dilute
 *     core; y_2 from helium conservation; T from the adiabats;
 *  4. densities from the EOS; the mean radius s_0 is corrected so that the mass is M (a secant
 *     step on ln s_0 against ln(mass/M)).
 * Converged when J2, the densities and the mass change by less than tol.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/interior.h"

#define M_EARTH_G 5.9722e27   /* g (IAU 2015 nominal GM_E / G) */
#define AD_STEP 0.05          /* dex in P between adiabat nodes (RK4) */
#define AD_MAX 400            /* adiabat nodes: log P 6 .. 26 at most */
#define MAX_DLN_S0 0.02       /* largest change of ln(mean radius) in one pass */

struct jv_interior_ws {
  jv_interior_setup_t set;
  jv_tof_t *tof;
  int n, warm;
  double s0, M;
  double *r, *m, *P, *T, *rho, *X, *Y, *Z, *mz, *rho_hhe, *fpert;
  int *layer; /* 0 core, 1 metallic, 2 molecular */
  /* adiabats on uniform log P grids: molecular from the surface, metallic from P_Z */
  double mol_logT[AD_MAX], met_logT[AD_MAX], mol_lp0, met_lp0;
  int n_mol, n_met;
  double met_y, met_T0, met_top;
  double *pin, pin_s0; /* pinned starting model (jv_interior_pin_start), or NULL */
};

enum { LAYER_CORE = 0, LAYER_METAL = 1, LAYER_MOL = 2 };

void jv_interior_setup_default(jv_interior_setup_t *s) {
  memset(s, 0, sizeof *s);
  s->order = 7;
  s->n_levels = 256;
  s->shape_stride = 4;
  s->tol = 1e-9;
  s->max_iter = 200;
  s->GM = 1.266865341e23;                    /* Durante+2020 Table 2, cm^3/s^2 */
  s->G = 6.67430e-8;                         /* CODATA 2018 */
  s->omega = 2.0 * 3.14159265358979323846 / (9.0 * 3600.0 + 55.0 * 60.0 + 29.7); /* System III */
  s->R_ref = 7.1492e9;
  s->P_surface = 1e6;
  s->y_proto = 0.277;
  s->dm_dil = 0.075;
}

void jv_interior_params_default(jv_interior_params_t *p) {
  memset(p, 0, sizeof *p);
  p->P_Z_Mbar = 3.0;
  p->Z_env = 0.02;
  p->y_1 = 0.238;
  p->T_1bar = 166.1;
  p->eos_logP_mod = 12.0;
  p->eos_sigma = 0.5;
}

int jv_interior_ws_alloc(const jv_interior_setup_t *set, jv_interior_ws_t **out, jv_error_t *err) {
  jv_interior_ws_t *w;
  *out = NULL;
  if (set->eos == NULL) JV_FAIL(err, JV_EINPUT, "interior setup has no EOS");
  if (!(set->GM > 0 && set->G > 0 && set->omega >= 0 && set->R_ref > 0 && set->P_surface > 0 && set->tol > 0 &&
        set->max_iter > 0 && set->y_proto > 0 && set->y_proto < 1 && set->dm_dil > 0))
    JV_FAIL(err, JV_EINPUT, "interior setup: GM, G, R_ref, P_surface, tol, max_iter, y_proto, dm_dil must be positive");
  JV_ALLOC(err, w, 1);
  w->set = *set;
  w->n = set->n_levels;
  w->M = set->GM / set->G;
  int status = jv_tof_alloc(set->order, set->n_levels, &w->tof, err);
  if (status != JV_OK) {
    free(w);
    jv_error_trace(err, __func__, __LINE__);
    return status;
  }
  if (set->shape_stride > 1) status = jv_tof_set_stride(w->tof, set->shape_stride, err);
  if (status != JV_OK) {
    jv_tof_free(w->tof);
    free(w);
    jv_error_trace(err, __func__, __LINE__);
    return status;
  }
  double **arrays[] = {&w->r, &w->m, &w->P, &w->T, &w->rho, &w->X, &w->Y, &w->Z, &w->mz, &w->rho_hhe, &w->fpert};
  int ok = 1;
  for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; ++k)
    ok &= (*arrays[k] = calloc((size_t)w->n, sizeof(double))) != NULL;
  ok &= (w->layer = calloc((size_t)w->n, sizeof(int))) != NULL;
  if (!ok) {
    jv_interior_ws_free(w);
    JV_FAIL(err, JV_ENOMEM, "out of memory for an interior workspace of %d levels", set->n_levels);
  }
  *out = w;
  return JV_OK;
}

void jv_interior_ws_free(jv_interior_ws_t *w) {
  if (w == NULL) return;
  jv_tof_free(w->tof);
  free(w->pin);
  free(w->r);
  free(w->m);
  free(w->P);
  free(w->T);
  free(w->rho);
  free(w->X);
  free(w->Y);
  free(w->Z);
  free(w->mz);
  free(w->rho_hhe);
  free(w->fpert);
  free(w->layer);
  free(w);
}

/* The adiabat on a uniform log P grid from (lp0, logT0), n nodes (isentrope or RK4). Nodes past
   `top` (the centre) serve only as the interpolation stencil's outer points: where the EOS table
   ends before them (MH13 stops at rho = 6 g/cc, log P ~ 13.96), they are extrapolated linearly,
   so a model whose centre lies inside the table is never refused for its stencil. */
static int adiabat_grid(const jv_eos_t *eos, double y, double lp0, double lt0, int n, double top, double *logT,
                        int *n_exact, jv_error_t *err) {
  double lt = lt0, lp = lp0, h = AD_STEP, S0;
  JV_TRY(err, jv_eos_adiabat_start(eos, y, lt0, lp0, &S0, err));
  logT[0] = lt;
  if (n_exact != NULL) *n_exact = n;
  for (int k = 1; k < n; ++k, lp += h) {
    int status = jv_eos_adiabat_advance(eos, y, S0, lp, h, &lt, err);
    if (status == JV_EDOM && k >= 2 && lp + h > top) {
      if (n_exact != NULL) *n_exact = k;
      for (; k < n; ++k) logT[k] = 2.0 * logT[k - 1] - logT[k - 2];
      jv_error_clear(err);
      return JV_OK;
    }
    JV_TRY(err, status);
    logT[k] = lt;
  }
  return JV_OK;
}

/* Catmull-Rom interpolation in a uniform table (linear extrapolation of the rim nodes). */
static double table_at(const double *y, int n, double x0, double h, double x) {
  double t = (x - x0) / h;
  int i = (int)floor(t);
  if (i < 0) i = 0;
  if (i > n - 2) i = n - 2;
  t -= i;
  double p0 = i > 0 ? y[i - 1] : 2.0 * y[i] - y[i + 1], p1 = y[i], p2 = y[i + 1];
  double p3 = i + 2 < n ? y[i + 2] : 2.0 * y[i + 1] - y[i];
  return p1 + 0.5 * t * (p2 - p0 + t * (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3 + t * (3.0 * (p1 - p2) + p3 - p0)));
}

static int check_params(const jv_interior_params_t *p, jv_error_t *err) {
  if (!(p->M_core_ME >= 0.0 && p->M_core_ME < 300.0)) JV_FAIL(err, JV_EDOM, "M_core = %g M_E", p->M_core_ME);
  if (!(p->P_Z_Mbar > 0.0)) JV_FAIL(err, JV_EDOM, "P_Z = %g Mbar", p->P_Z_Mbar);
  if (!(p->dT_K >= 0.0)) JV_FAIL(err, JV_EDOM, "Delta T = %g K", p->dT_K);
  if (!(p->Z_env >= 0.0 && p->Z_dil >= 0.0 && p->Z_env + p->Z_dil < 1.0))
    JV_FAIL(err, JV_EDOM, "Z_env = %g, Z_dil = %g: need Z_env + Z_dil < 1", p->Z_env, p->Z_dil);
  if (!(p->y_1 >= 0.0 && p->y_1 < 1.0)) JV_FAIL(err, JV_EDOM, "y_1 = %g", p->y_1);
  if (!(p->T_1bar > 0.0)) JV_FAIL(err, JV_EDOM, "T_1bar = %g K", p->T_1bar);
  if (!isfinite(p->m_dil) || !isfinite(p->eos_A) || !isfinite(p->eos_logP_mod))
    JV_FAIL(err, JV_EDOM, "m_dil, eos_A and eos_logP_mod must be finite");
  if (p->eos_A != 0.0 && !(p->eos_sigma > 0.0)) JV_FAIL(err, JV_EDOM, "EOS perturbation sigma = %g", p->eos_sigma);
  return JV_OK;
}

/* The molecular adiabat: from (P_surface, T_1bar) with y_1 to a little past P_Z. */
static int molecular_adiabat(jv_interior_ws_t *w, const jv_interior_params_t *p, jv_error_t *err) {
  w->mol_lp0 = log10(w->set.P_surface);
  double lpz = log10(p->P_Z_Mbar * 1e12);
  /* two nodes past P_Z, so that the cubic interpolation at P_Z needs no extrapolated node */
  w->n_mol = (int)ceil((lpz - w->mol_lp0) / AD_STEP) + 3;
  if (w->n_mol < 4) w->n_mol = 4;
  if (w->n_mol > AD_MAX) JV_FAIL(err, JV_EDOM, "P_Z = %g Mbar beyond the adiabat range", p->P_Z_Mbar);
  JV_TRY(err, adiabat_grid(w->set.eos, p->y_1, w->mol_lp0, log10(p->T_1bar), w->n_mol, lpz, w->mol_logT, NULL, err));
  return JV_OK;
}

/* The metallic adiabat from (P_Z, T(P_Z) + Delta T) with y_2, up to log P = top. */
static int metallic_adiabat(jv_interior_ws_t *w, const jv_interior_params_t *p, double y2, double top,
                            jv_error_t *err) {
  double lpz = log10(p->P_Z_Mbar * 1e12);
  double Tz = pow(10.0, table_at(w->mol_logT, w->n_mol, w->mol_lp0, AD_STEP, lpz)) + p->dT_K;
  int n = (int)ceil((top - lpz) / AD_STEP) + 3; /* two nodes past the centre, as above */
  if (n < 4) n = 4;
  if (n > AD_MAX) JV_FAIL(err, JV_EDOM, "central pressure 10^%.2f beyond the adiabat range", top);
  if (y2 == w->met_y && Tz == w->met_T0 && lpz == w->met_lp0 && top <= w->met_top) return JV_OK;
  int n_exact;
  JV_TRY(err, adiabat_grid(w->set.eos, y2, lpz, log10(Tz), n, top, w->met_logT, &n_exact, err));
  w->met_lp0 = lpz;
  w->met_y = y2;
  w->met_T0 = Tz;
  w->n_met = n;
  w->met_top = lpz + (n_exact - 1) * AD_STEP; /* a later, higher centre recomputes the grid */
  return JV_OK;
}

static void initial_guess(jv_interior_ws_t *w) {
  const double *z = jv_tof_z(w->tof);
  double *rho = jv_tof_density(w->tof);
  jv_tof_reset_shapes(w->tof);
  /* n = 1 polytrope, normalised to unit mass, and Jupiter's mean radius */
  for (int i = 0; i < w->n; ++i) rho[i] = sin(3.14159265358979 * z[i]) / (3.14159265358979 * z[i]) + 1e-4;
  double mass = jv_tof_mass_integral(w->tof);
  for (int i = 0; i < w->n; ++i) rho[i] /= mass;
  w->s0 = 6.9911e9;
  w->met_y = -1.0;
}

/* Place the core edge inside the cell where int rhohat d(z^3) reaches mc (bisection on the
   jump fraction, with the quadrature's own jump-cell rule, so the core mass is exact). */
static void place_core(jv_interior_ws_t *w, double mc, const double *rhohat, double *jumps) {
  for (int i = 0; i < w->n; ++i) w->layer[i] = LAYER_METAL;
  if (mc <= w->mz[0]) return; /* inside the first level: negligible */
  for (int c = 0; c + 1 < w->n; ++c) {
    w->layer[c] = LAYER_CORE;
    if (w->mz[c + 1] < mc) continue;
    double lo = 0.0, hi = 1.0, below, above;
    for (int k = 0; k < 50; ++k) {
      jumps[c] = 0.5 * (lo + hi);
      jv_tof_jump_mass(w->tof, rhohat, c, &below, &above);
      if (w->mz[c] + below < mc)
        lo = jumps[c];
      else
        hi = jumps[c];
    }
    jumps[c] = fmin(fmax(0.5 * (lo + hi), 1e-9), 1.0 - 1e-9);
    return;
  }
}

/* Envelope integrals of weight * rhohat d(z^3): total (outside the core), and the part below
   the helium transition (cell cz holds its jump; cz < 0: none). */
static void envelope_mass(jv_interior_ws_t *w, const double *weight, int cz, double *total, double *below_pz) {
  double *cum = jv_tof_scratch(w->tof, 3), b, a;
  jv_tof_weighted_mass(w->tof, weight, cum);
  *total = cum[w->n - 1];
  if (cz < 0) {
    *below_pz = w->layer[w->n - 1] == LAYER_MOL ? 0.0 : *total;
    return;
  }
  jv_tof_jump_mass(w->tof, weight, cz, &b, &a);
  *below_pz = cum[cz] + b;
}

/* Results of a converged model: J at the reference radius, radii, masses, centre, and the
   EOS perturbation's energy integral; profiles in physical units. */
static void fill_results(jv_interior_ws_t *w, const jv_interior_params_t *p, const double *J, double mc, double y2,
                         jv_interior_result_t *res) {
  const jv_interior_setup_t *set = &w->set;
  const int n = w->n;
  const double *z = jv_tof_z(w->tof);
  double *rhohat = jv_tof_density(w->tof);
  {
    double a = jv_tof_req_over_s0(w->tof) * w->s0;
    res->order = set->order;
    res->J[0] = 1.0;
    for (int k = 1; k <= set->order; ++k) res->J[k] = J[k] * pow(a / set->R_ref, 2 * k);
    res->R_eq = a;
    res->R_pol = jv_tof_rpol_over_s0(w->tof) * w->s0;
    res->R_mean = w->s0;
    res->q = set->omega * set->omega * a * a * a / set->GM;
    res->m_rot = set->omega * set->omega * w->s0 * w->s0 * w->s0 / set->GM;
    double mu = jv_tof_mass_integral(w->tof);
    jv_tof_mass_profile(w->tof, w->mz);
    int cz = -1;
    for (int c = 0; c + 1 < n; ++c)
      if (w->layer[c] == LAYER_METAL && w->layer[c + 1] == LAYER_MOL) cz = c;
    double *wt = jv_tof_scratch(w->tof, 2), mz_tot, mz_dil, unused;
    for (int i = 0; i < n; ++i) wt[i] = w->layer[i] == LAYER_CORE ? 0.0 : w->Z[i] * rhohat[i];
    envelope_mass(w, wt, cz, &mz_tot, &unused);
    for (int i = 0; i < n; ++i) wt[i] = w->layer[i] == LAYER_CORE ? 0.0 : (w->Z[i] - p->Z_env) * rhohat[i];
    envelope_mass(w, wt, cz, &mz_dil, &unused);
    double to_me = w->M / M_EARTH_G / mu;
    res->M_core_ME = mc > w->mz[0] ? p->M_core_ME : 0.0;
    res->M_Z_ME = mz_tot * to_me + res->M_core_ME;
    res->M_Z_dil_ME = mz_dil * to_me;
    res->y_2 = y2;
    double w0 = z[0] * z[0] / (z[1] * z[1] - z[0] * z[0]);
    res->P_c = w->P[0] + (w->P[0] - w->P[1]) * w0;
    res->rho_c = w->rho[0] + (w->rho[0] - w->rho[1]) * w0;
    res->T_c = w->T[0];
    double e = 0.0, eabs = 0.0;
    for (int c = 0; c + 1 < n; ++c) {
      if (w->rho_hhe[c] <= 0.0 || w->rho_hhe[c + 1] <= 0.0) continue;
      double dP = w->P[c] - w->P[c + 1];
      double g0 = w->fpert[c] / (1.0 + w->fpert[c]) / w->rho_hhe[c];
      double g1 = w->fpert[c + 1] / (1.0 + w->fpert[c + 1]) / w->rho_hhe[c + 1];
      e += 0.5 * (g0 + g1) * dP;
      eabs += 0.5 * (fabs(g0) + fabs(g1)) * dP;
    }
    res->energy_integral = e;
    res->energy_integral_rel = eabs > 0.0 ? e / eabs : 0.0;
    for (int i = 0; i < n; ++i) {
      w->r[i] = z[i] * w->s0;
      w->m[i] = w->mz[i] / mu;
    }
  }
}

/* One model, from the pinned start, the last model (warm) or spheres, in at most max_iter passes. */
static int solve(jv_interior_ws_t *w, const jv_interior_params_t *p, int max_iter, jv_interior_result_t *res,
                 jv_error_t *err) {
  const jv_interior_setup_t *set = &w->set;
  const int n = w->n;
  double *rhohat = jv_tof_density(w->tof), *jumps = jv_tof_jumps(w->tof);
  double *u = jv_tof_scratch(w->tof, 0), *phat = jv_tof_scratch(w->tof, 1), *newrho = jv_tof_scratch(w->tof, 2);
  double J[JV_TOF_MAX_ORDER + 1], J2_old = 0.0;
  const double pi = 3.14159265358979323846;
  const double lpz = log10(p->P_Z_Mbar * 1e12), mc = p->M_core_ME * M_EARTH_G / w->M;
  double y2 = set->y_proto, ls_prev = 0.0, lmu_prev = 0.0, slope = 1.0;

  JV_TRY(err, check_params(p, err));
  if (w->pin != NULL) {
    jv_tof_state_load(w->tof, w->pin);
    w->s0 = w->pin_s0;
    w->met_y = -1.0;
  } else if (!w->warm) {
    initial_guess(w);
  }
  w->warm = 0;
  JV_TRY(err, molecular_adiabat(w, p, err));
  memset(res, 0, sizeof *res);

  for (int it = 1; it <= max_iter; ++it) {
    /* 1. figures for the current density profile, normalised to the planet's mass */
    double mu = jv_tof_mass_integral(w->tof);
    for (int i = 0; i < n; ++i) rhohat[i] /= mu;
    double m_rot = set->omega * set->omega * w->s0 * w->s0 * w->s0 / set->GM;
    double dshape = jv_tof_step(w->tof, m_rot);
    jv_tof_J(w->tof, J);
    jv_tof_mass_profile(w->tof, w->mz);

    /* 2. hydrostatic pressure: P = P_surface + rhobar (GM/s_0) int rhohat du */
    double rhobar = w->M / (4.0 * pi / 3.0 * w->s0 * w->s0 * w->s0);
    jv_tof_potential(w->tof, u);
    jv_tof_integrate_down(w->tof, u, phat);
    double pscale = rhobar * set->GM / w->s0;
    for (int i = 0; i < n; ++i) w->P[i] = set->P_surface + phat[i] * pscale;

    /* 3. layers, composition, helium conservation, temperatures */
    for (int c = 0; c < n; ++c) jumps[c] = -1.0;
    place_core(w, mc, rhohat, jumps);
    int cz = -1;
    for (int i = 0; i < n; ++i)
      if (w->layer[i] != LAYER_CORE && w->P[i] <= p->P_Z_Mbar * 1e12) w->layer[i] = LAYER_MOL;
    for (int c = 0; c + 1 < n; ++c)
      if (w->layer[c] == LAYER_METAL && w->layer[c + 1] == LAYER_MOL) {
        cz = c;
        if (jumps[c] < 0.0) jumps[c] = (log10(w->P[c]) - lpz) / (log10(w->P[c]) - log10(w->P[c + 1]));
      }
    for (int i = 0; i < n; ++i) {
      if (w->layer[i] == LAYER_CORE) {
        w->Z[i] = 1.0;
        continue;
      }
      w->Z[i] = p->Z_env + 0.5 * p->Z_dil * erfc((w->mz[i] - p->m_dil) / set->dm_dil);
    }
    /* y_2: envelope H-He mass split at P_Z, with the quadrature of the structure */
    double *wt = newrho, m_all, m_met, m_mol;
    for (int i = 0; i < n; ++i) wt[i] = w->layer[i] == LAYER_CORE ? 0.0 : (1.0 - w->Z[i]) * rhohat[i];
    envelope_mass(w, wt, cz, &m_all, &m_met);
    m_mol = m_all - m_met;
    if (m_met > 0.0) y2 = (set->y_proto * (m_mol + m_met) - p->y_1 * m_mol) / m_met;
    if (!(y2 >= 0.0 && y2 < 1.0))
      JV_FAIL(err, JV_EDOM, "helium conservation needs y_2 = %g (outside [0, 1))", y2);
    double top = log10(w->P[0]);
    if (m_met > 0.0) JV_TRY(err, metallic_adiabat(w, p, y2, top, err));

    /* 4. densities from the EOS */
    double T_core = 0.0;
    for (int i = n - 1; i >= 0; --i) {
      double lp = log10(w->P[i]), lt;
      if (w->layer[i] == LAYER_MOL) {
        lt = table_at(w->mol_logT, w->n_mol, w->mol_lp0, AD_STEP, lp);
      } else if (w->layer[i] == LAYER_METAL) {
        lt = table_at(w->met_logT, w->n_met, w->met_lp0, AD_STEP, lp);
      } else {
        lt = T_core > 0.0 ? log10(T_core) : table_at(w->met_logT, w->n_met, w->met_lp0, AD_STEP, lp);
      }
      w->T[i] = pow(10.0, lt);
      if (w->layer[i] == LAYER_CORE) {
        double rz;
        JV_TRY(err, jv_eos_z_density(set->eos, lt, lp, &rz, err));
        w->rho[i] = rz;
        w->rho_hhe[i] = 0.0;
        w->fpert[i] = 0.0;
        w->X[i] = w->Y[i] = 0.0;
        continue;
      }
      T_core = w->T[i];
      double y = w->layer[i] == LAYER_MOL ? p->y_1 : y2, rz = 1.0;
      double logrho;
      JV_TRY(err, jv_eos_hhe_logrho(set->eos, lt, lp, y, &logrho, err));
      w->fpert[i] = p->eos_A != 0.0 ? jv_eos_perturbation(lp, p->eos_A, p->eos_logP_mod, p->eos_sigma) : 0.0;
      w->rho_hhe[i] = pow(10.0, logrho) * (1.0 + w->fpert[i]);
      if (w->Z[i] > 0.0) JV_TRY(err, jv_eos_z_density(set->eos, lt, lp, &rz, err));
      w->rho[i] = 1.0 / ((1.0 - w->Z[i]) / w->rho_hhe[i] + w->Z[i] / rz);
      w->X[i] = (1.0 - w->Z[i]) * (1.0 - y);
      w->Y[i] = (1.0 - w->Z[i]) * y;
    }
    double drho = 0.0;
    for (int i = 0; i < n; ++i) {
      newrho[i] = w->rho[i] / rhobar;
      drho = fmax(drho, fabs(newrho[i] - rhohat[i]) / newrho[i]);
      rhohat[i] = newrho[i];
    }
    /* 5. mass: secant step on ln s_0 against ln(mass / M); the slope is ~ 3 - 4/gamma ~ 1 */
    double lmu = log(jv_tof_mass_integral(w->tof)), ls = log(w->s0);
    if (it > 1 && fabs(ls - ls_prev) > 1e-9) {
      slope = (lmu - lmu_prev) / (ls - ls_prev);
      if (!(slope > 0.3)) slope = 0.3;
      if (slope > 3.0) slope = 3.0;
    }
    ls_prev = ls;
    lmu_prev = lmu;
    /* at most MAX_DLN_S0 a pass: early passes then stay inside the EOS tables (MH13 ends at 6 g/cc) */
    w->s0 = exp(ls + fmax(-MAX_DLN_S0, fmin(MAX_DLN_S0, -lmu / slope)));

    double dJ = fabs(J[1] - J2_old) / fabs(J[1]);
    J2_old = J[1];
    res->iterations = it;
    if (it > 3 && dJ < set->tol && drho < set->tol && fabs(lmu) < set->tol && dshape < set->tol) {
      fill_results(w, p, J, mc, y2, res);
      w->warm = 1;
      return JV_OK;
    }
  }
  JV_FAIL(err, JV_ENOCONV, "interior model did not converge to %g in %d iterations", set->tol, max_iter);
}

int jv_interior_model(jv_interior_ws_t *w, const jv_interior_params_t *p, jv_interior_result_t *res,
                      jv_error_t *err) {
  return solve(w, p, w->set.max_iter, res, err);
}


int jv_interior_pin_start(jv_interior_ws_t *w, const jv_interior_params_t *p, int max_iter, jv_error_t *err) {
  jv_interior_result_t res;
  free(w->pin);
  w->pin = NULL;
  w->warm = 0;
  JV_TRY(err, solve(w, p, max_iter, &res, err));
  JV_ALLOC(err, w->pin, jv_tof_state_size(w->tof));
  jv_tof_state_save(w->tof, w->pin);
  w->pin_s0 = w->s0;
  return JV_OK;
}

int jv_interior_levels(const jv_interior_ws_t *w) { return w->n; }

void jv_interior_get_profiles(const jv_interior_ws_t *w, jv_interior_profiles_t *prof) {
  prof->n = w->n;
  prof->r = w->r;
  prof->m = w->m;
  prof->P = w->P;
  prof->T = w->T;
  prof->rho = w->rho;
  prof->X = w->X;
  prof->Y = w->Y;
  prof->Z = w->Z;
}
