#!/bin/sh
# Benchmark 2: parallel efficiency T1 / (2 T2) with a fixed-cost likelihood (5 ms of CPU time
# burnt per evaluation, so two ranks sharing one core cannot look efficient), np 1 and np 2.
# 16 walkers: 8 per half, 4 per rank on 2 ranks. Times are the sampling loops. Goal >= 0.9.
. bench/bench_env.sh
STEPS=${BENCH_STEPS_SLOW:-15}
cat >"$BTMP/slow.ini" <<INI
[model]
name = gaussian
ndim = 4
rho = 0.5
cost_ms = 5
[sampler]
nwalkers = 16
steps = $STEPS
seed = 2385
[init]
center = 0.0
width = 0.1
[prior]
default = uniform -50 50
[output]
write = no
INI
$MPIRUN -np 1 "$JOVIS" sample "$BTMP/slow.ini" -q >"$BTMP/np1.out" || exit 1
$MPIRUN -np 2 "$JOVIS" sample "$BTMP/slow.ini" -q >"$BTMP/np2.out" || exit 1
t1=$(value seconds "$BTMP/np1.out"); t2=$(value seconds "$BTMP/np2.out")
$PYTHON -c "
t1, t2 = $t1, $t2
print('bench 2 (16 walkers x $STEPS steps, 5 ms per evaluation):')
print('  np 1: %.3f s, np 2: %.3f s; speed-up %.3f, efficiency T1/(2 T2) = %.3f (goal >= 0.9)' % (t1, t2, t1 / t2, t1 / (2 * t2)))
"
