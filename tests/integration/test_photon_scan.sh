#!/bin/sh
# Photon scans end to end (jovis scan + jovis limits under MPI) on synthetic data built from the
# real Juno positions (every 10th point of PJ01-50), JRM33 n <= 18 and Gaussian noise with the
# variance model's sigma (SCIENCE.md section 2):
#  - m_gamma = 0 injected: the 95% limit is finite and the massless end of the grid is allowed;
#  - m_gamma at mu a = 0.3 injected: the posterior excludes zero and contains the truth;
#  - dark photon (m' = 2e-15 eV, eps = 0.02) injected: the eps posterior at that m' excludes zero
#    and contains the truth;
#  - an interrupted scan (SIGTERM) leaves a consistent file; --resume finishes it, with the same
#    numbers as an uninterrupted run on 1 rank; --resume refuses a different grid.
PHOTON_TEST="photon scans"
. tests/integration/photon_env.sh

# config NAME KIND MMIN MMAX NM SCAN_EXTRA INJECT_EXTRA: a scan on every 10th data point of
# synthetic data (extra lines separated by ';').
config() {
  {
    printf '[data]\nfile = %s/Juno_PJ01_50_4.0Rj.txt\nr_max = 4.0\nstride = 10\n' "$DATA"
    printf '[model]\nn_int = 18\nn_ext = 5\nk = 0\ndisc = con2020\n'
    printf '[scan]\nkind = %s\nm_min_ev = %s\nm_max_ev = %s\nn_m = %s\n' "$2" "$3" "$4" "$5"
    printf '%s\n' "$6" | tr ';' '\n'
    printf '[inject]\nenabled = true\nmodel = %s/JRM33_I30.txt\nn = 18\nseed = 20240628\n' "$DATA"
    printf '%s\n' "$7" | tr ';' '\n'
  } >"$T/$1.ini"
}

check() { # check NAME SCRIPT: ok / not ok from the exit status of a Python check
  if "$PYTHON" "$2" >"$T/py.out" 2>&1; then echo "ok - $1 ($(tail -n 1 "$T/py.out"))"; else
    echo "not ok - $1: $(tail -n 3 "$T/py.out" | tr '\n' ' ')"; fi
}

# ---------------------------------------------------------------- m_gamma = 0 injected
config zero photon 1e-21 1e-14 29 "" "mass_ev = 0"
if $MPIRUN --oversubscribe -n 2 "$JOVIS" scan "$T/zero.ini" -o "$T/zero.h5" >"$T/zero.log" 2>&1 &&
  "$JOVIS" limits "$T/zero.h5" >"$T/zero_lim.log" 2>&1; then
  echo "ok - scan and limits run on injected m_gamma = 0 (2 ranks)"
else
  echo "not ok - scan/limits with m_gamma = 0: $(tail -n 3 "$T/zero.log" "$T/zero_lim.log" | tr '\n' ' ')"
fi
cat >"$T/zero.py" <<EOF
import h5py, numpy as np
from photon_post import posterior, quantile
s = open("$T/zero_lim.log").read().strip().splitlines()[-1]
kv = dict(x.split("=", 1) for x in s.split())
up = float(kv["upper_limit_eV"])
with h5py.File("$T/zero.h5") as f:
    g = f["scan"]
    d = g["delta_chi2"][:]
    dof = float(g.attrs["dof"])
    chi2dof = g.attrs["chi2_sm"] / dof
# A finite limit inside the grid; no false detection: min Delta chi2 > -9 (3 sigma for one
# parameter); the lightest masses allowed (|Delta chi2| < 1 there); the noise as modelled:
# chi2/dof within 5 sigma = 5 sqrt(2/dof) of 1.
assert 1e-21 < up < 1e-15, up
assert d.min() > -9, d.min()
assert abs(d[0]) < 1, d[0]
assert abs(chi2dof - 1) < 5 * np.sqrt(2 / dof), chi2dof
print(f"95% limit {up:.3g} eV, min Delta chi2 {d.min():.3g}, chi2/dof {chi2dof:.4f}")
EOF
check "m_gamma = 0 injected: 95% limit finite, no false detection, massless end allowed" "$T/zero.py"
if [ -f "$T/zero_delta_chi2.png" ] && [ -f "$T/zero_posterior.png" ]; then echo "ok - limits made the PNG plots"; else
  echo "not ok - limits made no PNG plots: $(grep -i warn "$T/zero_lim.log")"; fi

# ---------------------------------------------------------------- m_gamma at mu a = 0.3 injected
M03=$("$PYTHON" -c "print(0.3 * 1.973269804e-7 / 7.1492e7)")
config mass photon 1e-19 1e-13 49 "" "mass_ev = $M03"
$MPIRUN --oversubscribe -n 2 "$JOVIS" scan "$T/mass.ini" -o "$T/mass.h5" >"$T/mass.log" 2>&1 ||
  echo "not ok - scan with m_gamma injected: $(tail -n 3 "$T/mass.log" | tr '\n' ' ')"
cat >"$T/mass.py" <<EOF
import h5py, numpy as np
from photon_post import posterior, quantile
truth = $M03
with h5py.File("$T/mass.h5") as f:
    g = f["scan"]
    m, lnl, J, d = g["mass_ev"][:], g["ln_l_marg"][:], g["jeffreys"][:], g["delta_chi2"][:]
u = np.log10(m)
p, c = posterior(u, lnl, J)
lo, hi = 10 ** quantile(u, c, 0.025), 10 ** quantile(u, c, 0.975)
# Excludes zero: the central 95% interval starts far above the massless region, and a 1e-17 eV
# photon (mu a = 0.004, nearly massless) fits far worse than the best (chi2 larger by > 100);
# contains the truth to within one grid step (0.125 dex), the resolution of a posterior this narrow.
assert lo > 1e-16, lo
assert d[np.argmin(abs(u + 17))] - d.min() > 100, d[np.argmin(abs(u + 17))] - d.min()
step = u[1] - u[0]
assert np.log10(lo) - step <= np.log10(truth) <= np.log10(hi) + step, (lo, truth, hi)
assert abs(u[np.argmax(p)] - np.log10(truth)) <= step, (u[np.argmax(p)], np.log10(truth))
print(f"truth {truth:.3g} eV, 95% interval [{lo:.3g}, {hi:.3g}] eV")
EOF
check "m_gamma at mu a = 0.3 injected: posterior excludes zero and contains the truth" "$T/mass.py"

# ---------------------------------------------------------------- dark photon injected
config dark dark 2e-17 2e-13 9 "eps_min = 1e-5;eps_max = 1;n_eps = 41" "dark_mass_ev = 2e-15;eps = 0.02"
if $MPIRUN --oversubscribe -n 2 "$JOVIS" scan "$T/dark.ini" -o "$T/dark.h5" >"$T/dark.log" 2>&1 &&
  "$JOVIS" limits "$T/dark.h5" >"$T/dark_lim.log" 2>&1; then :; else
  echo "not ok - dark scan/limits failed: $(tail -n 3 "$T/dark.log" "$T/dark_lim.log" | tr '\n' ' ')"
fi
cat >"$T/dark.py" <<EOF
import h5py, numpy as np
from photon_post import posterior, quantile
with h5py.File("$T/dark.h5") as f:
    g = f["scan"]
    m, eps, lnl, J = g["mass_ev"][:], g["eps"][:], g["ln_l_marg"][:], g["jeffreys"][:]
i = int(np.argmin(abs(np.log10(m / 2e-15))))
assert abs(m[i] / 2e-15 - 1) < 1e-9, m
u = np.log10(eps)
p, c = posterior(u, lnl[i], J[i])
lo, hi = 10 ** quantile(u, c, 0.025), 10 ** quantile(u, c, 0.975)
step = u[1] - u[0]
# At the injected m' the central 95% eps interval lies well above 1e-3 (excludes zero) and holds
# 0.02 to within one grid step (0.125 dex).
assert lo > 1e-3, lo
assert np.log10(lo) - step <= np.log10(0.02) <= np.log10(hi) + step, (lo, hi)
print(f"eps at m' = 2e-15 eV: 95% interval [{lo:.3g}, {hi:.3g}], truth 0.02")
EOF
check "dark photon (m' = 2e-15 eV, eps = 0.02) injected: eps posterior excludes zero, contains the truth" "$T/dark.py"
if grep -q "eps_limit_min=" "$T/dark_lim.log" && [ -f "$T/dark_eps_limit.png" ]; then
  echo "ok - limits reports the eps(m') curve and plots it"
else
  echo "not ok - limits on a dark scan: $(tail -n 2 "$T/dark_lim.log" | tr '\n' ' ')"
fi

# ---------------------------------------------------------------- SIGTERM, --resume, rank independence
config res photon 1e-19 1e-14 41 "" "mass_ev = 0"
$MPIRUN --oversubscribe -n 2 "$JOVIS" scan "$T/res.ini" -o "$T/res.h5" >"$T/res1.log" 2>&1 &
pid=$!
# Stop it once a few points are on disk (each takes ~0.2 s; the grid ~4 s on 2 ranks).
for i in $(seq 1 200); do
  grep -q "\[4/41\]" "$T/res1.log" 2>/dev/null && break
  sleep 0.05
done
# SIGTERM to every rank, as SLURM signals every task (mpirun itself would kill the job).
kill -TERM $(pgrep -P $pid -x jovis) 2>/dev/null
wait $pid
rc=$?
nd=$("$PYTHON" -c "import h5py; print(int(h5py.File('$T/res.h5')['scan/done'][:].sum()))" 2>&1)
if [ "$rc" -eq 0 ] && grep -q "stopped=1" "$T/res1.log" && [ "$nd" -gt 0 ] 2>/dev/null && [ "$nd" -lt 41 ]; then
  echo "ok - SIGTERM stops the scan cleanly (exit $rc, stopped=1) with a consistent file: $nd of 41 points done"
else
  echo "not ok - SIGTERM: exit $rc, points done '$nd' (want 0 < n < 41); $(tail -n 2 "$T/res1.log" | tr '\n' ' ')"
fi
$MPIRUN --oversubscribe -n 2 "$JOVIS" scan "$T/res.ini" -o "$T/res.h5" --resume >"$T/res2.log" 2>&1
computed=$(summary_value "$T/res2.log" computed_now)
$MPIRUN --oversubscribe -n 1 "$JOVIS" scan "$T/res.ini" -o "$T/fresh.h5" >"$T/fresh.log" 2>&1
cat >"$T/res.py" <<EOF
import h5py, numpy as np
from photon_post import posterior, quantile
a, b = h5py.File("$T/res.h5")["scan"], h5py.File("$T/fresh.h5")["scan"]
assert a["done"][:].all()
# The same arithmetic whatever the rank count or the interruption: equal to rounding.
for f in ("chi2", "ln_l_marg", "jeffreys"):
    x, y = a[f][:], b[f][:]
    assert np.allclose(x, y, rtol=1e-12, atol=1e-9), (f, np.max(abs(x - y)))
print("resumed on 2 ranks == uninterrupted on 1 rank")
EOF
check "--resume finishes the interrupted scan; results equal an uninterrupted 1-rank run" "$T/res.py"
if [ -n "$computed" ] && [ "$computed" -lt 41 ] 2>/dev/null; then
  echo "ok - --resume skipped the finished points (computed $computed of 41)"
else
  echo "not ok - --resume recomputed everything? computed_now='$computed'"
fi
sed -i 's/^n_m = 41/n_m = 40/' "$T/res.ini"
if $MPIRUN --oversubscribe -n 2 "$JOVIS" scan "$T/res.ini" -o "$T/res.h5" --resume >"$T/res3.log" 2>&1; then
  echo "not ok - --resume accepted a different grid"
elif grep -q "another grid" "$T/res3.log"; then
  echo "ok - --resume refuses a file made with another grid"
else
  echo "not ok - --resume with another grid: $(tail -n 2 "$T/res3.log" | tr '\n' ' ')"
fi
exit 0
