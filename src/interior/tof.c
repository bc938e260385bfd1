/*
 * Theory of figures of order K = 4, 7 or 10 on N level surfaces (Zharkov & Trubitsyn 1978;
 * Nettelmann 2017 A&A 606, A139, App. B; Nettelmann et al. 2021 PSJ 2, 241). Dimensionless:
 * z = s/s_0 (s the volume-equivalent radius of a level, s_0 the planet's), rhohat = rho/rhobar
 * with rhobar = M / (4 pi s_0^3 / 3), rotation m = omega^2 s_0^3 / (G M).
 *
 *   S_2k(z)  = z^-(2k+3) int_0^z rhohat d(z'^(2k+3) f_2k)      (Nettelmann 2017 Eq. B.3)
 *   S'_2k(z) = z^-(2-2k) int_z^1 rhohat d(z'^(2-2k) f'_2k)
 *   A_2n(s_2.., S, S', m) = 0 for n >= 1 defines the shapes; U = -(G M / s_0) z^2 A_0.
 *   J_2n = -(s_0 / a)^(2n) S_2n(1), a the equatorial radius.
 *
 * The shape update s_2n <- s_2n + A_2n / S_0 uses that A_2n = -s_2n S_0 + (terms of other
 * unknowns) to first order: a fixed-point (Picard) step whose contraction factor is that of
 * Clairaut's equation (0.6 for uniform density, less for centrally condensed bodies).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jovis/interior.h"
#include "tof_internal.h"

struct jv_tof {
  const jv_tof_order_t *ord;
  int K, n;
  jv_quad_t quad;
  double *z, *rho;
  double *s;      /* shapes s_2n at level i: s[n-1 + K*i] (n = 1..K) */
  double *s0sh;   /* shape offset s0 per level */
  double *f, *fp; /* f_2k, f'_2k at level i: f[k + (K+1)*i] */
  double *S, *Sp; /* S_2k, S'_2k */
  double *A0;     /* A_0 per level */
  double *g, *cum, *mono;
  double *zin, *zout; /* z^(2k+3) and z^(2-2k) at level i: [k + (K+1)*i] */
  double *scratch[JV_TOF_SCRATCH];
  int stride;   /* shapes solved on every stride-th level (and the innermost), spline between */
  int *sp_node; /* per level: 4 solved levels to interpolate from (-1: unused) */
  double *sp_w; /* and their cubic Lagrange weights */
  short *mono_parent, *mono_var; /* monomial j = monomial parent[j] * s[var[j]] (j > 0) */
  int n_A0;     /* the A table's leading terms with eq == 0 (the table is ordered by eq) */
  int A_start[JV_TOF_MAX_ORDER + 2]; /* A terms of equation n: [A_start[n], A_start[n+1]) */
};

static const jv_tof_order_t *find_order(int K) {
  for (const jv_tof_order_t *o = jv_tof_orders; o->order != 0; ++o)
    if (o->order == K) return o;
  return NULL;
}

int jv_tof_alloc(int order, int n_levels, jv_tof_t **out, jv_error_t *err) {
  const jv_tof_order_t *ord = find_order(order);
  *out = NULL;
  if (ord == NULL) JV_FAIL(err, JV_EINPUT, "theory of figures order %d not available (4, 7 or 10)", order);
  if (n_levels < 16) JV_FAIL(err, JV_EINPUT, "theory of figures needs >= 16 levels, got %d", n_levels);
  jv_tof_t *t;
  JV_ALLOC(err, t, 1);
  t->ord = ord;
  t->K = order;
  t->n = n_levels;
  size_t n = (size_t)n_levels, K = (size_t)order;
  t->z = calloc(n, sizeof(double));
  t->rho = calloc(n, sizeof(double));
  t->s = calloc(n * K, sizeof(double));
  t->s0sh = calloc(n, sizeof(double));
  t->f = calloc(n * (K + 1), sizeof(double));
  t->fp = calloc(n * (K + 1), sizeof(double));
  t->S = calloc(n * (K + 1), sizeof(double));
  t->Sp = calloc(n * (K + 1), sizeof(double));
  t->A0 = calloc(n, sizeof(double));
  t->g = calloc(n, sizeof(double));
  t->cum = calloc(n, sizeof(double));
  t->mono = calloc((size_t)ord->n_mono, sizeof(double));
  t->zin = calloc(n * (K + 1), sizeof(double));
  t->zout = calloc(n * (K + 1), sizeof(double));
  int scratch_ok = 1;
  for (int j = 0; j < JV_TOF_SCRATCH; ++j) scratch_ok &= (t->scratch[j] = calloc(n, sizeof(double))) != NULL;
  int q = jv_quad_init(&t->quad, n_levels);
  if (q != 0 || !t->z || !t->rho || !t->s || !t->s0sh || !t->f || !t->fp || !t->S || !t->Sp || !t->A0 ||
      !t->g || !t->cum || !t->mono || !t->zin || !t->zout || !scratch_ok) {
    jv_tof_free(t);
    JV_FAIL(err, JV_ENOMEM, "out of memory for a theory of figures with %d levels", n_levels);
  }
  for (int i = 0; i < n_levels; ++i) {
    t->z[i] = sin(1.5707963267948966 * (double)(i + 1) / n_levels);
    for (int k = 0; k <= order; ++k) {
      t->zin[k + (K + 1) * (size_t)i] = pow(t->z[i], 2 * k + 3);
      t->zout[k + (K + 1) * (size_t)i] = pow(t->z[i], 2 - 2 * k);
    }
  }
  t->stride = 1;
  t->sp_node = malloc(4 * n * sizeof(int));
  t->sp_w = malloc(4 * n * sizeof(double));
  t->mono_parent = malloc((size_t)ord->n_mono * sizeof(short));
  t->mono_var = malloc((size_t)ord->n_mono * sizeof(short));
  if (!t->sp_node || !t->sp_w || !t->mono_parent || !t->mono_var) {
    jv_tof_free(t);
    JV_FAIL(err, JV_ENOMEM, "out of memory for a theory of figures with %d levels", n_levels);
  }
  /* every monomial but 1 is an earlier one times one shape (the table is sorted by weight) */
  for (int j = 0; j < ord->n_mono; ++j) {
    const unsigned char *e = ord->monos + (size_t)j * K;
    t->mono_parent[j] = -1;
    t->mono_var[j] = -1;
    for (int k = 0; k < (int)K && t->mono_parent[j] < 0; ++k) {
      if (e[k] == 0) continue;
      for (int q = 0; q < j; ++q) {
        const unsigned char *f = ord->monos + (size_t)q * K;
        int match = 1;
        for (int v = 0; v < (int)K; ++v) match &= f[v] == e[v] - (v == k);
        if (match) {
          t->mono_parent[j] = (short)q;
          t->mono_var[j] = (short)k;
          break;
        }
      }
    }
    if (j > 0 && t->mono_parent[j] < 0) {
      jv_tof_free(t);
      JV_FAIL(err, JV_EMATH, "ToF%d monomial table is not closed under division (monomial %d)", order, j);
    }
  }
  while (t->n_A0 < ord->n_A && ord->A[t->n_A0].eq == 0) ++t->n_A0;
  for (int k = 0, j = 0; k <= order + 1; ++k) {
    while (j < ord->n_A && ord->A[j].eq < k) ++j;
    t->A_start[k] = j;
  }
  *out = t;
  return JV_OK;
}

/* Is level i one where the shapes are solved? The surface always is, and the innermost. */
static int solved(const jv_tof_t *t, int i) { return (t->n - 1 - i) % t->stride == 0 || i == 0; }

int jv_tof_set_stride(jv_tof_t *t, int stride, jv_error_t *err) {
  if (stride < 1 || (t->n - 1) / stride < 8)
    JV_FAIL(err, JV_EINPUT, "shape stride %d leaves fewer than 8 solved levels of %d", stride, t->n);
  t->stride = stride;
  /* each unsolved level: cubic Lagrange in the level index over the nearest solved levels,
     two on each side where they exist */
  for (int i = 0; i < t->n; ++i) {
    int *nodes = t->sp_node + 4 * i, m = 0;
    double *w = t->sp_w + 4 * i;
    for (int a = 0; a < 4; ++a) {
      nodes[a] = -1;
      w[a] = 0.0;
    }
    if (solved(t, i)) continue;
    int hi = t->n - 1 - ((t->n - 1 - i) / stride) * stride, lo = hi - stride < 0 ? 0 : hi - stride;
    int cand[4] = {lo - stride < 0 ? 0 : lo - stride, lo, hi, hi + stride};
    for (int c = 0; c < 4; ++c)
      if (cand[c] >= 0 && cand[c] < t->n && solved(t, cand[c]) && (m == 0 || cand[c] != nodes[m - 1]))
        nodes[m++] = cand[c];
    for (int a = 0; a < m; ++a) {
      w[a] = 1.0;
      for (int b = 0; b < m; ++b)
        if (b != a) w[a] *= (double)(i - nodes[b]) / (double)(nodes[a] - nodes[b]);
    }
  }
  return JV_OK;
}

/* Fill the unsolved levels of x (dim values per level, component k) from the solved ones. */
static void spline_fill(const jv_tof_t *t, double *x, int dim, int k) {
  if (t->stride == 1) return;
  for (int i = 0; i < t->n; ++i) {
    const int *nodes = t->sp_node + 4 * i;
    if (nodes[0] < 0) continue;
    const double *w = t->sp_w + 4 * i;
    double v = 0.0;
    for (int a = 0; a < 4 && nodes[a] >= 0; ++a) v += w[a] * x[(size_t)dim * nodes[a] + k];
    x[(size_t)dim * i + k] = v;
  }
}

void jv_tof_free(jv_tof_t *t) {
  if (t == NULL) return;
  jv_quad_free(&t->quad);
  free(t->z);
  free(t->rho);
  free(t->s);
  free(t->s0sh);
  free(t->f);
  free(t->fp);
  free(t->S);
  free(t->Sp);
  free(t->A0);
  free(t->g);
  free(t->cum);
  free(t->mono);
  free(t->zin);
  free(t->zout);
  for (int j = 0; j < JV_TOF_SCRATCH; ++j) free(t->scratch[j]);
  free(t->sp_node);
  free(t->sp_w);
  free(t->mono_parent);
  free(t->mono_var);
  free(t);
}

int jv_tof_order(const jv_tof_t *t) { return t->K; }
int jv_tof_levels(const jv_tof_t *t) { return t->n; }
const double *jv_tof_z(const jv_tof_t *t) { return t->z; }
double *jv_tof_density(jv_tof_t *t) { return t->rho; }
double *jv_tof_jumps(jv_tof_t *t) { return t->quad.jump; }

void jv_tof_reset_shapes(jv_tof_t *t) {
  memset(t->s, 0, (size_t)t->n * (size_t)t->K * sizeof(double));
  memset(t->s0sh, 0, (size_t)t->n * sizeof(double));
}

static void monomials(const jv_tof_t *t, const double *s, double *mono) {
  mono[0] = 1.0;
  for (int j = 1; j < t->ord->n_mono; ++j) mono[j] = mono[t->mono_parent[j]] * s[t->mono_var[j]];
}

/* Polynomials whose terms are ordered by eq; four partial sums per equation. */
static void eval_poly(const jv_tof_term_t *terms, int n_terms, const double *mono, double *out, int n_out) {
  for (int k = 0; k < n_out; ++k) out[k] = 0.0;
  for (int j = 0; j < n_terms;) {
    int eq = terms[j].eq, end = j;
    double acc[4] = {0.0, 0.0, 0.0, 0.0};
    while (end < n_terms && terms[end].eq == eq) ++end;
    for (; j + 4 <= end; j += 4)
      for (int q = 0; q < 4; ++q) acc[q] += terms[j + q].coef * mono[terms[j + q].mono];
    for (; j < end; ++j) acc[0] += terms[j].coef * mono[terms[j].mono];
    out[eq] += (acc[0] + acc[1]) + (acc[2] + acc[3]);
  }
}

double *jv_tof_scratch(jv_tof_t *t, int which) { return t->scratch[which]; }

void jv_tof_integrate_down(jv_tof_t *t, const double *g, double *out) {
  jv_quad_from_surface(&t->quad, t->rho, g, out);
}

double jv_tof_mass_integral(jv_tof_t *t) {
  for (int i = 0; i < t->n; ++i) t->g[i] = t->z[i] * t->z[i] * t->z[i];
  jv_quad_from_centre(&t->quad, t->rho, t->g, t->cum);
  return t->cum[t->n - 1];
}

void jv_tof_weighted_mass(jv_tof_t *t, const double *weight, double *cum) {
  for (int i = 0; i < t->n; ++i) t->g[i] = t->z[i] * t->z[i] * t->z[i];
  jv_quad_from_centre(&t->quad, weight, t->g, cum);
}

void jv_tof_jump_mass(jv_tof_t *t, const double *weight, int cell, double *below, double *above) {
  for (int i = 0; i < t->n; ++i) t->g[i] = t->z[i] * t->z[i] * t->z[i];
  jv_quad_jump_pieces(&t->quad, weight, t->g, cell, below, above);
}

void jv_tof_mass_profile(jv_tof_t *t, double *mz) {
  for (int i = 0; i < t->n; ++i) t->g[i] = t->z[i] * t->z[i] * t->z[i];
  jv_quad_from_centre(&t->quad, t->rho, t->g, mz);
}

/* f, f' and s0 at every level from the current shapes. */
static void figure_functions(jv_tof_t *t) {
  int K = t->K;
  for (int i = 0; i < t->n; ++i) {
    if (!solved(t, i)) continue;
    monomials(t, t->s + (size_t)K * i, t->mono);
    eval_poly(t->ord->f, t->ord->n_f, t->mono, t->f + (size_t)(K + 1) * i, K + 1);
    eval_poly(t->ord->fp, t->ord->n_fp, t->mono, t->fp + (size_t)(K + 1) * i, K + 1);
    eval_poly(t->ord->s0, t->ord->n_s0, t->mono, t->s0sh + i, 1);
  }
  for (int k = 0; k <= K; ++k) {
    spline_fill(t, t->f, K + 1, k);
    spline_fill(t, t->fp, K + 1, k);
  }
  spline_fill(t, t->s0sh, 1, 0);
}

/* S_2k and S'_2k at every level (Nettelmann 2017 Eq. B.3) with the radial quadrature. */
static void radial_integrals(jv_tof_t *t) {
  int K = t->K, n = t->n;
  for (int k = 0; k <= K; ++k) {
    for (int i = 0; i < n; ++i) {
      size_t j = k + (size_t)(K + 1) * i;
      t->g[i] = t->zin[j] * t->f[j];
    }
    jv_quad_from_centre(&t->quad, t->rho, t->g, t->cum);
    for (int i = 0; i < n; ++i) t->S[k + (size_t)(K + 1) * i] = t->cum[i] / t->zin[k + (size_t)(K + 1) * i];
    for (int i = 0; i < n; ++i) {
      size_t j = k + (size_t)(K + 1) * i;
      t->g[i] = t->zout[j] * t->fp[j];
    }
    jv_quad_from_surface(&t->quad, t->rho, t->g, t->cum);
    for (int i = 0; i < n; ++i) t->Sp[k + (size_t)(K + 1) * i] = t->cum[i] / t->zout[k + (size_t)(K + 1) * i];
  }
}

double jv_tof_step(jv_tof_t *t, double m_rot) {
  int K = t->K, n = t->n;
  double lin[32], A[11], change = 0.0;
  figure_functions(t);
  radial_integrals(t);
  for (int i = 0; i < n; ++i) {
    double *s = t->s + (size_t)K * i;
    for (int k = 0; k <= K; ++k) {
      lin[k] = t->S[k + (size_t)(K + 1) * i];
      lin[K + 1 + k] = t->Sp[k + (size_t)(K + 1) * i];
    }
    lin[2 * K + 2] = m_rot;
    monomials(t, s, t->mono);
    /* one equation at a time, four partial sums: the terms do not wait on each other */
    int n_eq = solved(t, i) ? K + 1 : 1; /* elsewhere only the potential A_0 */
    for (int k = 0; k < n_eq; ++k) {
      double acc[4] = {0.0, 0.0, 0.0, 0.0};
      int j = t->A_start[k], end = t->A_start[k + 1];
      const jv_tof_term_t *a = t->ord->A;
      for (; j + 4 <= end; j += 4)
        for (int q = 0; q < 4; ++q) acc[q] += a[j + q].coef * lin[a[j + q].lin] * t->mono[a[j + q].mono];
      for (; j < end; ++j) acc[0] += a[j].coef * lin[a[j].lin] * t->mono[a[j].mono];
      A[k] = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    }
    t->A0[i] = A[0];
    if (!solved(t, i)) continue;
    for (int k = 1; k <= K; ++k) {
      double ds = A[k] / lin[0];
      s[k - 1] += ds;
      if (fabs(ds) > change) change = fabs(ds);
    }
  }
  for (int k = 0; k < K; ++k) spline_fill(t, t->s, K, k);
  return change;
}

void jv_tof_potential(const jv_tof_t *t, double *u) {
  for (int i = 0; i < t->n; ++i) u[i] = -t->z[i] * t->z[i] * t->A0[i];
}

double jv_tof_req_over_s0(const jv_tof_t *t) {
  /* r(mu = 0) / s at the surface: 1 + s0 + sum s_2n P_2n(0), P_2n(0) = (-1)^n (2n-1)!!/(2n)!! */
  const double *s = t->s + (size_t)t->K * (t->n - 1);
  double r = 1.0 + t->s0sh[t->n - 1], p = 1.0;
  for (int k = 1; k <= t->K; ++k) {
    p *= -(2.0 * k - 1.0) / (2.0 * k);
    r += s[k - 1] * p;
  }
  return r;
}

double jv_tof_rpol_over_s0(const jv_tof_t *t) {
  const double *s = t->s + (size_t)t->K * (t->n - 1);
  double r = 1.0 + t->s0sh[t->n - 1];
  for (int k = 1; k <= t->K; ++k) r += s[k - 1];
  return r;
}

void jv_tof_J(const jv_tof_t *t, double *J) {
  /* Divided by S_0(1) = int rhohat d(z^3), which is 1 when the density is normalised. */
  double a = jv_tof_req_over_s0(t);
  const double *S = t->S + (size_t)(t->K + 1) * (t->n - 1);
  J[0] = 1.0;
  for (int k = 1; k <= t->K; ++k) J[k] = -pow(1.0 / a, 2 * k) * S[k] / S[0];
}

double jv_tof_shape(const jv_tof_t *t, int level, int n2) { return t->s[(size_t)t->K * level + (n2 - 1)]; }

size_t jv_tof_state_size(const jv_tof_t *t) { return (size_t)t->n * (size_t)(t->K + 2); }

void jv_tof_state_save(const jv_tof_t *t, double *state) {
  const size_t n = (size_t)t->n;
  memcpy(state, t->s, n * (size_t)t->K * sizeof(double));
  memcpy(state + n * (size_t)t->K, t->rho, n * sizeof(double));
  memcpy(state + n * (size_t)(t->K + 1), t->quad.jump, n * sizeof(double));
}

void jv_tof_state_load(jv_tof_t *t, const double *state) {
  const size_t n = (size_t)t->n;
  memcpy(t->s, state, n * (size_t)t->K * sizeof(double));
  memcpy(t->rho, state + n * (size_t)t->K, n * sizeof(double));
  memcpy(t->quad.jump, state + n * (size_t)(t->K + 1), n * sizeof(double));
}
