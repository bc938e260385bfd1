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

#endif /* JOVIS_PARALLEL_H */
