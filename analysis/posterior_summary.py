"""Posterior summary of a jovis chain: per parameter the median, the central 68% and 95%
intervals and the mean and standard deviation, after a burn-in of twice the largest
autocorrelation time (Chain.default_discard, as the corner plot), as a table on stdout.

    /usr/bin/python3 analysis/posterior_summary.py CHAIN.h5 [--discard N]

The quantiles are of the pooled walker samples (numpy.percentile, linear interpolation). With a
chain shorter than 50 tau (jovis info says "converged no") they describe the chain, not yet the
posterior; the header says so.
"""
import argparse
import sys

import numpy as np

from jovis_chain import Chain


def summary(chain, discard):
    samples = chain.flat(discard)
    samples = samples[np.all(np.isfinite(samples), axis=1)]
    rows = []
    for i in range(chain.ndim):
        x = samples[:, i]
        q = np.percentile(x, [2.5, 16, 50, 84, 97.5])
        rows.append((chain.names[i], chain.units[i].strip(), q, float(np.mean(x)), float(np.std(x))))
    return len(samples), rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("chain", help="chain file (HDF5, group mcmc)")
    p.add_argument("--discard", type=int, default=None, help="burn-in steps dropped (default: 2 tau_max)")
    args = p.parse_args(argv)
    chain = Chain(args.chain)
    discard = chain.default_discard() if args.discard is None else args.discard
    if not 0 <= discard < chain.steps:
        sys.exit(f"posterior_summary: --discard {discard} outside 0..{chain.steps - 1}")
    n, rows = summary(chain, discard)
    print(f"posterior of {args.chain}: {n} samples ({chain.nwalkers} walkers, steps {discard}..{chain.steps - 1})")
    print(f"{'parameter':12s} {'median':>11s} {'68% interval':>25s} {'95% interval':>25s} {'mean':>11s} {'sd':>10s}  unit")
    for name, unit, q, mean, sd in rows:
        print(f"{name:12s} {q[2]:11.4g} [{q[1]:11.4g}, {q[3]:11.4g}] [{q[0]:11.4g}, {q[4]:11.4g}] "
              f"{mean:11.4g} {sd:10.3g}  {unit}")


if __name__ == "__main__":
    main()
