/*
 * Tests of src/interior: theory of figures against Wisdom & Hubbard 2016 and the exact
 * Maclaurin spheroid, the radial quadrature's order, EOS loaders and interpolation (out of
 * table is a status), the EOS perturbation and its energy integral, the layered model's
 * conservation laws, statuses and a Jupiter model fitting J2 and R_eq.
 * Reference values: ../shared/data/gravity/tof_cms_benchmarks.md, juno_gravity.md.
 */
#include <stdio.h>
#include <string.h>

#include "jovis/interior.h"
#include "jv_test.h"

static const double Q_WH16 = 0.089195487;
static const double WH16[4] = {1.0, 1.398851089834637e-2, -5.318281001092471e-4, 3.011832290533577e-5};

static double poly1(double p, const void *ctx) {
  (void)ctx;
  return p > 0.0 ? sqrt(p) : 0.0;
}

/* n = 1 polytrope at q_WH16: J[1..3]; returns the status. */
static int polytrope(int order, int n, int stride, double *J, int *iters) {
  jv_error_t err;
  jv_tof_t *t = NULL;
  int st = jv_tof_alloc(order, n, &t, &err);
  if (st == JV_OK && stride > 1) st = jv_tof_set_stride(t, stride, &err);
  if (st == JV_OK) {
    const double *z = jv_tof_z(t);
    double *rho = jv_tof_density(t);
    for (int i = 0; i < n; ++i) rho[i] = sin(3.14159265358979 * z[i]) / (3.14159265358979 * z[i]);
    st = jv_tof_solve_barotrope(t, Q_WH16, poly1, NULL, 1e-13, 300, iters, &err);
    jv_tof_J(t, J);
  }
  if (st != JV_OK) printf("# polytrope ToF%d N=%d: %s\n", order, n, err.msg);
  jv_tof_free(t);
  return st;
}

static void test_polytrope(void) {
  static const int Ns[3] = {512, 1024, 2048};
  double J[JV_TOF_MAX_ORDER + 1];
  int it;
  for (int o = 0; o < 2; ++o) {
    int K = o ? 7 : 4;
    for (int a = 0; a < 3; ++a) {
      int st = polytrope(K, Ns[a], 1, J, &it);
      double e2 = J[1] / WH16[1] - 1, e4 = J[2] / WH16[2] - 1, e6 = J[3] / WH16[3] - 1;
      /* ToF4's truncation floor (PyToF, tof_cms_benchmarks.md B): J2 4.2e-6, J4 2.5e-4; the issue's
         bounds are 2e-5 and 1e-3 at N = 2048. ToF7: |dJ2/J2| <= 1e-6 at every N here. */
      int ok = st == JV_OK && (K == 4 ? fabs(e2) <= 2e-5 && fabs(e4) <= 1e-3 : fabs(e2) <= 1e-6);
      jv_check(ok, "n=1 polytrope ToF%d N=%d vs WH16: dJ2/J2 %+.2e dJ4/J4 %+.2e dJ6/J6 %+.2e (%d passes)", K,
               Ns[a], e2, e4, e6, it);
    }
  }
  /* the radial quadrature is 4th order: halving h cuts the ToF7 error ~16x (trapezoid: 4x) */
  double Ja[JV_TOF_MAX_ORDER + 1], Jb[JV_TOF_MAX_ORDER + 1];
  polytrope(7, 48, 1, Ja, &it);
  polytrope(7, 96, 1, Jb, &it);
  double ratio = fabs(Ja[1] / WH16[1] - 1) / fabs(Jb[1] / WH16[1] - 1);
  jv_check(ratio > 10.0, "ToF7 J2 error falls %.1fx from N=48 to 96 (4th-order quadrature: 16x)", ratio);
  /* solving shapes on every 2nd level costs little accuracy at the default resolution */
  polytrope(7, 256, 2, Ja, &it);
  jv_check(fabs(Ja[1] / WH16[1] - 1) < 1e-7, "ToF7 N=256 stride 2: dJ2/J2 %+.2e", Ja[1] / WH16[1] - 1);
}

/* Exact Maclaurin J_2n at q (tof_cms_benchmarks.md section C, values computed there). */
static const double MAC[6] = {1.0, 3.894947709586e-2, -3.250846641517e-3, 3.517188244609e-4, -4.358856821939e-5,
                              5.876833636739e-6};

static void test_maclaurin(void) {
  jv_error_t err;
  double err2[11] = {0};
  for (int K = 4; K <= 10; K += 3) {
    jv_tof_t *t;
    int it = 0;
    jv_tof_alloc(K, 64, &t, &err);
    double *rho = jv_tof_density(t);
    for (int i = 0; i < 64; ++i) rho[i] = 1.0;
    int st = jv_tof_solve_barotrope(t, Q_WH16, NULL, NULL, 1e-14, 400, &it, &err);
    double J[JV_TOF_MAX_ORDER + 1];
    jv_tof_J(t, J);
    /* Truncation at order K: J_2n ~ q^n is computed to q^(K+1), a relative error of order
       q^(K+1-n); bound 10 q^(K+1-n), floored at 1e-9 (the iteration and spline floor at N = 64
       that ToF10's J2 reaches). */
    for (int n = 1; n <= 3; ++n) {
      double e = J[n] / MAC[n] - 1, bound = fmax(10.0 * pow(Q_WH16, K + 1 - n), 1e-9);
      jv_check(st == JV_OK && fabs(e) <= bound, "Maclaurin ToF%d: dJ%d/J%d = %+.2e (truncation bound %.1e)", K,
               2 * n, 2 * n, e, bound);
    }
    err2[K] = fabs(J[1] / MAC[1] - 1);
    jv_tof_free(t);
  }
  jv_check(err2[7] < err2[4] * 1e-2, "ToF7 beats ToF4 on the Maclaurin J2 by %.0fx (q^-3 = %.0f)", err2[4] / err2[7],
           pow(Q_WH16, -3));
}

static void test_tof_misc(void) {
  jv_error_t err;
  jv_tof_t *t = NULL;
  jv_check(jv_tof_alloc(5, 64, &t, &err) == JV_EINPUT, "ToF order 5 is refused: %s", err.msg);
  jv_check(jv_tof_alloc(4, 8, &t, &err) == JV_EINPUT, "8 levels are refused");
  jv_tof_alloc(4, 64, &t, &err);
  double *rho = jv_tof_density(t);
  const double *z = jv_tof_z(t);
  for (int i = 0; i < 64; ++i) rho[i] = 1.0 - 0.7 * z[i] * z[i];
  int it;
  int st = jv_tof_solve_barotrope(t, 0.0, NULL, NULL, 1e-12, 50, &it, &err);
  double J[JV_TOF_MAX_ORDER + 1];
  jv_tof_J(t, J);
  jv_check(st == JV_OK && fabs(J[1]) < 1e-15 && fabs(jv_tof_req_over_s0(t) - 1) < 1e-15,
           "no rotation: spheres, J2 = %.1e", J[1]);
  jv_check(jv_tof_solve_barotrope(t, Q_WH16, NULL, NULL, 1e-14, 2, &it, &err) == JV_ENOCONV,
           "2 passes do not converge: status ENOCONV (%s)", err.msg);
  /* mass quadrature with a density step: rho = 2 below z* = 0.5, 1 above; exact 1 + 0.125 */
  double *jumps = jv_tof_jumps(t), w[64], cum[64];
  for (int i = 0; i < 64; ++i) w[i] = z[i] < 0.5 ? 2.0 : 1.0;
  for (int c = 0; c + 1 < 64; ++c)
    if (z[c] < 0.5 && z[c + 1] >= 0.5) jumps[c] = 0.5; /* placeholder, refined below */
  /* the jump position as a fraction of the cell in the index variable (the grid is sin-mapped) */
  for (int c = 0; c + 1 < 64; ++c)
    if (jumps[c] >= 0.0) {
      double x = asin(0.5) / 1.5707963267948966 * 64 - 1; /* index of z = 0.5 */
      jumps[c] = x - c;
    }
  jv_tof_weighted_mass(t, w, cum);
  jv_check(fabs(cum[63] - 1.125) < 1e-4, "step density integrates to %.7f (exact 1.125)", cum[63]);
  jv_tof_free(t);
}

static void test_eos_analytic(void) {
  jv_error_t err;
  jv_eos_t *e;
  jv_eos_spec_t sp = {"analytic", "analytic", NULL, NULL, NULL};
  jv_check(jv_eos_open(&sp, &e, &err) == JV_OK, "analytic EOS opens without tables");
  jv_eos_state_t st;
  double rho;
  jv_eos_hhe(e, 3.0, 12.0, 0.0, &st, &err);
  jv_check(fabs(pow(10, st.logrho) - sqrt(1e12 / 3.1e12)) < 1e-12, "analytic H: rho = sqrt(P/K_H)");
  jv_eos_mix_density(e, 3.0, 12.0, 0.25, 0.1, &rho, &err);
  double rh = sqrt(1e12 / 3.1e12), expect = 1.0 / (0.9 * (0.75 / rh + 0.25 / (3 * rh)) + 0.1 / (4 * rh));
  jv_check(fabs(rho / expect - 1) < 1e-12, "additive volume law: %.6f g/cc", rho);
  jv_check(jv_eos_hhe(e, 3.0, 12.0, 1.5, &st, &err) == JV_EDOM, "helium fraction 1.5 is EDOM");
  jv_eos_free(e);
  sp.hhe = "sesame";
  jv_check(jv_eos_open(&sp, &e, &err) == JV_EINPUT, "unknown EOS name: %s", err.msg);
}

/* A synthetic table in the CMS19 format: log rho = 0.6 log P[GPa] - 0.2 log T + c. */
static int write_cms(const char *path, double c, int broken) {
  FILE *f = fopen(path, "w");
  if (f == NULL) return 0;
  fprintf(f, "# synthetic CMS19-format table\n");
  for (int i = 0; i < 121; ++i)
    for (int j = 0; j < 441; ++j) {
      double lt = 2.0 + 0.05 * i, lp = -9.0 + 0.05 * j;
      if (broken && i == 60 && j == 3) {
        fprintf(f, "%.2f %.2f\n", lt, lp);
        continue;
      }
      fprintf(f, "%.2f %.2f %.10f 0 %.10f 0 0 0 0 0.3\n", lt, lp, 0.6 * lp - 0.2 * lt + c, -2.0 + 0.3 * lt - 0.1 * lp);
    }
  fclose(f);
  return 1;
}

static void test_eos_cms19_format(void) {
  jv_error_t err;
  jv_eos_t *e = NULL;
  const char *ph = "/tmp/jv_test_cms_h.dat", *phe = "/tmp/jv_test_cms_he.dat";
  if (!write_cms(ph, 0.0, 0) || !write_cms(phe, 0.5, 0)) {
    jv_skip("CMS19 format: cannot write /tmp");
    return;
  }
  jv_eos_spec_t sp = {"cms19", "analytic", NULL, ph, phe};
  int st = jv_eos_open(&sp, &e, &err);
  jv_check(st == JV_OK, "CMS19-format tables load (%s)", st ? err.msg : "121 x 441");
  if (st == JV_OK) {
    jv_eos_state_t s;
    double lt = 3.5371, lp = 12.3917, y = 0.27; /* off the nodes */
    jv_eos_hhe(e, lt, lp, y, &s, &err);
    double lpg = lp - 10.0, rh = pow(10, 0.6 * lpg - 0.2 * lt), rhe = pow(10, 0.6 * lpg - 0.2 * lt + 0.5);
    double expect = -log10((1 - y) / rh + y / rhe);
    jv_check(fabs(s.logrho - expect) < 1e-9, "bicubic reproduces a plane off the nodes: %.10f vs %.10f", s.logrho,
             expect);
    /* S = 10^(8 + 0.3 logT - 0.1 logP[GPa]) for both: grad_ad = 0.1/0.3 */
    jv_check(fabs(s.grad_ad - 1.0 / 3.0) < 1e-9, "grad_ad from the entropy derivatives: %.10f", s.grad_ad);
    jv_check(jv_eos_hhe(e, 8.5, 12.0, y, &s, &err) == JV_EDOM, "log T = 8.5 is out of table (EDOM)");
    jv_eos_free(e);
  }
  write_cms(phe, 0.5, 1);
  jv_check(jv_eos_open(&sp, &e, &err) == JV_EIO, "a short row is EIO: %.80s", err.msg);
  remove(ph);
  remove(phe);
}

static void test_eos_tables(const char *data) {
  jv_error_t err;
  jv_eos_t *sc = NULL, *mh = NULL;
  char dir[512];
  snprintf(dir, sizeof dir, "%s/eos", data);
  jv_eos_spec_t sp = {"scvh95", "analytic", dir, NULL, NULL};
  int st = jv_eos_open(&sp, &sc, &err);
  jv_check(st == JV_OK, "SCvH95 H and He tables load (%s)", st ? err.msg : "63 isotherms each");
  sp.hhe = "mh13";
  int st2 = jv_eos_open(&sp, &mh, &err);
  jv_check(st2 == JV_OK, "MH13 mixture loads and resamples (%s)", st2 ? err.msg : "16 x 240 -> log T, log P");
  if (st != JV_OK || st2 != JV_OK) return;
  jv_eos_state_t s;
  /* a table node: H file row 1, log T 2.10, log P 4.00: log rho = -5.7154 */
  jv_eos_hhe(sc, 2.10, 4.00, 0.0, &s, &err);
  jv_check(fabs(s.logrho + 5.7154) < 1e-9, "SCvH95 H at a node: log rho = %.5f (file -5.7154)", s.logrho);
  jv_eos_hhe(sc, 2.22, 6.0, 0.27, &s, &err);
  /* ideal H2 + He lies between 2/7 (H2 rotation excited) and 2/5 (frozen); at 166 K H2 rotation is
     partly frozen, so grad_ad sits in between */
  jv_check(s.grad_ad > 2.0 / 7.0 && s.grad_ad < 0.4, "1 bar, 166 K: grad_ad = %.4f, within (2/7, 2/5)", s.grad_ad);
  jv_check(jv_eos_hhe(sc, 1.5, 6.0, 0.27, &s, &err) == JV_EDOM, "below the table in T: EDOM (%.60s)", err.msg);
  jv_check(jv_eos_hhe(sc, 2.2, 13.0, 0.27, &s, &err) == JV_EDOM, "cold, dense corner SCvH95 omits: EDOM");
  /* the MH13 mixture at one of its own rows: rho 0.108241 g/cc, 5000 K, 3.028681 GPa (Y0) */
  jv_eos_hhe(mh, log10(5000.0), log10(3.028681e10) + 0.6, 0.246575, &s, &err);
  jv_eos_state_t s0;
  int st3 = jv_eos_hhe(mh, log10(5000.0), log10(6.310705e10), 0.246575, &s0, &err);
  jv_check(st3 == JV_OK && fabs(s0.logrho - log10(0.174971)) < 3e-3,
           "MH13 resampled at its row (0.174971 g/cc, 5000 K, 6.31 GPa): log rho %.4f vs %.4f", s0.logrho,
           log10(0.174971));
  /* adiabats from 1 bar, 166.1 K: MH13 denser than SCvH95 near 1 Mbar ([H23]) */
  double lp[4] = {6.0, 11.0, 12.0, 13.0}, lt1[4], lr1[4], lt2[4], lr2[4];
  int a1 = jv_eos_adiabat(sc, 0.27, 0.0, 166.1, lp, 4, lt1, lr1, &err);
  int a2 = jv_eos_adiabat(mh, 0.27, 0.0, 166.1, lp, 4, lt2, lr2, &err);
  double r12 = pow(10, lr2[2] - lr1[2]), r13 = pow(10, lr2[3] - lr1[3]);
  jv_check(a1 == JV_OK && a2 == JV_OK && r12 > 1.05 && r12 < 1.3,
           "adiabat at 1 Mbar: rho_MH13/rho_SCvH95 = %.3f (T %.0f vs %.0f K); at 10 Mbar %.3f", r12, pow(10, lt2[2]),
           pow(10, lt1[2]), r13);
  /* heavy-element tables: first rows of the files are reproduced at their nodes */
  static const struct {
    const char *name;
    double logT, logP, logrho;
  } zt[] = {{"sesame_drysand", 1.89, 6.0, 0.36358}, {"aneos_serpentine", 2.0, 6.0, 0.3796090935459158}};
  for (size_t k = 0; k < sizeof zt / sizeof zt[0]; ++k) {
    jv_eos_t *ez = NULL;
    jv_eos_spec_t spz = {"analytic", zt[k].name, dir, NULL, NULL};
    double rz = 0.0;
    int stz = jv_eos_open(&spz, &ez, &err);
    if (stz == JV_OK) stz = jv_eos_z_density(ez, zt[k].logT, zt[k].logP, &rz, &err);
    jv_check(stz == JV_OK && fabs(log10(rz) - zt[k].logrho) < 1e-9, "%s at its first node: log rho %.6f (file %.6f)",
             zt[k].name, log10(rz), zt[k].logrho);
    jv_eos_free(ez);
  }
  /* SCvH95 adiabats are isentropes: the same T at 1 Mbar whatever the intermediate nodes */
  double lpa[2] = {6.0, 12.0}, lpb[4] = {6.0, 7.3, 9.1, 12.0}, lta[4], ltb[4], lra[4], lrb[4];
  jv_eos_adiabat(sc, 0.27, 0.0, 166.1, lpa, 2, lta, lra, &err);
  jv_eos_adiabat(sc, 0.27, 0.0, 166.1, lpb, 4, ltb, lrb, &err);
  jv_check(jv_eos_isentropic(sc) && fabs(lta[1] - ltb[3]) < 1e-10, "SCvH95 isentrope: log T(1 Mbar) %.12f vs %.12f",
           lta[1], ltb[3]);
  /* HG23 on SCvH95: 1/rho gains Vmix X Y; the table node (log P 12.0, log T 4.0) has Vmix 0.2968816 */
  jv_eos_t *hg = NULL;
  sp.hhe = "scvh95+hg23";
  int st4 = jv_eos_open(&sp, &hg, &err);
  jv_check(st4 == JV_OK, "SCvH95 + HG23 loads, artefacts refilled (%s)", st4 ? err.msg : jv_eos_describe(hg));
  if (st4 == JV_OK) {
    double l1, l2;
    jv_eos_hhe_logrho(sc, 4.0, 12.0, 0.27, &l1, &err);
    jv_eos_hhe_logrho(hg, 4.0, 12.0, 0.27, &l2, &err);
    double dv = pow(10, -l2) - pow(10, -l1);
    jv_check(fabs(dv - 0.2968815665355848 * 0.73 * 0.27) < 1e-9, "HG23 volume of mixing at a node: %.6f cm^3/g", dv);
    jv_eos_free(hg);
  }
  /* an artefact node (|Smix| > 1e10 at log T 2.95, log P 14.0 cgs) must not reach the entropy:
     on synthetic CMS19-format tables covering it, S_H = S_He ~ 3e8 there, so an artefact would
     add > 2e9 (Smix X Y) */
  const char *ph = "/tmp/jv_test_cms_h2.dat", *phe = "/tmp/jv_test_cms_he2.dat";
  if (write_cms(ph, 0.0, 0) && write_cms(phe, 0.5, 0)) {
    jv_eos_spec_t sc2 = {"cms19+hg23", "analytic", dir, ph, phe};
    int st5 = jv_eos_open(&sc2, &hg, &err);
    s.S = NAN;
    int st6 = st5 == JV_OK ? jv_eos_hhe(hg, 2.95, 14.0, 0.27, &s, &err) : st5;
    /* (S is filled before the grad_ad check, which may still call the noisy region EDOM) */
    jv_check((st6 == JV_OK || st6 == JV_EDOM) && isfinite(s.S) && fabs(s.S) < 1.5e9,
             "HG23 artefact node refilled: S = %.3e erg/g/K (%s)", s.S, st6 ? err.msg : "grad_ad ok");
    if (st5 == JV_OK) jv_eos_free(hg);
    remove(ph);
    remove(phe);
  }
  sp.hhe = "mh13+hg23";
  jv_check(jv_eos_open(&sp, &hg, &err) == JV_EINPUT, "HG23 on top of MH13 is refused: %.70s", err.msg);
  jv_eos_free(sc);
  jv_eos_free(mh);
}

static void test_perturbation(void) {
  jv_check(jv_eos_perturbation(12.0, 0.07, 12.0, 0.5) == 0.0, "f(P_mod) = 0");
  double a = jv_eos_perturbation(12.3, 0.07, 12.0, 0.5), b = jv_eos_perturbation(11.7, 0.07, 12.0, 0.5);
  jv_check(a > 0 && b < 0 && fabs(a * sqrt(10.0 / 1.0) / pow(10, 0.3) + b * pow(10, 0.3) / sqrt(1.0)) < 1.0,
           "f changes sign across P_mod: f(+0.3 dex) = %.4f, f(-0.3 dex) = %.4f", a, b);
  /* n = 1 polytrope, rho = sqrt(P): int f/rho dP = A sqrt(P_mod) ln10 sigma int exp(-u^2) erf(u) du = 0 */
  double sum = 0.0, sabs = 0.0, h = 1e-3;
  for (double lp = 8.0; lp < 16.0; lp += h) {
    double P0 = pow(10, lp), P1 = pow(10, lp + h);
    double g0 = jv_eos_perturbation(lp, 0.07, 12.1, 0.45) / sqrt(P0);
    double g1 = jv_eos_perturbation(lp + h, 0.07, 12.1, 0.45) / sqrt(P1);
    sum += 0.5 * (g0 + g1) * (P1 - P0);
    sabs += 0.5 * (fabs(g0) + fabs(g1)) * (P1 - P0);
  }
  jv_check(fabs(sum / sabs) < 1e-5, "energy integral on the n=1 adiabat: %.2e of int |drho|/rho^2 dP", sum / sabs);
}

static int model(const jv_eos_t *eos, int n, const jv_interior_params_t *p, jv_interior_result_t *r,
                 jv_interior_ws_t **keep, jv_error_t *err) {
  jv_interior_setup_t set;
  jv_interior_ws_t *ws = NULL;
  jv_interior_setup_default(&set);
  set.eos = eos;
  set.n_levels = n;
  int st = jv_interior_ws_alloc(&set, &ws, err);
  if (st == JV_OK) st = jv_interior_model(ws, p, r, err);
  if (keep != NULL)
    *keep = ws;
  else
    jv_interior_ws_free(ws);
  return st;
}

/* Pinned start: the answer is a function of the parameters alone, whatever was asked before
   (what makes a resumed MCMC run bitwise the uninterrupted one). */
static void test_pinned_start(jv_interior_ws_t *ws, const jv_interior_params_t *p) {
  jv_error_t err;
  jv_interior_params_t q = *p, far = *p;
  q.M_core_ME += 0.5;
  q.Z_dil -= 0.01;
  far.M_core_ME = 2.0;
  far.Z_dil = 0.3;
  far.m_dil = 0.2;
  jv_interior_result_t a, b, c;
  int st = jv_interior_pin_start(ws, p, 1000, &err);
  jv_check(st == JV_OK, "pin the model at the reference parameters (%s)", st ? err.msg : "ok");
  st = jv_interior_model(ws, &q, &a, &err);
  st |= jv_interior_model(ws, &far, &c, &err);
  st |= jv_interior_model(ws, &q, &b, &err);
  jv_check(st == JV_OK && memcmp(a.J, b.J, sizeof a.J) == 0 && a.R_eq == b.R_eq && a.iterations == b.iterations,
           "pinned: the same parameters give bitwise the same J and R_eq after a distant call (%d passes)",
           a.iterations);
  jv_interior_params_t bad = *p;
  bad.Z_env = 0.95;
  jv_check(jv_interior_pin_start(ws, &bad, 1000, &err) == JV_EDOM, "a failing reference model is not pinned: EDOM");
}

static void test_structure_analytic(void) {
  jv_error_t err;
  jv_eos_t *e;
  jv_eos_spec_t sp = {"analytic", "analytic", NULL, NULL, NULL};
  jv_eos_open(&sp, &e, &err);
  jv_interior_params_t p;
  jv_interior_params_default(&p);
  p.M_core_ME = 7.385;
  p.Z_dil = 0.15;
  p.m_dil = 0.35;
  jv_interior_result_t r, r2;
  jv_interior_ws_t *ws = NULL;
  int st = model(e, 256, &p, &r, &ws, &err);
  jv_check(st == JV_OK, "analytic-EOS Jupiter converges in %d passes (%s)", r.iterations, st ? err.msg : "ok");
  if (st != JV_OK) return;
  jv_interior_profiles_t pr;
  jv_interior_get_profiles(ws, &pr);
  jv_check(fabs(pr.m[pr.n - 1] - 1.0) < 1e-8, "total mass fixed: M(R)/M_J = %.10f", pr.m[pr.n - 1]);
  jv_check(fabs(r.M_core_ME - 7.385) < 1e-12, "compact core mass as asked: %.4f M_E", r.M_core_ME);
  /* helium: the envelope (outside the core) keeps y_proto; trapezoid in m, O(h^2) ~ 1e-4 */
  double he = 0.0, hhe = 0.0;
  for (int i = 0; i + 1 < pr.n; ++i) {
    double dm = pr.m[i + 1] - pr.m[i];
    if (pr.Z[i] >= 1.0 || pr.Z[i + 1] >= 1.0) continue;
    he += 0.5 * (pr.Y[i] + pr.Y[i + 1]) * dm;
    hhe += 0.5 * (pr.X[i] + pr.Y[i] + pr.X[i + 1] + pr.Y[i + 1]) * dm;
  }
  jv_check(fabs(he / hhe - 0.277) < 2e-3, "envelope helium Y/(X+Y) = %.4f (protosolar 0.277), y_2 = %.4f",
           he / hhe, r.y_2);
  int mono = 1;
  for (int i = 0; i + 1 < pr.n; ++i) mono &= pr.P[i] > pr.P[i + 1] && pr.r[i] < pr.r[i + 1];
  jv_check(mono, "pressure falls outward on every level");
  /* a second call starts from the first (warm): same answer, fewer passes */
  st = jv_interior_model(ws, &p, &r2, &err);
  jv_check(st == JV_OK && fabs(r2.J[1] / r.J[1] - 1) < 1e-7 && r2.iterations < r.iterations,
           "warm start: J2 agrees to %.1e in %d passes", fabs(r2.J[1] / r.J[1] - 1), r2.iterations);
  /* statuses the sampler turns into rejections */
  jv_interior_params_t bad = p;
  bad.y_1 = 0.95;
  bad.P_Z_Mbar = 9.0;
  st = jv_interior_model(ws, &bad, &r2, &err);
  jv_check(st == JV_EDOM, "y_1 = 0.95 above 9 Mbar forces y_2 < 0: %s", st ? err.msg : "accepted");
  bad = p;
  bad.Z_env = 0.95;
  jv_check(jv_interior_model(ws, &bad, &r2, &err) == JV_EDOM, "Z_env + Z_dil >= 1: EDOM");
  test_pinned_start(ws, &p);
  jv_interior_ws_free(ws);
  jv_interior_setup_t set;
  jv_interior_setup_default(&set);
  set.eos = e;
  set.max_iter = 5;
  jv_interior_ws_alloc(&set, &ws, &err);
  jv_check(jv_interior_model(ws, &p, &r2, &err) == JV_ENOCONV, "5 passes: ENOCONV (%.60s)", err.msg);
  jv_interior_ws_free(ws);
  /* resolution: 256 vs 512 levels */
  jv_interior_result_t r5;
  model(e, 512, &p, &r5, NULL, &err);
  jv_check(fabs(r5.J[1] / r.J[1] - 1) < 2e-5 && fabs(r5.R_eq - r.R_eq) < 1e5,
           "N=256 vs 512: dJ2/J2 %.1e, dR_eq %.3f km", r5.J[1] / r.J[1] - 1, (r5.R_eq - r.R_eq) / 1e5);
  jv_eos_free(e);
}

static void test_jupiter(const char *data) {
  jv_error_t err;
  jv_eos_t *e;
  char dir[512];
  snprintf(dir, sizeof dir, "%s/eos", data);
  jv_eos_spec_t sp = {"scvh95", "analytic", dir, NULL, NULL};
  if (jv_eos_open(&sp, &e, &err) != JV_OK) {
    jv_check(0, "SCvH95 opens: %s", err.msg);
    return;
  }
  /* inputs/interior_jupiter.ini: Z_env and M_core solved so that J2 and R_eq fit */
  jv_interior_params_t p;
  jv_interior_params_default(&p);
  p.M_core_ME = 0.886154;
  p.Z_env = 0.094735;
  jv_interior_result_t r;
  int st = model(e, 256, &p, &r, NULL, &err);
  /* static J2 target (Durante+2020, tide removed, + wind offset) and sigma (formal + wind) */
  double sJ2 = (r.J[1] * 1e6 - (14696.5063 + 1.039)) / (0.00057 + 0.354), sR = (r.R_eq / 1e5 - 71492.0) / 4.0;
  jv_check(st == JV_OK && fabs(sJ2) < 3 && fabs(sR) < 3, "SCvH95 Jupiter: J2 %+.2f sigma, R_eq %+.2f sigma (%s)", sJ2,
           sR, st ? err.msg : "fits");
  /* the EOS perturbation on the real adiabat: the energy integral, relative to its |.| */
  p.eos_A = 0.05;
  p.eos_logP_mod = 12.0;
  p.eos_sigma = 0.5;
  st = model(e, 256, &p, &r, NULL, &err);
  jv_check(st == JV_OK && fabs(r.energy_integral_rel) < 0.5,
           "EOS perturbation A=0.05 on the SCvH95 adiabat: int drho/rho^2 dP = %.3e erg/g = %+.3f of int |.|",
           r.energy_integral, r.energy_integral_rel);
  /* MH13 (H23's EOS) with a dense dilute core: the centre (~60 Mbar) lies inside the table, which
     ends at rho = 6 g/cc (log P 13.96 at 2e4 K), but the adiabat's interpolation stencil and the
     early passes reach past it. Such models must converge, not be refused as out of table. */
  {
    jv_eos_t *m13;
    jv_eos_spec_t sp13 = {"mh13", "analytic", dir, NULL, NULL};
    if (jv_eos_open(&sp13, &m13, &err) == JV_OK) {
      jv_interior_params_t q;
      jv_interior_params_default(&q);
      q.M_core_ME = 2.0;
      q.Z_env = 0.0194;
      q.Z_dil = 0.15;
      q.m_dil = 0.3;
      st = model(m13, 256, &q, &r, NULL, &err);
      jv_check(st == JV_OK && r.P_c < pow(10.0, 13.96) && r.M_Z_ME > 15.0 && r.R_eq < 7.1492e9,
               "MH13, Z_dil 0.15 to m 0.3: converges with P_c = %.1f Mbar inside the table, M_Z %.1f M_E (%s)",
               r.P_c * 1e-12, r.M_Z_ME, st ? err.msg : "ok");
      jv_eos_free(m13);
    } else {
      jv_check(0, "MH13 opens: %s", err.msg);
    }
  }
  /* a hot surface leaves the SCvH95 table: a status, not garbage */
  p.eos_A = 0.0;
  p.T_1bar = 30000.0;
  st = model(e, 128, &p, &r, NULL, &err);
  jv_check(st == JV_EDOM, "T_1bar = 30000 K leaves the table: %s", jv_status_name(st));
  jv_eos_free(e);
}

int main(void) {
  const char *data = jv_test_shared_data();
  test_tof_misc();
  test_polytrope();
  test_maclaurin();
  test_eos_analytic();
  test_eos_cms19_format();
  test_perturbation();
  test_structure_analytic();
  if (data != NULL) {
    test_eos_tables(data);
    test_jupiter(data);
  } else {
    jv_skip("EOS tables and the Jupiter fit: ../shared/data not found (set JOVIS_SHARED_DATA)");
  }
  return jv_test_exit();
}
