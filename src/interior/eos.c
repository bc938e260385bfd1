/*
 * Named EOS choices (see jovis/interior.h for what each is made of): H-He mixtures by the
 * additive volume law, the heavy-element density, grad_ad from the entropy, and the EOS
 * perturbation f(P). cgs, log10.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eos_internal.h"

enum { HHE_ANALYTIC, HHE_SCVH95, HHE_MH13, HHE_CMS19 };
enum { Z_ANALYTIC, Z_TABLE };

/* analytic H: rho = sqrt(P / K_H); He three times denser (SCvH95-like ratio at Mbar). */
#define ANALYTIC_K_H 3.1e12
#define ANALYTIC_HE_RATIO 3.0
#define ANALYTIC_Z_RATIO 4.0
#define ANALYTIC_GRAD_AD 0.3
/* MH13 join to SCvH95 (log10 dyn/cm^2) and the MH13 helium fraction (PROVENANCE). */
#define MH13_JOIN_LO 10.5
#define MH13_JOIN_HI 11.0
#define MH13_Y0 0.246575

struct jv_eos {
  int hhe, zk;
  char desc[256];
  jv_eos_grid_t *h, *he, *mix, *z;
  jv_eos_grid_t *vmix, *smix; /* HG23 corrections, when the name ends in +hg23 */
};

static int join_path(char *buf, size_t size, const char *dir, const char *rel, jv_error_t *err) {
  if (dir == NULL || dir[0] == '\0') JV_FAIL(err, JV_EINPUT, "EOS needs a data folder for '%s'", rel);
  if ((size_t)snprintf(buf, size, "%s/%s", dir, rel) >= size) JV_FAIL(err, JV_EINPUT, "EOS path too long");
  return JV_OK;
}

int jv_eos_open(const jv_eos_spec_t *spec, jv_eos_t **out, jv_error_t *err) {
  jv_eos_t *e;
  char path[1024];
  int status = JV_OK;
  *out = NULL;
  JV_ALLOC(err, e, 1);
  const char *z = spec->z ? spec->z : "analytic";
  char h[64];
  snprintf(h, sizeof h, "%s", spec->hhe ? spec->hhe : "analytic");
  char *plus = strstr(h, "+hg23");
  int hg23 = plus != NULL && plus[5] == '\0';
  if (hg23) *plus = '\0';
  if (!strcmp(h, "analytic")) {
    e->hhe = HHE_ANALYTIC;
  } else if (!strcmp(h, "scvh95") || !strcmp(h, "mh13")) {
    e->hhe = strcmp(h, "mh13") ? HHE_SCVH95 : HHE_MH13;
    JV_TRY_GOTO(err, status, fail, join_path(path, sizeof path, spec->data_dir, "scvh95/h_tab_initial.dat", err));
    JV_TRY_GOTO(err, status, fail, jv_eos_load_scvh95(path, &e->h, err));
    JV_TRY_GOTO(err, status, fail, join_path(path, sizeof path, spec->data_dir, "scvh95/he_tab_initial.dat", err));
    JV_TRY_GOTO(err, status, fail, jv_eos_load_scvh95(path, &e->he, err));
    if (e->hhe == HHE_MH13) {
      JV_TRY_GOTO(err, status, fail, join_path(path, sizeof path, spec->data_dir, "mh13/mh13_eos.out", err));
      JV_TRY_GOTO(err, status, fail, jv_eos_load_mh13(path, &e->mix, err));
    }
  } else if (!strcmp(h, "cms19")) {
    e->hhe = HHE_CMS19;
    if (spec->cms19_h == NULL || spec->cms19_he == NULL) {
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                            "EOS cms19 needs the paths of the H and He tables (TABLE_H_TP_v1, TABLE_HE_TP_v1)");
      goto fail;
    }
    JV_TRY_GOTO(err, status, fail, jv_eos_load_cms19(spec->cms19_h, &e->h, err));
    JV_TRY_GOTO(err, status, fail, jv_eos_load_cms19(spec->cms19_he, &e->he, err));
  } else {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                          "unknown H-He EOS '%s' (analytic, scvh95, mh13, cms19)", h);
    goto fail;
  }
  if (hg23) {
    if (e->hhe == HHE_ANALYTIC || e->hhe == HHE_MH13) {
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                            "+hg23 applies to additive H and He tables (scvh95, cms19), not to %s", h);
      goto fail;
    }
    JV_TRY_GOTO(err, status, fail, join_path(path, sizeof path, spec->data_dir, "hg23/HG23_Vmix_Smix.csv", err));
    JV_TRY_GOTO(err, status, fail, jv_eos_load_hg23(path, &e->vmix, &e->smix, err));
  }
  if (!strcmp(z, "analytic")) {
    e->zk = Z_ANALYTIC;
  } else {
    static const struct {
      const char *name, *file;
      int (*load)(const char *, jv_eos_grid_t **, jv_error_t *);
    } ztab[] = {{"water_mazevet19", "heavy_elements/mazevet19_water/EOS_water_mazevet.dat", jv_eos_load_mazevet19},
                {"sesame_drysand", "heavy_elements/sesame_drysand/sesame_sand_eos.dat", jv_eos_load_sesame},
                {"aneos_serpentine", "heavy_elements/aneos_mankovich/aneos_serpentine_pt.dat", jv_eos_load_aneos},
                {"aneos_ice", "heavy_elements/aneos_mankovich/aneos_ice_pt.dat", jv_eos_load_aneos}};
    size_t k = 0;
    while (k < sizeof ztab / sizeof ztab[0] && strcmp(z, ztab[k].name)) ++k;
    if (k == sizeof ztab / sizeof ztab[0]) {
      status = jv_error_set(err, JV_EINPUT, __func__, __LINE__,
                            "unknown heavy-element EOS '%s' (analytic, water_mazevet19, sesame_drysand, "
                            "aneos_serpentine, aneos_ice)",
                            z);
      goto fail;
    }
    e->zk = Z_TABLE;
    JV_TRY_GOTO(err, status, fail, join_path(path, sizeof path, spec->data_dir, ztab[k].file, err));
    JV_TRY_GOTO(err, status, fail, ztab[k].load(path, &e->z, err));
  }
  snprintf(e->desc, sizeof e->desc, "H-He %s%s%s, heavy elements %s", h,
           e->hhe == HHE_MH13 ? " (MH13 above 10 GPa, SCvH95 below 3 GPa)" : "",
           hg23 ? " + HG23 non-ideal mixing (V_mix, S_mix)" : "", z);
  *out = e;
  return JV_OK;
fail:
  jv_eos_free(e);
  return status;
}

void jv_eos_free(jv_eos_t *e) {
  if (e == NULL) return;
  jv_eos_grid_free(e->h);
  jv_eos_grid_free(e->he);
  jv_eos_grid_free(e->mix);
  jv_eos_grid_free(e->z);
  jv_eos_grid_free(e->vmix);
  jv_eos_grid_free(e->smix);
  free(e);
}

const char *jv_eos_describe(const jv_eos_t *e) { return e->desc; }

int jv_eos_isentropic(const jv_eos_t *e) { return e->hhe == HHE_SCVH95 || e->hhe == HHE_CMS19; }

/* Additive volume and entropy of two tables (H, He) at helium fraction y. */
static int additive(const jv_eos_t *e, double logT, double logP, double y, double *inv_rho, double *dinv_dy,
                    jv_eos_val_t *S, jv_error_t *err) {
  jv_eos_val_t rh, rhe, sh, she;
  JV_TRY(err, jv_eos_grid_eval(e->h, JV_EOS_LOGRHO, logT, logP, &rh, err));
  JV_TRY(err, jv_eos_grid_eval(e->he, JV_EOS_LOGRHO, logT, logP, &rhe, err));
  double vh = pow(10.0, -rh.v), vhe = pow(10.0, -rhe.v);
  *inv_rho = (1.0 - y) * vh + y * vhe;
  *dinv_dy = vhe - vh;
  /* HG23: 1/rho += Vmix X Y, S += Smix X Y (hg23/PROVENANCE.md); outside its grid: none */
  jv_eos_val_t vm = {0.0, 0.0, 0.0}, sm = {0.0, 0.0, 0.0};
  int with_hg23 = e->vmix != NULL && jv_eos_grid_eval(e->vmix, JV_EOS_LOGRHO, logT, logP, &vm, err) == JV_OK;
  if (with_hg23) {
    *inv_rho += vm.v * (1.0 - y) * y;
    *dinv_dy += vm.v * (1.0 - 2.0 * y);
    if (S != NULL) JV_TRY(err, jv_eos_grid_eval(e->smix, JV_EOS_LOGS, logT, logP, &sm, err));
  }
  if (S != NULL) {
    JV_TRY(err, jv_eos_grid_eval(e->h, JV_EOS_LOGS, logT, logP, &sh, err));
    JV_TRY(err, jv_eos_grid_eval(e->he, JV_EOS_LOGS, logT, logP, &she, err));
    double a = (1.0 - y) * pow(10.0, sh.v), b = y * pow(10.0, she.v), l = log(10.0);
    double xy = (1.0 - y) * y;
    S->v = a + b + sm.v * xy;
    S->dT = l * (a * sh.dT + b * she.dT) + sm.dT * xy;
    S->dP = l * (a * sh.dP + b * she.dP) + sm.dP * xy;
  }
  return JV_OK;
}

static double grad_ad_of(const jv_eos_val_t *S) { return -S->dP / S->dT; }

int jv_eos_hhe_logrho(const jv_eos_t *e, double logT, double logP, double y, double *logrho, jv_error_t *err) {
  if (e->hhe == HHE_SCVH95 || e->hhe == HHE_CMS19 || (e->hhe == HHE_MH13 && logP <= MH13_JOIN_LO)) {
    double inv, dinv;
    if (!(y >= 0.0 && y <= 1.0)) JV_FAIL(err, JV_EDOM, "helium fraction y = %g outside [0, 1]", y);
    JV_TRY(err, additive(e, logT, logP, y, &inv, &dinv, NULL, err));
    *logrho = -log10(inv);
    return JV_OK;
  }
  jv_eos_state_t st;
  JV_TRY(err, jv_eos_hhe(e, logT, logP, y, &st, err));
  *logrho = st.logrho;
  return JV_OK;
}

int jv_eos_hhe(const jv_eos_t *e, double logT, double logP, double y, jv_eos_state_t *st, jv_error_t *err) {
  if (!(y >= 0.0 && y <= 1.0)) JV_FAIL(err, JV_EDOM, "helium fraction y = %g outside [0, 1]", y);
  if (e->hhe == HHE_ANALYTIC) {
    if (!isfinite(logP)) JV_FAIL(err, JV_EDOM, "log P = %g", logP);
    double inv = ((1.0 - y) + y / ANALYTIC_HE_RATIO) * sqrt(ANALYTIC_K_H) * pow(10.0, -0.5 * logP);
    st->logrho = -log10(inv);
    st->S = 0.0;
    st->dS_dlogT = 0.0;
    st->grad_ad = ANALYTIC_GRAD_AD;
    return JV_OK;
  }
  double inv, dinv;
  jv_eos_val_t S;
  if (e->hhe != HHE_MH13 || logP <= MH13_JOIN_LO) {
    JV_TRY(err, additive(e, logT, logP, y, &inv, &dinv, &S, err));
    st->logrho = -log10(inv);
    st->S = S.v;
    st->dS_dlogT = S.dT;
    st->grad_ad = grad_ad_of(&S);
    if (!(st->grad_ad > 0.0 && st->grad_ad < 1.0))
      JV_FAIL(err, JV_EDOM, "grad_ad = %g at (log T, log P) = (%.3f, %.3f): unphysical table region", st->grad_ad,
              logT, logP);
    return JV_OK;
  }
  /* MH13 with the SCvH95 composition correction, blended into SCvH95 across the join. */
  jv_eos_val_t r, s;
  JV_TRY(err, jv_eos_grid_eval(e->mix, JV_EOS_LOGRHO, logT, logP, &r, err));
  JV_TRY(err, jv_eos_grid_eval(e->mix, JV_EOS_LOGS, logT, logP, &s, err));
  if (logP < MH13_JOIN_HI) {
    JV_TRY(err, additive(e, logT, logP, y, &inv, &dinv, &S, err));
  } else {
    /* Only the composition term (1/rho_He - 1/rho_H) is needed from SCvH95 here. MH13 adiabats
       run cooler than SCvH95 covers above 0.25 Mbar (its isotherms below log T = 3.62 stop at
       log P = 11.4), so there the term is taken on the nearest covered isotherm above, at most
       0.24 dex hotter: a small correction (|y - y0| ~ 0.04) of a weakly T-dependent difference. */
    int st = JV_EDOM;
    for (int k = 0; k <= 3 && st == JV_EDOM; ++k) st = additive(e, logT + 0.08 * k, logP, y, &inv, &dinv, NULL, err);
    JV_TRY(err, st);
  }
  double inv_mh = pow(10.0, -r.v) + (y - MH13_Y0) * dinv;
  double ga_mh = -s.dP / s.dT;
  if (!(inv_mh > 0.0)) JV_FAIL(err, JV_EDOM, "MH13 composition correction gave 1/rho = %g", inv_mh);
  if (logP >= MH13_JOIN_HI) {
    st->logrho = -log10(inv_mh);
    st->S = pow(10.0, s.v);
    st->dS_dlogT = log(10.0) * st->S * s.dT;
    st->grad_ad = ga_mh;
  } else {
    double w = (logP - MH13_JOIN_LO) / (MH13_JOIN_HI - MH13_JOIN_LO);
    st->logrho = -(w * log10(inv_mh) + (1.0 - w) * log10(inv));
    st->S = w * pow(10.0, s.v) + (1.0 - w) * S.v;
    st->dS_dlogT = w * log(10.0) * pow(10.0, s.v) * s.dT + (1.0 - w) * S.dT;
    st->grad_ad = w * ga_mh + (1.0 - w) * grad_ad_of(&S);
  }
  if (!(st->grad_ad > 0.0 && st->grad_ad < 1.0))
    JV_FAIL(err, JV_EDOM, "grad_ad = %g at (log T, log P) = (%.3f, %.3f): unphysical table region", st->grad_ad,
            logT, logP);
  return JV_OK;
}

int jv_eos_z_density(const jv_eos_t *e, double logT, double logP, double *rho, jv_error_t *err) {
  if (e->zk == Z_ANALYTIC) {
    *rho = ANALYTIC_Z_RATIO * sqrt(pow(10.0, logP) / ANALYTIC_K_H);
    return JV_OK;
  }
  jv_eos_val_t r;
  JV_TRY(err, jv_eos_grid_eval(e->z, JV_EOS_LOGRHO, logT, logP, &r, err));
  *rho = pow(10.0, r.v);
  return JV_OK;
}

double jv_eos_perturbation(double logP, double A, double logP_mod, double sigma) {
  double u = (logP - logP_mod) / sigma;
  return A * pow(10.0, 0.5 * (logP_mod - logP)) * exp(-u * u) * erf(u);
}
