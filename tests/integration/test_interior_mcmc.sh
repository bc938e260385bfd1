#!/bin/sh
# End-to-end `jovis sample` on the interior model (issue #6) with the built-in analytic EOS, so it
# runs on a machine without EOS tables: the chain file, the blobs (checked against an independent
# evaluation of the likelihood here), the rejection counters, fixed parameters, rank-count
# independence (np 1 and np 2 give the same chain), resume, and clear errors for bad configs.
. tests/integration/sampler_env.sh

INI=inputs/interior_mcmc_test.ini
jv_run 2 sample "$INI" -o "$TMP/np2.h5" -q >"$TMP/np2.out" 2>&1
check $? "interior sample on 2 ranks: $(tail -n 1 "$TMP/np2.out" | cut -c1-120)"
jv_run 1 sample "$INI" -o "$TMP/np1.h5" -q >"$TMP/np1.out" 2>&1
check $? "interior sample on 1 rank"

$PYTHON - "$TMP/np2.h5" "$TMP/np1.h5" "$TMP/np2.out" <<'PY'
import sys, h5py, numpy as np
from scipy.stats import truncnorm
f = h5py.File(sys.argv[1], "r")
g = h5py.File(sys.argv[2], "r")
summary = dict(kv.split("=", 1) for kv in open(sys.argv[3]).read().strip().splitlines()[-1].split())
def ok(c, msg): print(("ok - " if c else "not ok - ") + msg)
names = lambda d: [n.decode() for n in d[()]]
it = int(f["mcmc"].attrs["iteration"])
ok(it == 6, f"6 steps written (iteration = {it})")
pn = names(f["jovis/param_names"])
ok(pn == ["M_core", "P_Z", "Z_dil", "m_dil", "A_mod"],
   f"sampled parameters are the ones not in [fixed]: {pn}")
bn = names(f["jovis/blob_names"])
need = ["J2", "J4", "J6", "J8", "J10", "R_eq_km", "M_Z_total_ME", "M_Z_dilute_ME", "M_Z_env_ME", "Y_2",
        "P_c_Mbar", "T_c_K", "energy_integral", "chi2", "res_J2", "res_J10", "res_R_eq"]
ok(all(n in bn for n in need), f"blobs include {', '.join(need)}")
x = f["mcmc/chain"][:it]; lp = f["mcmc/log_prob"][:it]; b = f["mcmc/blobs"][:it]
B = {n: b[..., i] for i, n in enumerate(bn)}
ok(np.all(np.isfinite(lp)) and all(np.all(np.isfinite(B[n])) for n in need),
   "every stored sample has a finite ln p and finite blobs (rejections keep the previous point)")
# ln p = ln prior + ln L with ln L = -chi2/2: the priors of inputs/interior_mcmc_test.ini by hand
lpri = (-np.log(24) - np.log(0.5) - np.log(0.6) - np.log(0.2)
        + truncnorm.logpdf(x[..., 1], (0.8 - 3) / 0.5, (9 - 3) / 0.5, loc=3, scale=0.5))
d = np.max(np.abs(lp - (lpri - 0.5 * B["chi2"])) / np.abs(lp))
ok(d < 1e-10, f"ln p = ln prior - chi2/2 for every sample (max relative difference {d:.1e})")
# residuals re-evaluated here: Durante 2020 Table 2 (J2 without tide) + Miguel 2022 winds
obs = {"J2": (14696.5063 + 1.039, 0.0017 / 3 + 0.354), "J4": (-586.6085 - 0.076, 0.0024 / 3 + 0.083),
       "J6": (34.2007 + 0.016, 0.0067 / 3 + 0.076), "J8": (-2.422 + 0.053, 0.021 / 3 + 0.062),
       "J10": (0.181 - 0.080, 0.065 / 3 + 0.042)}
chi2 = ((B["R_eq_km"] - 71492.0) / 4.0) ** 2
worst = 0.0
for n, (o, s) in obs.items():
    r = (B[n] * 1e6 - o) / s
    chi2 = chi2 + r * r
    worst = max(worst, np.max(np.abs(r - B["res_" + n]) / np.abs(r)))
ok(worst < 1e-9, f"residual blobs match (J*1e6 - target)/sigma computed here (max rel. diff {worst:.1e})")
ok(np.max(np.abs(chi2 - B["chi2"]) / chi2) < 1e-9, "chi2 blob = sum of squared residuals (diagonal covariance)")
ok(np.all(np.abs(B["Z_m0.975"] - 0.02) < 1e-9) and np.all(B["Z_m0.025"] > 0.02),
   "fixed Z_1 = 0.02 is the outer envelope's Z; the dilute core adds Z inside")
mz = B["M_Z_total_ME"] - B["M_Z_dilute_ME"] - B["M_Z_env_ME"] - x[..., 0]
ok(np.max(np.abs(mz)) < 1e-9, "M_Z total = dilute core + envelope + compact core")
ok(np.all(B["J2"] > 0) and np.all(B["J4"] < 0) and np.all(B["Y_2"] > 0.238),
   "J2 > 0, J4 < 0, Y_2 above the molecular envelope's 0.238 (helium conservation)")
cols = names(f["jovis/stats_columns"])
slot = int(np.argmax(f["jovis/slot_iteration"][()] == it))
tot = dict(zip(cols, f["jovis/stats"][slot].sum(axis=0)))
nrej = sum(v for k, v in tot.items() if k.startswith("rejected_"))
ok(tot["accepted"] + nrej == 10 * 6, f"accepted {tot['accepted']} + rejected {nrej} = 10 walkers x 6 steps")
bad = tot["rejected_nan"] + tot["rejected_edom"] + tot["rejected_enoconv"] + tot["rejected_emath"]
ok(tot["rejected_enoconv"] > 0 and int(summary["model_errors"]) == bad,
   f"non-converged models are counted by cause in the file (enoconv {tot['rejected_enoconv']}, "
   f"edom {tot['rejected_edom']}) and in the summary (model_errors={summary['model_errors']})")
same = np.array_equal(x, g["mcmc/chain"][:it]) and np.array_equal(b, g["mcmc/blobs"][:it])
ok(same, "np 1 and np 2 give the same chain and blobs (each walker owns its model workspace)")
PY

# resume: 3 steps, then on to 6
jv_run 2 sample "$INI" -o "$TMP/res.h5" -q --steps 3 >/dev/null 2>&1 &&
  jv_run 2 sample "$INI" -o "$TMP/res.h5" -q --steps 6 --resume >"$TMP/res.out" 2>&1
check $? "interior run resumed from step 3 to 6: $(tail -n 1 "$TMP/res.out" | cut -c1-60)"
# every call starts from the model at [init] center ([model] warm_start = pinned), so ln p is a
# function of theta alone and the resumed run is the uninterrupted one, bit for bit
$PYTHON - "$TMP/res.h5" "$TMP/np2.h5" <<'PY'
import sys, h5py, numpy as np
f, g = (h5py.File(p, "r") for p in sys.argv[1:3])
same = all(np.array_equal(f["mcmc/" + k][:6], g["mcmc/" + k][:6]) for k in ("chain", "log_prob", "blobs"))
print(("ok - " if same else "not ok - ") + "the run resumed at step 3 is bitwise the uninterrupted one (chain, ln p, blobs)")
PY
# the batch-log progress line carries the rejections by cause (as of the last flush)
sed 's/^flush_every = .*/&\nprogress_seconds = 0.05/' "$INI" >"$TMP/prog.ini"
jv_run 1 sample "$TMP/prog.ini" -o "$TMP/prog.h5" --steps 60 >"$TMP/prog.out" 2>&1
line=$(grep '^progress: ' "$TMP/prog.out" | grep ' rejected .*enoconv [0-9]' | tail -n 1)
if [ -n "$line" ]; then ok "progress line counts rejections by cause: $line"; else
  notok "no progress line with rejections by cause: $(grep '^progress' "$TMP/prog.out" | tail -n 2)"; fi
# warm_start = previous: each call starts from the walker's last model (history-dependent)
sed 's/^warm_start = pinned/warm_start = previous/' "$INI" >"$TMP/prev.ini"
jv_run 1 sample "$TMP/prev.ini" -o "$TMP/prev.h5" -q >"$TMP/prev.out" 2>&1
check $? "warm_start = previous runs: $(tail -n 1 "$TMP/prev.out" | cut -c1-60)"

# SIGTERM to both ranks mid-run (as SLURM signals every task): the step finishes, the file is
# flushed, exit 0; the run then resumes from it
$MPIRUN -np 2 --oversubscribe "$JOVIS" sample "$INI" -o "$TMP/sig.h5" -q --steps 400 >"$TMP/sig.out" 2>&1 &
pid=$!
n=0; while [ ! -f "$TMP/sig.h5" ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
sleep 2 # the file exists once the signal handlers are in place; let a few steps run
kill -TERM $(pgrep -P $pid -x jovis) 2>/dev/null
wait $pid
rc=$?
n=$($PYTHON -c "import h5py; print(int(h5py.File('$TMP/sig.h5', 'r')['mcmc'].attrs['iteration']))" 2>/dev/null)
if [ $rc -eq 0 ] && grep -q 'stopped=signal' "$TMP/sig.out" && [ "${n:-0}" -ge 1 ] && [ "${n:-0}" -lt 400 ]; then
  ok "SIGTERM mid-run: exit 0 with $n steps on disk"
  jv_run 2 sample "$INI" -o "$TMP/sig.h5" -q --steps $((n + 2)) --resume >"$TMP/sig2.out" 2>&1
  check $? "the interrupted run resumes from step $n: $(tail -n 1 "$TMP/sig2.out" | cut -c1-40)"
else
  notok "SIGTERM mid-run: exit $rc, steps on disk '${n}', $(tail -n 1 "$TMP/sig.out" | cut -c1-200)"
fi

# analysis/interior_mcmc.py on the chains above: every figure is a PNG, and the summary names and
# leaves out a stuck walker (here walker 3 made stuck by hand: its ln p set 1e9 below the others; this
# test chain is far from any fit, ln p ~ -2e7 with a spread of ~1e6 among walkers)
A="$PYTHON analysis/interior_mcmc.py"
fail=""
for kind in corner residuals profiles compare; do
  $A $kind "$TMP/np2.h5" "$TMP/sig.h5" -o "$TMP/$kind.png" >"$TMP/$kind.log" 2>&1 &&
    [ "$(head -c 8 "$TMP/$kind.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] || fail="$fail $kind"
done
if [ -z "$fail" ]; then ok "interior_mcmc.py corner, residuals, profiles and compare write PNG files"; else
  notok "interior_mcmc.py failed for:$fail: $(cat "$TMP"/*.log | tail -n 3)"; fi
$PYTHON - "$TMP/np2.h5" "$TMP/stuck.h5" <<'PY'
import shutil, sys, h5py
shutil.copy(sys.argv[1], sys.argv[2])
with h5py.File(sys.argv[2], "r+") as f:
    f["mcmc/log_prob"][:, 3] -= 1e9
PY
$A summary "$TMP/stuck.h5" >"$TMP/stuck.txt" 2>&1
$A summary "$TMP/np2.h5" >"$TMP/untouched.txt" 2>&1
if grep -q "left out 1 stuck walker(s) of 10 (walker: median ln p of the kept steps): 3: " "$TMP/stuck.txt" &&
  grep -q "res_J6" "$TMP/untouched.txt" && ! grep -q "stuck" "$TMP/untouched.txt"; then
  ok "summary leaves out a walker 1e9 below the others, and none in the untouched chain"
else
  notok "stuck-walker summary: $(head -n 2 "$TMP/stuck.txt"); untouched: $(head -n 2 "$TMP/untouched.txt")"
fi

# the full Durante 2020 covariance
COV=../shared/data/gravity/durante2020_dataset_S2_covariance.txt
if [ -f "$COV" ]; then
  sed "s|^covariance_file =.*|covariance_file = $COV|" "$INI" >"$TMP/cov.ini"
  timeout 120 "$JOVIS" sample "$TMP/cov.ini" -o "$TMP/cov.h5" -q --steps 2 >"$TMP/cov.out" 2>&1
  check $? "interior sample with the full Durante 2020 covariance"
else
  skip "full covariance run: $COV not found"
fi

expect() { # MESSAGE-SUBSTRING DESCRIPTION CONFIG
  timeout 120 "$JOVIS" sample "$3" -o "$TMP/x.h5" --force >"$TMP/out" 2>&1
  rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -qF -- "$1" "$TMP/out"; then
    ok "$2: $(grep -F -- "$1" "$TMP/out" | head -n 1 | cut -c1-140)"
  else
    notok "$2: exit $rc, expected '$1'; got: $(head -c 300 "$TMP/out")"
  fi
}
sed 's/^A_mod = uniform.*/&\nT_1bar = uniform 150 180/' "$INI" >"$TMP/both.ini"
expect "T_1bar is both fixed ([fixed] T_1bar) and sampled" "a parameter both fixed and sampled" "$TMP/both.ini"
sed 's/^perturbation = yes/perturbation = no/' "$INI" >"$TMP/pert.ini"
expect "[fixed] log10_P_mod: the EOS perturbation is off" "perturbation parameters without the perturbation" "$TMP/pert.ini"
sed 's/^eos_hhe = analytic/eos_hhe = scvh96/' "$INI" >"$TMP/eos.ini"
expect "scvh96" "an unknown EOS" "$TMP/eos.ini"
sed 's/^degrees = .*/degrees = 2, 4, 12/' "$INI" >"$TMP/deg.ini"
expect "12 is not one of 2, 4, 6, 8, 10" "a degree the likelihood cannot use" "$TMP/deg.ini"
sed 's/^warm_start = pinned/warm_start = coldest/' "$INI" >"$TMP/ws.ini"
expect "model.warm_start = 'coldest' must be pinned or previous" "an unknown warm_start" "$TMP/ws.ini"
sed 's/^center = .*/center = 5.0, 3.0, 0.1, 0.3, 0.0, 1.0/' "$INI" >"$TMP/c6.ini"
expect "[init] center has 6 values for 5 sampled parameters" "an [init] center of the wrong length" "$TMP/c6.ini"
sed -e 's/^center = .*/center = 5.0, 3.0, 0.45, 0.3, 0.0/' -e 's/^Z_1 = 0.02/Z_1 = 0.6/' "$INI" >"$TMP/cbad.ini"
expect "[init] center gives no interior model" "an [init] center where the model fails (Z_1 + Z_dil >= 1)" "$TMP/cbad.ini"
sed 's/^tof_order = 7/tof_order = 4/' "$INI" >"$TMP/ord.ini"
expect "asks for J_10 but model.tof_order = 4 gives J_2 .. J_8" "ToF4 cannot give J10" "$TMP/ord.ini"
sed 's/^n_levels = 64/n_levels = 64\nnlevels = 64/' "$INI" >"$TMP/key.ini"
expect "model.nlevels" "a misspelt [model] key" "$TMP/key.ini"
sed 's|^covariance_file =.*|covariance_file = /nonexistent/cov.txt|' "$INI" >"$TMP/nocov.ini"
expect "cannot open '/nonexistent/cov.txt'" "a missing covariance file" "$TMP/nocov.ini"
sed 's/^T_1bar = 166.1/T_1bar = -166.1/' "$INI" >"$TMP/neg.ini"
expect "[fixed] T_1bar = -166.1 is outside [0, inf]" "a fixed value outside the physical range" "$TMP/neg.ini"
sed 's/^max_iter = 30/max_iter = 1/' "$INI" >"$TMP/iter.ini"
expect "initial ball: 10 of 10 walkers still have ln p = -inf" "no model converges: a clear start-up error" "$TMP/iter.ini"

# The shipped staged configs on [H23]'s MH13 EOS: stage 1 from the ball, stage 2 (sheared moves)
# from stage 1's last step, stage 3 (the shear refitted) from stage 2's, and for the perturbed EOS
# stages 4 to 6 from the one before. Two steps each: they parse, their base resolves, the shear fits their
# parameters, they run. Each is run through a config whose [config] base is the shipped one, which
# points it at the data and at the chain just made.
if [ -d "${JOVIS_SHARED_DATA:-../shared/data}/eos" ]; then
  for kind in original perturbed; do
    prev="" ran="" fail=""
    for stage in "" _sheared _refit _refit2 _refit3 _refit4; do # each stage that exists, from the last step of the one before
      cfg="inputs/interior_mcmc_$kind$stage.ini"
      [ -f "$cfg" ] && [ -z "$fail" ] || continue
      {
        printf '[config]\nbase = %s\n' "$PWD/$cfg"
        printf '[model]\neos_data_dir = %s/eos\n' "${JOVIS_SHARED_DATA:-$PWD/../shared/data}"
        [ -z "$prev" ] || printf '[init]\nfrom = %s\n' "$prev"
      } >"$TMP/stage.ini"
      jv_run 1 sample "$TMP/stage.ini" -q -o "$TMP/$kind$stage.h5" --steps 2 >"$TMP/stage.out" 2>&1 || fail=${stage:-pilot}
      prev="$TMP/$kind$stage.h5" ran="$ran${ran:+, }interior_mcmc_$kind$stage.ini"
    done
    if [ -z "$fail" ]; then
      ok "inputs/{$ran}, each from the last step before ($(summary_line "$TMP/stage.out" | cut -c1-40))"
    else
      notok "staged $kind configs, stage $fail: $(tail -n 2 "$TMP/stage.out" | tr '\n' ' ' | cut -c1-300)"
    fi
  done
  # the chain file keeps the merged text, so it does not depend on the files it came from
  h5dump -a /config "$prev" >"$TMP/stored.txt" 2>&1
  if grep -q "#   $TMP/stage.ini" "$TMP/stored.txt" && grep -q "#   over $PWD/inputs/interior_mcmc_perturbed" "$TMP/stored.txt" &&
    grep -q "shear_M_core = " "$TMP/stored.txt" && grep -q "eos_data_dir = " "$TMP/stored.txt" &&
    ! grep -q "base = " "$TMP/stored.txt"; then
    ok "the chain of a staged config stores its merged config, base resolved"
  else
    notok "stored config of $prev: $(head -c 300 "$TMP/stored.txt")"
  fi
else
  skip "staged MH13 configs: ${JOVIS_SHARED_DATA:-../shared/data}/eos not found"
fi
exit 0
