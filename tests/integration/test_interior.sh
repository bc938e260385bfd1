#!/bin/sh
# Integration: `jovis interior` on the example configs (inputs/interior_*.ini) under $MPIRUN,
# outputs checked with $PYTHON. One line per check: ok - / not ok - / skip - .
. tests/integration/env.sh
data=${JOVIS_SHARED_DATA:-../shared/data}

check() { # check NAME COMMAND...: ok if the command succeeds
  name=$1; shift
  if "$@" >"$TMP/check.log" 2>&1; then echo "ok - $name"; else echo "not ok - $name: $(tail -n 3 "$TMP/check.log" | tr '\n' ' ')"; fi
}

# 1. the n = 1 polytrope against Wisdom & Hubbard 2016 (ToF7, 512 levels)
$MPIRUN --oversubscribe -np 1 bin/jovis interior inputs/interior_polytrope.ini -o "$TMP/poly.h5" >"$TMP/poly.out" 2>&1
d=$(summary_value "$TMP/poly.out" dJ2_rel)
check "polytrope: |dJ2/J2| = ${d:-missing} <= 1e-6 vs WH16" $PYTHON -c "import sys; sys.exit(not abs(float('$d')) <= 1e-6)"
check "polytrope HDF5: /profiles/z, rho, J2..J14 and the run's config" $PYTHON -c "
import h5py
f = h5py.File('$TMP/poly.h5', 'r')
assert f['profiles/z'].shape == (512,) and f['profiles/rho'].shape == (512,)
assert abs(f.attrs['J2'] / 1.398851089834637e-2 - 1) < 1e-6 and 'J14' in f.attrs
assert 'model = polytrope' in f.attrs['config'] and f.attrs['model'] == 'polytrope'"

# 2. the analytic-EOS Jupiter on 2 ranks (rank 0 writes), and its plot
$MPIRUN --oversubscribe -np 2 bin/jovis interior inputs/interior_analytic.ini -o "$TMP/ana.h5" >"$TMP/ana.out" 2>&1
summary_line "$TMP/ana.out" | grep -q 'J2=.* J4=.* J6=.* J8=.* J10=.* Req_km='
check "analytic Jupiter on 2 ranks: summary has J2..J10 and Req_km" test $? = 0
check "analytic Jupiter HDF5: 8 profiles, M(R) = M_J, P falls outward, Z = 1 in the core" $PYTHON -c "
import h5py, numpy as np
p = h5py.File('$TMP/ana.h5', 'r')['profiles']
n = p['r'].shape[0]
assert all(p[k].shape == (n,) for k in ('r', 'm', 'P', 'T', 'rho', 'X', 'Y', 'Z'))
assert abs(p['m'][-1] - 1) < 1e-8 and np.all(np.diff(p['P'][()]) < 0) and p['Z'][0] == 1.0
assert np.allclose(p['X'][()] + p['Y'][()] + p['Z'][()], 1.0)"
check "analysis/plot_interior.py writes a PNG" sh -c \
  "$PYTHON analysis/plot_interior.py '$TMP/ana.h5' '$TMP/ana.png' && test -s '$TMP/ana.png'"

# 3. an unknown key is an error naming it
printf '[interior]\nmodel = maclaurin\nq = 0.08\nordr = 4\n' >"$TMP/bad.ini"
if $MPIRUN --oversubscribe -np 1 bin/jovis interior "$TMP/bad.ini" -o "$TMP/bad.h5" >"$TMP/bad.out" 2>&1; then
  echo "not ok - a misspelt key must fail"
else
  check "misspelt key 'ordr' is reported" grep -q "interior.ordr" "$TMP/bad.out"
fi

# 4. with the EOS tables: the SCvH95 Jupiter fits J2 and R_eq; MH13 denser than SCvH95 near 1 Mbar
if [ -f "$data/eos/scvh95/h_tab_initial.dat" ]; then
  $MPIRUN --oversubscribe -np 1 bin/jovis interior inputs/interior_jupiter.ini -o "$TMP/jup.h5" >"$TMP/jup.out" 2>&1
  s2=$(summary_value "$TMP/jup.out" J2_sigma); sr=$(summary_value "$TMP/jup.out" Req_sigma)
  check "SCvH95 Jupiter: J2 ${s2:-missing} sigma, R_eq ${sr:-missing} sigma (both within 3)" \
    $PYTHON -c "import sys; sys.exit(not (abs(float('$s2')) < 3 and abs(float('$sr')) < 3))"
  $MPIRUN --oversubscribe -np 1 bin/jovis interior inputs/interior_adiabats.ini -o "$TMP/ad.h5" >"$TMP/ad.out" 2>&1
  r=$(summary_value "$TMP/ad.out" max_rho_ratio_mh13)
  check "adiabats: MH13 up to ${r:-missing}x denser than SCvH95 (0.01-10 Mbar; [H23]: SCvH95 much less dense)" \
    $PYTHON -c "import sys; sys.exit(not 1.05 < float('$r') < 1.3)"
else
  echo "skip - SCvH95 Jupiter and adiabats: $data/eos not found (make data, or set JOVIS_SHARED_DATA)"
fi
exit 0
