#!/bin/sh
# Stopping and crashing:
#  - SIGTERM (on 2 ranks), SIGINT and SIGUSR1: the run finishes its step, flushes, says how to
#    resume and exits 0; --resume then completes a chain bitwise equal to an uninterrupted one;
#  - SIGKILL at arbitrary moments (flushing every step, so a kill often lands inside a flush): the
#    file opens (h5py and emcee), holds rows equal to the uninterrupted chain up to its iteration,
#    and resumes to the uninterrupted chain bitwise;
#  - the file can be read while the run writes it;
#  - an existing file is never overwritten without --resume or --force.
. tests/integration/sampler_env.sh

# A slow target (1 ms of CPU per evaluation, 3.2 s for the run) so that signals arrive mid-run; the reference
# is the same chain without the cost (cost_ms burns time, it does not change any number).
cat >"$TMP/slow.ini" <<'INI'
[model]
name = gaussian
ndim = 3
rho = 0.4
cost_ms = 1
[sampler]
nwalkers = 8
steps = 400
seed = 1234
moves = stretch:0.7, de:0.3
[init]
center = 0.3
width = 0.5
[prior]
default = normal 0 10
[output]
flush_every = 10
INI
sed 's/^cost_ms = .*/cost_ms = 0/' "$TMP/slow.ini" >"$TMP/ref.ini"
jv_run 1 sample "$TMP/ref.ini" -q -o "$TMP/ref.h5" >/dev/null 2>&1
check $? "reference run (400 steps)"

# The processes whose parent is $1 (read from /proc: no procps needed), as SLURM signals each task.
children() { for st in /proc/[0-9]*/stat; do set -- "$1" $(cat "$st" 2>/dev/null); [ "${5:-}" = "$1" ] && echo "$2"; done; }

# Wait (at most 60 s) until the run has created its file: its signal handlers are in place then.
wait_for() { n=0; while [ ! -f "$1" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done; }

same_as_ref() { # FILE MESSAGE [prefix]: FILE's chain equals the reference (whole, or up to its iteration)
  $PYTHON - "$TMP/ref.h5" "$1" "$2" "${3:-whole}" <<'PY'
import sys, h5py, numpy as np
ref, f = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
it = f["mcmc"].attrs["iteration"]
n = it if sys.argv[4] == "prefix" else ref["mcmc"].attrs["iteration"]
ok = it == n and it > 0
for k in ["mcmc/chain", "mcmc/log_prob", "mcmc/blobs"]:
    ok = ok and np.array_equal(ref[k][:n], f[k][:n])
if sys.argv[4] != "prefix":
    ok = ok and np.array_equal(ref["mcmc/accepted"][()], f["mcmc/accepted"][()])
print(("ok - " if ok else "not ok - ") + sys.argv[3] + " (%d steps)" % it)
PY
}

# SIGTERM to both ranks of a 2-rank run, as SLURM signals every task
$MPIRUN -np 2 --oversubscribe "$JOVIS" sample "$TMP/slow.ini" -o "$TMP/term.h5" >"$TMP/term.out" 2>"$TMP/term.err" &
mpid=$!
wait_for "$TMP/term.h5"
sleep 0.5
"$JOVIS" info "$TMP/term.h5" >"$TMP/live.out" 2>&1
check $? "jovis info reads the file while the run writes it ($(tail -n 1 "$TMP/live.out" | cut -c1-60))"
kill -TERM $(children $mpid) 2>/dev/null
wait $mpid
check $? "SIGTERM: exit status 0"
grep -q 'stopped=signal' "$TMP/term.out" && grep -q -- '--resume' "$TMP/term.err"
check $? "SIGTERM: summary says stopped=signal and the log says how to resume"
same_as_ref "$TMP/term.h5" "SIGTERM: the file holds the uninterrupted chain's first steps" prefix
jv_run 2 sample "$TMP/slow.ini" -q -o "$TMP/term.h5" --resume >/dev/null 2>&1
check $? "SIGTERM: --resume runs to the end"
same_as_ref "$TMP/term.h5" "SIGTERM + resume is bitwise the uninterrupted chain"

# SIGINT and SIGUSR1 on a single process
for sig in INT USR1; do
  "$JOVIS" sample "$TMP/slow.ini" -o "$TMP/$sig.h5" >"$TMP/$sig.out" 2>&1 &
  pid=$!
  wait_for "$TMP/$sig.h5"
  sleep 0.5
  kill -$sig $pid
  wait $pid
  check $? "SIG$sig: exit status 0"
  grep -q 'stopped=signal' "$TMP/$sig.out"
  check $? "SIG$sig: summary says stopped=signal"
  jv_run 1 sample "$TMP/slow.ini" -q -o "$TMP/$sig.h5" --resume >/dev/null 2>&1
  same_as_ref "$TMP/$sig.h5" "SIG$sig + resume is bitwise the uninterrupted chain"
done

# SIGKILL at several moments, flushing every step
sed 's/^flush_every = .*/flush_every = 1/' "$TMP/slow.ini" >"$TMP/kill.ini"
for delay in 0.1 0.3 0.5 0.7; do
  rm -f "$TMP/kill.h5"
  "$JOVIS" sample "$TMP/kill.ini" -q -o "$TMP/kill.h5" >/dev/null 2>&1 &
  pid=$!
  wait_for "$TMP/kill.h5"
  sleep $delay
  kill -KILL $pid
  wait $pid 2>/dev/null
  $PYTHON -c "
import emcee, sys
b = emcee.backends.HDFBackend('$TMP/kill.h5', read_only=True)
assert b.iteration > 0 and b.get_chain().shape == (b.iteration, 8, 3)
" 2>"$TMP/kill.err"
  check $? "SIGKILL after ${delay}s: the file opens in emcee's reader with its steps $(tail -n 1 "$TMP/kill.err")"
  same_as_ref "$TMP/kill.h5" "SIGKILL after ${delay}s: every step in the file equals the uninterrupted chain" prefix
done
jv_run 1 sample "$TMP/kill.ini" -q -o "$TMP/kill.h5" --resume >/dev/null 2>&1
check $? "SIGKILL: --resume runs to the end"
same_as_ref "$TMP/kill.h5" "SIGKILL + resume is bitwise the uninterrupted chain"

# an existing file is left alone
sum_before=$(sha256sum "$TMP/ref.h5" | cut -d' ' -f1)
jv_run 2 sample "$TMP/ref.ini" -q -o "$TMP/ref.h5" >"$TMP/exists.out" 2>&1
rc=$?
[ $rc -ne 0 ] && grep -q "exists: --resume continues it, --force overwrites it" "$TMP/exists.out" &&
  [ "$(sha256sum "$TMP/ref.h5" | cut -d' ' -f1)" = "$sum_before" ]
check $? "an existing output without --resume/--force is an error and the file is untouched"
exit 0
