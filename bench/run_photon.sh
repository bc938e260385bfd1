#!/bin/sh
# Photon-scan performance (issue #4): seconds per mass grid point and per eps point, the eps-route
# speed-up, our QR + SVD against SciPy's SVD on the same whitened matrix, and np 1 vs np 2 on a scan.
# Run by `make bench` (needs ../shared/data); every timing is printed beside its ratio to a
# baseline measured in this run. Set PHOTON_BENCH_STRIDE=10 for a quick run (default 1: all 28,011 points).
PYTHON=${PYTHON:-/usr/bin/python3}
MPIRUN=${MPIRUN:-mpirun}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
DATA=${JOVIS_SHARED_DATA:-../shared/data}/magnetic/juno_pinn_vp3/Juno_PJ01_50_4.0Rj.txt
STRIDE=${PHOTON_BENCH_STRIDE:-1}
if [ ! -f "$DATA" ]; then
  echo "run_photon: $DATA not found: photon benchmarks skipped"
  exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
echo "== photon: grid point, eps point, eps route (1 process, 1 BLAS thread, stride $STRIDE)"
build/bench/photon_bench "$DATA" "$STRIDE" "$T/a.bin" || exit 1
echo "== photon: SciPy SVD on the same whitened matrix"
"$PYTHON" bench/photon_svd.py "$T/a.bin" || exit 1
rm -f "$T/a.bin"
echo "== photon: jovis scan, np 1 vs np 2 (inputs/photon_scan.ini with stride $STRIDE, 8 masses)"
sed -e "s|^file = .*|file = $DATA|" -e "s/^stride = .*/stride = $STRIDE/" -e 's/^n_m = .*/n_m = 8/' \
  inputs/photon_scan.ini >"$T/np.ini"
for np in 1 2; do
  $MPIRUN --oversubscribe -n $np bin/jovis scan "$T/np.ini" -o "$T/np$np.h5" -q >"$T/np$np.log" 2>&1 || exit 1
done
"$PYTHON" - "$T/np1.log" "$T/np2.log" <<'PY'
import sys
def wall(p):
    kv = dict(x.split("=", 1) for x in open(p).read().strip().splitlines()[-1].split())
    return float(kv["wall_s"])
t1, t2 = wall(sys.argv[1]), wall(sys.argv[2])
print(f"np 1 {t1:.2f} s, np 2 {t2:.2f} s: speed-up {t1 / t2:.2f}, parallel efficiency {t1 / (2 * t2):.2f}")
print(f"scan_np1_s={t1:.3f} scan_np2_s={t2:.3f} speedup_np2={t1 / t2:.3f} efficiency_np2={t1 / (2 * t2):.3f}")
PY
