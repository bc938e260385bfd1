/*
 * jovis interior: the Jupiter interior forward model of Howard et al. 2023 [H23] (SCIENCE.md
 * section 4): H-He and heavy-element equations of state, the layered structure (compact core,
 * dilute core Z(m), molecular and metallic envelopes split at P_Z), rotating hydrostatic
 * equilibrium by the theory of figures (order 4, 7 or 10), and the gravity harmonics.
 *
 * Units: cgs throughout (g, cm, s, K, dyn/cm^2, erg/g/K), as the EOS tables are; logarithms are
 * base 10. Inputs given in other units say so in their names (_ME Earth masses, _Mbar, _K, _km).
 * No MPI here.
 */
#ifndef JOVIS_INTERIOR_H
#define JOVIS_INTERIOR_H

#include "jovis/core.h"

/* ================================================================ theory of figures */
/*
 * A workspace for the theory of figures of order K (4, 7 or 10) on N level surfaces
 * z_i = s/s_0 = sin(pi/2 (i+1)/N), i = 0..N-1 (s: volume-equivalent radius; s_0 the planet's;
 * the sine spacing refines the surface, where density falls as a power of depth). It holds the density
 * on the levels (rho/rhobar, rhobar = 3M/(4 pi s_0^3)), the shapes s_2n(z), the figure
 * functions and the radial integrals; allocated once, reused for every model.
 * Gives J_2 .. J_2K: ToF4 to J8, ToF7 to J14, ToF10 to J20 (the last ones least accurate).
 */
#define JV_TOF_MAX_ORDER 10
#define JV_TOF_SCRATCH 4
typedef struct jv_tof jv_tof_t;

int jv_tof_alloc(int order, int n_levels, jv_tof_t **tof, jv_error_t *err);
void jv_tof_free(jv_tof_t *tof); /* NULL is fine */
int jv_tof_order(const jv_tof_t *tof);
int jv_tof_levels(const jv_tof_t *tof);
const double *jv_tof_z(const jv_tof_t *tof);
/* The density on the levels (rho/rhobar; the caller fills it), and the per-cell jump
   fractions: jumps[c] in (0,1) places a density step inside cell [z_c, z_c+1], -1 none. */
double *jv_tof_density(jv_tof_t *tof);
double *jv_tof_jumps(jv_tof_t *tof);
/* Scratch arrays of N doubles (which = 0..JV_TOF_SCRATCH-1) for drivers. */
double *jv_tof_scratch(jv_tof_t *tof, int which);
/* Solve the shapes on every stride-th level only (from the surface in, plus the innermost)
   and interpolate them, cubic in the level index, between: the cost of a pass drops ~stride
   times (Nettelmann 2017 does the same); default 1. */
int jv_tof_set_stride(jv_tof_t *tof, int stride, jv_error_t *err);
/* Start from spheres. */
void jv_tof_reset_shapes(jv_tof_t *tof);
/* One fixed-point pass: figure functions, radial integrals, potential coefficients A_2n and a
   shape update, at rotation m = omega^2 s_0^3 / (G M). Returns the largest shape change. */
double jv_tof_step(jv_tof_t *tof, double m_rot);
/* int_0^1 rhohat d(z^3) (1 for a normalised density); mz[i] = int_0^{z_i} rhohat d(z^3). */
double jv_tof_mass_integral(jv_tof_t *tof);
void jv_tof_mass_profile(jv_tof_t *tof, double *mz);
/* cum[i] = int_0^{z_i} weight d(z^3) with the same quadrature and jumps as the density; and the
   two parts of jump cell `cell` below and above its jump. */
void jv_tof_weighted_mass(jv_tof_t *tof, const double *weight, double *cum);
void jv_tof_jump_mass(jv_tof_t *tof, const double *weight, int cell, double *below, double *above);
/* u[i] = U / (G M / s_0) on level i (the total potential, gravity and rotation). */
void jv_tof_potential(const jv_tof_t *tof, double *u);
/* out[i] = int_{z_i}^1 rhohat dg (e.g. g = u gives the hydrostatic pressure in P/(rhobar G M/s_0)). */
void jv_tof_integrate_down(jv_tof_t *tof, const double *g, double *out);
/* Surface equatorial and polar radius over s_0; J[k] = J_2k for k = 1..K (J[0] = 1). */
double jv_tof_req_over_s0(const jv_tof_t *tof);
double jv_tof_rpol_over_s0(const jv_tof_t *tof);
void jv_tof_J(const jv_tof_t *tof, double *J);
/* Shape coefficient s_2n (n2 = 1..K) of a level. */
double jv_tof_shape(const jv_tof_t *tof, int level, int n2);
/* The solver's whole state between passes (shapes, density, jump fractions): its size in doubles,
   and copies out and in (a driver's saved starting point). */
size_t jv_tof_state_size(const jv_tof_t *tof);
void jv_tof_state_save(const jv_tof_t *tof, double *state);
void jv_tof_state_load(jv_tof_t *tof, const double *state);

/* A barotrope rho(P) in the dimensionless units above (the solver renormalises the mass). */
typedef double (*jv_barotrope_fn)(double p, const void *ctx);
/*
 * Relax a barotrope (rho_of_p != NULL) or a fixed density (NULL: what jv_tof_density holds) at
 * fixed q = omega^2 a^3/(G M) until shapes, J2..J6 and density change by less than tol.
 * JV_ENOCONV after max_iter passes.
 */
int jv_tof_solve_barotrope(jv_tof_t *tof, double q, jv_barotrope_fn rho_of_p, const void *ctx, double tol,
                           int max_iter, int *iterations, jv_error_t *err);

/* ================================================================ equations of state */
/*
 * A named EOS choice, loaded once and then shared read-only by every walker (no state changes
 * after jv_eos_open, so concurrent readers are safe). H-He choices (`hhe`):
 *   analytic  built in, no tables: n = 1 polytropes rho_i = sqrt(P / K_i) for H and He with
 *             K_H = 3.1e12 cgs and rho_He / rho_H = 3 (a protosolar Z-free planet then has
 *             Jupiter's mean radius, R = sqrt(pi K / 2G)); grad_ad = 0.3, no entropy; never out
 *             of table. For demos and tests on a machine without tables.
 *   scvh95    Saumon, Chabrier & van Horn 1995 H and He tables, additive volume and entropy.
 *   mh13      Militzer & Hubbard 2013 ab initio H-He (Y0 = 0.2466) above log P = 11 (10 GPa),
 *             SCvH95 below 10^10.5 dyn/cm^2, blended linearly in log P between; helium
 *             fractions other than Y0 by the SCvH95 additive-volume difference
 *             1/rho(y) = 1/rho_MH13 + (y - y0) (1/rho_He - 1/rho_H)_SCvH95 (taken up to
 *             0.24 dex hotter where SCvH95 has no cold, dense data).
 *   cms19     user-provided Chabrier+2019 (or CD21 effective-H) H table and CMS19 He table in
 *             the authors' format (paths in the spec), additive volume and entropy.
 * Heavy elements (`z`): analytic (rho_Z = 4 rho_H of the analytic EOS), water_mazevet19
 * (Mazevet+2019 ab initio water), sesame_drysand (SESAME rock as tabulated in GASTLI),
 * aneos_serpentine, aneos_ice (ANEOS, Mankovich's tables; provisional, see their PROVENANCE).
 * The mixture: 1/rho = (1-Z)/rho_HHe(y) + Z/rho_Z, y = Y/(X+Y) (SCIENCE.md section 4); the
 * adiabat follows the H-He entropy, grad_ad = -(dS/dlogP)_T / (dS/dlogT)_P.
 */
typedef struct jv_eos jv_eos_t;

typedef struct {
  const char *hhe;      /* "analytic", "scvh95", "mh13", "cms19" */
  const char *z;        /* "analytic", "water_mazevet19", "sesame_drysand", "aneos_serpentine", "aneos_ice" */
  const char *data_dir; /* folder holding scvh95/, mh13/, heavy_elements/ (e.g. ../shared/data/eos) */
  const char *cms19_h, *cms19_he; /* table paths for hhe = cms19 */
} jv_eos_spec_t;

typedef struct {
  double logrho; /* log10 g/cc of the H-He mixture */
  double S;      /* erg/g/K (0 for the analytic EOS) */
  double dS_dlogT; /* (dS/dlog10 T)_P */
  double grad_ad;
} jv_eos_state_t;

int jv_eos_open(const jv_eos_spec_t *spec, jv_eos_t **eos, jv_error_t *err);
void jv_eos_free(jv_eos_t *eos);
/* One line saying what the choice is made of. */
const char *jv_eos_describe(const jv_eos_t *eos);
/* H-He mixture with helium fraction y = Y/(X+Y) at (log T, log P); JV_EDOM out of table. */
int jv_eos_hhe(const jv_eos_t *eos, double logT, double logP, double y, jv_eos_state_t *st, jv_error_t *err);
/* The density alone (no entropy work): what the structure needs on every level. */
int jv_eos_hhe_logrho(const jv_eos_t *eos, double logT, double logP, double y, double *logrho, jv_error_t *err);
/* Heavy-element density [g/cc]. */
int jv_eos_z_density(const jv_eos_t *eos, double logT, double logP, double *rho, jv_error_t *err);

/*
 * EOS perturbation (jovis form of [H23] Eq. 9): rho_HHe -> rho_HHe (1 + f(P)),
 *   f(P) = A sqrt(P_mod/P) exp(-u^2) erf(u),  u = (log10 P - log10 P_mod) / sigma.
 * On an n = 1 polytrope (rho ~ sqrt(P)) int f/rho dP vanishes (the integrand is odd in u), so
 * the internal-energy integral int delta rho / rho^2 dP is unchanged to first order.
 */
double jv_eos_perturbation(double logP, double A, double logP_mod, double sigma);

/*
 * An adiabat of the H-He mixture (helium fraction y, heavy elements Z by additive volume) from
 * (logP[0], T0): dlogT/dlogP = grad_ad, RK4 in log P with steps <= 0.02 dex between the caller's
 * increasing nodes logP[0..n-1]; fills logT[] and logrho[] of the mixture. JV_EDOM out of table.
 */
int jv_eos_adiabat(const jv_eos_t *eos, double y, double Z, double T0, const double *logP, int n, double *logT,
                   double *logrho, jv_error_t *err);
/*
 * Adiabats. Where the choice has one consistent entropy table (scvh95, cms19, +hg23) the adiabat
 * is the isentrope S(T, P) = S0, solved for T by Newton's method: T(P) is then as smooth as the
 * interpolated S and does not depend on a step size. Otherwise (analytic; mh13, whose entropy zero
 * point differs from SCvH95's by ~5% across the join) dlogT/dlogP = grad_ad is integrated by RK4.
 * jv_eos_adiabat_start gives the invariant at (logP0, logT0) (S0, or 0 without isentrope);
 * jv_eos_adiabat_advance moves (logP, *logT) to logP + h on the same adiabat.
 */
int jv_eos_isentropic(const jv_eos_t *eos);
int jv_eos_adiabat_start(const jv_eos_t *eos, double y, double logT0, double logP0, double *S0, jv_error_t *err);
int jv_eos_adiabat_advance(const jv_eos_t *eos, double y, double S0, double logP, double h, double *logT,
                           jv_error_t *err);
/* grad_ad of the H-He mixture at (log T, log P) (a convenience over jv_eos_hhe). */
int jv_eos_grad_ad(const jv_eos_t *eos, double logT, double logP, double y, double *grad_ad, jv_error_t *err);
/* Mixture density [g/cc] with heavy elements: 1/rho = (1-Z)/rho_HHe + Z/rho_Z. */
int jv_eos_mix_density(const jv_eos_t *eos, double logT, double logP, double y, double Z, double *rho,
                       jv_error_t *err);

/* ================================================================ the forward model */
/*
 * Usage (the interior MCMC, issue #6):
 *   once:        jv_eos_open(&spec, &eos, err);                 -- tables, shared read-only
 *   per walker:  jv_interior_setup_default(&setup); setup.eos = eos; (edit fields)
 *                jv_interior_ws_alloc(&setup, &ws, err);         -- all memory, once
 *   per call:    status = jv_interior_model(ws, &params, &result, err);
 *                JV_OK: result filled. JV_EDOM (a layer left the EOS table, or the parameters
 *                are unphysical, e.g. Y_2 outside [0,1]) and JV_ENOCONV (figures/structure did
 *                not converge to setup.tol in setup.max_iter) are recoverable: reject the
 *                proposal. Other statuses are bugs or bad setups.
 *   end:         jv_interior_ws_free(ws); jv_eos_free(eos);
 * jv_interior_model allocates nothing. It starts from the previous converged model held in
 * the workspace (faster for nearby MCMC proposals), or from a pinned one (jv_interior_pin_start);
 * cold and warm answers agree to ~1e-9 in J2 at the default tol (1e-9).
 *
 * Layers (SCIENCE.md section 4, [H23]): compact core of heavy elements (Z = 1) of mass
 * M_core; above it H-He with Z(m) = Z_env + Z_dil erfc((m - m_dil)/dm)/2 (m = M(r)/M_J) and
 * helium y_2 = Y/(X+Y) below the transition pressure P_Z, Z_env and y_1 above; temperature on
 * the adiabat from T_1bar at 1 bar, T rising by Delta T across P_Z; y_2 set so that the whole
 * H-He envelope has y_proto. The compact core is isothermal at the temperature above it. Total
 * mass is fixed (GM): the mean radius is solved for, J_2n and R_eq are outputs.
 */
typedef struct {
  const jv_eos_t *eos; /* required */
  int order;           /* theory of figures order: 4, 7 (default) or 10 */
  int n_levels;        /* level surfaces (default 256) */
  int shape_stride;    /* shapes solved on every k-th level, splined between (default 4) */
  double tol;          /* convergence: relative change of J2, densities, mass (default 1e-9) */
  int max_iter;        /* default 200 */
  double GM;           /* cm^3/s^2 (Durante+2020: 1.266865341e23) */
  double G;            /* cgs (CODATA 2018) */
  double omega;        /* rad/s (System III, 9h55m29.7s) */
  double R_ref;        /* reference radius of the J_2n [cm] (71492 km) */
  double P_surface;    /* dyn/cm^2 at the outer level (1 bar) */
  double y_proto;      /* protosolar Y/(X+Y) = 0.277 */
  double dm_dil;       /* dilute-core width in m = M(r)/M_J (0.075) */
} jv_interior_setup_t;

typedef struct {
  double M_core_ME; /* compact core mass [Earth masses], >= 0 */
  double P_Z_Mbar;  /* helium transition pressure [Mbar] */
  double dT_K;      /* temperature increase across P_Z [K] */
  double Z_dil;     /* added heavy elements at the centre of the dilute core */
  double m_dil;     /* where the added Z falls to half, in m = M(r)/M_J */
  double Z_env;     /* Z_1 = Z_2 */
  double y_1;       /* molecular envelope Y/(X+Y) (Galileo: 0.238) */
  double T_1bar;    /* K */
  double eos_A, eos_logP_mod, eos_sigma; /* EOS perturbation f(P); A = 0: none */
} jv_interior_params_t;

typedef struct {
  int order;            /* J[1..order] filled */
  double J[JV_TOF_MAX_ORDER + 1]; /* J[k] = J_2k at R_ref (J[0] = 1) */
  double R_eq, R_pol, R_mean;     /* cm */
  double q, m_rot;      /* omega^2 R_eq^3/GM and omega^2 R_mean^3/GM */
  double M_Z_ME, M_Z_dil_ME, M_core_ME; /* heavy elements: total, added by the dilute core, compact core */
  double y_2;           /* metallic-envelope Y/(X+Y) from helium conservation */
  double P_c, T_c, rho_c; /* centre (extrapolated from the inner levels) */
  double energy_integral; /* int delta rho / rho^2 dP of the EOS perturbation [erg/g] */
  double energy_integral_rel; /* the same over int |delta rho| / rho^2 dP (0 when A = 0) */
  int iterations;
} jv_interior_result_t;

typedef struct jv_interior_ws jv_interior_ws_t;

/* Jupiter defaults (see the field comments); eos is left NULL. */
void jv_interior_setup_default(jv_interior_setup_t *setup);
/* [H23]-like defaults: M_core 0, P_Z 3 Mbar, Delta T 0, no dilute core, Z_env 0.02, y_1 0.238, T_1bar 166.1. */
void jv_interior_params_default(jv_interior_params_t *params);
int jv_interior_ws_alloc(const jv_interior_setup_t *setup, jv_interior_ws_t **ws, jv_error_t *err);
void jv_interior_ws_free(jv_interior_ws_t *ws);
int jv_interior_model(jv_interior_ws_t *ws, const jv_interior_params_t *params, jv_interior_result_t *result,
                      jv_error_t *err);
/* Solve the model at `params` from spheres (with up to max_iter passes, whatever setup.max_iter
   says) and pin it as the starting point of every later call. Unpinned, a call starts from the
   previous call's model, so its answer (to ~tol) depends on the history of calls; pinned, it is
   a function of the parameters alone, and an MCMC run resumed from its file repeats the
   uninterrupted run bitwise. The model's own status if it fails (nothing is pinned then). */
int jv_interior_pin_start(jv_interior_ws_t *ws, const jv_interior_params_t *params, int max_iter,
                          jv_error_t *err);

/* Profiles of the last converged model, n = jv_interior_levels() values from the centre out:
   r (mean radius, cm), m (M(r)/M_J), P (dyn/cm^2), T (K), rho (g/cc), X, Y, Z. */
typedef struct {
  const double *r, *m, *P, *T, *rho, *X, *Y, *Z;
  int n;
} jv_interior_profiles_t;
void jv_interior_get_profiles(const jv_interior_ws_t *ws, jv_interior_profiles_t *prof);
int jv_interior_levels(const jv_interior_ws_t *ws);

#endif /* JOVIS_INTERIOR_H */
