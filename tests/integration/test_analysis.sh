#!/bin/sh
# analysis/: jovis_plot.py on a real chain file. The autocorrelation times its Python estimator
# gives equal jovis's own /jovis/tau and emcee.autocorr.integrated_time (Debian python3-emcee) to
# 1e-8 relative (the same algorithm; only round-off may differ); trace, corner and autocorr PNGs
# are written as valid PNG images of a sensible size; a file without a chain is an error with a
# message, not a traceback.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/env.sh

sed 's/^steps = .*/steps = 1200/' inputs/gaussian.ini >"$TMP/g.ini"
if ! $MPIRUN -np 2 --oversubscribe bin/jovis sample "$TMP/g.ini" -o "$TMP/g.h5" -q >"$TMP/sample.log" 2>&1; then
  echo "not ok - jovis sample for the analysis test failed: $(tail -n 3 "$TMP/sample.log")"
  exit 0
fi

# 1. The estimator against jovis and emcee.
"$PYTHON" - "$TMP/g.h5" <<'EOF'
import sys
sys.path.insert(0, "analysis")
import numpy as np
from jovis_chain import Chain, integrated_time
c = Chain(sys.argv[1])
tau = integrated_time(c.chain)
rel = np.max(np.abs(tau / c.tau_file - 1))
print(("ok" if rel <= 1e-8 else "not ok") + f" - Python tau equals jovis's /jovis/tau: max relative difference {rel:.1e} (tau = {np.round(tau, 2).tolist()})")
try:
    import emcee
except ImportError:
    print("skip - emcee comparison: python3-emcee is not installed")
else:
    import logging
    logging.disable(logging.WARNING)  # quiet=True still logs "chain is shorter than 50 tau"
    ref = emcee.autocorr.integrated_time(c.chain, quiet=True)
    rel = np.max(np.abs(tau / ref - 1))
    print(("ok" if rel <= 1e-8 else "not ok") + f" - Python tau equals emcee.autocorr.integrated_time: max relative difference {rel:.1e}")
EOF

# 2. The plots: PNG signature, width and height from the IHDR chunk.
if "$PYTHON" analysis/jovis_plot.py chain "$TMP/g.h5" -d "$TMP/plots" >"$TMP/plot.log" 2>&1; then
  "$PYTHON" - "$TMP/plots" <<'EOF'
import struct, sys, os
for kind in ("trace", "corner", "autocorr"):
    path = os.path.join(sys.argv[1], f"g_{kind}.png")
    try:
        head = open(path, "rb").read(24)
    except OSError as e:
        print(f"not ok - {kind} plot not written: {e}")
        continue
    w, h = struct.unpack(">II", head[16:24])
    good = head[:8] == b"\x89PNG\r\n\x1a\n" and w >= 400 and h >= 300 and os.path.getsize(path) > 10000
    print(("ok" if good else "not ok") + f" - {kind} plot is a {w}x{h} PNG of {os.path.getsize(path)} bytes")
EOF
else
  echo "not ok - jovis_plot.py chain failed: $(tail -n 5 "$TMP/plot.log")"
fi
grep -q '^plots=3 kind=chain$' "$TMP/plot.log" && echo "ok - jovis_plot.py ends with its summary line (plots=3)" ||
  echo "not ok - jovis_plot.py summary line missing: $(tail -n 1 "$TMP/plot.log")"

# 3. Errors: a file that is not a chain, and an unknown plot kind.
"$PYTHON" -c "import h5py; h5py.File('$TMP/empty.h5', 'w').close()"
if "$PYTHON" analysis/jovis_plot.py trace "$TMP/empty.h5" >"$TMP/err.log" 2>&1; then
  echo "not ok - jovis_plot.py accepted a file without a chain"
elif grep -q "no group 'mcmc'" "$TMP/err.log" && ! grep -q Traceback "$TMP/err.log"; then
  echo "ok - jovis_plot.py on a file without a chain: $(head -n 1 "$TMP/err.log")"
else
  echo "not ok - jovis_plot.py on a file without a chain: $(tail -n 2 "$TMP/err.log")"
fi
if "$PYTHON" analysis/jovis_plot.py nosuchkind "$TMP/g.h5" >/dev/null 2>&1; then
  echo "not ok - jovis_plot.py accepted an unknown plot kind"
else
  echo "ok - jovis_plot.py rejects an unknown plot kind"
fi
exit 0
