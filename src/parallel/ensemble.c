/*
 * The distributed red/blue ensemble driver (layout and determinism in jovis/parallel.h).
 * Records shared between ranks are the walker's ndim coordinates, ln p and blobs, packed as
 * doubles so that one MPI_Allgatherv per half-step moves everything. Buffers are allocated once.
 */
#include <stdlib.h>
#include <string.h>

#include "jovis/parallel.h"

struct jv_par_ensemble {
  const jv_par_t *par;
  int nwalkers, ndim, nblobs, rec; /* rec = ndim + 1 + nblobs doubles per walker */
  int lo, hi;                      /* this rank's half-local block */
  int *counts, *displs;            /* [size] in doubles, the same for both halves */
  int *wcounts, *wdispls;          /* [size] in walkers */
  double *send, *recv;             /* [H * rec] */
  uint64_t *u64;                   /* [W * words] send buffer of a state gather */
  uint64_t *gather;                /* [W * words] receive buffer of a state gather (rank 0) */
  uint64_t *rng;                   /* [W * 4] this rank's stream states */
  int *gcounts, *gdispls;          /* [size] of a state gather */
};

void jv_par_block(int half_size, int size, int rank, int *lo, int *hi) {
  *lo = (int)((long)half_size * rank / size);
  *hi = (int)((long)half_size * (rank + 1) / size);
}

int jv_par_ensemble_alloc(const jv_par_t *par, int nwalkers, int ndim, int nblobs, unsigned char *owned,
                          jv_par_ensemble_t **out, jv_error_t *err) {
  *out = NULL;
  jv_par_ensemble_t *pe = calloc(1, sizeof *pe);
  if (pe == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory");
  const int h = nwalkers / 2, p = par->size;
  pe->par = par;
  pe->nwalkers = nwalkers;
  pe->ndim = ndim;
  pe->nblobs = nblobs;
  pe->rec = ndim + 1 + nblobs;
  jv_par_block(h, p, par->rank, &pe->lo, &pe->hi);
  pe->counts = calloc((size_t)p, sizeof(int));
  pe->displs = calloc((size_t)p, sizeof(int));
  pe->wcounts = calloc((size_t)p, sizeof(int));
  pe->wdispls = calloc((size_t)p, sizeof(int));
  pe->send = calloc((size_t)h * (size_t)pe->rec + 1, sizeof(double));
  pe->recv = calloc((size_t)h * (size_t)pe->rec + 1, sizeof(double));
  int words = JV_WALKER_STATS_WORDS > JV_RNG_STATE_WORDS ? JV_WALKER_STATS_WORDS : JV_RNG_STATE_WORDS;
  pe->u64 = calloc((size_t)nwalkers * (size_t)words, sizeof(uint64_t));
  pe->gather = calloc((size_t)nwalkers * (size_t)words, sizeof(uint64_t));
  pe->rng = calloc((size_t)nwalkers * JV_RNG_STATE_WORDS, sizeof(uint64_t));
  pe->gcounts = calloc((size_t)p, sizeof(int));
  pe->gdispls = calloc((size_t)p, sizeof(int));
  if (!pe->counts || !pe->displs || !pe->wcounts || !pe->wdispls || !pe->send || !pe->recv || !pe->u64 ||
      !pe->gather || !pe->rng || !pe->gcounts || !pe->gdispls) {
    jv_par_ensemble_free(pe);
    JV_FAIL(err, JV_ENOMEM, "out of memory for the ensemble exchange buffers");
  }
  for (int r = 0; r < p; ++r) {
    int lo, hi;
    jv_par_block(h, p, r, &lo, &hi);
    pe->wcounts[r] = hi - lo;
    pe->wdispls[r] = lo;
    pe->counts[r] = (hi - lo) * pe->rec;
    pe->displs[r] = lo * pe->rec;
  }
  for (int w = 0; w < nwalkers; ++w) {
    int k = w % h; /* half-local index */
    owned[w] = (unsigned char)(k >= pe->lo && k < pe->hi);
  }
  *out = pe;
  return JV_OK;
}

void jv_par_ensemble_free(jv_par_ensemble_t *pe) {
  if (pe == NULL) return;
  free(pe->counts);
  free(pe->displs);
  free(pe->wcounts);
  free(pe->wdispls);
  free(pe->send);
  free(pe->recv);
  free(pe->u64);
  free(pe->gather);
  free(pe->rng);
  free(pe->gcounts);
  free(pe->gdispls);
  free(pe);
}

/* Share the records of one half: pack ours, allgather, unpack all. */
static int share_half(jv_par_ensemble_t *pe, jv_sampler_t *s, int half, jv_error_t *err) {
  if (pe->par->size == 1) return JV_OK;
  const int h = pe->nwalkers / 2, d = pe->ndim, nb = pe->nblobs, rec = pe->rec;
  const int first = half * h;
  for (int k = pe->lo; k < pe->hi; ++k) {
    double *r = pe->send + (size_t)(k - pe->lo) * rec;
    const int w = first + k;
    memcpy(r, s->x + (size_t)w * d, (size_t)d * sizeof(double));
    r[d] = s->lnp[w];
    if (nb > 0) memcpy(r + d + 1, s->blobs + (size_t)w * nb, (size_t)nb * sizeof(double));
  }
  if (MPI_Allgatherv(pe->send, (pe->hi - pe->lo) * rec, MPI_DOUBLE, pe->recv, pe->counts, pe->displs, MPI_DOUBLE,
                     pe->par->comm) != MPI_SUCCESS)
    JV_FAIL(err, JV_EMPI, "MPI_Allgatherv of half %d failed", half);
  for (int k = 0; k < h; ++k) {
    const double *r = pe->recv + (size_t)k * rec;
    const int w = first + k;
    memcpy(s->x + (size_t)w * d, r, (size_t)d * sizeof(double));
    s->lnp[w] = r[d];
    if (nb > 0) memcpy(s->blobs + (size_t)w * nb, r + d + 1, (size_t)nb * sizeof(double));
  }
  return JV_OK;
}

/* After every rank has placed its walkers: *total of them at ln p = -inf over all ranks. Ranks
   other than 0 return JV_EINPUT with an empty message then (rank 0 reports). */
static int count_bad(jv_par_ensemble_t *pe, int n_bad, int *total, jv_error_t *err) {
  if (MPI_Allreduce(&n_bad, total, 1, MPI_INT, MPI_SUM, pe->par->comm) != MPI_SUCCESS)
    JV_FAIL(err, JV_EMPI, "MPI_Allreduce of the initial positions failed");
  if (*total > 0 && pe->par->rank != 0) {
    err->status = JV_EINPUT;
    err->msg[0] = '\0';
    return JV_EINPUT;
  }
  return JV_OK;
}

static int share_both(jv_par_ensemble_t *pe, jv_sampler_t *s, jv_error_t *err) {
  JV_TRY(err, share_half(pe, s, 0, err));
  JV_TRY(err, share_half(pe, s, 1, err));
  return JV_OK;
}

int jv_par_ensemble_init(jv_par_ensemble_t *pe, jv_sampler_t *s, const double *center, const double *width,
                         int max_tries, jv_error_t *err) {
  int n_bad = 0, total = 0, status = jv_sampler_init_ball(s, center, width, max_tries, &n_bad, err);
  JV_TRY(err, jv_par_agree(pe->par, status, err));
  if ((status = count_bad(pe, n_bad, &total, err)) != JV_OK) return status;
  if (total > 0)
    JV_FAIL(err, JV_EINPUT,
            "initial ball: %d of %d walkers still have ln p = -inf after %d draws each; move init.center "
            "inside the prior support (or shrink init.width)",
            total, pe->nwalkers, max_tries);
  return share_both(pe, s, err);
}

int jv_par_ensemble_init_points(jv_par_ensemble_t *pe, jv_sampler_t *s, const double *points, const char *from,
                                jv_error_t *err) {
  int n_bad = 0, total = 0, status = jv_sampler_init_points(s, points, &n_bad, err);
  JV_TRY(err, jv_par_agree(pe->par, status, err));
  if ((status = count_bad(pe, n_bad, &total, err)) != JV_OK) return status;
  if (total > 0)
    JV_FAIL(err, JV_EINPUT,
            "init.from = %s: %d of %d walkers have ln p = -inf at its last step (outside this run's priors "
            "or bounds?)",
            from, total, pe->nwalkers);
  return share_both(pe, s, err);
}

int jv_par_ensemble_step(jv_par_ensemble_t *pe, jv_sampler_t *s, jv_error_t *err) {
  const int h = pe->nwalkers / 2;
  for (int half = 0; half < 2; ++half) {
    JV_TRY(err, jv_sampler_update(s, half, half * h + pe->lo, half * h + pe->hi, err));
    JV_TRY(err, share_half(pe, s, half, err));
  }
  return JV_OK;
}

/* Gather `words` uint64 per walker (from src[w * words], own walkers) to rank 0's dst. */
static int gather_words(jv_par_ensemble_t *pe, const uint64_t *src, uint64_t *dst, int words, jv_error_t *err) {
  const int h = pe->nwalkers / 2, p = pe->par->size;
  if (p == 1) {
    memcpy(dst, src, (size_t)pe->nwalkers * (size_t)words * sizeof(uint64_t));
    return JV_OK;
  }
  /* this rank's walkers of half 0 then half 1, contiguous in the send buffer */
  const int mine = pe->hi - pe->lo;
  uint64_t *send = pe->u64;
  for (int half = 0; half < 2; ++half)
    memcpy(send + (size_t)half * mine * words, src + (size_t)(half * h + pe->lo) * words,
           (size_t)mine * words * sizeof(uint64_t));
  int *counts = pe->gcounts, *displs = pe->gdispls;
  uint64_t *recv = pe->gather;
  for (int r = 0, off = 0; r < p; ++r) {
    counts[r] = 2 * pe->wcounts[r] * words;
    displs[r] = off;
    off += counts[r];
  }
  if (MPI_Gatherv(send, 2 * mine * words, MPI_UINT64_T, recv, counts, displs, MPI_UINT64_T, 0, pe->par->comm) !=
      MPI_SUCCESS)
    JV_FAIL(err, JV_EMPI, "MPI_Gatherv of the walker state failed");
  if (pe->par->rank == 0)
    for (int r = 0; r < p; ++r) {
      const uint64_t *blk = recv + displs[r];
      for (int half = 0; half < 2; ++half)
        memcpy(dst + (size_t)(half * h + pe->wdispls[r]) * words, blk + (size_t)half * pe->wcounts[r] * words,
               (size_t)pe->wcounts[r] * words * sizeof(uint64_t));
    }
  return JV_OK;
}

int jv_par_ensemble_gather_state(jv_par_ensemble_t *pe, const jv_sampler_t *s, uint64_t *rng_state,
                                 jv_walker_stats_t *stats, jv_error_t *err) {
  /* streams: owned walkers have one; the others' zeros are never sent */
  uint64_t *mine = pe->rng;
  for (int w = 0; w < pe->nwalkers; ++w)
    if (s->rng[w] != NULL) jv_rng_get_state(s->rng[w], mine + (size_t)w * JV_RNG_STATE_WORDS);
  JV_TRY(err, gather_words(pe, mine, rng_state, JV_RNG_STATE_WORDS, err));
  JV_TRY(err, gather_words(pe, (const uint64_t *)s->stats, (uint64_t *)stats, JV_WALKER_STATS_WORDS, err));
  return JV_OK;
}

int jv_par_ensemble_restore(jv_par_ensemble_t *pe, jv_sampler_t *s, const double *x, const double *lnp,
                            const double *blobs, const uint64_t *rng_state, const jv_walker_stats_t *stats,
                            jv_error_t *err) {
  const size_t w = (size_t)pe->nwalkers;
  if (pe->par->rank == 0) {
    memcpy(s->x, x, w * (size_t)pe->ndim * sizeof(double));
    memcpy(s->lnp, lnp, w * sizeof(double));
    if (pe->nblobs > 0) memcpy(s->blobs, blobs, w * (size_t)pe->nblobs * sizeof(double));
  }
  uint64_t *rng = calloc(w * JV_RNG_STATE_WORDS, sizeof(uint64_t));
  jv_walker_stats_t *st = calloc(w, sizeof *st);
  int status = (rng == NULL || st == NULL) ? jv_error_set(err, JV_ENOMEM, __func__, __LINE__, "out of memory") : JV_OK;
  if (status == JV_OK && pe->par->rank == 0) {
    memcpy(rng, rng_state, w * JV_RNG_STATE_WORDS * sizeof(uint64_t));
    memcpy(st, stats, w * sizeof *st);
  }
  MPI_Comm c = pe->par->comm;
  if (status == JV_OK &&
      (MPI_Bcast(s->x, (int)(w * (size_t)pe->ndim), MPI_DOUBLE, 0, c) != MPI_SUCCESS ||
       MPI_Bcast(s->lnp, (int)w, MPI_DOUBLE, 0, c) != MPI_SUCCESS ||
       (pe->nblobs > 0 && MPI_Bcast(s->blobs, (int)(w * (size_t)pe->nblobs), MPI_DOUBLE, 0, c) != MPI_SUCCESS) ||
       MPI_Bcast(rng, (int)(w * JV_RNG_STATE_WORDS), MPI_UINT64_T, 0, c) != MPI_SUCCESS ||
       MPI_Bcast(st, (int)(w * JV_WALKER_STATS_WORDS), MPI_INT64_T, 0, c) != MPI_SUCCESS))
    status = jv_error_set(err, JV_EMPI, __func__, __LINE__, "broadcast of the resumed state failed");
  for (size_t k = 0; status == JV_OK && k < w; ++k) {
    if (s->rng[k] != NULL) {
      jv_rng_set_state(s->rng[k], rng + k * JV_RNG_STATE_WORDS);
      s->stats[k] = st[k];
    } else {
      memset(&s->stats[k], 0, sizeof s->stats[k]);
    }
  }
  free(rng);
  free(st);
  return status;
}

int jv_par_max_flags(const jv_par_t *par, int *flags, int n, jv_error_t *err) {
  if (par->size == 1) return JV_OK;
  if (MPI_Allreduce(MPI_IN_PLACE, flags, n, MPI_INT, MPI_MAX, par->comm) != MPI_SUCCESS)
    JV_FAIL(err, JV_EMPI, "MPI_Allreduce of %d flags failed", n);
  return JV_OK;
}
