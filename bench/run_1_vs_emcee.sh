#!/bin/sh
# Benchmark 1: jovis (1 rank) against emcee (Debian python3-emcee) on the same target, a 10-D
# correlated Gaussian with flat priors, with the same walkers, steps and moves (stretch, a = 2).
# Both times are of the sampling loop alone (jovis: summary `seconds`, writing its HDF5 file,
# and once more without output, as emcee keeps its chain in memory; emcee: run_mcmc), as CPU
# time (robust on a machine others share) and wall time; process wall times beside them.
# Goal: ratio >= 100.
. bench/bench_env.sh
W=40; STEPS=${BENCH_STEPS:-5000}
cat >"$BTMP/g10.ini" <<INI
[model]
name = gaussian
ndim = 10
sigma = 1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 0.7, 1.2, 2.5, 0.9
rho = 0.7
[sampler]
nwalkers = $W
steps = $STEPS
seed = 2385
moves = stretch
[init]
center = 0.0
width = 0.1
[prior]
default = uniform -50 50
INI
t0=$(date +%s.%N)
$MPIRUN -np 1 "$JOVIS" sample "$BTMP/g10.ini" -q -o "$BTMP/g10.h5" >"$BTMP/jv.out" || exit 1
t1=$(date +%s.%N)
sed 's/^\[sampler\]/[output]\nwrite = no\n[sampler]/' "$BTMP/g10.ini" >"$BTMP/g10n.ini"
$MPIRUN -np 1 "$JOVIS" sample "$BTMP/g10n.ini" -q >"$BTMP/jvn.out" || exit 1
t1b=$(date +%s.%N)
$PYTHON - "$W" "$STEPS" >"$BTMP/em.out" <<'PY' || exit 1
import sys, time, numpy as np, emcee
W, T = int(sys.argv[1]), int(sys.argv[2])
s = np.array([1.0, 2.0, 0.5, 1.5, 1.0, 3.0, 0.7, 1.2, 2.5, 0.9]); i = np.arange(10)
P = np.linalg.inv(np.outer(s, s) * 0.7 ** np.abs(i[:, None] - i[None, :]))
def log_prob(x):
    if np.any(np.abs(x) > 50): return -np.inf
    return -0.5 * x @ P @ x
p0 = 0.1 * np.random.default_rng(2385).standard_normal((W, 10))
sampler = emcee.EnsembleSampler(W, 10, log_prob, moves=emcee.moves.StretchMove(a=2.0))
t, c = time.perf_counter(), time.process_time()
sampler.run_mcmc(p0, T)
t, c = time.perf_counter() - t, time.process_time() - c
print("acceptance=%.4f seconds=%.4f cpu_seconds=%.4f" % (sampler.acceptance_fraction.mean(), t, c))
PY
t2=$(date +%s.%N)
$PYTHON - "$(value seconds "$BTMP/jv.out")" "$(value seconds "$BTMP/em.out")" "$(value cpu_seconds "$BTMP/jv.out")" \
  "$(value cpu_seconds "$BTMP/em.out")" "$($PYTHON -c "print($t1 - $t0)")" "$($PYTHON -c "print($t2 - $t1b)")" \
  "$(value acceptance "$BTMP/jv.out")" "$(value acceptance "$BTMP/em.out")" \
  "$(value seconds "$BTMP/jvn.out")" "$(value cpu_seconds "$BTMP/jvn.out")" "$W" "$STEPS" <<'PY'
import sys
jv, em, jc, ec, jw, ew, ja, ea, jn, jnc = map(float, sys.argv[1:11]); W, T = sys.argv[11:13]
print("bench 1 (10-D Gaussian, %s walkers x %s steps, stretch; load average %s):" % (W, T, open("/proc/loadavg").read().split()[0]))
print("  jovis np 1: %.4f s CPU, %.4f s wall (%.0f steps/s), %.2f s process; acceptance %.4f" % (jc, jv, int(T) / jv, jw, ja))
print("  jovis, no output: %.4f s CPU, %.4f s wall" % (jnc, jn))
print("  emcee     : %.4f s CPU, %.4f s wall (%.0f steps/s), %.2f s process; acceptance %.4f" % (ec, em, int(T) / em, ew, ea))
print("  ratio emcee/jovis = %.0fx CPU, %.0fx wall, %.1fx whole process (goal >= 100x)" % (ec / jc, em / jv, ew / jw))
print("  ratio emcee/jovis without output = %.0fx CPU, %.0fx wall" % (ec / jnc, em / jn))
PY
