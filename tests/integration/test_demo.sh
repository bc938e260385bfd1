#!/bin/sh
# The demo's pieces without any data file (issue #7, `make demo`):
#  - a tiny photon scan with [data] source = synthetic (built-in JRM09 n <= 4 + Con2020 + noise on
#    generated Juno-like orbits): the summary and the file record data_source = synthetic and the
#    field model; the massless fit's chi2 is chi2-distributed (the data are drawn from the fitted
#    family with the sigma used for whitening);
#  - source = auto without the file falls back to synthetic; source = file without it is an error
#    naming the file; source = auto with the real file (when ../shared/data has it) uses it;
#  - run/demo.sh itself with smaller settings (its environment overrides): synthetic data, limit,
#    interior MCMC, PNGs, the key=value last line.
. tests/integration/env.sh
export JOVIS_ANALYSIS_DIR="$(pwd)/analysis"

# config NAME SOURCE FILE N_M STRIDE: inputs/demo_photon.ini made small (6 passes, degree 10 + 2).
config() {
  sed -e "s|^source = .*|source = $2|" -e "s|^file = .*|file = $3|" -e "s|^n_m = .*|n_m = $4|" \
    -e "s|^stride = .*|stride = $5|" -e "s|^n_orbits = .*|n_orbits = 6|" -e "s|^points_per_pass = .*|points_per_pass = 600|" \
    -e "s|^n_int = .*|n_int = 10|" -e "s|^n_ext = .*|n_ext = 2|" inputs/demo_photon.ini >"$TMP/$1.ini"
}
kv() { summary_value "$2" "$1"; }

# ---------------------------------------------------------------- source = synthetic
config syn synthetic "$TMP/none.txt" 3 5
if $MPIRUN --oversubscribe -np 2 "$JOVIS" scan "$TMP/syn.ini" -o "$TMP/syn.h5" >"$TMP/syn.log" 2>&1 &&
  [ "$(kv data_source "$TMP/syn.log")" = synthetic ]; then
  echo "ok - scan with source = synthetic runs on 2 ranks; summary data_source=synthetic, n_data=$(kv n_data "$TMP/syn.log")"
else
  echo "not ok - synthetic scan: $(tail -n 3 "$TMP/syn.log" | tr '\n' ' ')"
fi
cat >"$TMP/syn.py" <<EOF
import h5py, math
with h5py.File("$TMP/syn.h5", "r") as f:
    g = f["scan"]
    src = g.attrs["data_source"]; src = src.decode() if isinstance(src, bytes) else src
    org = g.attrs["data_origin"]; org = org.decode() if isinstance(org, bytes) else org
    chi2, dof, n = float(g.attrs["chi2_sm"]), int(g.attrs["dof"]), int(g.attrs["n_data"])
    seed = int(f.attrs["seed"])
assert src == "synthetic", src
assert seed == 2385, f"root seed attribute {seed}, expected the [synthetic] seed 2385"  # inputs/demo_photon.ini
assert "builtin:jrm09_n4" in org and "Con2020" in org and "6 polar orbits" in org, org
assert n == 6 * 600 // 5, n
# chi2 of the massless fit ~ chi2(dof): mean dof, sd sqrt(2 dof); 5 sd is a 6e-7 false alarm.
z = (chi2 - dof) / math.sqrt(2 * dof)
assert abs(z) < 5, (chi2, dof, z)
print(f"data_source={src}, seed={seed}; chi2_SM = {chi2:.1f} for {dof} dof ({z:+.2f} sd); {org[:60]}...")
EOF
if "$PYTHON" "$TMP/syn.py" >"$TMP/py.out" 2>&1; then echo "ok - the file records the synthetic source and model; $(tail -n 1 "$TMP/py.out")"
else echo "not ok - synthetic scan file: $(tail -n 3 "$TMP/py.out" | tr '\n' ' ')"; fi

# ---------------------------------------------------------------- auto / file without the file
config auto auto "$TMP/none.txt" 2 10
if "$JOVIS" scan "$TMP/auto.ini" -o "$TMP/auto.h5" >"$TMP/auto.log" 2>&1 && [ "$(kv data_source "$TMP/auto.log")" = synthetic ] &&
  grep -q 'data_source = synthetic' "$TMP/auto.log"; then
  echo "ok - source = auto without the data file falls back to synthetic and says so"
else
  echo "not ok - auto without the file: $(tail -n 3 "$TMP/auto.log" | tr '\n' ' ')"
fi
config file file "$TMP/none.txt" 2 10
if "$JOVIS" scan "$TMP/file.ini" -o "$TMP/file.h5" >"$TMP/file.log" 2>&1; then
  echo "not ok - source = file without the file should fail"
elif grep -q "none.txt" "$TMP/file.log"; then
  echo "ok - source = file without the file is an error naming it"
else
  echo "not ok - source = file error does not name the file: $(tail -n 2 "$TMP/file.log" | tr '\n' ' ')"
fi
JUNO=${JOVIS_SHARED_DATA:-../shared/data}/magnetic/juno_pinn_vp3/Juno_PJ01_50_4.0Rj.txt
if [ -r "$JUNO" ]; then
  config real auto "$JUNO" 2 50
  if "$JOVIS" scan "$TMP/real.ini" -o "$TMP/real.h5" >"$TMP/real.log" 2>&1 && [ "$(kv data_source "$TMP/real.log")" = file ]; then
    echo "ok - source = auto with the Juno file uses it (data_source=file, n_data=$(kv n_data "$TMP/real.log"))"
  else
    echo "not ok - auto with the file: $(tail -n 3 "$TMP/real.log" | tr '\n' ' ')"
  fi
else
  echo "skip - source = auto with the real file: $JUNO not found (shared data absent)"
fi

# ---------------------------------------------------------------- run/demo.sh, smaller
if JOVIS_DEMO_OUT="$TMP/demo" JOVIS_DEMO_SOURCE=synthetic JOVIS_DEMO_N_M=5 JOVIS_DEMO_ORBITS=8 JOVIS_DEMO_STEPS=40 \
  PYTHON=$PYTHON MPIRUN=$MPIRUN sh run/demo.sh >"$TMP/demo.log" 2>&1; then
  last=$(tail -n 1 "$TMP/demo.log")
  echo "ok - run/demo.sh (synthetic, 5 masses, 8 passes, 40 steps) finishes: $last"
  cat >"$TMP/demo.py" <<EOF
import math
kv = dict(x.split("=", 1) for x in """$last""".split())
assert kv["demo"] == "done" and kv["data_source"] == "synthetic", kv
u = float(kv["upper_limit_eV"])
assert math.isfinite(u) and 1e-18 <= u <= 1e-14, u   # inside the demo's mass grid
assert 0 < float(kv["interior_acceptance"]) < 1, kv
print(f"upper_limit_eV={u:.3g}, interior acceptance {kv['interior_acceptance']}, {kv['pngs']} PNGs")
EOF
  if "$PYTHON" "$TMP/demo.py" >"$TMP/py.out" 2>&1 && grep -q 'SYNTHETIC' "$TMP/demo.log" &&
    [ "$(sed -n '/^   posterior of /,/^==/p' "$TMP/demo.log" | grep -cE '^   (M_core|P_Z|Z_dil|m_dil|A_mod) ')" -eq 5 ]; then
    echo "ok - demo's output: synthetic data, a limit inside the grid, an acceptance in (0,1), 5 posterior rows; $(tail -n 1 "$TMP/py.out")"
  else
    echo "not ok - demo's output: $(tail -n 3 "$TMP/py.out" | tr '\n' ' ')"
  fi
  if "$PYTHON" -c 'import matplotlib, h5py' 2>/dev/null; then
    n=0
    for f in photon_scan_delta_chi2 photon_scan_posterior interior_mcmc_trace interior_mcmc_corner interior_mcmc_autocorr; do
      [ -s "$TMP/demo/$f.png" ] && n=$((n + 1))
    done
    if [ "$n" -eq 5 ]; then echo "ok - the five demo PNGs are written"; else echo "not ok - $n of 5 demo PNGs written"; fi
  else
    echo "skip - demo PNGs: $PYTHON lacks matplotlib/h5py"
  fi
else
  echo "not ok - run/demo.sh failed: $(tail -n 5 "$TMP/demo.log" | tr '\n' ' ')"
fi
exit 0
