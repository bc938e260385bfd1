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
 * A workspace for the theory of figures of order K (4, 7 or 10) on N level surfaces z = s/s_0
 * = (i+1)/N, i = 0..N-1 (s: volume-equivalent radius; s_0 the planet's). It holds the density
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
/* Start from spheres. */
void jv_tof_reset_shapes(jv_tof_t *tof);
/* One fixed-point pass: figure functions, radial integrals, potential coefficients A_2n and a
   shape update, at rotation m = omega^2 s_0^3 / (G M). Returns the largest shape change. */
double jv_tof_step(jv_tof_t *tof, double m_rot);
/* int_0^1 rhohat d(z^3) (1 for a normalised density); mz[i] = int_0^{z_i} rhohat d(z^3). */
double jv_tof_mass_integral(jv_tof_t *tof);
void jv_tof_mass_profile(jv_tof_t *tof, double *mz);
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

/* A barotrope rho(P) in the dimensionless units above (the solver renormalises the mass). */
typedef double (*jv_barotrope_fn)(double p, const void *ctx);
/*
 * Relax a barotrope (rho_of_p != NULL) or a fixed density (NULL: what jv_tof_density holds) at
 * fixed q = omega^2 a^3/(G M) until shapes, J2..J6 and density change by less than tol.
 * JV_ENOCONV after max_iter passes.
 */
int jv_tof_solve_barotrope(jv_tof_t *tof, double q, jv_barotrope_fn rho_of_p, const void *ctx, double tol,
                           int max_iter, int *iterations, jv_error_t *err);

#endif /* JOVIS_INTERIOR_H */
