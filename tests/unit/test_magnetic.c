/*
 * Tests of src/magnetic: Legendre functions and SH fields (against the JupiterMag test vectors),
 * Con2020 (against the same), the data reader and its error paths, the variance model, the design
 * matrix and the QR + SVD fit (noise-free recovery on real Juno positions), the Lowes spectrum.
 * Data come from ../shared/data (jv_test_shared_data); checks that need it print a skip line.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/magnetic.h"
#include "jv_test.h"

#define M_PI_ 3.14159265358979323846

static double cblas_like_dot(const double *v, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; ++i)
    s += v[i] * v[i];
  return s;
}

/* ---------------------------------------------------------------- a tiny JSON scanner
   The JupiterMag files are lists of {"input": {"args": [[...],[...],[...], {config}], "kwargs":
   {...}}, "output": {"result": [[...],[...],[...]]}}; we only need to walk those shapes. */
static const char *skip_ws(const char *p) {
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t' || *p == ',')
    ++p;
  return p;
}
/* Reads "[a, b, ...]" into v (at most cap); returns the pointer after ']' or NULL. */
static const char *read_array(const char *p, double *v, int cap, int *n) {
  p = skip_ws(p);
  if (*p != '[') return NULL;
  ++p;
  *n = 0;
  for (;;) {
    p = skip_ws(p);
    if (*p == ']') return p + 1;
    char *end;
    double x = strtod(p, &end);
    if (end == p) { /* NaN / Infinity spelled as words */
      if (!strncmp(p, "NaN", 3))
        x = NAN, end = (char *)p + 3;
      else if (!strncmp(p, "Infinity", 8))
        x = INFINITY, end = (char *)p + 8;
      else if (!strncmp(p, "-Infinity", 9))
        x = -INFINITY, end = (char *)p + 9;
      else
        return NULL;
    }
    if (*n < cap) v[(*n)++] = x;
    p = end;
  }
}
/* Value text after "key": within [p, stop). */
static const char *json_key(const char *p, const char *stop, const char *key) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":", key);
  const char *q = strstr(p, pat);
  if (q == NULL || (stop != NULL && q >= stop)) return NULL;
  return skip_ws(q + strlen(pat));
}
static int json_true(const char *v) { return v != NULL && !strncmp(v, "true", 4); }

typedef struct {
  const char *cfg, *cfg_end; /* the case's kwargs/config object region */
  double in[3][16], out[3][16];
  int n;
} json_case_t;

/* Next case after *cursor; 0 at the end. */
static int next_case(const char **cursor, json_case_t *c) {
  const char *p = strstr(*cursor, "\"args\":");
  if (p == NULL) return 0;
  const char *res = strstr(p, "\"result\":");
  if (res == NULL) return 0;
  p = skip_ws(p + 7);
  if (*p != '[') return 0;
  ++p;
  int n = 0;
  for (int k = 0; k < 3; ++k)
    if ((p = read_array(p, c->in[k], 16, &n)) == NULL) return 0;
  c->n = n;
  c->cfg = p;
  c->cfg_end = res;
  const char *q = skip_ws(res + 9);
  if (*q != '[') return 0;
  ++q;
  for (int k = 0; k < 3; ++k)
    if ((q = read_array(q, c->out[k], 16, &n)) == NULL) return 0;
  *cursor = q;
  return 1;
}

static char *slurp(const char *path) {
  char *text = NULL;
  jv_error_t err;
  if (jv_read_text_file(path, &text, &err) != JV_OK) return NULL;
  return text;
}

/* ---------------------------------------------------------------- SH models */
/* div B and |curl B| (sum of the three component differences) of a model at x by central
   differences with step h; |B| at x in *scale. */
static void div_curl(const jv_sh_model_t *m, const double x[3], double h, double *div, double *curl,
                     double *scale) {
  jv_error_t err;
  double J[3][3], b[3];
  for (int j = 0; j < 3; ++j) {
    double xp[3] = {x[0], x[1], x[2]}, xm[3] = {x[0], x[1], x[2]}, b1[3], b2[3];
    xp[j] += h;
    xm[j] -= h;
    jv_sh_field(m, 0, NULL, xp, b1, &err);
    jv_sh_field(m, 0, NULL, xm, b2, &err);
    for (int i = 0; i < 3; ++i)
      J[i][j] = (b1[i] - b2[i]) / (2 * h);
  }
  jv_sh_field(m, 0, NULL, x, b, &err);
  *scale = sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
  *div = J[0][0] + J[1][1] + J[2][2];
  *curl = fabs(J[2][1] - J[1][2]) + fabs(J[0][2] - J[2][0]) + fabs(J[1][0] - J[0][1]);
}

static void test_legendre_identities(void) {
  /* Schmidt P_n^m at the pole vanish for m > 0, P_n^0(1) = 1; B at the pole is finite and equals
     its limit from a nearby colatitude (the P/sin theta term). */
  jv_error_t err;
  jv_sh_model_t *m = NULL;
  jv_sh_model_alloc(6, 0, &m, &err);
  for (int n = 1; n <= 6; ++n)
    for (int k = 0; k <= n; ++k) {
      m->coef[jv_sh_index(n, k, 0)] = 1000.0 / (n + k + 0.385);
      if (k) m->coef[jv_sh_index(n, k, 1)] = -700.0 / (n + 2.385 * k);
    }
  double bp[3], bn[3], x0[3] = {0, 0, 1.385}, x1[3] = {1.385 * 1e-9, 0.4e-9, 1.385};
  int s0 = jv_sh_field(m, 0, NULL, x0, bp, &err), s1 = jv_sh_field(m, 0, NULL, x1, bn, &err);
  double d = fabs(bp[0] - bn[0]) + fabs(bp[1] - bn[1]) + fabs(bp[2] - bn[2]);
  jv_check(s0 == JV_OK && s1 == JV_OK && isfinite(bp[0] + bp[1] + bp[2]) && d < 1e-5 * fabs(bp[2]),
           "field on the rotation axis is finite and continuous (|dB| = %.2e nT of %.1f)", d, bp[2]);
  /* div B = 0 and curl B = 0 of the massless internal field by central differences. */
  double x[3] = {1.3, -0.7, 0.9}, div, curl, scale;
  /* central differences with h = 1e-5 R_J: truncation ~h^2 |B'''| and rounding ~eps |B| / h, both
     below 1e-6 |B| per R_J here */
  div_curl(m, x, 1e-5, &div, &curl, &scale);
  jv_check(fabs(div) < 1e-6 * scale && curl < 1e-6 * scale, "div B = %.1e, |curl B| = %.1e (|B| = %.0f nT)",
           div, curl, scale);
  m->external = 1;
  div_curl(m, x, 1e-5, &div, &curl, &scale);
  jv_check(fabs(div) < 1e-6 * scale && curl < 1e-6 * scale, "external field: div B = %.1e, |curl B| = %.1e",
           div, curl);
  jv_sh_model_free(m);
}

static void test_internal_vectors(const char *root) {
  char path[1024];
  snprintf(path, sizeof path, "%s/magnetic/jupitermag_tests/internal_field_data.json", root);
  char *json = slurp(path);
  jv_error_t err;
  jv_sh_model_t *jrm09 = NULL, *vip4 = NULL;
  snprintf(path, sizeof path, "%s/magnetic/libinternalfield/jrm09.dat", root);
  int s1 = jv_sh_model_read(path, &jrm09, &err);
  snprintf(path, sizeof path, "%s/magnetic/libinternalfield/vip4.dat", root);
  int s2 = jv_sh_model_read(path, &vip4, &err);
  jv_check(json != NULL && s1 == JV_OK && s2 == JV_OK, "read JupiterMag vectors, jrm09.dat, vip4.dat");
  if (json == NULL || s1 != JV_OK || s2 != JV_OK) goto done;
  jv_check(jrm09->nmax == 20 && jv_sh_model_default_degree(jrm09) == 10 &&
               jv_close_rel(jrm09->coef[jv_sh_index(1, 1, 1)], 21330.5, 1e-12),
           "jrm09.dat: degree 20, default 10, h11 = %.1f", jrm09->coef[jv_sh_index(1, 1, 1)]);
  jv_check(fabs(vip4->a * 1.0023695021241394 - 1) < 1e-15, "vip4.dat: a = 1/Rscale = %.16f R_J", vip4->a);
  const char *cur = json;
  json_case_t c;
  int cases = 0;
  while (next_case(&cur, &c)) {
    const char *mv = json_key(c.cfg, c.cfg_end, "model");
    const char *dv = json_key(c.cfg, c.cfg_end, "MaxDeg");
    if (!json_true(json_key(c.cfg, c.cfg_end, "CartIn")) || mv == NULL || dv == NULL) continue;
    int cart_out = json_true(json_key(c.cfg, c.cfg_end, "CartOut"));
    const jv_sh_model_t *m = !strncmp(mv, "\"jrm09\"", 7) ? jrm09 : vip4;
    int deg = atoi(dv);
    double worst = 0;
    for (int i = 0; i < c.n; ++i) {
      double x[3] = {c.in[0][i], c.in[1][i], c.in[2][i]}, b[3], r, th, ph;
      if (cart_out) {
        jv_sh_field(m, deg, NULL, x, b, &err);
      } else {
        jv_mag_cart_to_sph(x, &r, &th, &ph);
        jv_sh_field_sph(m, deg, NULL, r, th, ph, b, &err);
      }
      double bn = sqrt(c.out[0][i] * c.out[0][i] + c.out[1][i] * c.out[1][i] + c.out[2][i] * c.out[2][i]);
      for (int k = 0; k < 3; ++k)
        worst = fmax(worst, fabs(b[k] - c.out[k][i]) / bn);
    }
    ++cases;
    jv_check(worst < 1e-6, "%s degree %d, %s out, %d points: max |dB|/|B| = %.1e",
             m == jrm09 ? "JRM09" : "VIP4", deg, cart_out ? "Cartesian" : "spherical", c.n, worst);
  }
  jv_check(cases == 8, "all %d Cartesian-input internal cases checked", cases);
  free(json);
  /* sums: internal model at its default degree + Con2020 defaults (modelfield_data.json) */
  snprintf(path, sizeof path, "%s/magnetic/jupitermag_tests/modelfield_data.json", root);
  json = slurp(path);
  cur = json;
  cases = 0;
  double worst_sum = 0, worst_int = 0;
  while (json && next_case(&cur, &c)) {
    const char *g = c.cfg, *e = c.cfg_end;
    if (!json_true(json_key(g, e, "CartIn")) || !json_true(json_key(g, e, "CartOut"))) continue;
    const char *im = json_key(g, e, "IntModel"), *em = json_key(g, e, "ExtModel");
    jv_field_model_t fm;
    memset(&fm, 0, sizeof fm);
    fm.n_sh = 1;
    fm.sh[0] = !strncmp(im, "\"jrm09\"", 7) ? jrm09 : vip4;
    fm.sh_trunc[0] = jv_sh_model_default_degree(fm.sh[0]);
    if (!strncmp(em, "\"Con2020\"", 9)) fm.n_disc = 1, fm.disc[0] = jv_con2020_defaults();
    for (int i = 0; i < c.n; ++i) {
      double x[3] = {c.in[0][i], c.in[1][i], c.in[2][i]}, b[3];
      jv_field_eval(&fm, x, b, &err);
      double bn = sqrt(c.out[0][i] * c.out[0][i] + c.out[1][i] * c.out[1][i] + c.out[2][i] * c.out[2][i]);
      for (int k = 0; k < 3; ++k) {
        double e = fabs(b[k] - c.out[k][i]) / bn;
        if (fm.n_disc)
          worst_sum = fmax(worst_sum, e);
        else
          worst_int = fmax(worst_int, e);
      }
    }
    ++cases;
  }
  /* both parts are exact here (the disc points are outside the integral region), so 1e-6 */
  jv_check(
      json != NULL && cases == 4 && worst_int < 1e-6 && worst_sum < 1e-6,
      "model sums (JRM09 degree 10 / VIP4 degree 4, alone and + Con2020; %d Cartesian cases): max |dB|/|B| "
      "%.1e internal only, %.1e with the disc",
      cases, worst_int, worst_sum);
done:
  free(json);
  jv_sh_model_free(jrm09);
  jv_sh_model_free(vip4);
}

static void test_con2020_vectors(const char *root) {
  char path[1024];
  snprintf(path, sizeof path, "%s/magnetic/jupitermag_tests/con2020_field_data.json", root);
  char *json = slurp(path);
  jv_check(json != NULL, "read con2020_field_data.json");
  if (json == NULL) return;
  const char *cur = json;
  json_case_t c;
  int cases = 0, passed = 0, stale = 0;
  double worst_all = 0;
  jv_error_t err;
  while (next_case(&cur, &c)) {
    const char *g = c.cfg, *e = c.cfg_end;
    /* Cartesian in and out, Edwards analytic forms, the Connerney B_phi: the cases jovis models */
    if (!json_true(json_key(g, e, "Edwards")) || !json_true(json_key(g, e, "CartesianIn")) ||
        !json_true(json_key(g, e, "CartesianOut")) || strncmp(json_key(g, e, "azfunc"), "\"connerney\"", 11))
      continue;
    jv_con2020_t p = jv_con2020_defaults();
    p.mu_i = atof(json_key(g, e, "mu_i"));
    p.i_rho = atof(json_key(g, e, "i_rho"));
    p.r0 = atof(json_key(g, e, "r0"));
    p.r1 = atof(json_key(g, e, "r1"));
    p.d = atof(json_key(g, e, "d"));
    p.xt = atof(json_key(g, e, "xt"));
    p.xp = atof(json_key(g, e, "xp"));
    p.edwards_smooth = json_true(json_key(g, e, "Smooth"));
    const char *eq = json_key(g, e, "equation_type");
    p.equation = !strncmp(eq, "\"integral\"", 10)   ? JV_CON2020_INTEGRAL
                 : !strncmp(eq, "\"analytic\"", 10) ? JV_CON2020_ANALYTIC
                                                    : JV_CON2020_HYBRID;
    double worst = 0;
    int worst_i = 0;
    for (int i = 0; i < c.n; ++i) {
      double x[3] = {c.in[0][i], c.in[1][i], c.in[2][i]}, b[3];
      /* The reference library keeps its tables of J0(lambda r0) from r0 = 7.8 when r0 is changed
         later (libcon2020 SetR0 does not recompute them), so its integral-region values for other
         r0 are not the model's; we leave those points out (checked: with r0 = 7.8 in the tables
         we reproduce them). */
      if (p.r0 != 7.8 && p.equation != JV_CON2020_ANALYTIC) {
        double sh = (p.xp - 180) * M_PI_ / 180, tl = p.xt * M_PI_ / 180;
        double xr = x[0] * cos(sh) + x[1] * sin(sh), y1 = x[1] * cos(sh) - x[0] * sin(sh);
        double x1 = xr * cos(tl) + x[2] * sin(tl), z1 = x[2] * cos(tl) - xr * sin(tl);
        if (p.equation == JV_CON2020_INTEGRAL || (fabs(z1) <= 1.5 * p.d && fabs(hypot(x1, y1) - p.r0) <= 2)) {
          ++stale;
          continue;
        }
      }
      if (jv_con2020_field(&p, x, b, &err) != JV_OK) {
        worst = INFINITY;
        break;
      }
      double bn = sqrt(c.out[0][i] * c.out[0][i] + c.out[1][i] * c.out[1][i] + c.out[2][i] * c.out[2][i]);
      for (int k = 0; k < 3; ++k)
        if (fabs(b[k] - c.out[k][i]) / bn > worst) {
          worst = fabs(b[k] - c.out[k][i]) / bn;
          worst_i = i;
        }
    }
    ++cases;
    if (worst < 1e-4)
      ++passed;
    else
      printf(
          "  case %d (eq %d, smooth %d, r0 %g r1 %g d %g xt %g xp %g mu_i %g i_rho %g): %.2e at point %d\n",
          cases, (int)p.equation, p.edwards_smooth, p.r0, p.r1, p.d, p.xt, p.xp, p.mu_i, p.i_rho, worst,
          worst_i);
    worst_all = fmax(worst_all, worst);
  }
  jv_check(
      cases == 68 && passed == cases,
      "Con2020 Cartesian cases (Edwards, Connerney B_phi): %d of %d within 1e-4 of |B|, worst %.1e (%d points"
      " with the reference's stale r0 tables left out)",
      passed, cases, worst_all, stale);
  free(json);
}

/* ---------------------------------------------------------------- data reader */
static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static void test_reader_errors(void) {
  jv_error_t err;
  jv_mag_data_t *d = NULL;
  jv_mag_format_t f = jv_mag_format_juno_pinn();
  const char *tmp = "build/tests/mag_bad.txt";
  write_file(tmp,
             "PJ Year DD x y z Bx By Bz\n01 2016 240.5 71492 0 0 0.1 0.2 0.3\n01 2016 240.6 71492 0 0\n");
  int s = jv_mag_data_read(tmp, &f, &d, &err);
  jv_check(s == JV_EINPUT && strstr(err.msg, "mag_bad.txt:3") && strstr(err.msg, "6 columns"),
           "short row: error names file and line (%s)", err.msg);
  write_file(tmp, "PJ Year DD x y z Bx By Bz\n01 2016 240.5 71492 0 0 nan 0.2 0.3\n");
  s = jv_mag_data_read(tmp, &f, &d, &err);
  jv_check(s == JV_EINPUT && strstr(err.msg, "mag_bad.txt:2") && strstr(err.msg, "'nan'"), "NaN field: %s",
           err.msg);
  write_file(tmp, "PJ Year DD x y z Bx By Bz\n01 2016 240.5 71492 0 0 0.1 abc 0.3\n");
  s = jv_mag_data_read(tmp, &f, &d, &err);
  jv_check(s == JV_EINPUT && strstr(err.msg, "'abc'"), "text in a number column: %s", err.msg);
  /* CSV, spherical positions in R_J and degrees, spherical field in nT, time in days */
  jv_mag_format_t g;
  memset(&g, 0, sizeof g);
  g.delimiter = ',';
  g.col_orbit = 1, g.col_days = 2;
  g.col_pos[0] = 3, g.col_pos[1] = 4, g.col_pos[2] = 5;
  g.pos_frame = JV_FRAME_SPHERICAL, g.pos_unit_rj = 1.0, g.pos_degrees = 1;
  g.col_b[0] = 6, g.col_b[1] = 7, g.col_b[2] = 8;
  g.b_frame = JV_FRAME_SPHERICAL, g.b_unit_nt = 1.0;
  write_file(tmp, "# orbit,days,r,theta,phi,Br,Bt,Bp\n7,6000.25,2.5,90,90,100,200,300\n");
  s = jv_mag_data_read(tmp, &g, &d, &err);
  int good = s == JV_OK && d->n == 1 && d->orbit[0] == 7 && fabs(d->pos[1] - 2.5) < 1e-12 &&
             fabs(d->pos[0]) < 1e-12 && fabs(d->b[1] - 100) < 1e-9 && fabs(d->b[2] + 200) < 1e-9 &&
             fabs(d->b[0] + 300) < 1e-9;
  jv_check(good, "CSV with spherical position (deg) and spherical field converts to Cartesian");
  jv_mag_data_free(d);
  int *orb = NULL;
  size_t no = 0;
  s = jv_mag_parse_orbits("1-3, 7,9-10", &orb, &no, &err);
  jv_check(s == JV_OK && no == 6 && orb[2] == 3 && orb[3] == 7 && orb[5] == 10, "orbit list '1-3, 7,9-10'");
  free(orb);
  s = jv_mag_parse_orbits("3-1", &orb, &no, &err);
  jv_check(s == JV_EINPUT, "reversed orbit range rejected");
  remove(tmp);
}

static void test_coefficient_files(void) {
  jv_error_t err;
  jv_sh_model_t *m = NULL;
  const char *tmp = "build/tests/coef_bad.txt";
  write_file(tmp, "      IND   SHC   g | h   n   m\n 1 4.1e5 g 1 0\n 2 -7.1e4 g 1 1\n 3 2.1e4 x 1 1\n");
  int s = jv_sh_model_read(tmp, &m, &err);
  jv_check(s == JV_EINPUT && strstr(err.msg, "coef_bad.txt:4"), "bad kind letter: error names the line (%s)",
           err.msg);
  write_file(tmp, "g 1 0 100\nG 1 0 5\n");
  s = jv_sh_model_read(tmp, &m, &err);
  jv_check(s == JV_EINPUT && strstr(err.msg, "mixed"), "internal and external rows mixed: %s", err.msg);
  write_file(tmp, "g 2 3 100\n");
  s = jv_sh_model_read(tmp, &m, &err);
  jv_check(s == JV_EINPUT, "order m > degree n rejected");
  write_file(tmp, "#Rscale 2.0\n#DefaultDegree 1\ng 1 0 -1000\nh 2 1 3.5\n");
  s = jv_sh_model_read(tmp, &m, &err);
  jv_check(s == JV_OK && m->nmax == 2 && m->a == 0.5 && jv_sh_model_default_degree(m) == 1 &&
               m->coef[jv_sh_index(2, 1, 1)] == 3.5 && m->coef[jv_sh_index(2, 0, 0)] == 0,
           "libinternalfield layout with headers; missing coefficients are zero");
  /* an axial dipole at a = 0.5 R_J: B_r(r, theta=0) = 2 g10 (a/r)^3 */
  double bs[3];
  jv_sh_field_sph(m, 1, NULL, 2.385, 0.0, 0.0, bs, &err);
  jv_check(jv_close_rel(bs[0], 2 * -1000 * pow(0.5 / 2.385, 3), 1e-14) && bs[1] == 0 && bs[2] == 0,
           "axial dipole on the axis: B_r = 2 g10 (a/r)^3 = %.6f nT", bs[0]);
  jv_sh_model_free(m);
  s = jv_sh_model_read("build/tests/no_such_file.txt", &m, &err);
  jv_check(s == JV_EIO, "missing coefficient file is EIO");
  remove(tmp);
}

/* ---------------------------------------------------------------- real data, fits */
static jv_mag_data_t *read_juno(const char *root) {
  char path[1024];
  jv_error_t err;
  jv_mag_data_t *d = NULL;
  jv_mag_format_t f = jv_mag_format_juno_pinn();
  snprintf(path, sizeof path, "%s/magnetic/juno_pinn_vp3/Juno_PJ01_50_4.0Rj.txt", root);
  if (jv_mag_data_read(path, &f, &d, &err) != JV_OK) {
    printf("  %s\n", err.msg);
    return NULL;
  }
  return d;
}

static void test_juno_data(const char *root, jv_mag_data_t *all) {
  jv_error_t err;
  jv_mag_summary_t s;
  jv_mag_data_summarise(all, &s, &err);
  /* PROVENANCE.md: 28,011 rows, 49 orbits (no PJ02), r 1.0186..4.0000 R_J, |B| 6,508..1,618,975 nT,
     572 points in PJ01 and 695 in PJ20 */
  jv_check(all->n == 28011 && s.n_orbits == 49 && s.orbit[1] == 3 && s.count[0] == 572,
           "Juno PJ01-50: %zu points, %zu orbits, PJ01 has %zu", all->n, s.n_orbits, s.count[0]);
  jv_check(fabs(s.r_min - 1.0186) < 1e-4 && fabs(s.r_max - 4.0) < 1e-4 && fabs(s.b_min - 6508) < 1 &&
               fabs(s.b_max - 1618975) < 1,
           "ranges r %.4f..%.4f R_J, |B| %.0f..%.0f nT", s.r_min, s.r_max, s.b_min, s.b_max);
  /* 2016 DOY 240.4369 is 2016-08-27 10:29 UTC = 6083.4369 days after 2000-01-01 */
  jv_check(fabs(all->t[0] - (6083.0 + 0.436886500)) < 1e-9, "time of the first row %.6f days since 2000",
           all->t[0]);
  jv_mag_summary_free(&s);
  int *orb = NULL;
  size_t no = 0;
  jv_mag_parse_orbits("1-33", &orb, &no, &err);
  jv_mag_select_t sel = jv_mag_select_all();
  sel.orbits = orb, sel.n_orbits = no;
  jv_mag_data_t *d = NULL;
  int st = jv_mag_data_select(all, &sel, &d, &err);
  jv_check(st == JV_OK && d->n == 18369, "PJ01-33 selection: %zu points (PROVENANCE: 18,369)", d ? d->n : 0);
  jv_mag_data_free(d);
  sel.r_max = 0.5;
  st = jv_mag_data_select(all, &sel, &d, &err);
  jv_check(st == JV_EINPUT, "an empty selection is an error: %s", err.msg);
  free(orb);

  /* JRM33 (n <= 18) + the repo's disc against its own predictions: same frame and order. The
     repo's disc has no B_phi and its own approximations, so agreement is to the disc's size:
     PROVENANCE quotes 10-100 nT; we require the RMS difference < 100 nT. */
  char path[1024];
  jv_sh_model_t *jrm33 = NULL;
  snprintf(path, sizeof path, "%s/magnetic/juno_pinn_vp3/JRM33_I30.txt", root);
  if (jv_sh_model_read(path, &jrm33, &err) != JV_OK) {
    jv_check(0, "read JRM33: %s", err.msg);
    return;
  }
  jv_check(jrm33->nmax == 30 && jv_close_rel(jrm33->coef[0], 410993.4, 1e-9), "JRM33: degree %d, g10 = %.1f",
           jrm33->nmax, jrm33->coef[0]);
  jv_mag_data_t *pred = NULL;
  jv_mag_format_t f = jv_mag_format_juno_pinn();
  snprintf(path, sizeof path, "%s/magnetic/juno_pinn_vp3/JRM33_I30MDa_nmax18_EstBxyz_OurObs50.txt", root);
  if (jv_mag_data_read(path, &f, &pred, &err) == JV_OK) {
    jv_field_model_t m;
    memset(&m, 0, sizeof m);
    m.n_sh = 1, m.sh[0] = jrm33, m.sh_trunc[0] = 18;
    m.n_disc = 1, m.disc[0] = jv_con2020_defaults();
    m.disc[0].i_rho = 0; /* the repo's disc has no radial current */
    double ss = 0;
    for (size_t i = 0; i < pred->n; i += 7) {
      double b[3];
      jv_field_eval(&m, pred->pos + 3 * i, b, &err);
      for (int c = 0; c < 3; ++c)
        ss += pow(b[c] - pred->b[3 * i + c], 2);
    }
    double rms = sqrt(ss / (3.0 * ((pred->n + 6) / 7)));
    jv_check(rms < 100, "JRM33 n<=18 + Con2020 (no B_phi) vs the repo's predictions: RMS %.1f nT", rms);
    jv_mag_data_free(pred);
  } else {
    jv_check(0, "read predictions: %s", err.msg);
  }
  /* Dynamo radius of JRM33 (n = 2..18): published 0.81 R_J ([L24], SCIENCE.md section 3) */
  double rd = 0;
  st = jv_sh_dynamo_radius(jrm33, 2, 18, 0.6, 1.0, &rd, &err);
  jv_check(st == JV_OK && fabs(rd - 0.81) < 0.02, "JRM33 dynamo radius %.4f R_J (published 0.81)", rd);
  double sl;
  jv_sh_lowes_slope(jrm33, 2, 18, rd, &sl, &err);
  jv_check(fabs(sl) < 1e-12, "slope at the dynamo radius is zero (%.1e)", sl);
  jv_sh_model_free(jrm33);
}

/* Noise-free data from a known degree-10 internal + degree-2 external model on the real
   positions of PJ01-50 every 4th point; the fit must return the coefficients to 1e-8. The matrix
   condition number (~1e4 here) times eps (1e-16) bounds the error near 1e-12. */
static void test_fit_recovery(const jv_mag_data_t *all) {
  jv_error_t err;
  size_t n = (all->n + 3) / 4;
  jv_mag_data_t *d = NULL;
  jv_mag_data_alloc(n, &d, &err);
  for (size_t i = 0; i < n; ++i) {
    memcpy(d->pos + 3 * i, all->pos + 3 * 4 * i, 3 * sizeof(double));
    d->orbit[i] = all->orbit[4 * i];
    d->t[i] = all->t[4 * i];
  }
  jv_sh_model_t *mi = NULL, *me = NULL;
  jv_sh_model_alloc(10, 0, &mi, &err);
  jv_sh_model_alloc(2, 1, &me, &err);
  gsl_rng *rng = NULL;
  jv_rng_alloc(2385, 0, &rng, &err);
  for (int j = 0; j < JV_SH_NCOEF(10); ++j)
    mi->coef[j] = 4e5 * (gsl_rng_uniform(rng) - 0.5) / (1 + j);
  for (int j = 0; j < JV_SH_NCOEF(2); ++j)
    me->coef[j] = 300 * (gsl_rng_uniform(rng) - 0.5);
  jv_rng_free(rng);
  for (size_t i = 0; i < n; ++i) {
    double b1[3], b2[3];
    jv_sh_field(mi, 0, NULL, d->pos + 3 * i, b1, &err);
    jv_sh_field(me, 0, NULL, d->pos + 3 * i, b2, &err);
    for (int c = 0; c < 3; ++c)
      d->b[3 * i + c] = b1[c] + b2[c];
  }
  jv_mag_design_t *des = NULL;
  jv_mag_fit_t *fit = NULL;
  jv_mag_design_alloc(10, 2, &des, &err);
  size_t P = jv_mag_design_cols(des), rows = 3 * n;
  jv_mag_fit_alloc(rows, P, &fit, &err);
  double *y = malloc(rows * sizeof *y), *coef = malloc(P * sizeof *coef), *res = malloc(rows * sizeof *res);
  jv_mag_whiten(d, NULL, NULL, y);
  int s = jv_mag_design_build(des, d, &jv_radial_massless, NULL, jv_mag_fit_matrix(fit), rows, &err);
  if (s == JV_OK) s = jv_mag_fit_factor(fit, &err);
  jv_mag_fit_stats_t st;
  if (s == JV_OK) s = jv_mag_fit_solve(fit, y, P, coef, res, &st, &err);
  double worst = 0, norm = 0;
  for (size_t j = 0; j < P; ++j) {
    double truth = j < (size_t)JV_SH_NCOEF(10) ? mi->coef[j] : me->coef[j - JV_SH_NCOEF(10)];
    worst = fmax(worst, fabs(coef[j] - truth));
    norm = fmax(norm, fabs(truth));
  }
  jv_check(
      s == JV_OK && P == 128 && worst / norm < 1e-8,
      "noise-free degree-10 + external-2 model on %zu Juno positions: max coefficient error %.1e of %.0f nT",
      n, worst, norm);
  jv_check(s == JV_OK && st.chi2 < 1e-12 * cblas_like_dot(y, rows), "residual chi2 %.2e ~ rounding", st.chi2);
  /* truncation: keeping k < P modes leaves chi2 >= 0 growing as k falls, and the projector
     complement annihilates the kept span: (1 - P_k) A~ alpha_k = 0 for the k-mode fit */
  jv_mag_fit_stats_t s100, s60;
  jv_mag_fit_solve(fit, y, 100, NULL, NULL, &s100, &err);
  jv_mag_fit_solve(fit, y, 60, coef, res, &s60, &err);
  jv_check(s60.chi2 > s100.chi2 && s100.chi2 > st.chi2,
           "chi2 grows as modes are dropped (k=128: %.2e, 100: %.2e, "
           "60: %.2e)",
           st.chi2, s100.chi2, s60.chi2);
  double ss = 0;
  for (size_t j = 0; j < rows; ++j)
    ss += res[j] * res[j];
  double *v = malloc(rows * sizeof *v);
  memcpy(v, res, rows * sizeof *v);
  jv_mag_fit_project_out(fit, 60, v, &err);
  double dv = 0;
  for (size_t j = 0; j < rows; ++j)
    dv += (v[j] - res[j]) * (v[j] - res[j]);
  jv_check(fabs(ss - s60.chi2) < 1e-9 * ss && sqrt(dv) < 1e-9 * sqrt(ss),
           "k=60 residual is its own projection out of the kept span (|dv| = %.1e)", sqrt(dv));
  free(v);
  /* the Gram fast path (k = P) on the same noise-free problem */
  jv_mag_design_build(des, d, &jv_radial_massless, NULL, jv_mag_fit_matrix(fit), rows, &err);
  s = jv_mag_fit_factor_gram(fit, &err);
  jv_mag_fit_stats_t sg;
  if (s == JV_OK) s = jv_mag_fit_solve(fit, y, P, coef, res, &sg, &err);
  worst = 0;
  for (size_t j = 0; j < P; ++j) {
    double truth = j < (size_t)JV_SH_NCOEF(10) ? mi->coef[j] : me->coef[j - JV_SH_NCOEF(10)];
    worst = fmax(worst, fabs(coef[j] - truth));
  }
  jv_check(s == JV_OK && worst / norm < 1e-8 && jv_mag_fit_singular_values(fit) == NULL,
           "Gram route (column scaling + one refinement): coefficients to %.1e relative", worst / norm);
  jv_check(jv_mag_fit_solve(fit, y, 60, coef, NULL, NULL, &err) == JV_EINPUT, "Gram route refuses k < P");
  /* the two routes on real, noisy data: the measured field with variance weights */
  double *sigma = malloc(rows * sizeof *sigma), *w = malloc(rows * sizeof *w), *cq = malloc(P * sizeof *cq);
  for (size_t i = 0; i < n; ++i)
    memcpy(d->b + 3 * i, all->b + 3 * 4 * i, 3 * sizeof(double));
  jv_mag_variance_opts_t vo = jv_mag_variance_defaults();
  jv_mag_variance(d, &vo, NULL, sigma, &err);
  for (size_t j = 0; j < rows; ++j)
    w[j] = 1.0 / sigma[j];
  jv_mag_whiten(d, NULL, w, y);
  jv_mag_fit_stats_t sq;
  jv_mag_design_build(des, d, &jv_radial_massless, w, jv_mag_fit_matrix(fit), rows, &err);
  jv_mag_fit_factor(fit, &err);
  jv_mag_fit_solve(fit, y, P, cq, NULL, &sq, &err);
  double slog = 0;
  for (size_t i = 0; i < P; ++i)
    slog += log(jv_mag_fit_singular_values(fit)[i]);
  jv_mag_design_build(des, d, &jv_radial_massless, w, jv_mag_fit_matrix(fit), rows, &err);
  jv_mag_fit_factor_gram(fit, &err);
  jv_mag_fit_solve(fit, y, P, coef, NULL, &sg, &err);
  double dc = 0, cn = 0;
  for (size_t j = 0; j < P; ++j)
    dc = fmax(dc, fabs(coef[j] - cq[j])), cn = fmax(cn, fabs(cq[j]));
  /* chi2 ~ 1e6 here while limits hinge on Delta chi2 ~ 1: the routes must agree far below 1 */
  jv_check(fabs(sg.chi2 - sq.chi2) < 1e-3 && dc < 1e-8 * cn && fabs(sg.sum_log_s - slog) < 1e-8 * fabs(slog),
           "Gram vs QR on real data (chi2 %.6e): |dchi2| = %.1e, coefficients %.1e relative, sum ln s %.10g "
           "vs %.10g",
           sq.chi2, fabs(sg.chi2 - sq.chi2), dc / cn, sg.sum_log_s, slog);
  free(sigma), free(w), free(cq);
  free(y);
  free(coef);
  free(res);
  jv_mag_fit_free(fit);
  jv_mag_design_free(des);
  jv_sh_model_free(mi);
  jv_sh_model_free(me);
  jv_mag_data_free(d);
}

static void test_variance(const jv_mag_data_t *all) {
  jv_error_t err;
  size_t n = 600; /* PJ01 and the start of PJ03 */
  jv_mag_data_t d = *all;
  d.n = n;
  double *terms = malloc(4 * 3 * n * sizeof *terms), *sigma = malloc(3 * n * sizeof *sigma);
  jv_mag_variance_opts_t o = jv_mag_variance_defaults();
  o.dir_theta_max = 1e-3;
  int s = jv_mag_variance(&d, &o, terms, sigma, &err);
  /* point 0: |B| from the file; dir term = |B|^2 theta^2 / 3; quantisation: |B_max comp| < 25,600
     nT? then half the step 2 R/65536 of that range */
  double *b = d.b;
  double bm = sqrt(b[0] * b[0] + b[1] * b[1] + b[2] * b[2]);
  jv_check(s == JV_OK && jv_close_rel(terms[2 * 3 * n], bm * bm * 1e-6 / 3, 1e-12),
           "pointing term |B| theta/sqrt(3): %.3g nT^2", terms[2 * 3 * n]);
  double bmax = fmax(fabs(b[0]), fmax(fabs(b[1]), fabs(b[2]))), range = 1638400;
  while (range / 4 >= bmax && range > 1600)
    range /= 4;
  jv_check(jv_close_rel(sqrt(terms[3 * 3 * n]), range / 65536, 1e-12),
           "quantisation: range %.0f nT, sigma %.4f nT", range, sqrt(terms[3 * 3 * n]));
  double sum = terms[0] + terms[3 * n] + terms[2 * 3 * n] + terms[3 * 3 * n];
  jv_check(jv_close_rel(sigma[0], sqrt(sum), 1e-12) && terms[3 * n] == 0,
           "sigma^2 is the sum of the terms (sv off)");
  /* a straight line in time has no scatter about a local line */
  jv_mag_data_t *lin = NULL;
  jv_mag_data_alloc(20, &lin, &err);
  for (size_t i = 0; i < 20; ++i) {
    lin->t[i] = 6000 + i * 30.0 / 86400;
    lin->orbit[i] = 5;
    lin->pos[3 * i] = 2.385;
    for (int c = 0; c < 3; ++c)
      lin->b[3 * i + c] = 1000 * (c + 1) + 7.5 * i;
  }
  double *lt = malloc(4 * 60 * sizeof *lt);
  s = jv_mag_variance(lin, &o, lt, sigma, &err);
  double worst = 0;
  for (size_t j = 0; j < 60; ++j)
    worst = fmax(worst, lt[j]);
  /* rounding: times ~6000 days carry ~1e-12 day errors, times a slope of 2e4 nT/day: (3e-8 nT)^2 */
  jv_check(s == JV_OK && worst < 1e-12, "a straight line in time has no scatter (max %.1e nT^2)", worst);
  free(lt);
  o.use_fluct = o.use_dir = o.use_res = 0;
  s = jv_mag_variance(lin, &o, NULL, sigma, &err);
  jv_check(s == JV_EDOM, "every term off: sigma 0 is an error (%s)", err.msg);
  o.use_sv = 1;
  s = jv_mag_variance(lin, &o, NULL, sigma, &err);
  jv_check(s == JV_EINPUT, "secular variation without a model is an error");
  jv_mag_data_free(lin);
  free(terms);
  free(sigma);
}

/* ---------------------------------------------------------------- built-in model, synthetic orbits */
/* The typed-in JRM09 degrees 1-4 against libinternalfield's jrm09.dat (root NULL: skip that part). */
static void test_builtin_model(const char *root) {
  jv_error_t err;
  jv_sh_model_t *b = NULL, *f = NULL, *l = NULL;
  int s = jv_sh_model_load("builtin:jrm09_n4", &b, &err);
  jv_check(s == JV_OK && b->nmax == 4 && !b->external && b->a == 1.0 && b->coef[jv_sh_index(1, 0, 0)] == 410244.7 &&
               strstr(b->source, "Connerney"),
           "builtin:jrm09_n4: degree 4, internal, a = R_J, g10 = 410244.7 nT, cited (%s)", s == JV_OK ? b->source : err.msg);
  s = jv_sh_model_load("builtin:jrm99", &l, &err);
  jv_check(s == JV_EINPUT && l == NULL && strstr(err.msg, "jrm99"), "unknown built-in model is EINPUT: %s", err.msg);
  if (root == NULL) {
    jv_skip("built-in JRM09 against jrm09.dat: ../shared/data not found");
  } else {
    char path[1024];
    snprintf(path, sizeof path, "%s/magnetic/libinternalfield/jrm09.dat", root);
    s = jv_sh_model_load(path, &f, &err); /* a path goes to the file reader */
    jv_check(s == JV_OK && f->nmax >= 4, "jv_sh_model_load reads a coefficient file (%s)", s == JV_OK ? path : err.msg);
    if (s == JV_OK && b != NULL) {
      /* Both are the same decimal text parsed to double (compiler and strtod round the same way):
         every one of the 24 numbers must be equal, not merely close. */
      int same = 0;
      for (int i = 0; i < JV_SH_NCOEF(4); ++i) same += b->coef[i] == f->coef[i];
      jv_check(same == JV_SH_NCOEF(4), "builtin JRM09 degrees 1-4 equal jrm09.dat: %d of %d coefficients", same,
               JV_SH_NCOEF(4));
      double x[3] = {0.6137, -0.4211, 0.8532}, bb[3], bf[3];
      jv_sh_field(b, 0, NULL, x, bb, &err);
      jv_sh_field(f, 4, NULL, x, bf, &err);
      jv_check(bb[0] == bf[0] && bb[1] == bf[1] && bb[2] == bf[2], "field of the built-in model = file model to degree 4");
    }
  }
  jv_sh_model_free(b);
  jv_sh_model_free(f);
}

/* The Juno-like orbit generator: counts, radii, perijove timing and place, determinism, errors. */
static void test_orbit_generator(void) {
  jv_error_t err;
  jv_mag_orbits_t o = jv_mag_orbits_defaults();
  o.n_orbits = 7;
  o.points_per_pass = 150;
  jv_mag_data_t *d = NULL, *d2 = NULL;
  int s = jv_mag_orbits_generate(&o, &d, &err);
  jv_check(s == JV_OK && d->n == 7 * 150, "7 passes x 150 points generated (%zu)", s == JV_OK ? d->n : 0);
  if (s != JV_OK) return;
  double r_lo = INFINITY, r_hi = 0;
  int orbits_ok = 1, times_ok = 1, peri_ok = 1;
  for (size_t i = 0; i < d->n; ++i) {
    double r = sqrt(d->pos[3 * i] * d->pos[3 * i] + d->pos[3 * i + 1] * d->pos[3 * i + 1] + d->pos[3 * i + 2] * d->pos[3 * i + 2]);
    r_lo = fmin(r_lo, r);
    r_hi = fmax(r_hi, r);
    orbits_ok &= d->orbit[i] == o.first_orbit + (int)(i / o.points_per_pass);
    if (i % o.points_per_pass) times_ok &= d->t[i] > d->t[i - 1];
  }
  jv_check(orbits_ok && times_ok, "orbit numbers 1..7, times increasing within each pass");
  /* Mid-point sampling never hits perijove exactly: half a step (t_max/150, under a minute here)
     at ~58 km/s on a path of curvature radius r_p (1 + e) ~ 2 R_J lifts r by < 1e-3 R_J. */
  jv_check(r_lo >= o.r_peri && r_lo < o.r_peri + 1e-3 && r_hi < o.r_max && r_hi > 0.97 * o.r_max,
           "radii in [r_peri, r_max): %.6f .. %.4f R_J (r_peri %.2f, r_max %.1f)", r_lo, r_hi, o.r_peri, o.r_max);
  /* Perijove sits midway between the two middle points (t, nu and the longitude drift are odd in
     t about perijove): its time is t0 + k T, its latitude lat0 + k drift, its longitude lon0 + k step. */
  for (int k = 0; k < o.n_orbits; ++k) {
    size_t i = (size_t)k * o.points_per_pass + o.points_per_pass / 2;
    double tp = 0.5 * (d->t[i - 1] + d->t[i]);
    const double *p = d->pos + 3 * (i - 1), *q = d->pos + 3 * i;
    double lat1 = atan2(p[2], hypot(p[0], p[1])), lat2 = atan2(q[2], hypot(q[0], q[1]));
    double lon1 = atan2(p[1], p[0]), lon2 = atan2(q[1], q[0]);
    double dl = remainder(lon2 - lon1, 2 * M_PI_);
    double lon_mid = lon1 + 0.5 * dl, lon_want = (o.lon0_deg + k * o.lon_step_deg) * M_PI_ / 180;
    peri_ok &= fabs(tp - (o.t0_days + k * o.period_days)) < 1e-9 &&
               fabs(0.5 * (lat1 + lat2) - (o.lat0_deg + k * o.lat_drift_deg) * M_PI_ / 180) < 1e-9 &&
               fabs(remainder(lon_mid - lon_want, 2 * M_PI_)) < 1e-9;
  }
  jv_check(peri_ok, "perijove k at t0 + k 53.5 d, latitude 4 + k deg, longitude k x 137.5 deg");
  s = jv_mag_orbits_generate(&o, &d2, &err);
  jv_check(s == JV_OK && memcmp(d->pos, d2->pos, 3 * d->n * sizeof *d->pos) == 0 &&
               memcmp(d->t, d2->t, d->n * sizeof *d->t) == 0,
           "deterministic: a second call gives the same bits");
  jv_mag_data_free(d2);
  /* the selection machinery works on it as on a file */
  jv_mag_select_t sel = jv_mag_select_all();
  sel.r_max = 2.0;
  s = jv_mag_data_select(d, &sel, &d2, &err);
  jv_check(s == JV_OK && d2->n > 0 && d2->n < d->n, "r < 2 R_J selection of a synthetic set: %zu of %zu points",
           s == JV_OK ? d2->n : 0, d->n);
  jv_mag_data_free(d2);
  jv_mag_data_free(d);
  o.r_max = 1.0;
  jv_check(jv_mag_orbits_generate(&o, &d, &err) == JV_EINPUT && d == NULL, "r_max <= r_peri is EINPUT: %s", err.msg);
  o = jv_mag_orbits_defaults();
  o.r_max = 500;
  jv_check(jv_mag_orbits_generate(&o, &d, &err) == JV_EINPUT, "r_max beyond apojove is EINPUT: %s", err.msg);
}

int main(void) {
  const char *root = jv_test_shared_data();
  test_legendre_identities();
  test_reader_errors();
  test_coefficient_files();
  test_builtin_model(root);
  test_orbit_generator();
  if (root == NULL) {
    jv_skip("JupiterMag vectors and Juno data: ../shared/data not found (set JOVIS_SHARED_DATA)");
  } else {
    test_internal_vectors(root);
    test_con2020_vectors(root);
    jv_mag_data_t *all = read_juno(root);
    jv_check(all != NULL, "read Juno_PJ01_50_4.0Rj.txt");
    if (all != NULL) {
      test_juno_data(root, all);
      test_variance(all);
      test_fit_recovery(all);
    }
    jv_mag_data_free(all);
  }
  return jv_test_exit();
}
