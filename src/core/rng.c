/*
 * Random streams keyed by (seed, index): xoshiro256** (Blackman & Vigna 2018, "Scrambled linear
 * pseudorandom number generators") wrapped as a gsl_rng type so that the gsl_ran_* samplers
 * work on it. Its state (4 x 64 bits) is small enough to store per walker in every checkpoint.
 * Keying: the 256-bit state is filled from splitmix64 seeded with a hash of (seed, index), so
 * streams of neighbouring indices are unrelated.
 */
#include <stdlib.h>
#include <string.h>

#include "jovis/core.h"

typedef struct {
  uint64_t s[JV_RNG_STATE_WORDS];
} xoshiro_state_t;

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t xoshiro_next(xoshiro_state_t *st) {
  uint64_t *s = st->s;
  const uint64_t result = rotl(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

static void seed_state(xoshiro_state_t *st, uint64_t seed, uint64_t index) {
  uint64_t x = seed;
  uint64_t mixed = splitmix64(&x) ^ (index * 0xd1b54a32d192ed03ULL + 0x8cb92ba72f3d8dd7ULL);
  for (int i = 0; i < JV_RNG_STATE_WORDS; ++i) st->s[i] = splitmix64(&mixed);
}

/* gsl_rng_type hooks. GSL's set() takes an unsigned long seed; we use it as seed with index 0. */
static void gsl_set(void *vstate, unsigned long int seed) { seed_state(vstate, (uint64_t)seed, 0); }
/* 32 high bits: GSL's integer interface expects values in [min, max] = [0, 2^32-1]. */
static unsigned long int gsl_get(void *vstate) { return (unsigned long int)(xoshiro_next(vstate) >> 32); }
/* 53-bit double in [0, 1). */
static double gsl_get_double(void *vstate) { return (double)(xoshiro_next(vstate) >> 11) * 0x1.0p-53; }

static const gsl_rng_type xoshiro_type = {"xoshiro256**", 0xffffffffUL, 0, sizeof(xoshiro_state_t), &gsl_set,
                                          &gsl_get, &gsl_get_double};
const gsl_rng_type *jv_rng_xoshiro256ss = &xoshiro_type;

int jv_rng_alloc(uint64_t seed, uint64_t index, gsl_rng **rng, jv_error_t *err) {
  *rng = gsl_rng_alloc(jv_rng_xoshiro256ss);
  if (*rng == NULL) JV_FAIL(err, JV_ENOMEM, "cannot allocate random stream");
  seed_state((*rng)->state, seed, index);
  return JV_OK;
}

void jv_rng_free(gsl_rng *rng) {
  if (rng != NULL) gsl_rng_free(rng);
}

void jv_rng_get_state(const gsl_rng *rng, uint64_t state[JV_RNG_STATE_WORDS]) {
  memcpy(state, ((const xoshiro_state_t *)rng->state)->s, sizeof(xoshiro_state_t));
}

void jv_rng_set_state(gsl_rng *rng, const uint64_t state[JV_RNG_STATE_WORDS]) {
  memcpy(((xoshiro_state_t *)rng->state)->s, state, sizeof(xoshiro_state_t));
}
