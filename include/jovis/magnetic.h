/*
 * jovis magnetic: Juno magnetometer data, spherical-harmonic and magnetodisc field models, the
 * design matrix and the SVD field fits, field diagnostics. SI units (nT for fields, R_J = 71,492 km
 * for lengths), System III right-handed, colatitude theta, east longitude phi, Schmidt
 * semi-normalised coefficients without Condon-Shortley phase (SCIENCE.md section 2).
 *
 * Coefficient order (the "CHAOS order" of the coefficient files and of every coefficient vector
 * here): for n = 1..N, m = 0..n: g_n^m, then h_n^m when m > 0. N(N+2) numbers for degree N.
 * A fit with internal degree N_int and external degree N_ext has N_int(N_int+2) internal columns
 * followed by N_ext(N_ext+2) external ones (G, H in the same order): 360 + 35 = 395 for 18 + 5.
 *
 * Rows of the design matrix and of data vectors: point i, Cartesian component c (x, y, z) is row
 * 3 i + c. Matrices are column-major (LAPACK's native order) with an explicit leading dimension.
 *
 * Nothing here knows about MPI; nothing on the hot paths (design build, fit solve) allocates.
 */
#ifndef JOVIS_MAGNETIC_H
#define JOVIS_MAGNETIC_H

#include <stddef.h>

#include "jovis/core.h"

#define JV_RJ_KM 71492.0    /* Jupiter's reference radius a (SCIENCE.md section 2) */
#define JV_SH_NMAX_LIMIT 64 /* largest degree any evaluator accepts (stack scratch sizes) */

/* Number of coefficients (g and h) up to degree n: n(n+2). */
#define JV_SH_NCOEF(n) ((n) * ((n) + 2))

/* ---------------------------------------------------------------- radial functions */
/*
 * The radial dependence of a degree-n field, normalised so coefficients keep their meaning at
 * r = a. The design matrix never changes when the physics does: it asks a jv_radial_t.
 *  internal(): F[n] multiplies (n+1) sum_m [g cos + h sin] P_n^m in B_r, and G[n] multiplies the
 *              angular-derivative sums in B_theta and B_phi. Massless: F = G = (a/r)^(n+2).
 *  external(): F[n] multiplies -n sum_m [G cos + H sin] P_n^m in B_r, and G[n] the tangential
 *              sums. Massless: F = G = (r/a)^(n-1).
 * Both fill indices 1..nmax of F and G (index 0 is unused), for r given in units of a.
 * The photon module (massive photon, dark photon) provides other implementations.
 * Implementations must not allocate: they are called once per data point per design build.
 */
typedef struct jv_radial jv_radial_t;
struct jv_radial {
  const char *name;
  int (*internal)(const jv_radial_t *self, int nmax, double r_over_a, double *F, double *G, jv_error_t *err);
  int (*external)(const jv_radial_t *self, int nmax, double r_over_a, double *F, double *G, jv_error_t *err);
  const void *params; /* owned by whoever made the value (e.g. mu a for a massive photon) */
};

/* The standard (massless photon) radial functions: a read-only value, like gsl_rng_mt19937. */
extern const jv_radial_t jv_radial_massless;

/* ---------------------------------------------------------------- data */
/*
 * A vector magnetometer data set: n points with orbit (perijove) number, time, position and field.
 * Positions in R_J (System III Cartesian), fields in nT (Cartesian System III), time in days since
 * 2000-01-01T00:00 UTC. Arrays of 3 per point are interleaved (x0 y0 z0 x1 ...).
 */
typedef struct {
  size_t n;
  int *orbit;       /* perijove number, n entries (0 when the file has none) */
  double *t;        /* days since 2000-01-01T00:00 UTC, n entries */
  double *pos;      /* 3n: x, y, z in R_J */
  double *b;        /* 3n: Bx, By, Bz in nT */
  char source[512]; /* file it came from */
} jv_mag_data_t;

/*
 * How to read a table. Columns are 1-based; 0 means "absent". Lines starting with '#' and the
 * first `header_lines` lines are skipped; any other row that does not parse (wrong column count,
 * text, NaN, inf) is an error naming the file and line.
 *  - time: either col_year + col_doy (UTC year and 1-based decimal day of year) or col_days
 *    (days since 2000-01-01T00:00 UTC); col_time_s instead gives seconds since that epoch.
 *  - position: three columns, cartesian (x, y, z) or spherical (r, colatitude, east longitude);
 *    lengths in km or R_J, angles in degrees or radians.
 *  - field: three columns, cartesian (Bx, By, Bz) or spherical (Br, Btheta, Bphi), nT or Gauss.
 * jv_mag_format_juno_pinn() gives the format of Juno_PJ01_50_4.0Rj.txt.
 */
typedef enum { JV_FRAME_CARTESIAN = 0, JV_FRAME_SPHERICAL = 1 } jv_frame_t;
typedef struct {
  char delimiter;   /* 0: whitespace; otherwise e.g. ',' */
  int header_lines; /* lines skipped before parsing */
  int col_orbit;
  int col_year, col_doy, col_days, col_time_s;
  int col_pos[3];
  jv_frame_t pos_frame;
  double pos_unit_rj; /* one unit of the file's length in R_J (1/71492 for km, 1 for R_J) */
  int pos_degrees;    /* spherical angles in degrees (1) or radians (0) */
  int col_b[3];
  jv_frame_t b_frame;
  double b_unit_nt; /* one unit of the file's field in nT (1e5 for Gauss) */
} jv_mag_format_t;

jv_mag_format_t jv_mag_format_juno_pinn(void);

int jv_mag_data_read(const char *path, const jv_mag_format_t *fmt, jv_mag_data_t **data, jv_error_t *err);
/* An empty data set with room for n points (for synthetic data and selections). */
int jv_mag_data_alloc(size_t n, jv_mag_data_t **data, jv_error_t *err);
void jv_mag_data_free(jv_mag_data_t *data);

/* Selection: orbits listed (none: all), radius range in R_J, time window in days since 2000. */
typedef struct {
  const int *orbits;
  size_t n_orbits;
  double r_min, r_max;
  double t_min, t_max;
} jv_mag_select_t;
/* Everything: no orbit list, r and t unbounded. */
jv_mag_select_t jv_mag_select_all(void);
/* Parse "1-33", "1,3,5-9" into an allocated list (caller frees). */
int jv_mag_parse_orbits(const char *text, int **orbits, size_t *n, jv_error_t *err);
/* A new data set with the selected points, in file order. An empty result is JV_EINPUT. */
int jv_mag_data_select(const jv_mag_data_t *in, const jv_mag_select_t *sel, jv_mag_data_t **out,
                       jv_error_t *err);

/* Per-orbit summary: the distinct orbits in order of first appearance, points per orbit. */
typedef struct {
  size_t n_orbits;
  int *orbit;
  size_t *count;
  double r_min, r_max; /* R_J */
  double b_min, b_max; /* |B|, nT */
  double t_min, t_max; /* days since 2000 */
} jv_mag_summary_t;
int jv_mag_data_summarise(const jv_mag_data_t *d, jv_mag_summary_t *s, jv_error_t *err);
void jv_mag_summary_free(jv_mag_summary_t *s);
/* Points per orbit, one line each, and the ranges. */
void jv_mag_summary_print(const jv_mag_summary_t *s, FILE *stream);

/* ---------------------------------------------------------------- synthetic Juno-like orbits */
/*
 * Positions of polar, highly eccentric orbits like Juno's prime mission (src/magnetic/synthetic.c):
 * a Kepler ellipse about Jupiter (GM_J) of the given period and perijove radius, in a plane through
 * the spin axis; perijove k (k = 0..n_orbits-1) is at latitude lat0 + k lat_drift and at System III
 * longitude lon0 + k lon_step; the planet turns under the orbit (System III period 9h55m29.7s),
 * so a pass sweeps in longitude. Each pass keeps the part with r < r_max, sampled uniformly in time
 * with points_per_pass points. Orbit numbers are first_orbit + k, times t0 + k period (days since
 * 2000-01-01). b is set to zero: the caller fills it (e.g. from a field model).
 */
typedef struct {
  int n_orbits, first_orbit;
  size_t points_per_pass;
  double period_days;   /* orbital period (Juno: 53.5 d) */
  double r_peri;        /* perijove radius, R_J (Juno: ~1.05) */
  double r_max;         /* outermost radius kept, R_J */
  double lat0_deg;      /* latitude of the first perijove */
  double lat_drift_deg; /* northward drift of the perijove per orbit */
  double lon0_deg;      /* System III longitude of the first perijove */
  double lon_step_deg;  /* longitude shift between successive perijoves */
  double t0_days;       /* time of the first perijove, days since 2000-01-01T00:00 UTC */
} jv_mag_orbits_t;

/* Juno-like defaults: 12 orbits, 200 points per pass, 53.5 d, 1.05 R_J, r < 4 R_J, perijove
   latitude 4 deg N drifting 1 deg per orbit, longitudes stepped by the golden angle (137.5 deg,
   an even spread for any count), first perijove at PJ1 (2016-08-27 12:51 UTC). */
jv_mag_orbits_t jv_mag_orbits_defaults(void);
/* The positions (and orbit numbers, times) of o; JV_EINPUT for out-of-range settings. */
int jv_mag_orbits_generate(const jv_mag_orbits_t *o, jv_mag_data_t **data, jv_error_t *err);

/* ---------------------------------------------------------------- coordinates */
/* Spherical (r, colatitude, east longitude) of a Cartesian point; the poles give theta 0 or pi. */
void jv_mag_cart_to_sph(const double x[3], double *r, double *theta, double *phi);
/* Rotate a spherical-component vector (Br, Bth, Bph) at (theta, phi) to Cartesian, and back. */
void jv_mag_vec_sph_to_cart(double theta, double phi, const double bs[3], double bc[3]);
void jv_mag_vec_cart_to_sph(double theta, double phi, const double bc[3], double bs[3]);

/* ---------------------------------------------------------------- spherical harmonic models */
/*
 * A set of Schmidt coefficients, internal or external, degree nmax, at reference radius a (in
 * R_J; a file's "#Rscale s" gives a = 1/s: VIP4's
 * s = 1.0023695 = 71492/71323 km). coef has JV_SH_NCOEF(nmax) entries in CHAOS order.
 */
typedef struct {
  int nmax;
  int external; /* 0: internal (g, h); 1: external (G, H) */
  double a;     /* reference radius in R_J */
  double *coef;
  char source[512];
  int default_degree; /* the file's "#DefaultDegree" (0: none given) */
} jv_sh_model_t;

/* Index of g_n^m (or of h_n^m with h = 1) in CHAOS order. */
static inline size_t jv_sh_index(int n, int m, int h) {
  return (size_t)(n * n - 1 + (m == 0 ? 0 : 2 * m - 1 + h));
}

int jv_sh_model_alloc(int nmax, int external, jv_sh_model_t **model, jv_error_t *err);
void jv_sh_model_free(jv_sh_model_t *model);
/*
 * Read a coefficient file. Two layouts are recognised: the indexed table "IND SHC g|h n m"
 * (JRM33_I30.txt, Bloxham_I32.txt, JRM33_E1.txt: G/H rows make an external model) and
 * libinternalfield's "g|h n m value" with optional "#Rscale s" and "#DefaultDegree N" headers.
 * nmax is the largest degree present; missing coefficients are zero.
 */
int jv_sh_model_read(const char *path, jv_sh_model_t **model, jv_error_t *err);
/* "#DefaultDegree" of the file, or nmax (0 when none is given). */
int jv_sh_model_default_degree(const jv_sh_model_t *model);

/*
 * Field of a model truncated at degree ntrunc (<= model->nmax; <= 0 means all) at Cartesian
 * position x (R_J), Cartesian result in nT. The radial functions are the given ones (NULL:
 * massless). Stable at the poles (the B_phi term uses P_n^m / sin theta from its own recurrence).
 */
int jv_sh_field(const jv_sh_model_t *model, int ntrunc, const jv_radial_t *radial, const double x[3],
                double b[3], jv_error_t *err);
/* The same in spherical components (Br, Btheta, Bphi) at spherical (r, theta, phi). */
int jv_sh_field_sph(const jv_sh_model_t *model, int ntrunc, const jv_radial_t *radial, double r, double theta,
                    double phi, double bs[3], jv_error_t *err);

/*
 * Built-in models (src/magnetic/builtin_models.c), typed in with their citation: "jrm09_n4" is
 * JRM09 (Connerney et al. 2018) to degree 4. jv_sh_model_load() takes "builtin:NAME" or a file
 * path (jv_sh_model_read), so every place that names a coefficient file can name a built-in one.
 */
int jv_sh_model_builtin(const char *name, jv_sh_model_t **model, jv_error_t *err);
int jv_sh_model_load(const char *spec, jv_sh_model_t **model, jv_error_t *err);

/* ---------------------------------------------------------------- Con2020 magnetodisc */
/*
 * Connerney et al. (2020) current sheet (defaults in ../shared/data/magnetic/con2020/PROVENANCE.md):
 * an annular disc of azimuthal current (Connerney 1981) tilted by xt towards east longitude xp,
 * plus the B_phi of a radial current i_rho. "hybrid" evaluates Edwards et al. (2001) analytic
 * forms where they are accurate and the Bessel integrals elsewhere.
 */
typedef enum { JV_CON2020_HYBRID = 0, JV_CON2020_ANALYTIC = 1, JV_CON2020_INTEGRAL = 2 } jv_con2020_eq_t;
typedef struct {
  double mu_i;   /* mu0 I0 / 2, nT */
  double i_rho;  /* radial current, MA (0: no B_phi) */
  double r0, r1; /* inner, outer edge, R_J */
  double d;      /* half-thickness, R_J */
  double xt;     /* tilt of the sheet, degrees */
  double xp;     /* east longitude toward which it tilts, degrees */
  jv_con2020_eq_t equation;
  int edwards_smooth; /* 1: tanh blends in rho (DeltaRho = 1 R_J) and z (DeltaZ = 0.1 R_J); 0: hard switch */
} jv_con2020_t;

jv_con2020_t jv_con2020_defaults(void);
/* Field at Cartesian position x (R_J), Cartesian nT. */
int jv_con2020_field(const jv_con2020_t *p, const double x[3], double b[3], jv_error_t *err);

/* ---------------------------------------------------------------- sums of models */
/* A field model: a sum of internal/external SH parts (each with its truncation) and discs. */
#define JV_FIELD_MAX_PARTS 8
typedef struct {
  int n_sh;
  const jv_sh_model_t *sh[JV_FIELD_MAX_PARTS];
  int sh_trunc[JV_FIELD_MAX_PARTS];
  int n_disc;
  jv_con2020_t disc[JV_FIELD_MAX_PARTS];
} jv_field_model_t;

/* Sum of all parts at x (R_J), Cartesian nT. */
int jv_field_eval(const jv_field_model_t *m, const double x[3], double b[3], jv_error_t *err);
/* Model field at every point of a data set: 3n values (Cartesian nT). */
int jv_field_eval_data(const jv_field_model_t *m, const jv_mag_data_t *d, double *b, jv_error_t *err);

/* ---------------------------------------------------------------- variances */
/*
 * Per row (point i, component c) s^2 = s_fluct^2 + s_sv^2 + s_dir^2 + s_res^2 [Y24 Sec. 3;
 * SCIENCE.md section 2, "Variances"], each term switchable and each kept for the output.
 */
typedef struct {
  int use_fluct;                 /* scatter of neighbouring points about a local line */
  int fluct_half_width;          /* neighbours each side (same orbit) used for the local line */
  double fluct_max_gap_s;        /* neighbours farther than this in time are not used */
  int use_sv;                    /* secular variation: |dB_c/dt| |t - t_ref| from sv_model */
  const jv_sh_model_t *sv_model; /* internal SH model of dB/dt in nT/yr (required if use_sv) */
  double sv_t_ref;               /* days since 2000; NAN: the data's mid-time */
  int use_dir;                   /* pointing: |B| theta_max / sqrt(3) */
  double dir_theta_max;          /* radians */
  int use_res;                   /* quantisation: half the 16-bit step of the range holding |B| */
  double scale;                  /* explicit, recorded rescaling of sigma (1: none) */
} jv_mag_variance_opts_t;

jv_mag_variance_opts_t jv_mag_variance_defaults(void);

/*
 * Fill terms[4 * 3n] (the four variances s_fluct^2, s_sv^2, s_dir^2, s_res^2, each 3n long,
 * zero when switched off) and sigma[3n] = scale * sqrt(sum). A row whose sigma is 0 is JV_EDOM.
 * terms may be NULL.
 */
int jv_mag_variance(const jv_mag_data_t *d, const jv_mag_variance_opts_t *o, double *terms, double *sigma,
                    jv_error_t *err);

/* ---------------------------------------------------------------- design matrix */
/*
 * Columns for internal degree n_int and external degree n_ext (either may be 0). The workspace
 * holds the Legendre and radial scratch; building allocates nothing, so a caller builds the
 * whitened matrix once per radial function and reuses everything (photon scans).
 */
typedef struct jv_mag_design jv_mag_design_t;

int jv_mag_design_alloc(int n_int, int n_ext, jv_mag_design_t **d, jv_error_t *err);
void jv_mag_design_free(jv_mag_design_t *d);
size_t jv_mag_design_cols(const jv_mag_design_t *d);

/*
 * A[rows x cols] (column-major, leading dimension lda >= 3 n) = diag(w) * design matrix of the
 * data's positions under the given radial functions (NULL: massless). w[3n] are whitening weights
 * 1/sigma (NULL: 1). The caller owns A, so [A_0 | A_m'] for the dark photon is two calls into
 * one buffer (the second at A + cols * lda).
 */
int jv_mag_design_build(jv_mag_design_t *d, const jv_mag_data_t *data, const jv_radial_t *radial,
                        const double *w, double *A, size_t lda, jv_error_t *err);

/* Whitened data y[3n] = w * (b - b_fixed) (b_fixed, e.g. a magnetodisc, may be NULL). */
void jv_mag_whiten(const jv_mag_data_t *data, const double *b_fixed, const double *w, double *y);

/* ---------------------------------------------------------------- fits */
/*
 * Weighted least squares by truncated SVD through QR: A~ = Q R (LAPACKE dgeqrf, the one
 * O(rows cols^2) step, BLAS-3), R = U S V^T (dgesdd on cols x cols), so A~ = (Q U) S V^T.
 * Keeping the k largest singular values,
 *   alpha = V_k S_k^-1 U_k^T Q^T y~,
 *   residual vector r = y~ - A~ alpha = Q [ (1 - U_k U_k^T) c ; c_perp ],  c = Q^T y~,
 * applied with Householder reflectors (dormqr), and chi2 = |r|^2 from that vector (SCIENCE.md
 * section 2, numerical care: never |y|^2 - |U^T y|^2). This is the "QR + SVD of R" route: exact for
 * k < P where the Gram route fails, and 1.3-2.2x cheaper than dgesdd on the tall matrix (measured,
 * docs/field.md).
 *
 * Usage: alloc(rows, cols) once; write the whitened matrix into jv_mag_fit_matrix() (e.g. with
 * jv_mag_design_build, lda = rows); jv_mag_fit_factor(); then jv_mag_fit_solve() for any number
 * of data vectors and k. Factoring overwrites the matrix. Nothing allocates after alloc.
 */
typedef struct jv_mag_fit jv_mag_fit_t;

typedef struct {
  size_t k;         /* modes kept */
  double chi2;      /* |y~ - A~ alpha|^2, from the residual vector */
  double sum_log_s; /* sum over kept modes of ln s_i (for ln L_marg) */
  size_t dof;       /* rows - k */
} jv_mag_fit_stats_t;

int jv_mag_fit_alloc(size_t rows, size_t cols, jv_mag_fit_t **fit, jv_error_t *err);
void jv_mag_fit_free(jv_mag_fit_t *fit);
/* The rows x cols column-major matrix (lda = rows) to fill before factoring; asking for it marks
   the previous factorisation stale, so fill, then factor. */
double *jv_mag_fit_matrix(jv_mag_fit_t *fit);
size_t jv_mag_fit_rows(const jv_mag_fit_t *fit);
size_t jv_mag_fit_cols(const jv_mag_fit_t *fit);
/* QR and SVD of R. JV_EMATH on a LAPACK failure or a non-finite entry. */
int jv_mag_fit_factor(jv_mag_fit_t *fit, jv_error_t *err);
/*
 * Fast path for k = P only (no truncation): column-scaled Gram matrix (dsyrk) and its eigen-
 * decomposition (dsyev), solves with one step of iterative refinement, chi2 from the residual
 * y~ - A~ alpha computed with the (intact) matrix, sum_log_s exact through det(A~^T A~). About
 * 3-6x cheaper to factor than the QR route (docs/field.md). After it, solve accepts only k = P,
 * jv_mag_fit_project_out is unavailable and jv_mag_fit_singular_values returns NULL.
 */
int jv_mag_fit_factor_gram(jv_mag_fit_t *fit, jv_error_t *err);
/* Singular values of A~, descending (cols of them), valid after jv_mag_fit_factor; NULL after the
   Gram route. */
const double *jv_mag_fit_singular_values(const jv_mag_fit_t *fit);
/*
 * Solve for y[rows] keeping k modes (1 <= k <= cols). coef[cols] and resid[rows] (whitened
 * residual) may be NULL. Uses the workspace: not thread-safe on one jv_mag_fit_t.
 */
int jv_mag_fit_solve(jv_mag_fit_t *fit, const double *y, size_t k, double *coef, double *resid,
                     jv_mag_fit_stats_t *st, jv_error_t *err);
/* v <- (1 - P_k) v with P_k the projector on the span of the k kept left singular vectors
   (for the Jeffreys prior, SCIENCE.md section 2). */
int jv_mag_fit_project_out(jv_mag_fit_t *fit, size_t k, double *v, jv_error_t *err);

/* ---------------------------------------------------------------- diagnostics */
/* RMS over points and the three components of resid = model - observed, per orbit and in total
   (SCIENCE.md section 3). orbit_rms has s->n_orbits entries in the summary's order. */
int jv_mag_rms_by_orbit(const jv_mag_data_t *d, const double *resid, const jv_mag_summary_t *s,
                        double *orbit_rms, double *total_rms, jv_error_t *err);

/* Lowes-Mauersberger spectrum R_n(r) = (n+1) (a/r)^(2n+4) sum_m (g^2 + h^2), n = 1..nmax into
   Rn[1..nmax] (Rn[0] = 0); r in R_J, internal models only. */
int jv_sh_lowes(const jv_sh_model_t *m, int nmax, double r, double *Rn, jv_error_t *err);
/* Least-squares slope of log10 R_n against n over n = n_lo..n_hi at radius r. */
int jv_sh_lowes_slope(const jv_sh_model_t *m, int n_lo, int n_hi, double r, double *slope, jv_error_t *err);
/* The radius in [r_lo, r_hi] where that slope is zero. The slope is linear in log r (the degree
   dependence of (a/r)^(2n+4)), so the root is closed-form: r = a 10^(slope(a)/2). JV_EDOM when it
   lies outside the bracket. */
int jv_sh_dynamo_radius(const jv_sh_model_t *m, int n_lo, int n_hi, double r_lo, double r_hi, double *radius,
                        jv_error_t *err);

#endif /* JOVIS_MAGNETIC_H */
