/*
 * The moves and their mixture, from [sampler]:
 *   moves     = stretch:0.8, de:0.2   (name:weight, default "stretch"; weights are relative)
 *   stretch_a = 2                      (Goodman & Weare 2010, Eq. 9: g(z) ~ 1/sqrt(z) on [1/a, a])
 *   de_gamma  = 2.38/sqrt(2 ndim)      (ter Braak 2006, the optimal jump for a Gaussian target)
 *   de_sigma  = 1e-5                   (isotropic jitter e, keeps the DE chain irreducible)
 *   unbounded = no                     (yes: move in unbounded coordinates, src/sampler/unbounded.c)
 * Each walker draws which move it makes from its own stream, so a mixture keeps the chain
 * independent of the rank count; each move is a valid Metropolis-Hastings kernel on its own.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sampler_internal.h"

const char *jv_move_name(int kind) { return kind == JV_MOVE_STRETCH ? "stretch" : "de"; }

int jv_moves_from_config(jv_config_t *cfg, int ndim, jv_moves_t *mv, jv_error_t *err) {
  const char *spec;
  double a, gamma, sigma;
  memset(mv, 0, sizeof *mv);
  JV_TRY(err, jv_config_get_string_or(cfg, "sampler.moves", "stretch", &spec, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "sampler.stretch_a", 2.0, &a, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "sampler.de_gamma", 2.38 / sqrt(2.0 * ndim), &gamma, err));
  JV_TRY(err, jv_config_get_double_or(cfg, "sampler.de_sigma", 1e-5, &sigma, err));
  JV_TRY(err, jv_config_get_bool_or(cfg, "sampler.unbounded", 0, &mv->unbounded, err));
  if (!(a > 1)) JV_FAIL(err, JV_EINPUT, "sampler.stretch_a = %g must be > 1", a);
  if (!(gamma > 0)) JV_FAIL(err, JV_EINPUT, "sampler.de_gamma = %g must be > 0", gamma);
  if (!(sigma >= 0)) JV_FAIL(err, JV_EINPUT, "sampler.de_sigma = %g must be >= 0", sigma);
  char buf[256];
  snprintf(buf, sizeof buf, "%s", spec);
  char *save = NULL;
  for (char *tok = strtok_r(buf, ", \t", &save); tok != NULL; tok = strtok_r(NULL, ", \t", &save)) {
    char *colon = strchr(tok, ':');
    double weight = 1.0;
    if (colon != NULL) {
      char *end;
      *colon = '\0';
      weight = strtod(colon + 1, &end);
      if (end == colon + 1 || *end != '\0' || !(weight > 0) || !isfinite(weight))
        JV_FAIL(err, JV_EINPUT, "sampler.moves: weight of '%s' must be a number > 0, got '%s'", tok, colon + 1);
    }
    int kind;
    if (!strcmp(tok, "stretch"))
      kind = JV_MOVE_STRETCH;
    else if (!strcmp(tok, "de"))
      kind = JV_MOVE_DE;
    else
      JV_FAIL(err, JV_EINPUT, "sampler.moves: unknown move '%s' (stretch, de)", tok);
    if (mv->n == JV_MAX_MOVES) JV_FAIL(err, JV_EINPUT, "sampler.moves: at most %d moves", JV_MAX_MOVES);
    mv->move[mv->n++] = (jv_move_t){.kind = kind, .weight = weight, .a = a, .gamma = gamma, .sigma = sigma};
  }
  if (mv->n == 0) JV_FAIL(err, JV_EINPUT, "sampler.moves is empty");
  double total = 0;
  for (int i = 0; i < mv->n; ++i) total += mv->move[i].weight;
  for (int i = 0; i < mv->n; ++i) mv->move[i].weight /= total;
  return JV_OK;
}
