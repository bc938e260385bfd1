/* The chain in memory on the writing rank: every row so far, and the state at the last row. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sampler_internal.h"

int jv_chain_alloc(int nwalkers, int ndim, int nblobs, long capacity, jv_chain_t **out, jv_error_t *err) {
  *out = NULL;
  if (capacity < 1) capacity = 1;
  jv_chain_t *c = calloc(1, sizeof *c);
  if (c == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  c->nwalkers = nwalkers;
  c->ndim = ndim;
  c->nblobs = nblobs;
  c->capacity = capacity;
  const size_t rows = (size_t)capacity, w = (size_t)nwalkers;
  c->chain = malloc(rows * w * (size_t)ndim * sizeof *c->chain);
  c->log_prob = malloc(rows * w * sizeof *c->log_prob);
  c->blobs = malloc((rows * w * (size_t)nblobs + 1) * sizeof *c->blobs);
  c->rng_state = calloc(w * JV_RNG_STATE_WORDS, sizeof *c->rng_state);
  c->stats = calloc(w, sizeof *c->stats);
  if (!c->chain || !c->log_prob || !c->blobs || !c->rng_state || !c->stats) {
    jv_chain_free(c);
    JV_FAIL(err, JV_ENOMEM, "out of memory for a chain of %ld steps x %d walkers x %d parameters", capacity, nwalkers,
            ndim);
  }
  /* rows not yet sampled read as NaN, as on disk */
  for (size_t i = 0; i < rows * w * (size_t)ndim; ++i) c->chain[i] = NAN;
  for (size_t i = 0; i < rows * w; ++i) c->log_prob[i] = NAN;
  for (size_t i = 0; i < rows * w * (size_t)nblobs; ++i) c->blobs[i] = NAN;
  *out = c;
  return JV_OK;
}

void jv_chain_free(jv_chain_t *c) {
  if (c == NULL) return;
  free(c->chain);
  free(c->log_prob);
  free(c->blobs);
  free(c->rng_state);
  free(c->stats);
  free(c);
}

int jv_chain_append(jv_chain_t *c, const double *x, const double *lnp, const double *blobs, jv_error_t *err) {
  if (c->iteration >= c->capacity) JV_FAIL(err, JV_EINPUT, "chain is full (%ld steps)", c->capacity);
  const size_t t = (size_t)c->iteration, w = (size_t)c->nwalkers;
  memcpy(c->chain + t * w * (size_t)c->ndim, x, w * (size_t)c->ndim * sizeof *x);
  memcpy(c->log_prob + t * w, lnp, w * sizeof *lnp);
  if (c->nblobs > 0) memcpy(c->blobs + t * w * (size_t)c->nblobs, blobs, w * (size_t)c->nblobs * sizeof *blobs);
  c->iteration++;
  return JV_OK;
}
