#!/bin/sh
# jovis field misfit|fit|spectrum on the real Juno data (../shared/data): the published figures
# ([L24] 680.5 nT for JRM33 + disc on PJ01-33; JRM33's dynamo radius 0.81 R_J), our fit beating
# JRM33, the HDF5 contents, the plots, and config error paths. One line per check.
. tests/integration/env.sh
shared=${JOVIS_SHARED_DATA:-../shared/data}
if [ ! -f "$shared/magnetic/juno_pinn_vp3/Juno_PJ01_50_4.0Rj.txt" ]; then
  echo "skip - field commands: $shared/magnetic not found (set JOVIS_SHARED_DATA)"
  exit 0
fi
run() { $MPIRUN --oversubscribe -np 2 bin/jovis "$@"; }
check() { if [ "$1" = 0 ]; then echo "ok - $2"; else echo "not ok - $2"; fi; }
# example NAME TAG COMMAND [SED]: run inputs/NAME.ini (output redirected to $TMP/TAG.h5) -> $TMP/TAG.log
example() {
  sed "s|^path = out/$1.h5|path = $TMP/$2.h5|; ${4:-}" "inputs/$1.ini" > "$TMP/$2.ini"
  run field "$3" "$TMP/$2.ini" > "$TMP/$2.log" 2>&1
}
within() { $PYTHON -c "import sys; sys.exit(0 if abs(float('$1') - $2) < $3 else 1)" 2>/dev/null; }

# 1. JRM33 (n <= 18) + Con2020 on PJ01-33. [L24] reports 680.5 nT with "a magnetodisc"; ours has
#    the Con2020 defaults with the radial-current B_phi. The two discs differ by tens of nT at
#    4 R_J, so we ask for agreement within 1% (6.8 nT).
example field_misfit_jrm33 misfit misfit
check $? "jovis field misfit runs on 2 ranks"
rms=$(summary_value "$TMP/misfit.log" rms_total_nT)
within "$rms" 680.5 6.8
check $? "JRM33 + Con2020 on PJ01-33: RMS $rms nT vs [L24] 680.5 nT (1%)"
# the same with the disc of [L24]/JunoMag_PINN_VP3 (Con2020 without the radial-current B_phi):
# [L24]'s 680.5 nT to its printed precision
example field_misfit_jrm33 misfit0 misfit "s|^con2020_equation = hybrid|con2020_equation = hybrid\\ncon2020_i_rho = 0|; s|^plots = true|plots = false|"
rms0=$(summary_value "$TMP/misfit0.log" rms_total_nT)
within "$rms0" 680.5 0.051
check $? "JRM33 + Con2020 without B_phi on PJ01-33: RMS $rms0 nT vs [L24] 680.5 nT (0.05 nT)"
$PYTHON - "$TMP/misfit.h5" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
g = f["misfit"]
ok = (len(g["orbit"]) == 32 and int(g["points"][:].sum()) == 18369
      and abs(np.sqrt(np.sum(g["rms_nT"][:]**2 * g["points"][:]) / g["points"][:].sum()) - g.attrs["rms_total_nT"]) < 1e-6
      and "config" in f.attrs and "jovis_version" in f.attrs and f["b_model_nT"].shape == (18369, 3))
print(("ok" if ok else "not ok") + " - misfit HDF5: 32 orbits, per-orbit RMS consistent with the total, config stored")
PY
[ -f "$TMP/misfit_misfit.png" ]
check $? "misfit bar plot written"

# 2. Our fit, N_int 18 + N_ext 5 (395 columns), all modes, PJ01-33: must beat JRM33's RMS, and
#    out of sample on PJ34-50 beat JRM33's 1550 nT there (PROVENANCE.md).
example field_fit fit fit "s|^k = all, 300, lowes|k = all, 300|; s|^plots = true|plots = false|"
check $? "jovis field fit runs (84,033 x 395 is the full set; here PJ01-33, 55,107 x 395)"
fit=$(summary_value "$TMP/fit.log" rms_total_nT)
val=$(summary_value "$TMP/fit.log" rms_validate_nT)
$PYTHON -c "import sys; sys.exit(0 if float('$fit') < 680.5 and float('$fit') < float('$rms') else 1)" 2>/dev/null
check $? "our fit (k = 395): RMS $fit nT < JRM33's 680.5 nT"
$PYTHON -c "import sys; sys.exit(0 if float('$val') < 1550 else 1)" 2>/dev/null
check $? "our fit on PJ34-50 (out of sample): RMS $val nT < JRM33's 1550 nT"
$PYTHON - "$TMP/fit.h5" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
s = f["singular_values"][:]
c = f["coefficients"][:]
ok = c.shape == (2, 395) and s.shape == (395,) and np.all(np.diff(s) <= 0) and s[-1] > 0
# the truncated fit cannot fit better than the full one
ok = ok and f["rms_in_sample_nT"][1] >= f["rms_in_sample_nT"][0] and f["chi2"][1] >= f["chi2"][0]
# dipole of the fit close to JRM33's g10 = 410,993 nT (0.5%)
ok = ok and abs(c[0, 0] - 410993.4) < 0.005 * 410993.4
ok = ok and f["variance_terms_nT2"].shape == (4, 55107)
print(("ok" if ok else "not ok") + " - fit HDF5: 395 descending singular values, k=300 no better than k=395, g10 = %.0f nT" % c[0, 0])
PY

# 3. Spectrum of JRM33 (n <= 18): dynamo radius 0.81 R_J published.
example field_spectrum_jrm33 spec spectrum
check $? "jovis field spectrum runs"
rd=$(summary_value "$TMP/spec.log" dynamo_radius_RJ)
within "$rd" 0.81 0.01
check $? "JRM33 dynamo radius $rd R_J vs published 0.81 R_J"
[ -f "$TMP/spec_spectrum.png" ] && [ -f "$TMP/spec_br_maps.png" ]
check $? "spectrum/slope and Mollweide B_r map PNGs written"
# the fit's spectrum through model.fit_output
printf '[model]\n# fit\nfit_output = %s\n[spectrum]\n# radii\nmap_radii = 1.0\n[output]\n# out\npath = %s\n# no plots\nplots = false\n' \
  "$TMP/fit.h5" "$TMP/spec_fit.h5" > "$TMP/spec_fit.ini"
run field spectrum "$TMP/spec_fit.ini" > "$TMP/spec_fit.log" 2>&1
check $? "spectrum of our fit from its HDF5 output (dynamo radius $(summary_value "$TMP/spec_fit.log" dynamo_radius_RJ) R_J)"

# 4. Config errors: an unknown key, a bad orbit list; a message, a non-zero exit, no hang.
printf '[data]\n# x\npath = %s/magnetic/juno_pinn_vp3/Juno_PJ01_50_4.0Rj.txt\n# x\ntypo_key = 1\n[model]\n# x\ninternal = %s/magnetic/juno_pinn_vp3/JRM33_I30.txt\n' \
  "$shared" "$shared" > "$TMP/bad.ini"
run field misfit "$TMP/bad.ini" > "$TMP/bad.log" 2>&1
[ $? -ne 0 ] && grep -q "typo_key" "$TMP/bad.log"
check $? "unknown config key is an error naming it"
sed 's/^orbits = 1-33/orbits = 33-1/' "$TMP/misfit.ini" > "$TMP/bad2.ini"
run field misfit "$TMP/bad2.ini" > "$TMP/bad2.log" 2>&1
[ $? -ne 0 ] && grep -q "orbit list" "$TMP/bad2.log"
check $? "a reversed orbit range is an error"
exit 0
