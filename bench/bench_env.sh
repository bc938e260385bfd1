# Shared set-up of the benchmark scripts (sourced): binary, MPI on this small machine, scratch folder.
JOVIS=${JOVIS:-$(pwd)/bin/jovis}
PYTHON=${PYTHON:-/usr/bin/python3}
MPIRUN=${MPIRUN:-mpirun}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
BTMP=$(mktemp -d /tmp/jovis_bench.XXXXXX)
trap 'rm -rf "$BTMP"' EXIT
# value KEY FILE: the value of KEY in the summary line (last line) of FILE
value() { tail -n 1 "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
