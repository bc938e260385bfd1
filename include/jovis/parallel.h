/*
 * jovis parallel: every MPI call of the project lives in src/parallel (physics and the sampler
 * core stay MPI-free, after SWIFT). A jv_par_t is the communicator context the apps pass down.
 */
#ifndef JOVIS_PARALLEL_H
#define JOVIS_PARALLEL_H

#include <mpi.h>

#include "jovis/core.h"

typedef struct {
  MPI_Comm comm;
  int rank;
  int size;
} jv_par_t;

/* MPI_Init (idempotent) and a context on MPI_COMM_WORLD. */
int jv_par_init(int *argc, char ***argv, jv_par_t *par, jv_error_t *err);
void jv_par_finalize(void);
/* Stop every rank after a fatal error (MPI_Abort); never returns. */
void jv_par_abort(const jv_par_t *par, int status);

/* Broadcast a NUL-terminated string from rank 0 (others receive a malloc'ed copy). */
int jv_par_bcast_string(const jv_par_t *par, char **text, jv_error_t *err);
/*
 * Agree on a status across ranks (the largest): every rank calls it at the same point. A rank
 * that succeeded locally but sees another rank fail gets that status with an empty message, so
 * only failing ranks report. Rank 0's copy of a collective error is the one printed.
 */
int jv_par_agree(const jv_par_t *par, int status, jv_error_t *err);

/* ---------------------------------------------------------------- the distributed ensemble */
/*
 * The red/blue driver (SCIENCE.md section 1): the W/2 walkers of each half are spread over the
 * ranks in contiguous blocks (rank r owns half-local indices [H r / P, H (r+1) / P), which may be
 * empty). Each rank updates its own walkers with jv_sampler_update(), then positions, ln p and
 * blobs of that half are shared (MPI_Allgatherv) before the other half moves. Every walker has
 * its own random stream, so the chain is bitwise the same for any number of ranks.
 */
#include "jovis/sampler.h"

typedef struct jv_par_ensemble jv_par_ensemble_t;

/* Half-local block [lo, hi) of `rank` among `size` ranks for a half of `half_size` walkers. */
void jv_par_block(int half_size, int size, int rank, int *lo, int *hi);

/* The layout for W walkers with records of ndim + 1 + nblobs doubles; owned[W] is filled with
   this rank's walkers (to pass to jv_sampler_alloc). */
int jv_par_ensemble_alloc(const jv_par_t *par, int nwalkers, int ndim, int nblobs, unsigned char *owned,
                          jv_par_ensemble_t **pe, jv_error_t *err);
void jv_par_ensemble_free(jv_par_ensemble_t *pe);

/* Initial ball on every rank's walkers, then shared; any walker left at -inf is a JV_EINPUT
   reported by rank 0 (collective). */
int jv_par_ensemble_init(jv_par_ensemble_t *pe, jv_sampler_t *s, const double *center, const double *width,
                         int max_tries, jv_error_t *err);
/* The same from given points[nwalkers * ndim], identical on every rank (an earlier chain's last
   step): each rank evaluates its walkers there. `from` names their origin in the error message. */
int jv_par_ensemble_init_points(jv_par_ensemble_t *pe, jv_sampler_t *s, const double *points, const char *from,
                                jv_error_t *err);
/* One step: half 0, share, half 1, share. A fatal model error returns on the rank that met it
   (the caller aborts the job, so no rank waits in a collective). */
int jv_par_ensemble_step(jv_par_ensemble_t *pe, jv_sampler_t *s, jv_error_t *err);
/* Random-stream states [W][4] and counters [W] of every walker to rank 0 (collective). */
int jv_par_ensemble_gather_state(jv_par_ensemble_t *pe, const jv_sampler_t *s, uint64_t *rng_state,
                                 jv_walker_stats_t *stats, jv_error_t *err);
/* Resume: rank 0's positions, ln p, blobs, stream states and counters to every rank; each rank
   keeps the streams and counters of its own walkers (collective; other ranks pass NULLs). */
int jv_par_ensemble_restore(jv_par_ensemble_t *pe, jv_sampler_t *s, const double *x, const double *lnp,
                            const double *blobs, const uint64_t *rng_state, const jv_walker_stats_t *stats,
                            jv_error_t *err);
/* Agree across ranks on the largest of each flag (stop signal, converged, ...): one allreduce. */
int jv_par_max_flags(const jv_par_t *par, int *flags, int n, jv_error_t *err);

#endif /* JOVIS_PARALLEL_H */
