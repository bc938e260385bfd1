# Shared set-up of the sampler's integration tests (sourced, not run): where the binary is, how
# to start MPI jobs on this small machine, a scratch folder removed on exit, and the
# ok/not ok/skip line helpers.
. tests/integration/env.sh

ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
skip() { echo "skip - $*"; }
# check CONDITION-EXIT-STATUS MESSAGE: "ok - MESSAGE" if the previous command succeeded.
check() { if [ "$1" -eq 0 ]; then ok "$2"; else notok "$2"; fi; }
# Run jovis on NP ranks with a time limit, so a hang fails the test instead of blocking CI.
jv_run() { np=$1; shift; timeout 120 $MPIRUN -np "$np" --oversubscribe "$JOVIS" "$@"; }

if [ ! -x "$JOVIS" ]; then
  skip "bin/jovis is not built"
  exit 0
fi
if ! $PYTHON -c 'import h5py, numpy, scipy, emcee' 2>/dev/null; then
  skip "$PYTHON lacks h5py/numpy/scipy/emcee (Debian python3-h5py python3-scipy python3-emcee)"
  exit 0
fi
