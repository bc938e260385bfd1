/*
 * jovis photon: photon-mass and dark-photon physics for Juno's field [Y24] (SCIENCE.md section 2).
 *
 *  - Radial functions (jv_radial_t values for the design matrix of jovis/magnetic.h) for a Proca
 *    (massive) photon and for a kinetically mixed dark photon, normalised so the coefficients keep
 *    their meaning at r = a and the massless limit is exact.
 *  - The marginalised likelihood at a grid point (QR of the whitened design matrix, then an SVD of
 *    R; chi2 from residual vectors), its Jeffreys prior, and the dark-photon eps scan that reuses
 *    one QR of [A_0 | A_m'] for every eps at fixed m'.
 *  - Credible upper limits from a posterior tabulated on a grid.
 *
 * Units: masses in eV; mu = m c / hbar; lengths in units of a = R_J = 71,492 km, so the only
 * dimensionless mass parameter the physics sees is mu a = m / (hbar c / a) (m = 1e-15 eV gives
 * mu a = 0.3623). Matrices are column-major with an explicit leading dimension (LAPACK order).
 * Nothing here uses MPI.
 */
#ifndef JOVIS_PHOTON_H
#define JOVIS_PHOTON_H

#include <stddef.h>

#include "jovis/core.h"
#include "jovis/io.h"
#include "jovis/magnetic.h"

/* hbar c in eV m (CODATA 2018) and a = R_J in m. */
#define JV_PHOTON_HBARC_EV_M 1.973269804e-7
#define JV_PHOTON_RJ_M 7.1492e7

/* mu a for a photon mass in eV, and back. */
double jv_photon_mu_a(double mass_ev);
double jv_photon_mass_ev(double mu_a);

/* ---------------------------------------------------------------- radial functions */
/*
 * Parameters a radial value points at (the caller owns them and keeps them alive while the
 * jv_radial_t is used). Massive photon: mu_a only. Dark photon: mu_a (of m'), eps, r0_over_a.
 */
typedef struct {
  double mu_a;      /* mu a >= 0 (0: massless) */
  double eps;       /* kinetic mixing >= 0 (dark photon) */
  double r0_over_a; /* radius inside which the planet's currents flow, 0 <= r0 < 1 (dark photon) */
} jv_photon_params_t;

/*
 * Internal sources: F_n = (a/r) k_n(mu r)/k_n(mu a), G_n = (a/(n r)) [n k_n + mu r k_{n-1}]/k_n(mu a);
 * external sources: the same with i_n (SCIENCE.md section 2, jovis form). Fails (JV_EDOM) for
 * mu_a < 0 or r_over_a <= 0.
 */
jv_radial_t jv_photon_radial_massive(const jv_photon_params_t *p);

/*
 * Dark photon: the visible field cos^2 chi B_0 + sin^2 chi B_m' [Y24 Eq. 11-12], per internal degree
 * F_n = (a/r)^(n+2) [c + s S_n kappa_n(mu r)] / [c + s S_n kappa_n(mu a)] (G_n with the tangential
 * form), c = cos^2 chi = 1/(1+eps^2), s = sin^2 chi. External sources stay massless.
 */
jv_radial_t jv_photon_radial_dark(const jv_photon_params_t *p);

/*
 * The massive part of the dark-photon field alone, unnormalised: F_n = (a/r)^(n+2) S_n kappa_n(mu r),
 * G_n = (a/r)^(n+2) S_n lambda_n(mu r); external sources massless. With the massless radial this
 * spans the dark-photon design matrix: column of degree n of A(eps) = c1_n A_0 + c2_n A_part,
 * c1_n = c / D_n, c2_n = s / D_n, D_n = c + s S_n kappa_n(mu a) (jv_photon_dark_coefs).
 */
jv_radial_t jv_photon_radial_dark_part(const jv_photon_params_t *p);

/* c1_n, c2_n of the decomposition above for n = 1..nmax (index 0 unused), and their derivatives
   with respect to eps (dc1, dc2 may be NULL). */
int jv_photon_dark_coefs(const jv_photon_params_t *p, int nmax, double *c1, double *c2, double *dc1,
                         double *dc2, jv_error_t *err);

/*
 * The building blocks, exposed for tests. kappa_n(x) = x^(n+1) k_n(x) / lim_{x->0} x^(n+1) k_n(x)
 * (so kappa_n(0) = 1), and iota_n(x) = (2n+1)!! i_n(x) / x^n (iota_n(0) = 1), for n = 0..nmax
 * (out[nmax+1]). The _scaled forms are multiplied by exp(+x) (kappa) or exp(-x) (iota) so that
 * neither overflows nor underflows for x up to ~1e300.
 */
int jv_photon_kappa_scaled(int nmax, double x, double *out, jv_error_t *err);
int jv_photon_iota_scaled(int nmax, double x, double *out, jv_error_t *err);

/* ---------------------------------------------------------------- likelihood at a grid point */
/*
 * The fixed part of a scan: data positions, whitening weights w = 1/sigma and whitened data
 * y~ = w (b - b_fixed), the SH degrees fitted and the modes kept (SCIENCE.md section 2, "Fit and
 * marginalised likelihood"). k = 0 means untruncated (k = P). The caller owns every array.
 */
typedef struct {
  const jv_mag_data_t *data;
  const double *w, *y; /* 3n each */
  int n_int, n_ext;
  size_t k;
} jv_photon_problem_t;

/*
 * One grid point: chi2_min (from the residual vector), sum over kept modes of ln s_i,
 * ln L_marg = -chi2/2 - sum ln s_i, the Fisher information I = |(1 - P_k) dA~/dtheta alpha|^2 and
 * the Jeffreys prior J = sqrt(I). theta is log10 m (mass scans) or log10 eps (eps scans), so that
 * the posterior is integrated on the log grid (J is reparametrisation invariant); s_cut is
 * s_k / s_(k+1), the gap at the truncation (1 when untruncated).
 */
typedef struct {
  size_t k;
  double chi2, sum_log_s, ln_l_marg, fisher, jeffreys, s_cut;
} jv_photon_point_t;

/*
 * Workspaces for one rank: the design builders, a rows x P fit, a rows x P buffer for the
 * derivative, and (dark = 1) the rows x (P + P_int) QR of [A_0 | A_m'] and the small fit of the
 * eps scan. Everything is allocated here; the point functions allocate nothing.
 */
typedef struct jv_photon_work jv_photon_work_t;
int jv_photon_work_alloc(const jv_photon_problem_t *pb, int dark, jv_photon_work_t **w, jv_error_t *err);
void jv_photon_work_free(jv_photon_work_t *w);
/* P, the number of fitted coefficients, and the best-fit coefficients of the last point. */
size_t jv_photon_work_cols(const jv_photon_work_t *w);
const double *jv_photon_work_coef(const jv_photon_work_t *w);

/* Massive photon at mu a (> 0 for the Jeffreys derivative; mu a = 0 gives J = 0): a full design
   build, QR + SVD, and two more builds at mu a e^(+-h) for dA/dlog10 m. */
int jv_photon_mass_point(jv_photon_work_t *w, const jv_photon_problem_t *pb, double mu_a, jv_photon_point_t *out,
                         jv_error_t *err);

/*
 * Dark photon, eps scan at fixed m' (SCIENCE.md section 2, the QR route): prepare() builds
 * [A_0 | A_m'] once, factors it (Q R), keeps c = Q^T y~ and |(1 - Q Q^T) y~|^2 from the residual
 * components; then each eps point forms M = R_0 C1 + R_m' C2 (2P x P, column scalings from
 * jv_photon_dark_coefs) and solves |c - M alpha|^2 by QR + SVD of that small matrix. The Jeffreys
 * derivative is exact: dA/deps alpha = Q (R_0 dC1 + R_m' dC2) alpha. J = 0 for eps > 1 [Y24].
 */
int jv_photon_dark_prepare(jv_photon_work_t *w, const jv_photon_problem_t *pb, double mu_a, double r0_over_a,
                           jv_error_t *err);
int jv_photon_dark_point(jv_photon_work_t *w, double eps, jv_photon_point_t *out, jv_error_t *err);
/* The same point from scratch (design build with the dark radial functions, QR + SVD of the full
   matrix): the reference the eps route is tested and benchmarked against. No Jeffreys (J = NaN). */
int jv_photon_dark_point_direct(jv_photon_work_t *w, const jv_photon_problem_t *pb, double mu_a, double r0_over_a,
                                double eps, jv_photon_point_t *out, jv_error_t *err);

/* ---------------------------------------------------------------- set-up from a config */
/*
 * Everything a scan (or the sampler model) needs, read from the [data], [noise], [model] and
 * [inject] sections (keys documented in inputs/photon_scan.ini): the selected data, sigma from
 * the variance model and each term's median, the optional fixed magnetodisc, and, with
 * [inject] enabled = true, synthetic data on the same positions (an SH model under massive or
 * dark-photon radial functions plus Gaussian noise of the variance model's sigma).
 * [data] source = synthetic (or auto without the file): Juno-like positions from
 * jv_mag_orbits_generate ([synthetic] n_orbits, points_per_pass, period_days, r_peri) and the
 * field of [synthetic] model (default builtin:jrm09_n4; n: truncation) plus the Con2020 disc when
 * [model] disc = con2020, plus Gaussian noise of the variance model's sigma (evaluated on the
 * noise-free field) from [synthetic] seed.
 */
typedef struct {
  jv_mag_data_t *data;
  double *sigma, *w, *y, *b_fixed; /* 3n each; b_fixed NULL without a disc */
  double term_median[4];           /* median over rows of s_fluct, s_sv, s_dir, s_res (nT) */
  double sigma_scale;
  int inject;                      /* injected signal ([inject] enabled)? */
  double inject_mass_ev, inject_dark_mass_ev, inject_eps;
  int synthetic;                   /* data from [synthetic] (built-in field + noise), not a file */
  long noise_seed;                 /* seed of the drawn noise ([inject], else [synthetic]); 0: none */
  char data_origin[1024];          /* the file, or the synthetic set's description */
  jv_photon_problem_t problem;
} jv_photon_setup_t;

int jv_photon_setup(jv_config_t *cfg, jv_photon_setup_t *s, jv_error_t *err);
void jv_photon_setup_free(jv_photon_setup_t *s);

/* ---------------------------------------------------------------- sampler model */
/*
 * `[model] name = photon_mass`: theta = log10(m_gamma/eV) with the Jeffreys prior, hard bounds
 * [model] log10_m_min, log10_m_max; data and fit keys as for `jovis scan` (src/photon/model.c).
 * Fills a jv_model_t (jovis/sampler.h; declared there as an incomplete type for this header).
 */
struct jv_model;
int jv_photon_model_create(jv_config_t *cfg, struct jv_model *m, jv_error_t *err);

/* ---------------------------------------------------------------- scan results on disk */
/*
 * A scan's grid and results, as written to HDF5 by rank 0 after every finished task (a mass, or
 * for dark photons a mass m' with all its eps values), through path.tmp and a rename so that a
 * killed run leaves a consistent file that --resume continues. Layout (group /scan):
 *   attributes kind ("photon" | "dark"), n_int, n_ext, k, r0_over_a, n_data, chi2_sm, sum_log_s_sm,
 *   ln_l_marg_sm, dof, sigma_scale, median_s_fluct_nt, median_s_sv_nt, median_s_dir_nt,
 *   median_s_res_nt, inject (bool) and the injected mass_ev, dark_mass_ev, eps, data_source
 *   ("file" | "synthetic"; files written before it existed read as "file") and data_origin;
 *   datasets mass_ev[n_m], mu_a[n_m], eps[n_eps] (dark), done[n_m], task_seconds[n_m],
 *   task_rank[n_m], and per field chi2, delta_chi2, sum_log_s, ln_l_marg, delta_ln_l_marg,
 *   fisher, jeffreys, s_cut, k, each [n_m] (photon) or [n_m][n_eps] (dark).
 */
enum { JV_PF_CHI2, JV_PF_SUM_LOG_S, JV_PF_LN_L, JV_PF_FISHER, JV_PF_JEFFREYS, JV_PF_S_CUT, JV_PF_K, JV_PF_N };

typedef struct {
  int dark;
  size_t n_m, n_eps;          /* n_eps = 1 for photon-mass scans */
  double *mass_ev, *eps;      /* grids (eps NULL for photon scans) */
  double *val;                /* [(i_m * n_eps + i_eps) * JV_PF_N + field] */
  int64_t *done, *task_rank;  /* n_m */
  double *task_seconds;       /* n_m */
  int n_int, n_ext;
  size_t k, n_data, dof;
  double r0_over_a, chi2_sm, sum_log_s_sm, ln_l_marg_sm, sigma_scale, term_median[4];
  int inject;
  double inject_mass_ev, inject_dark_mass_ev, inject_eps;
  char data_source[16];  /* "file" or "synthetic" */
  char data_origin[1024]; /* path, or the synthetic set's description */
} jv_photon_store_t;

int jv_photon_store_alloc(int dark, size_t n_m, size_t n_eps, jv_photon_store_t *st, jv_error_t *err);
void jv_photon_store_free(jv_photon_store_t *st);
/* A point's values in field order, v[JV_PF_N]: what a scan task sends and the store keeps. */
void jv_photon_point_values(const jv_photon_point_t *pt, double *v);
/* Write the whole store (crash-safe: path.tmp, then rename keeping path.prev). */
int jv_photon_store_write(const jv_photon_store_t *st, const char *path, const jv_run_info_t *info, jv_error_t *err);
/* Read a store written by jv_photon_store_write (allocates; free with jv_photon_store_free). */
int jv_photon_store_read(const char *path, jv_photon_store_t *st, jv_error_t *err);

/* ---------------------------------------------------------------- credible limits */
/*
 * Posterior tabulated as ln p_i (any additive constant; -inf allowed) at increasing theta_i,
 * trapezoid rule between points: the theta where the normalised cumulative reaches q (q = cl,
 * e.g. 0.95, is the credible upper limit of SCIENCE.md). Exact for the trapezoid density.
 */
int jv_photon_quantile(const double *theta, const double *ln_p, size_t n, double q, double *value, jv_error_t *err);

#endif /* JOVIS_PHOTON_H */
