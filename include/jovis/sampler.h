/*
 * jovis sampler: the affine-invariant ensemble sampler (SCIENCE.md section 1), serial and
 * MPI-free. The distributed red/blue driver in src/parallel calls jv_sampler_update() on the
 * walkers a rank owns and shares positions between half-steps.
 *
 * Conventions:
 *  - W walkers (even, W >= 2 ndim) in two halves: half 0 = walkers 0 .. W/2-1, half 1 = W/2 .. W-1.
 *    A step updates every walker of half 0 against half 1, then half 1 against the new half 0.
 *  - Arrays are row-major: x[w * ndim + i] is parameter i of walker w.
 *  - Each walker has its own random stream jv_rng_alloc(seed, w): a walker's update draws only
 *    from its own stream, so the chain does not depend on how walkers are spread over ranks.
 *  - ln p = ln prior + ln likelihood; -inf is a rejection. NaN and a model's recoverable failure
 *    (JV_EDOM, JV_ENOCONV, JV_EMATH) are rejections too, counted by cause.
 */
#ifndef JOVIS_SAMPLER_H
#define JOVIS_SAMPLER_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "jovis/core.h"

/* ---------------------------------------------------------------- the model interface */
/*
 * A model is a value: a struct of function pointers and its own data, so one binary holds many
 * and the sampler never includes a physics header. Physics modules fill one in a create function
 * listed in the model table of src/apps/models.c ([model] name = ... picks it).
 *
 * Contract:
 *  - name, ndim >= 1, param_names[ndim] are required; param_units[ndim], blob_names[nblobs],
 *    lower[ndim] and upper[ndim] (both or neither) may be NULL (no units / no hard bounds).
 *    Strings and arrays are owned by the model (typically inside data) and live until data_free.
 *  - The create function (model table) runs on every rank: each rank holds its own model.
 *  - workspace_alloc is called once per walker a rank owns, before sampling; log_likelihood then
 *    gets that walker's workspace (never shared between walkers), so it must not allocate.
 *  - log_likelihood returns JV_OK and fills *lnl (and blobs[nblobs]); *lnl = -inf rejects the
 *    point. A status JV_EDOM, JV_ENOCONV or JV_EMATH means "the model cannot be evaluated here"
 *    (outside an EOS table, a solver that did not converge): the proposal is rejected and
 *    counted by cause. Any other status (JV_EIO, JV_ENOMEM, ...) is fatal and stops the run.
 *  - log_prior, if not NULL, replaces the priors from the INI (e.g. a Jeffreys prior); the hard
 *    bounds lower/upper still apply first.
 *  - Function pointers must be safe to call concurrently on different workspaces.
 */
typedef struct jv_model jv_model_t;
struct jv_model {
  const char *name;
  int ndim, nblobs;
  const char *const *param_names;
  const char *const *param_units;
  const char *const *blob_names;
  const double *lower, *upper; /* hard bounds, outside = rejection without calling the model */
  int (*workspace_alloc)(const jv_model_t *m, void **ws, jv_error_t *err); /* once per walker; may be NULL */
  void (*workspace_free)(void *ws);
  int (*log_likelihood)(const jv_model_t *m, void *ws, const double *theta, double *lnl, double *blobs,
                        jv_error_t *err);
  int (*log_prior)(const jv_model_t *m, void *ws, const double *theta, double *lnp, jv_error_t *err);
  void *data;
  void (*data_free)(void *data);
};

/* Release what the model owns (data_free(data)) and zero the struct. NULL-safe. */
void jv_model_free(jv_model_t *m);
/* Check the contract above (names present, ndim >= 1, ...); JV_EINPUT naming the defect. */
int jv_model_check(const jv_model_t *m, jv_error_t *err);

/* ---------------------------------------------------------------- built-in targets */
/*
 * Test and demo targets, configured from the [model] section (see the examples in inputs/):
 *  gaussian   correlated N-d Gaussian, Sigma_ij = s_i s_j rho^|i-j|; keys ndim, mean, sigma, rho,
 *             cost_ms (CPU time burnt per evaluation, for benchmarks). Blob: chi2.
 *  rosenbrock 2-D banana ln p = -[b (y - x^2)^2 + (a - x)^2] / s; keys a, b, s.
 *  bimodal    w N(+d/2 e_1, s^2 I) + (1 - w) N(-d/2 e_1, s^2 I); keys ndim, separation, sigma, weight.
 */
int jv_target_gaussian(jv_config_t *cfg, jv_model_t *m, jv_error_t *err);
int jv_target_rosenbrock(jv_config_t *cfg, jv_model_t *m, jv_error_t *err);
int jv_target_bimodal(jv_config_t *cfg, jv_model_t *m, jv_error_t *err);

/* ---------------------------------------------------------------- priors */
enum jv_prior_kind { JV_PRIOR_UNIFORM, JV_PRIOR_NORMAL, JV_PRIOR_TRUNCNORMAL, JV_PRIOR_LOGUNIFORM };

typedef struct {
  int kind;
  double lo, hi;     /* support (uniform, truncated normal, log-uniform); +-inf for normal */
  double mu, sigma;  /* normal and truncated normal */
  double ln_norm;    /* normalisation, so that the density integrates to 1 */
} jv_prior_t;

/*
 * Parse one prior specification, e.g. "uniform -10 10", "normal 165 4",
 * "truncnormal 3 0.5 0.8 9", "loguniform 1e-20 1e-14". Reversed or empty bounds, sigma <= 0 and
 * log-uniform bounds <= 0 are JV_EINPUT naming `what` (the parameter).
 */
int jv_prior_parse(const char *spec, const char *what, jv_prior_t *prior, jv_error_t *err);
/* ln of the normalised density at x (-inf outside the support). */
double jv_prior_log_pdf(const jv_prior_t *prior, double x);
/* "uniform(-10, 10)" for messages and output files. */
void jv_prior_describe(const jv_prior_t *prior, char *buf, size_t size);
/*
 * Priors of every parameter from the [prior] section: one key per parameter name, or
 * prior.default for the ones not named. ndim priors are allocated (caller frees).
 */
int jv_priors_from_config(jv_config_t *cfg, const jv_model_t *m, jv_prior_t **priors, jv_error_t *err);

/* ---------------------------------------------------------------- moves */
#define JV_MAX_MOVES 4
enum jv_move_kind { JV_MOVE_STRETCH, JV_MOVE_DE };

typedef struct {
  int kind;
  double weight; /* relative probability in the mixture */
  double a;      /* stretch: scale parameter a (Goodman & Weare 2010), default 2 */
  double gamma;  /* DE: jump factor g (ter Braak 2006), default 2.38 / sqrt(2 ndim) */
  double sigma;  /* DE: standard deviation of the small isotropic jitter e, default 1e-5 */
} jv_move_t;

/*
 * Sheared coordinates for the moves (src/sampler/shear.c, where the map and why it keeps the
 * acceptance formulas are written down): from [sampler]
 *   shear = M_core, Delta_T        targets t_1 .. t_K, in order (absent: no shear)
 *   shear_center, shear_scale      ndim values (or one): u = (theta - center) / scale
 *   shear_degree                   2 (quadratic, default), 3 (cubic) or 4 (quartic)
 *   shear_<target>                 the jv_shear_ncoef(n, degree) coefficients of its polynomial in
 *                                  the n parameters that are not t_1 .. t_j (analysis/shear_fit.py)
 * Forward and inverse hold no state: safe to call concurrently.
 */
typedef struct jv_shear jv_shear_t;
int jv_shear_from_config(jv_config_t *cfg, const jv_model_t *m, jv_shear_t **sh, jv_error_t *err); /* NULL: none */
void jv_shear_free(jv_shear_t *sh);
void jv_shear_forward(const jv_shear_t *sh, const double *theta, double *v); /* theta -> v */
void jv_shear_inverse(const jv_shear_t *sh, const double *v, double *theta); /* v -> theta */
int jv_shear_ntargets(const jv_shear_t *sh);                                /* 0 for NULL */
int jv_shear_ncoef(int n, int degree); /* coefficients of a polynomial of degree 2..4 in n variables */

/*
 * Unbounded coordinates for the moves (src/sampler/unbounded.c, where the transforms and the
 * Jacobian term of the acceptance ratio are written down): with `[sampler] unbounded = yes` each
 * parameter with a finite bound is moved in a log or logit coordinate y, so that no proposal falls
 * outside its prior. A shear, if any, then acts on y (fit it with shear_fit.py --unbounded).
 */
/* The support of each parameter: its prior's [lo, hi] (priors may be NULL) within the model's
   hard bounds (lower/upper, if set). Infinite where there is no bound. */
void jv_support_bounds(const jv_model_t *m, const jv_prior_t *priors, double *lo, double *hi);
void jv_unbound_forward(int d, const double *lo, const double *hi, const double *theta, double *y); /* theta -> y */
void jv_unbound_inverse(int d, const double *lo, const double *hi, const double *y, double *theta); /* y -> theta */
double jv_unbound_log_jacobian(int d, const double *lo, const double *hi, const double *y);        /* ln |dtheta/dy| */

typedef struct {
  jv_move_t move[JV_MAX_MOVES];
  int n;
  int unbounded;           /* 1: proposals made in unbounded coordinates (above) */
  const jv_shear_t *shear; /* proposals made in these coordinates (of y when unbounded); NULL = none */
} jv_moves_t;

/* Moves from [sampler]: moves = "stretch:0.8, de:0.2" (default "stretch"), stretch_a, de_gamma, de_sigma,
   unbounded (yes/no, default no). */
int jv_moves_from_config(jv_config_t *cfg, int ndim, jv_moves_t *moves, jv_error_t *err);
const char *jv_move_name(int kind);

/* ---------------------------------------------------------------- the ensemble */
/* Why a proposal was rejected without a Metropolis test (or its test failed). */
enum jv_reject_cause {
  JV_REJECT_METROPOLIS = 0, /* the ordinary acceptance test said no */
  JV_REJECT_BOUNDS,         /* outside the model's hard bounds */
  JV_REJECT_PRIOR,          /* ln prior = -inf */
  JV_REJECT_LIKELIHOOD,     /* ln likelihood = -inf */
  JV_REJECT_NAN,            /* ln p was NaN: a model error at that point */
  JV_REJECT_EDOM,           /* model returned JV_EDOM */
  JV_REJECT_ENOCONV,        /* model returned JV_ENOCONV */
  JV_REJECT_EMATH,          /* model returned JV_EMATH */
  JV_REJECT_NCAUSES
};
const char *jv_reject_cause_name(int cause);

/* Counters of one walker: what its own updates did. Summed over walkers for reports. */
typedef struct {
  int64_t accepted;
  int64_t move_proposed[JV_MAX_MOVES];
  int64_t move_accepted[JV_MAX_MOVES];
  int64_t rejected[JV_REJECT_NCAUSES];
} jv_walker_stats_t;

/* The number of int64 words of a jv_walker_stats_t (for checkpoints and MPI). */
#define JV_WALKER_STATS_WORDS ((int)(sizeof(jv_walker_stats_t) / sizeof(int64_t)))

typedef struct {
  /* set at alloc */
  const jv_model_t *model;
  const jv_prior_t *priors; /* ndim priors, or NULL when model->log_prior is used */
  jv_moves_t moves;
  int nwalkers, ndim, nblobs;
  uint64_t seed;
  /* the state: every rank holds all walkers' positions (shared after each half-step) */
  double *x;     /* [nwalkers * ndim] */
  double *lnp;   /* [nwalkers] ln posterior */
  double *blobs; /* [nwalkers * nblobs] */
  /* per walker, meaningful for the walkers this process owns */
  gsl_rng **rng;             /* [nwalkers], NULL for walkers not owned */
  void **ws;                 /* [nwalkers] model workspaces, NULL for walkers not owned */
  jv_walker_stats_t *stats;  /* [nwalkers] */
  unsigned char *owned;      /* [nwalkers] 1 = updated by this process */
  /* scratch for one proposal (the update loop is serial in one process) */
  double *y, *yblobs;
  double *v; /* with a shear or unbounded moves: [(nwalkers / 2 + 2) * ndim], the other half, the walker
                and the proposal in the coordinates of the moves */
  double *lo, *hi; /* [ndim] the support of each parameter (jv_support_bounds) */
  /* how many bad points (NaN, model failure) were logged; the first few are, then it goes quiet */
  int n_logged;
  const jv_log_t *log;
} jv_sampler_t;

/*
 * Allocate a sampler for W walkers; owned[w] (NULL = all) says which walkers this process
 * updates (their random streams and model workspaces are allocated here, once). W must be even
 * and >= 2 ndim. priors may be NULL only when model->log_prior is set. log may be NULL.
 */
int jv_sampler_alloc(const jv_model_t *model, const jv_prior_t *priors, const jv_moves_t *moves, int nwalkers,
                     uint64_t seed, const unsigned char *owned, const jv_log_t *log, jv_sampler_t **s,
                     jv_error_t *err);
void jv_sampler_free(jv_sampler_t *s);

/*
 * ln posterior at theta for walker w's workspace: bounds, prior, likelihood. Sets *cause to a
 * jv_reject_cause when the point is impossible (*lnp = -inf), else to -1. Fatal model errors
 * return their status.
 */
int jv_sampler_log_prob(jv_sampler_t *s, int w, const double *theta, double *lnp, double *blobs, int *cause,
                        jv_error_t *err);

/*
 * Initial ball: walker w (owned ones only) starts at center + width * N(0, 1) per parameter,
 * drawn from its own stream, redrawn up to max_tries times while ln p = -inf. *n_bad returns how
 * many owned walkers still have -inf (the caller decides, across ranks, whether that is fatal).
 */
int jv_sampler_init_ball(jv_sampler_t *s, const double *center, const double *width, int max_tries, int *n_bad,
                         jv_error_t *err);
/* Start walker w (owned ones) at points[w * ndim] (e.g. the last step of an earlier chain) and
   evaluate it; *n_bad counts owned walkers with ln p = -inf there. */
int jv_sampler_init_points(jv_sampler_t *s, const double *points, int *n_bad, jv_error_t *err);

/*
 * Update walkers lo .. hi-1 (all in one half, all owned) against the complementary half as it is
 * in s->x: the serial heart of the red/blue scheme (SCIENCE.md section 1). Writes the new
 * positions, ln p and blobs of those walkers in place and counts in their stats.
 */
int jv_sampler_update(jv_sampler_t *s, int half, int lo, int hi, jv_error_t *err);

/* A whole step in one process (both halves, every walker owned): for serial use and tests. */
int jv_sampler_step(jv_sampler_t *s, jv_error_t *err);

/* Sum of the stats of n walkers. */
void jv_walker_stats_sum(const jv_walker_stats_t *stats, int n, jv_walker_stats_t *total);

/* ---------------------------------------------------------------- diagnostics */
/*
 * Integrated autocorrelation time per parameter, as emcee.autocorr.integrated_time (c = 5):
 * the normalised FFT autocorrelation of each walker's series, averaged over walkers,
 * tau(M) = 1 + 2 sum_{t=1..M} rho(t), with the smallest window M >= c tau(M) (Sokal).
 * chain is [T][W][D] (the HDF5 layout). The workspace holds the FFT buffers for T up to
 * max_steps, allocated once. found[d] (may be NULL) is 1 where a window M >= c tau(M) exists;
 * where none does, tau[d] = tau(0) = 1 as emcee returns, and the estimate means nothing.
 */
typedef struct jv_autocorr jv_autocorr_t;
int jv_autocorr_alloc(size_t max_steps, jv_autocorr_t **ac, jv_error_t *err);
void jv_autocorr_free(jv_autocorr_t *ac);
int jv_autocorr_time(jv_autocorr_t *ac, const double *chain, size_t nsteps, int nwalkers, int ndim, double c,
                     double *tau, int *found, jv_error_t *err);

/* Effective sample size W T / tau. */
double jv_ess(int nwalkers, size_t nsteps, double tau);

/*
 * Stopping rule: for every parameter a window was found, T >= factor * tau, and tau changed by
 * less than rel_change (relative) since the previous check (tau_prev may hold NaN: no check yet).
 */
int jv_converged(size_t nsteps, int ndim, const double *tau, const int *found, const double *tau_prev,
                 double factor, double rel_change);

/*
 * Walkers apart from the ensemble (src/sampler/walkers_apart.c, jovis form): over the second half
 * of the chain, z = (walker's mean - ensemble's mean) / its standard error s sqrt(tau / n (1 - 1/W))
 * per walker and parameter; a walker with |z| > z_limit = Q^-1(alpha / (2 W D)), alpha = 0.01, in
 * any parameter sits where the others do not go, which T >= 50 tau does not see. tau: [ndim] (the
 * whole chain's); apart: [nwalkers] flags, or NULL. out: the largest |z|, its walker and
 * parameter, how many walkers are apart, z_limit.
 */
#define JV_WALKERS_APART_ALPHA 0.01
typedef struct {
  double z_max;
  int walker, param;
  int napart;
  double z_limit;
} jv_walkers_apart_t;
double jv_walkers_apart_limit(int nwalkers, int ndim);
int jv_walkers_apart(const double *chain, size_t nsteps, int nwalkers, int ndim, const double *tau, int *apart,
                     jv_walkers_apart_t *out, jv_error_t *err);
/* One line on the result: "none (largest |z| ...)" or "N (largest |z| ...): ...". */
void jv_walkers_apart_describe(const jv_walkers_apart_t *a, const char *const *param_names, char *buf, size_t size);

/* ---------------------------------------------------------------- run settings */
/*
 * What a sampling run reads from [sampler], [init] and [prior] (every key in inputs/gaussian.ini):
 *   sampler.nwalkers, sampler.steps (total chain length), sampler.seed, the moves (above),
 *   sampler.stop (stopping rule on/off), sampler.stop_factor (N in T >= N tau, default 50),
 *   sampler.stop_change (default 0.01), sampler.check_every (steps between tau checks, default 100),
 *   init.center, init.width (one value or ndim values), init.max_tries (redraws of a walker whose
 *   ln p is -inf, default 100), init.from (a chain file whose last step starts the walkers instead
 *   of the ball; optional), the shear of the moves (optional, above), and the priors (unless the
 *   model brings its own).
 */
typedef struct {
  int nwalkers;
  long steps;
  uint64_t seed;
  jv_moves_t moves;
  jv_prior_t *priors; /* [ndim] or NULL (model->log_prior) */
  double *center, *width; /* [ndim] */
  int max_tries;
  char *init_from;        /* chain file whose last step starts the walkers, or NULL (the ball) */
  jv_shear_t *shear;      /* sheared coordinates of the moves (moves.shear points here), or NULL */
  int stop;
  double stop_factor, stop_change;
  long check_every;
} jv_run_settings_t;

int jv_run_settings_read(jv_config_t *cfg, const jv_model_t *m, jv_run_settings_t *rs, jv_error_t *err);
void jv_run_settings_free(jv_run_settings_t *rs);

/* ---------------------------------------------------------------- the chain and its file */
/*
 * The chain as the writing rank holds it: rows 0 .. iteration-1 of capacity, plus the sampler
 * state at `iteration` (random streams and counters of every walker), enough to resume exactly.
 */
typedef struct {
  int nwalkers, ndim, nblobs;
  long capacity, iteration;
  double *chain;     /* [capacity][nwalkers][ndim] */
  double *log_prob;  /* [capacity][nwalkers] */
  double *blobs;     /* [capacity][nwalkers][nblobs] */
  uint64_t *rng_state;      /* [nwalkers][JV_RNG_STATE_WORDS] at iteration */
  jv_walker_stats_t *stats; /* [nwalkers] at iteration */
} jv_chain_t;

int jv_chain_alloc(int nwalkers, int ndim, int nblobs, long capacity, jv_chain_t **c, jv_error_t *err);
void jv_chain_free(jv_chain_t *c);
/* Append the ensemble's current positions, ln p and blobs as row `iteration` (then iteration++). */
int jv_chain_append(jv_chain_t *c, const double *x, const double *lnp, const double *blobs, jv_error_t *err);

/*
 * The HDF5 chain file. Layout (readable by emcee.backends.HDFBackend):
 *   /mcmc        attrs nwalkers, ndim, iteration, has_blobs, version;
 *                datasets chain (C, W, D), log_prob (C, W), accepted (W), blobs (C, W[, B]);
 *                C is the capacity: rows past `iteration` are NaN, emcee reads up to iteration.
 *   /jovis       attrs model, nblobs, flush_every, resumed_from; datasets param_names, param_units,
 *                blob_names, priors, moves, stats_columns, and the state slots:
 *                slot_iteration (2), rng_state (2, W, 4) uint64, stats (2, W, S) int64;
 *                at the end tau (D), ess (D), tau_found (D), converged (1).
 *   /            run provenance (jv_h5_write_run_info).
 * Crash safety: the file is created (and rewritten on --resume) as path.tmp, then renamed, with
 * every dataset allocated in full. A flush then only overwrites raw data in place: new rows, the
 * state slot not named by the current iteration, and last the `iteration` attribute. A process
 * killed at any moment leaves rows 0 .. iteration-1 intact and one slot matching them.
 */
typedef struct jv_store jv_store_t;

typedef struct {
  const jv_model_t *model;
  const jv_run_settings_t *settings;
  const void *run_info; /* const jv_run_info_t * (jovis/io.h) */
  long flush_every;
  long resumed_from; /* 0 for a fresh run */
} jv_store_meta_t;

/* Write path (via path.tmp and a rename) holding rows 0 .. c->iteration-1 and the state; keep_previous
   renames an existing file to path.prev first. The store stays open for flushes. */
int jv_store_create(const char *path, const jv_chain_t *c, const jv_store_meta_t *meta, int keep_previous,
                    jv_store_t **st, jv_error_t *err);
/* Write rows not yet on disk and the state at c->iteration. */
int jv_store_flush(jv_store_t *st, const jv_chain_t *c, jv_error_t *err);
/* The final diagnostics (tau per parameter, ess, whether converged). */
int jv_store_write_diagnostics(jv_store_t *st, int ndim, const double *tau, const int *found, const double *ess,
                               int converged, jv_error_t *err);
void jv_store_close(jv_store_t *st);

/* What a chain file says about itself, besides the chain. */
typedef struct {
  char model[128];
  int nwalkers, ndim, nblobs;
  long iteration, capacity;
  int64_t seed;
  char **param_names; /* [ndim], one allocation */
  char **move_names;  /* [nmoves] */
  int nmoves;
} jv_store_header_t;

/* Read a chain file: the header, and the chain into a jv_chain_t with room for at least
   min_capacity rows (for a resume) and the state of the slot matching `iteration`. */
int jv_store_read(const char *path, long min_capacity, jv_store_header_t *hdr, jv_chain_t **c, jv_error_t *err);
void jv_store_header_free(jv_store_header_t *hdr);

/* ---------------------------------------------------------------- progress */
/*
 * The progress line of a long run, printed by one process: on a terminal a live bar redrawn in
 * place a few times a second; in a batch log (not a tty) one plain line every `batch_seconds`,
 * so a SLURM log stays short. Shows step, acceptance, the latest tau estimate and the ETA.
 */
typedef struct {
  FILE *stream;
  int tty, enabled;
  double t_start, t_last, interval;
  long step0, total;
} jv_progress_t;

void jv_progress_init(jv_progress_t *p, FILE *stream, int enabled, long step0, long total, double batch_seconds);
/* Is it time to print (so the caller computes tau only then)? */
int jv_progress_due(const jv_progress_t *p);
/* total: the walkers' summed counters, printed as rejections by cause (NULL: none). */
void jv_progress_print(jv_progress_t *p, long step, double acceptance, double tau_max,
                       const jv_walker_stats_t *total);
/* End the live line (a newline on a terminal). */
void jv_progress_end(jv_progress_t *p);

#endif /* JOVIS_SAMPLER_H */
