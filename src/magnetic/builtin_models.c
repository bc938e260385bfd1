/*
 * Built-in spherical-harmonic models, typed in from their publications, so that demos and tests
 * that need a realistic Jovian field run without any coefficient file. Selected by name wherever a
 * coefficient file is (jv_sh_model_load: "builtin:jrm09_n4" or a path).
 *
 * JRM09: Connerney et al. (2018), GRL 45, 2590, doi:10.1002/2018GL077312, Table 1: internal
 * Schmidt semi-normalised coefficients in nT at a = R_J = 71,492 km, System III (1965). Only
 * degrees 1-4 are typed in (24 numbers): the large-scale field that dominates |B| along Juno's
 * orbit; the published model goes to degree 10 (tests/unit/test_magnetic.c checks these against
 * ../shared/data/magnetic/libinternalfield/jrm09.dat).
 */
#include <string.h>

#include "jovis/magnetic.h"

typedef struct {
  char kind; /* 'g' or 'h' */
  int n, m;
  double v; /* nT */
} builtin_coef_t;

/* JRM09 [Connerney et al. 2018, Table 1], degrees 1-4. */
static const builtin_coef_t jrm09_n4[] = {
    {'g', 1, 0, 410244.7},  {'g', 1, 1, -71498.3}, {'h', 1, 1, 21330.5},   {'g', 2, 0, 11670.4},
    {'g', 2, 1, -56835.8},  {'g', 2, 2, 48689.5},  {'h', 2, 1, -42027.3},  {'h', 2, 2, 19353.2},
    {'g', 3, 0, 4018.6},    {'g', 3, 1, -37791.1}, {'g', 3, 2, 15926.3},   {'g', 3, 3, -2710.5},
    {'h', 3, 1, -32957.3},  {'h', 3, 2, 42084.5},  {'h', 3, 3, -27544.2},  {'g', 4, 0, -34645.4},
    {'g', 4, 1, -8247.6},   {'g', 4, 2, -2406.1},  {'g', 4, 3, -11083.8},  {'g', 4, 4, -17837.2},
    {'h', 4, 1, 31994.5},   {'h', 4, 2, 27811.2},  {'h', 4, 3, -926.1},    {'h', 4, 4, 367.1},
};

typedef struct {
  const char *name;
  const char *citation;
  int nmax;
  const builtin_coef_t *coef;
  size_t n_coef;
} builtin_model_t;

static const builtin_model_t builtin_models[] = {
    {"jrm09_n4", "JRM09 degrees 1-4, Connerney et al. 2018, GRL 45, 2590", 4, jrm09_n4,
     sizeof jrm09_n4 / sizeof jrm09_n4[0]},
};
#define N_BUILTIN (sizeof builtin_models / sizeof builtin_models[0])

int jv_sh_model_builtin(const char *name, jv_sh_model_t **model, jv_error_t *err) {
  *model = NULL;
  for (size_t i = 0; i < N_BUILTIN; ++i) {
    const builtin_model_t *b = &builtin_models[i];
    if (strcmp(name, b->name) != 0) continue;
    jv_sh_model_t *m;
    JV_TRY(err, jv_sh_model_alloc(b->nmax, 0, &m, err));
    for (size_t j = 0; j < b->n_coef; ++j)
      m->coef[jv_sh_index(b->coef[j].n, b->coef[j].m, b->coef[j].kind == 'h')] = b->coef[j].v;
    m->a = 1.0; /* published at a = R_J */
    snprintf(m->source, sizeof m->source, "builtin:%s (%s)", b->name, b->citation);
    *model = m;
    return JV_OK;
  }
  JV_FAIL(err, JV_EINPUT, "no built-in field model '%s' (known: jrm09_n4)", name);
}

int jv_sh_model_load(const char *spec, jv_sh_model_t **model, jv_error_t *err) {
  static const char prefix[] = "builtin:";
  if (strncmp(spec, prefix, sizeof prefix - 1) == 0) return jv_sh_model_builtin(spec + sizeof prefix - 1, model, err);
  return jv_sh_model_read(spec, model, err);
}
