"""All the chain figures at once: trace, corner and autocorrelation-time plots of a chain file.

    analysis/jovis_plot.py chain CHAIN.h5 [-d OUTDIR]

Writes OUTDIR/<name>_trace.png, <name>_corner.png and <name>_autocorr.png (OUTDIR defaults to the
chain file's folder; <name> is the file name without .h5). Burn-in for the corner plot: 2 tau_max.
"""
import os

import plot_autocorr
import plot_corner
import plot_trace
from jovis_chain import Chain

SUMMARY = "trace, corner and autocorrelation plots of one chain file"


def add_arguments(p):
    p.add_argument("chain", help="chain file (HDF5, group mcmc)")
    p.add_argument("-d", "--outdir", default=None, help="folder for the PNGs (default: beside the chain)")


def run(args):
    chain = Chain(args.chain)
    outdir = args.outdir or os.path.dirname(os.path.abspath(args.chain))
    os.makedirs(outdir, exist_ok=True)
    base = os.path.join(outdir, os.path.splitext(os.path.basename(args.chain))[0])
    return [plot_trace.plot(chain, base + "_trace.png"),
            plot_corner.plot(chain, base + "_corner.png"),
            plot_autocorr.plot(chain, base + "_autocorr.png")]
