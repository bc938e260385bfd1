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
  const char *h = spec->hhe ? spec->hhe : "analytic", *z = spec->z ? spec->z : "analytic";
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
  if (!strcmp(z, "analytic")) {
    e->zk = Z_ANALYTIC;
  } else if (!strcmp(z, "water_mazevet19")) {
    e->zk = Z_TABLE;
    JV_TRY_GOTO(err, status, fail,
                join_path(path, sizeof path, spec->data_dir, "heavy_elements/mazevet19_water/EOS_water_mazevet.dat",
                          err));
    JV_TRY_GOTO(err, status, fail, jv_eos_load_mazevet19(path, &e->z, err));
  } else {
    status = jv_error_set(err, JV_EINPUT, __func__, __LINE__, "unknown heavy-element EOS '%s' (analytic, water_mazevet19)", z);
    goto fail;
  }
  snprintf(e->desc, sizeof e->desc, "H-He %s%s, heavy elements %s", h,
           e->hhe == HHE_MH13 ? " (MH13 above 10 GPa, SCvH95 below 3 GPa)" : "", z);
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
  free(e);
}

const char *jv_eos_describe(const jv_eos_t *e) { return e->desc; }

/* Additive volume and entropy of two tables (H, He) at helium fraction y. */
static int additive(const jv_eos_t *e, double logT, double logP, double y, double *inv_rho, double *dinv_dy,
                    jv_eos_val_t *S, jv_error_t *err) {
  jv_eos_val_t rh, rhe, sh, she;
  JV_TRY(err, jv_eos_grid_eval(e->h, JV_EOS_LOGRHO, logT, logP, &rh, err));
  JV_TRY(err, jv_eos_grid_eval(e->he, JV_EOS_LOGRHO, logT, logP, &rhe, err));
  double vh = pow(10.0, -rh.v), vhe = pow(10.0, -rhe.v);
  *inv_rho = (1.0 - y) * vh + y * vhe;
  *dinv_dy = vhe - vh;
  if (S != NULL) {
    JV_TRY(err, jv_eos_grid_eval(e->h, JV_EOS_LOGS, logT, logP, &sh, err));
    JV_TRY(err, jv_eos_grid_eval(e->he, JV_EOS_LOGS, logT, logP, &she, err));
    double a = (1.0 - y) * pow(10.0, sh.v), b = y * pow(10.0, she.v), l = log(10.0);
    S->v = a + b;
    S->dT = l * (a * sh.dT + b * she.dT);
    S->dP = l * (a * sh.dP + b * she.dP);
  }
  return JV_OK;
}

static double grad_ad_of(const jv_eos_val_t *S) { return -S->dP / S->dT; }

int jv_eos_hhe(const jv_eos_t *e, double logT, double logP, double y, jv_eos_state_t *st, jv_error_t *err) {
  if (!(y >= 0.0 && y <= 1.0)) JV_FAIL(err, JV_EDOM, "helium fraction y = %g outside [0, 1]", y);
  if (e->hhe == HHE_ANALYTIC) {
    if (!isfinite(logP)) JV_FAIL(err, JV_EDOM, "log P = %g", logP);
    double inv = ((1.0 - y) + y / ANALYTIC_HE_RATIO) * sqrt(ANALYTIC_K_H) * pow(10.0, -0.5 * logP);
    st->logrho = -log10(inv);
    st->S = 0.0;
    st->grad_ad = ANALYTIC_GRAD_AD;
    return JV_OK;
  }
  double inv, dinv;
  jv_eos_val_t S;
  if (e->hhe != HHE_MH13 || logP <= MH13_JOIN_LO) {
    JV_TRY(err, additive(e, logT, logP, y, &inv, &dinv, &S, err));
    st->logrho = -log10(inv);
    st->S = S.v;
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
  JV_TRY(err, additive(e, logT, logP, y, &inv, &dinv, logP < MH13_JOIN_HI ? &S : NULL, err));
  double inv_mh = pow(10.0, -r.v) + (y - MH13_Y0) * dinv;
  double ga_mh = -s.dP / s.dT;
  if (!(inv_mh > 0.0)) JV_FAIL(err, JV_EDOM, "MH13 composition correction gave 1/rho = %g", inv_mh);
  if (logP >= MH13_JOIN_HI) {
    st->logrho = -log10(inv_mh);
    st->S = pow(10.0, s.v);
    st->grad_ad = ga_mh;
  } else {
    double w = (logP - MH13_JOIN_LO) / (MH13_JOIN_HI - MH13_JOIN_LO);
    st->logrho = -(w * log10(inv_mh) + (1.0 - w) * log10(inv));
    st->S = w * pow(10.0, s.v) + (1.0 - w) * S.v;
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
