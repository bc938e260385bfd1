#!/bin/sh
# Benchmark 3: the cost of writing the chain. The same cheap run (5-D Gaussian, 32 walkers,
# inputs/gaussian.ini; ~2 us of sampling per step) with output off, and on with a flush every
# 100 and every 1000 steps; best of 5 each, 1 rank. Rates from CPU time (writes count: the
# kernel's share is in it) and, beside them, wall time. Goal: overhead <= 10%.
# Two flush intervals because the overhead has two parts: the bytes (1.5 KB a step, fixed) and a
# fixed cost per flush (10-20 us measured: HDF5 writes of the state slots, the iteration attribute, H5Fflush),
# which on a target this cheap is paid every 0.2 ms at flush_every = 100.
. bench/bench_env.sh
STEPS=${BENCH_STEPS_FAST:-50000}
sed 's/^write = .*/write = no/' inputs/gaussian.ini >"$BTMP/off.ini"
for fe in 100 1000; do sed "s/^flush_every = .*/flush_every = $fe/" inputs/gaussian.ini >"$BTMP/on$fe.ini"; done
for i in 1 2 3 4 5; do
  for fe in 100 1000; do
    $MPIRUN -np 1 "$JOVIS" sample "$BTMP/on$fe.ini" -q --force --steps "$STEPS" -o "$BTMP/on.h5" >"$BTMP/on$fe-$i.out" || exit 1
  done
  $MPIRUN -np 1 "$JOVIS" sample "$BTMP/off.ini" -q --steps "$STEPS" >"$BTMP/off$i.out" || exit 1
done
$PYTHON - "$STEPS" "$BTMP" <<'PY'
import sys
steps, d = int(sys.argv[1]), sys.argv[2]
def val(path, key):
    return float(dict(kv.split("=", 1) for kv in open(path).read().split("\n")[-2].split())[key])
def best(kind, key):
    return min(val("%s/%s-%d.out" % (d, kind, i) if kind != "off" else "%s/off%d.out" % (d, i), key) for i in range(1, 6))
print("bench 3 (5-D Gaussian, 32 walkers x %d steps, best of 5; load average %s):" % (steps, open("/proc/loadavg").read().split()[0]))
coff, woff = best("off", "cpu_seconds"), best("off", "seconds")
print("  output off          : %.0f steps/s CPU (%.4f s), %.0f steps/s wall (baseline)" % (steps / coff, coff, steps / woff))
for fe in (100, 1000):
    con, won = best("on%d" % fe, "cpu_seconds"), best("on%d" % fe, "seconds")
    print("  output, flush %5d : %.0f steps/s CPU (%.4f s), %.0f steps/s wall; overhead %.1f%% CPU, %.1f%% wall, "
          "%.2f ms of sampling between flushes" % (fe, steps / con, con, steps / won, 100 * (con / coff - 1),
                                                    100 * (won / woff - 1), 1e3 * coff / steps * fe))
print("  goal: overhead <= 10%")
PY
