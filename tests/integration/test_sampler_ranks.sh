#!/bin/sh
# The chain is bitwise identical for any number of ranks (1, 2, 3, with ranks that own no walker),
# and a run resumed on another rank count continues it bitwise.
. tests/integration/sampler_env.sh

same() { # same A.h5 B.h5 MESSAGE: chain, log_prob, blobs, accepted and the sampler state equal bitwise
  $PYTHON - "$1" "$2" "$3" <<'PY'
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
keys = ["mcmc/chain", "mcmc/log_prob", "mcmc/accepted", "jovis/tau"] + (["mcmc/blobs"] if "blobs" in a["mcmc"] else [])
def state(f):  # the state slot matching the iteration: streams and counters of every walker
    it = f["mcmc"].attrs["iteration"]; slot = list(f["jovis/slot_iteration"][:]).index(it)
    return f["jovis/rng_state"][slot], f["jovis/stats"][slot]
same = all(np.array_equal(a[k][()], b[k][()], equal_nan=True) for k in keys)
same = same and a["mcmc"].attrs["iteration"] == b["mcmc"].attrs["iteration"]
same = same and all(np.array_equal(x, y) for x, y in zip(state(a), state(b)))
print(("ok - " if same else "not ok - ") + sys.argv[3])
PY
}

# 32 walkers, stretch + DE: 16 per half over 1, 2, 3 ranks (blocks of 5/5/6 on 3 ranks)
for np in 1 2 3; do
  jv_run $np sample inputs/gaussian.ini -q -o "$TMP/g$np.h5" --steps 300 >"$TMP/g$np.out" 2>&1
  check $? "gaussian, 32 walkers on $np rank(s)"
done
same "$TMP/g1.h5" "$TMP/g2.h5" "np 2 gives bitwise the chain of np 1"
same "$TMP/g1.h5" "$TMP/g3.h5" "np 3 gives bitwise the chain of np 1"
[ "$(summary_line "$TMP/g1.out" | sed "s/ seconds=.*//")" = "$(summary_line "$TMP/g3.out" | sed "s/ seconds=.*//")" ]
check $? "np 1 and np 3 print the same summary (but for timings)"

# 4 walkers in 2-D: halves of 2 over 3 ranks, so rank 0 owns no walker at all
cat >"$TMP/small.ini" <<'INI'
[model]
name = gaussian
ndim = 2
rho = -0.3
[sampler]
nwalkers = 4
steps = 500
seed = 77
moves = stretch:0.5, de:0.5
[init]
center = 0.5
width = 0.2
[prior]
default = uniform -10 10
INI
for np in 1 3; do
  jv_run $np sample "$TMP/small.ini" -q -o "$TMP/s$np.h5" >"$TMP/s$np.out" 2>&1
  check $? "4 walkers on $np rank(s)"
done
same "$TMP/s1.h5" "$TMP/s3.h5" "np 3 with a rank that owns no walker gives bitwise the chain of np 1"

# resume on another rank count: 120 steps on 1 rank, then on to 300 on 3 ranks
jv_run 1 sample inputs/gaussian.ini -q -o "$TMP/r.h5" --steps 120 >/dev/null 2>&1
jv_run 3 sample inputs/gaussian.ini -q -o "$TMP/r.h5" --steps 300 --resume >"$TMP/r.out" 2>&1
check $? "resume from 120 to 300 steps on 3 ranks"
same "$TMP/g1.h5" "$TMP/r.h5" "120 steps on np 1 + 180 resumed on np 3 = 300 uninterrupted steps, bitwise"
jv_run 2 sample inputs/gaussian.ini -q -o "$TMP/r.h5" --steps 200 --resume >"$TMP/r2.out" 2>&1
check $? "resuming a file that already holds more steps is a no-op"
summary_line "$TMP/r2.out" | grep -q '^steps=300 '
check $? "... and reports the 300 steps the file holds"

# init.from: a new run (another seed) starts every walker where the 300-step chain ended. A walker
# whose first proposal is rejected still sits there after step 1, bit for bit; from the ball no
# walker can land on one of those points.
sed 's/^seed = .*/seed = 99/; s|^\[init\]|&\nfrom = '"$TMP/g1.h5"'|' inputs/gaussian.ini >"$TMP/from.ini"
jv_run 2 sample "$TMP/from.ini" -q -o "$TMP/from.h5" --steps 5 >"$TMP/from.out" 2>&1
check $? "init.from = an earlier chain, on 2 ranks: $(tail -n 1 "$TMP/from.out" | cut -c1-50)"
$PYTHON - "$TMP/g1.h5" "$TMP/from.h5" <<'PY'
import sys, h5py, numpy as np
last = h5py.File(sys.argv[1], "r")["mcmc/chain"][299]
g = h5py.File(sys.argv[2], "r")
first, acc = g["mcmc/chain"][0], g["mcmc/accepted"][()]
stayed = [w for w in range(first.shape[0]) if np.array_equal(first[w], last[w])]
moved = [w for w in range(first.shape[0]) if w not in stayed]
ok = len(stayed) > 0 and all(np.any(first[w] != last[w]) for w in moved)
print(("ok - " if ok else "not ok - ") + f"after step 1, {len(stayed)} of {first.shape[0]} walkers (those whose "
      f"proposal was rejected) sit bitwise at the last step of the earlier chain")
PY
exit 0
