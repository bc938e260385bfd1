#!/bin/sh
# Benchmark 3: the cost of writing the chain. The same cheap run (5-D Gaussian, 32 walkers,
# inputs/gaussian.ini) with output on (flush every 100 steps) and off, best of 3 each, 1 rank.
# Rates from CPU time (writes count: the kernel's share is in it) and, beside them, wall time.
# Goal: overhead <= 10%.
. bench/bench_env.sh
STEPS=${BENCH_STEPS_FAST:-50000}
sed 's/^write = .*/write = no/' inputs/gaussian.ini >"$BTMP/off.ini"
for i in 1 2 3; do
  $MPIRUN -np 1 "$JOVIS" sample inputs/gaussian.ini -q --force --steps "$STEPS" -o "$BTMP/on.h5" >"$BTMP/on$i.out" || exit 1
  $MPIRUN -np 1 "$JOVIS" sample "$BTMP/off.ini" -q --steps "$STEPS" >"$BTMP/off$i.out" || exit 1
done
$PYTHON - "$STEPS" "$BTMP" <<'PY'
import sys
steps, d = int(sys.argv[1]), sys.argv[2]
def val(path, key):
    return float(dict(kv.split("=", 1) for kv in open(path).read().split("\n")[-2].split())[key])
def best(kind, key):
    return min(val("%s/%s%d.out" % (d, kind, i), key) for i in (1, 2, 3))
con, coff, won, woff = best("on", "cpu_seconds"), best("off", "cpu_seconds"), best("on", "seconds"), best("off", "seconds")
print("bench 3 (5-D Gaussian, 32 walkers x %d steps, best of 3; load average %s):" % (steps, open("/proc/loadavg").read().split()[0]))
print("  output on : %.0f steps/s CPU (%.4f s), %.0f steps/s wall" % (steps / con, con, steps / won))
print("  output off: %.0f steps/s CPU (%.4f s), %.0f steps/s wall" % (steps / coff, coff, steps / woff))
print("  overhead %.1f%% CPU, %.1f%% wall (goal <= 10%%)" % (100 * (con / coff - 1), 100 * (won / woff - 1)))
PY
