#!/bin/sh
# Throughput of the interior MCMC (issue #6): forward models per second of `jovis sample` on the
# production configuration (MH13-SCvH95 EOS, ToF7, 256 levels) with 1 and 2 ranks, and the parallel
# efficiency E = rate(np 2) / (2 rate(np 1)). np 1 is the baseline measured in the same run.
# Models per second = walkers x steps / seconds of the sampling loop (the summary's `seconds`;
# the initial ball is not counted). Override the work with BENCH_STEPS / BENCH_WALKERS.
JOVIS=${JOVIS:-$(pwd)/bin/jovis}
MPIRUN=${MPIRUN:-mpirun}
STEPS=${BENCH_STEPS:-20}
WALKERS=${BENCH_WALKERS:-16}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1
export OMPI_MCA_rmaps_base_oversubscribe=1
if [ ! -f ../shared/data/eos/mh13/mh13_eos.out ] || [ ! -f ../shared/data/eos/scvh95/h_tab_mesa_extended.dat ]; then
  echo "bench interior_mcmc: skipped, ../shared/data/eos (MH13 and SCvH95 tables) not found"
  exit 0
fi
TMP=$(mktemp -d /tmp/jovis_bench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
sed -e "s/^nwalkers = .*/nwalkers = $WALKERS/" -e 's/^stop = yes/stop = no/' -e 's/^write = yes/write = no/' \
  inputs/interior_mcmc_original.ini >"$TMP/bench.ini"
rate() { # NP -> models per second
  $MPIRUN -np "$1" "$JOVIS" sample "$TMP/bench.ini" --steps "$STEPS" -q >"$TMP/out.$1" 2>&1 || {
    echo "bench interior_mcmc: np $1 failed: $(tail -n 2 "$TMP/out.$1")" >&2; exit 1; }
  s=$(tail -n 1 "$TMP/out.$1" | tr ' ' '\n' | sed -n 's/^seconds=//p')
  echo "$WALKERS $STEPS $s" | awk '{printf "%.3f %.2f", $1 * $2 / $3, $3}'
}
r1=$(rate 1) || exit 1
r2=$(rate 2) || exit 1
set -- $r1 $r2
echo "bench interior_mcmc: $WALKERS walkers x $STEPS steps, MH13-SCvH95 ToF7 256 levels on $(nproc) cores"
echo "  np 1: $1 models/s ($2 s)   [baseline, ratio 1.00]"
echo "$1 $3 $4" | awk '{printf "  np 2: %s models/s (%s s)   ratio %.2f, parallel efficiency %.2f\n", $2, $3, $2 / $1, $2 / (2 * $1)}'
