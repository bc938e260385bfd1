"""Field diagnostics of `jovis field fit|misfit|spectrum` outputs (a hook: the figures are drawn by
analysis/field_plots.py, the field analysis's own script).

    analysis/jovis_plot.py field OUT.h5 [-d OUTDIR]

Writes whichever apply: <stem>_misfit.png, <stem>_k.png, <stem>_spectrum.png, <stem>_br_maps.png
(OUTDIR defaults to the file's folder).
"""
import glob
import os
import time

import field_plots  # the field analysis's plotting script (branch magnetic, issue #3)

SUMMARY = "misfit per orbit, spectra and B_r maps of a field output (field_plots.py)"


def add_arguments(p):
    p.add_argument("file", help="output of jovis field fit, misfit or spectrum")
    p.add_argument("-d", "--outdir", default=None, help="folder for the PNGs (default: beside the file)")


def run(args):
    outdir = args.outdir or os.path.dirname(os.path.abspath(args.file))
    os.makedirs(outdir, exist_ok=True)
    stem = os.path.join(outdir, os.path.splitext(os.path.basename(args.file))[0])
    start = time.time()
    rc = field_plots.main(["field_plots.py", args.file, outdir])
    if rc:
        raise ValueError(f"field_plots.py failed on {args.file} (status {rc})")
    return sorted(p for p in glob.glob(stem + "_*.png") if os.path.getmtime(p) >= start - 1)
