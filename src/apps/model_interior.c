/*
 * The interior MCMC model ([model] name = interior; issue #6, Howard et al. 2023 [H23]): the
 * Jupiter interior forward model (jovis/interior.h) as a sampler model (jovis/sampler.h),
 * judged by the Juno gravity likelihood (jovis/intmcmc.h). It lives in apps because it is where
 * the sampler and the physics meet: neither of them includes the other's header.
 *
 * Parameters (SCIENCE.md section 4; any of them can be fixed in [fixed] instead of sampled):
 *   M_core [M_E], P_Z [Mbar], Delta_T [K], Z_dil, m_dil, T_1bar [K], Z_1 (= Z_2, the envelopes'
 *   heavy elements; [H23] fix it, so the example inputs do), and with [model] perturbation = yes
 *   the EOS perturbation of [H23] Eq. 9 (jovis form): log10_P_mod [log10 dyn/cm^2], sigma_mod
 *   [dex], A_mod. y_1, the EOS and the figure-solver settings come from [model].
 * ln L = -chi^2/2 over J2..J10 (at 71492 km) and R_eq (src/intmcmc/likelihood.c).
 * A model outside the EOS table or unphysical (JV_EDOM) or not converged (JV_ENOCONV) is a
 * rejected proposal, counted by cause by the sampler.
 *
 * Blobs per sample: J2..J10, R_eq_km, M_Z_total_ME, M_Z_dilute_ME, M_Z_env_ME (= total - dilute
 * core - compact core), Y_2 (= y_2 = Y/(X+Y) of the metallic envelope), P_c_Mbar, T_c_K,
 * energy_integral [erg/g] (int delta rho / rho^2 dP of the perturbation), chi2, res_<obs>
 * ((model - target)/sigma of each observation), Z_m<m> (Z on a grid of m = M(r)/M_J) and
 * logrho_P<log10 P> (log10 rho [g/cc] on a grid of pressure; NaN above the centre's pressure).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/apps.h"
#include "jovis/interior.h"
#include "jovis/intmcmc.h"

enum { P_MCORE, P_PZ, P_DT, P_ZDIL, P_MDIL, P_T1, P_Z1, P_LOGPMOD, P_SIGMA, P_A, NPARAM };

/* name, unit, hard physical bounds (outside: the forward model means nothing) */
static const struct {
  const char *name, *unit;
  double lo, hi;
} param_table[NPARAM] = {
    {"M_core", "M_E", 0.0, 300.0},        {"P_Z", "Mbar", 0.0, INFINITY},
    {"Delta_T", "K", 0.0, INFINITY},      {"Z_dil", "", 0.0, 1.0},
    {"m_dil", "", 0.0, 1.0},              {"T_1bar", "K", 0.0, INFINITY},
    {"Z_1", "", 0.0, 1.0},
    {"log10_P_mod", "log10 dyn/cm^2", -INFINITY, INFINITY}, {"sigma_mod", "dex", 0.0, INFINITY},
    {"A_mod", "", -1.0, 1.0},
};

/* Profile grids of the blobs: Z at m = 0.025, 0.075, .. 0.975; log10 rho at log10 P = 9 .. 13.5. */
/* Passes allowed to the pinned starting model, solved once per walker from spheres. */
#define PIN_MAX_ITER 1000

#define N_ZM 20
#define N_RHOP 10
#define ZM_AT(i) (0.025 + 0.05 * (i))
#define LOGP_AT(i) (9.0 + 0.5 * (i))

enum { B_J2 = 0, B_REQ = 5, B_MZ, B_MZDIL, B_MZENV, B_Y2, B_PC, B_TC, B_ENERGY, B_CHI2, B_RES };
#define B_ZM (B_RES + JV_INTMCMC_MAX_OBS)
#define B_RHOP (B_ZM + N_ZM)
#define NBLOB (B_RHOP + N_RHOP)

static const char *const fixed_blob_names[B_RES] = {
    "J2", "J4", "J6", "J8", "J10", "R_eq_km", "M_Z_total_ME", "M_Z_dilute_ME", "M_Z_env_ME",
    "Y_2", "P_c_Mbar", "T_c_K", "energy_integral", "chi2"};

typedef struct {
  jv_eos_t *eos;
  jv_interior_setup_t setup;
  jv_interior_params_t base; /* Z_env, y_1 and the fixed parameters */
  jv_interior_params_t start; /* [init] center: the pinned starting model of every call */
  int pinned;                 /* [model] warm_start = pinned (1) or previous (0) */
  jv_intmcmc_like_t like;
  int index[NPARAM]; /* position in theta, or -1 when fixed / unused */
  int ndim;
  const char *names[NPARAM], *units[NPARAM];
  double lower[NPARAM], upper[NPARAM];
  char blob_text[NBLOB][24];
  const char *blob_names[NBLOB];
} interior_data_t;

typedef struct {
  jv_interior_ws_t *model;
  double scratch[JV_INTMCMC_MAX_OBS];
} interior_ws_t;

static void data_free(void *p) {
  interior_data_t *d = p;
  if (d == NULL) return;
  jv_eos_free(d->eos);
  free(d);
}

static int ws_alloc(const jv_model_t *m, void **out, jv_error_t *err) {
  const interior_data_t *d = m->data;
  interior_ws_t *w;
  JV_ALLOC(err, w, 1);
  int status = jv_interior_ws_alloc(&d->setup, &w->model, err);
  if (status != JV_OK) {
    free(w);
    jv_error_trace(err, __func__, __LINE__);
    return status;
  }
  /* every call starts from the model at [init] center: ln p is then a function of theta alone,
     and a resumed run repeats the uninterrupted one bitwise */
  if (d->pinned && jv_interior_pin_start(w->model, &d->start, PIN_MAX_ITER, err) != JV_OK) {
    char why[JV_ERROR_LEN];
    snprintf(why, sizeof why, "%s", err->msg);
    jv_interior_ws_free(w->model);
    free(w);
    return jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                        "[init] center gives no interior model, so it cannot be every call's starting point "
                        "([model] warm_start = pinned): %.1800s",
                        why);
  }
  *out = w;
  return JV_OK;
}

static void ws_free(void *p) {
  interior_ws_t *w = p;
  if (w == NULL) return;
  jv_interior_ws_free(w->model);
  free(w);
}

/* Where parameter i of the table lives in the forward model's parameter struct. */
static double *param_slot(jv_interior_params_t *p, int i) {
  double *const slot[NPARAM] = {&p->M_core_ME, &p->P_Z_Mbar, &p->dT_K,         &p->Z_dil,     &p->m_dil,
                                &p->T_1bar,    &p->Z_env,    &p->eos_logP_mod, &p->eos_sigma, &p->eos_A};
  return slot[i];
}

/* theta -> the forward model's parameters (the fixed ones and y_1 from d->base). */
static void unpack(const interior_data_t *d, const double *theta, jv_interior_params_t *p) {
  *p = d->base;
  for (int i = 0; i < NPARAM; ++i)
    if (d->index[i] >= 0) *param_slot(p, i) = theta[d->index[i]];
}

/* Linear interpolation of y(x) at x0 on increasing x[0..n-1]; NaN outside. */
static double interp(const double *x, const double *y, int n, double x0) {
  if (n < 2 || !(x0 >= x[0] && x0 <= x[n - 1])) return NAN;
  int lo = 0, hi = n - 1;
  while (hi - lo > 1) {
    int mid = (lo + hi) / 2;
    if (x[mid] <= x0) lo = mid;
    else hi = mid;
  }
  const double t = (x0 - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + t * (y[hi] - y[lo]);
}

/* The profile blobs from the converged model's levels (centre out: m increases, P decreases). */
static void profile_blobs(const interior_ws_t *w, double *blobs) {
  jv_interior_profiles_t pr;
  jv_interior_get_profiles(w->model, &pr);
  for (int i = 0; i < N_ZM; ++i) blobs[B_ZM + i] = interp(pr.m, pr.Z, pr.n, ZM_AT(i));
  for (int i = 0; i < N_RHOP; ++i) {
    /* walk inwards from the surface to the first level with P above the grid pressure */
    const double P0 = pow(10.0, LOGP_AT(i));
    double v = NAN;
    for (int k = pr.n - 1; k > 0; --k)
      if (pr.P[k] <= P0 && pr.P[k - 1] >= P0) {
        const double t = (log10(P0) - log10(pr.P[k])) / (log10(pr.P[k - 1]) - log10(pr.P[k]));
        v = log10(pr.rho[k]) + t * (log10(pr.rho[k - 1]) - log10(pr.rho[k]));
        break;
      }
    blobs[B_RHOP + i] = v;
  }
}

static int log_likelihood(const jv_model_t *m, void *ws, const double *theta, double *lnl, double *blobs,
                          jv_error_t *err) {
  const interior_data_t *d = m->data;
  interior_ws_t *w = ws;
  jv_interior_params_t p;
  jv_interior_result_t r;
  unpack(d, theta, &p);
  /* JV_EDOM / JV_ENOCONV travel up unchanged: the sampler counts them as rejections by cause */
  JV_TRY(err, jv_interior_model(w->model, &p, &r, err));
  double J[JV_INTMCMC_MAX_J];
  for (int k = 0; k < JV_INTMCMC_MAX_J; ++k) J[k] = k + 1 <= r.order ? r.J[k + 1] : NAN;
  const double req_km = r.R_eq * 1e-5;
  const double chi2 = jv_intmcmc_like_chi2(&d->like, J, req_km, blobs + B_RES, w->scratch);
  for (int k = d->like.nobs; k < JV_INTMCMC_MAX_OBS; ++k) blobs[B_RES + k] = NAN;
  for (int k = 0; k < JV_INTMCMC_MAX_J; ++k) blobs[B_J2 + k] = J[k];
  blobs[B_REQ] = req_km;
  blobs[B_MZ] = r.M_Z_ME;
  blobs[B_MZDIL] = r.M_Z_dil_ME;
  blobs[B_MZENV] = r.M_Z_ME - r.M_Z_dil_ME - r.M_core_ME;
  blobs[B_Y2] = r.y_2;
  blobs[B_PC] = r.P_c * 1e-12;
  blobs[B_TC] = r.T_c;
  blobs[B_ENERGY] = r.energy_integral;
  blobs[B_CHI2] = chi2;
  profile_blobs(w, blobs);
  *lnl = -0.5 * chi2; /* NaN (a model returning NaN J's) is rejected and logged by the sampler */
  return JV_OK;
}

/* The EOS and the figure solver from [model]. */
static int read_physics(jv_config_t *cfg, interior_data_t *d, jv_error_t *err) {
  jv_eos_spec_t spec = {NULL, NULL, NULL, NULL, NULL};
  long order, levels, max_iter, stride;
  JV_TRY(err, jv_config_get_string(cfg, "model.eos_hhe", &spec.hhe, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "model.eos_z", "analytic", &spec.z, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "model.eos_data_dir", "../shared/data/eos", &spec.data_dir, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "model.eos_cms19_h", NULL, &spec.cms19_h, err));
  JV_TRY(err, jv_config_get_string_or(cfg, "model.eos_cms19_he", NULL, &spec.cms19_he, err));
  jv_interior_setup_default(&d->setup);
  JV_TRY(err, jv_config_get_int_or(cfg, "model.tof_order", d->setup.order, &order, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "model.n_levels", d->setup.n_levels, &levels, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "model.shape_stride", d->setup.shape_stride, &stride, err));
  JV_TRY(err, jv_config_get_int_or(cfg, "model.max_iter", d->setup.max_iter, &max_iter, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "model.tol", d->setup.tol, &d->setup.tol, err));
  if (order != 4 && order != 7 && order != 10) JV_FAIL(err, JV_EINPUT, "model.tof_order = %ld must be 4, 7 or 10", order);
  if (levels < 16 || levels > 100000) JV_FAIL(err, JV_EINPUT, "model.n_levels = %ld must be in 16..100000", levels);
  if (stride < 1 || stride > levels / 4)
    JV_FAIL(err, JV_EINPUT, "model.shape_stride = %ld must be in 1..n_levels/4 = %ld", stride, levels / 4);
  if (max_iter < 1) JV_FAIL(err, JV_EINPUT, "model.max_iter = %ld must be >= 1", max_iter);
  if (!(d->setup.tol > 0 && d->setup.tol < 1e-2)) JV_FAIL(err, JV_EINPUT, "model.tol = %g must be in (0, 0.01)", d->setup.tol);
  d->setup.order = (int)order;
  d->setup.n_levels = (int)levels;
  d->setup.max_iter = (int)max_iter;
  d->setup.shape_stride = (int)stride;
  d->setup.R_ref = JV_JUNO_REF_RADIUS_KM * 1e5; /* J_2n at the reference radius of Durante 2020 */
  JV_TRY(err, jv_eos_open(&spec, &d->eos, err));
  d->setup.eos = d->eos;
  return JV_OK;
}

/* [model] warm_start: `pinned` (default) starts every call from the model at [init] center, so
   ln p depends on theta alone (bitwise resumes); `previous` starts from the walker's last model
   (fewer passes for nearby proposals, but ln p then depends on the history to ~tol). */
static int read_start(jv_config_t *cfg, interior_data_t *d, jv_error_t *err) {
  const char *mode;
  double *center = NULL;
  size_t n = 0;
  JV_TRY(err, jv_config_get_string_or(cfg, "model.warm_start", "pinned", &mode, err));
  if (strcmp(mode, "previous") == 0) {
    d->pinned = 0;
    return JV_OK;
  }
  if (strcmp(mode, "pinned") != 0)
    JV_FAIL(err, JV_EINPUT, "model.warm_start = '%s' must be pinned or previous", mode);
  d->pinned = 1;
  JV_TRY(err, jv_config_get_doubles(cfg, "init.center", &center, &n, err));
  if (n != (size_t)d->ndim) {
    free(center);
    JV_FAIL(err, JV_EINPUT, "[init] center has %zu values for %d sampled parameters", n, d->ndim);
  }
  unpack(d, center, &d->start);
  free(center);
  return JV_OK;
}

/* Which parameters are sampled, which fixed ([fixed] section), and their names and bounds. */
static int read_parameters(jv_config_t *cfg, interior_data_t *d, jv_error_t *err) {
  int perturb;
  char key[64];
  JV_TRY(err, jv_config_get_bool(cfg, "model.perturbation", &perturb, err));
  jv_interior_params_default(&d->base);
  JV_TRY(err, jv_config_get_double_or(cfg, "model.y_1", 0.238, &d->base.y_1, err));
  if (!(d->base.y_1 >= 0 && d->base.y_1 < 1)) JV_FAIL(err, JV_EINPUT, "model.y_1 = %g must be in [0, 1)", d->base.y_1);
  d->base.eos_A = 0.0; /* no perturbation unless sampled or fixed with perturbation = yes */
  d->ndim = 0;
  for (int i = 0; i < NPARAM; ++i) {
    const char *name = param_table[i].name;
    snprintf(key, sizeof key, "fixed.%s", name);
    const int is_fixed = jv_config_has(cfg, key);
    d->index[i] = -1;
    if (i >= P_LOGPMOD && !perturb) {
      if (is_fixed) JV_FAIL(err, JV_EINPUT, "[fixed] %s: the EOS perturbation is off ([model] perturbation = no)", name);
      continue;
    }
    if (is_fixed) {
      char pkey[64];
      snprintf(pkey, sizeof pkey, "prior.%s", name);
      if (jv_config_has(cfg, pkey))
        JV_FAIL(err, JV_EINPUT, "%s is both fixed ([fixed] %s) and sampled ([prior] %s): keep one", name, name, name);
      double *v = param_slot(&d->base, i);
      JV_TRY(err, jv_config_get_double(cfg, key, v, err));
      if (!(*v >= param_table[i].lo && *v <= param_table[i].hi))
        JV_FAIL(err, JV_EINPUT, "[fixed] %s = %g is outside [%g, %g]", name, *v, param_table[i].lo, param_table[i].hi);
      continue;
    }
    d->index[i] = d->ndim;
    d->names[d->ndim] = name;
    d->units[d->ndim] = param_table[i].unit;
    d->lower[d->ndim] = param_table[i].lo;
    d->upper[d->ndim] = param_table[i].hi;
    d->ndim++;
  }
  if (d->ndim == 0) JV_FAIL(err, JV_EINPUT, "every parameter is fixed: nothing to sample");
  return read_start(cfg, d, err);
}

static void make_blob_names(interior_data_t *d) {
  static const char *const obs[JV_INTMCMC_MAX_J] = {"J2", "J4", "J6", "J8", "J10"};
  for (int i = 0; i < B_RES; ++i) d->blob_names[i] = fixed_blob_names[i];
  /* residual names follow the likelihood's observations; unused slots are NaN */
  int k = 0;
  for (; k < d->like.set.ndeg; ++k) snprintf(d->blob_text[B_RES + k], sizeof d->blob_text[0], "res_%s",
                                             obs[d->like.set.degrees[k] / 2 - 1]);
  if (d->like.set.radius) snprintf(d->blob_text[B_RES + k++], sizeof d->blob_text[0], "res_R_eq");
  for (; k < JV_INTMCMC_MAX_OBS; ++k) snprintf(d->blob_text[B_RES + k], sizeof d->blob_text[0], "res_unused%d", k);
  for (int i = 0; i < N_ZM; ++i) snprintf(d->blob_text[B_ZM + i], sizeof d->blob_text[0], "Z_m%.3f", ZM_AT(i));
  for (int i = 0; i < N_RHOP; ++i) snprintf(d->blob_text[B_RHOP + i], sizeof d->blob_text[0], "logrho_P%.1f", LOGP_AT(i));
  for (int i = B_RES; i < NBLOB; ++i) d->blob_names[i] = d->blob_text[i];
}

int jv_app_model_interior(jv_config_t *cfg, jv_model_t *m, jv_error_t *err) {
  interior_data_t *d = calloc(1, sizeof *d);
  int status = JV_OK;
  if (d == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  JV_TRY_GOTO(err, status, fail, read_parameters(cfg, d, err));
  JV_TRY_GOTO(err, status, fail, jv_intmcmc_like_from_config(cfg, &d->like, err));
  JV_TRY_GOTO(err, status, fail, read_physics(cfg, d, err));
  const int max_deg = d->like.set.degrees[d->like.set.ndeg - 1];
  if (max_deg / 2 > d->setup.order) {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                          "likelihood.degrees asks for J_%d but model.tof_order = %d gives J_2 .. J_%d", max_deg,
                          d->setup.order, 2 * d->setup.order);
    goto fail;
  }
  make_blob_names(d);
  *m = (jv_model_t){.name = "interior",
                    .ndim = d->ndim,
                    .nblobs = NBLOB,
                    .param_names = d->names,
                    .param_units = d->units,
                    .blob_names = d->blob_names,
                    .lower = d->lower,
                    .upper = d->upper,
                    .workspace_alloc = ws_alloc,
                    .workspace_free = ws_free,
                    .log_likelihood = log_likelihood,
                    .data = d,
                    .data_free = data_free};
  return JV_OK;
fail:
  data_free(d);
  return status;
}
