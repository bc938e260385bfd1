"""Limit plots of a photon-mass or dark-photon scan (a hook: the figures are drawn by
analysis/photon_limits.py, the photon analysis's own script, which `jovis limits` also runs).

    analysis/jovis_plot.py limits SCAN.h5 [--limits LIMITS.h5] [-o PREFIX]

Needs the limits file of `jovis limits SCAN.h5` (default SCAN_limits.h5). Photon scans: PREFIX_
delta_chi2.png and PREFIX_posterior.png; dark-photon scans: PREFIX_eps_limit.png and PREFIX_
delta_chi2.png (PREFIX defaults to SCAN without .h5).
"""
import glob
import os
import time

import h5py
import photon_limits  # the photon analysis's plotting script (branch photon, issue #4)

SUMMARY = "Delta chi2, posterior and credible-limit plots of a scan (photon_limits.py)"


def add_arguments(p):
    p.add_argument("scan", help="scan file of jovis scan")
    p.add_argument("--limits", default=None, help="limits file of jovis limits (default SCAN_limits.h5)")
    p.add_argument("-o", "--output", default=None, help="prefix of the PNG names (default: SCAN without .h5)")


def run(args):
    stem = args.scan[:-3] if args.scan.endswith(".h5") else args.scan
    lim_path = args.limits or stem + "_limits.h5"
    if not os.path.exists(lim_path):
        raise ValueError(f"no limits file {lim_path}: run `jovis limits {args.scan}` first (or give --limits)")
    prefix = args.output or stem
    start = time.time()
    with h5py.File(args.scan, "r") as scan, h5py.File(lim_path, "r") as lim:
        kind = scan["scan"].attrs["kind"]
        kind = kind.decode() if isinstance(kind, bytes) else str(kind)
        (photon_limits.dark if kind == "dark" else photon_limits.photon)(scan, lim, prefix)
    # The PNGs this call wrote (photon_limits.py does not return their names).
    return sorted(p for p in glob.glob(prefix + "_*.png") if os.path.getmtime(p) >= start - 1)
