/* MPI context: init/finalize, abort, and collective agreement on errors. */
#include <stdlib.h>
#include <string.h>

#include "jovis/parallel.h"

int jv_par_init(int *argc, char ***argv, jv_par_t *par, jv_error_t *err) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised && MPI_Init(argc, argv) != MPI_SUCCESS) JV_FAIL(err, JV_EMPI, "MPI_Init failed");
  /* Errors come back as codes, so a failed call becomes a message and an MPI_Abort, not a hang. */
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  par->comm = MPI_COMM_WORLD;
  MPI_Comm_rank(par->comm, &par->rank);
  MPI_Comm_size(par->comm, &par->size);
  return JV_OK;
}

void jv_par_finalize(void) {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

void jv_par_abort(const jv_par_t *par, int status) {
  MPI_Abort(par != NULL ? par->comm : MPI_COMM_WORLD, status != 0 ? status : 1);
  abort(); /* MPI_Abort does not return; this keeps the compiler and the reader sure of it */
}

int jv_par_bcast_string(const jv_par_t *par, char **text, jv_error_t *err) {
  long long len = (par->rank == 0 && *text != NULL) ? (long long)strlen(*text) : 0;
  if (MPI_Bcast(&len, 1, MPI_LONG_LONG, 0, par->comm) != MPI_SUCCESS)
    JV_FAIL(err, JV_EMPI, "broadcast of a string length failed");
  if (par->rank != 0) {
    *text = malloc((size_t)len + 1);
    if (*text == NULL) JV_FAIL(err, JV_ENOMEM, "out of memory receiving %lld bytes", len);
  }
  if (MPI_Bcast(*text, (int)len + 1, MPI_CHAR, 0, par->comm) != MPI_SUCCESS)
    JV_FAIL(err, JV_EMPI, "broadcast of %lld bytes failed", len);
  return JV_OK;
}

int jv_par_agree(const jv_par_t *par, int status, jv_error_t *err) {
  int local[2] = {status, par->rank == 0 ? status : 0}, global[2];
  if (MPI_Allreduce(local, global, 2, MPI_INT, MPI_MAX, par->comm) != MPI_SUCCESS)
    JV_FAIL(err, JV_EMPI, "MPI_Allreduce of a status failed");
  if (global[0] == JV_OK) return JV_OK;
  /* Rank 0 failed too: its message is the one shown; the others stay quiet. */
  if (par->rank != 0 && global[1] != JV_OK) err->msg[0] = '\0';
  if (status == JV_OK) err->msg[0] = '\0';
  err->status = global[0];
  return global[0];
}
