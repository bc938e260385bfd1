#!/bin/sh
# The demo (`make demo`): a 2-rank sampler run on the built-in 5-D correlated Gaussian
# (inputs/gaussian.ini), its summary from `jovis info`, and a plot of the chain, in out/demo/.
# Later issues add the Jupiter science runs here.
set -e
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-/usr/bin/python3}
MPIRUN=${MPIRUN:-mpirun}
export OPENBLAS_NUM_THREADS=1
[ "$(id -u)" -eq 0 ] && export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p out/demo
echo "== jovis sample: 5-D correlated Gaussian, 32 walkers, 2 ranks -> out/demo/gaussian.h5"
$MPIRUN -np 2 --oversubscribe bin/jovis sample inputs/gaussian.ini -o out/demo/gaussian.h5 --force \
  >out/demo/sample.log
cat out/demo/sample.log
echo "== jovis info out/demo/gaussian.h5"
bin/jovis info out/demo/gaussian.h5 | sed '$d'
if $PYTHON -c 'import h5py, matplotlib' 2>/dev/null; then
  $PYTHON analysis/plot_chain.py out/demo/gaussian.h5 out/demo/gaussian_chain.png
else
  echo "(no plot: $PYTHON lacks h5py/matplotlib; Debian python3-h5py python3-matplotlib)"
fi
# the run's summary is the demo's last line
tail -n 1 out/demo/sample.log
