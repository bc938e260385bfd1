#!/usr/bin/env python3
"""Fit the sheared coordinates of the moves (src/sampler/shear.c) to a pilot chain.

    shear_fit.py CHAIN.h5 [MORE.h5 ...] --targets M_core,Delta_T [--degree 3] [--burn 0.5] [--stuck 50] >> run.ini
    shear_fit.py CHAIN.h5 --targets auto [--thin-below 0.1] [--unbounded]

For targets t_1 .. t_K in order, target t_j is regressed (least squares, on the kept samples
standardised as u = (theta - mean) / sd) on the full polynomial of degree 2, 3 or 4 in the parameters
that are not t_1 .. t_j, features in the order src/sampler/shear.c reads them: 1, the linear
terms, the products u_a u_b for a <= b, then (degree 3) u_a u_b u_c for a <= b <= c. Prints the
[sampler] keys (shear, shear_degree, shear_center, shear_scale, shear_<target>) to paste into the
run's config, with comments saying how much of each target's spread the polynomial explains: the
residual sd (in units of the target's sd) is the thickness of the slab the moves then cross.
`--targets auto` picks them greedily: next the parameter that a polynomial in the remaining ones
explains best, while that leaves a residual sd below --thin-below.
Several chain files (the stages of one run) are pooled, each after its --burn fraction: a fit
holds only where its samples have been, and the stages together have been further.
`--unbounded` fits in the unbounded coordinates of `[sampler] unbounded = yes` (src/sampler/
unbounded.c: log or logit of each bounded parameter, bounds from the chain file's /jovis/bounds)
and prints that key too: the shear of such a run acts on those coordinates.
"""
import argparse
import itertools
import sys

import numpy as np

from jovis_chain import Chain, stuck_walkers, unbounded


def features(u, reads, degree=2):
    """The polynomial's features over columns `reads` of u (N, D), in shear.c's order."""
    cols = [np.ones(len(u))]
    for d in range(1, degree + 1):
        cols += [np.prod(u[:, list(c)], axis=1) for c in itertools.combinations_with_replacement(reads, d)]
    return np.column_stack(cols)


def residual(u, i, reads, degree=2):
    """Least-squares polynomial of column i in columns `reads`: coefficients and residual sd."""
    a = features(u, reads, degree)
    coef, *_ = np.linalg.lstsq(a, u[:, i], rcond=None)
    return coef, float(np.std(u[:, i] - a @ coef))


def pick_targets(u, names, thin_below, degree=2, most=8):
    """Greedy: the parameter best explained by a polynomial in the others, then the next, ..."""
    done = []
    while len(done) < min(most, len(names) - 1):
        left = [i for i in range(len(names)) if i not in done]
        scores = [(residual(u, i, [r for r in left if r != i], degree)[1], i) for i in left]
        best, i = min(scores)
        if best >= thin_below:
            break
        done.append(i)
    return [names[i] for i in done]


def fit(x, names, targets, degree=2):
    """center, scale (D,) and per target (name, coefficients, residual sd / sd)."""
    center, scale = x.mean(axis=0), x.std(axis=0)
    if np.any(scale <= 0):
        sys.exit("a parameter does not vary in the kept samples: nothing to fit")
    u = (x - center) / scale
    done, out = set(), []
    for t in targets:
        i = names.index(t)
        done.add(i)
        coef, resid = residual(u, i, [r for r in range(len(names)) if r not in done], degree)
        out.append((t, coef, resid))
    return center, scale, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("chains", nargs="+", help="chain file(s); their kept samples are pooled")
    ap.add_argument("--targets", required=True, help="comma-separated parameter names, in order, or auto")
    ap.add_argument("--thin-below", type=float, default=0.1,
                    help="auto: add targets while the polynomial leaves a residual sd below this (default 0.1)")
    ap.add_argument("--degree", type=int, choices=(2, 3, 4), default=2, help="polynomial degree (default 2)")
    ap.add_argument("--burn", type=float, default=0.5, help="fraction of the chain dropped (default 0.5)")
    ap.add_argument("--stuck", type=float, default=50.0, help="ln p below the ensemble that marks a stuck walker")
    ap.add_argument("--max-samples", type=int, default=200000, help="thin to at most this many samples")
    ap.add_argument("--unbounded", action="store_true",
                    help="fit in the unbounded coordinates of [sampler] unbounded = yes (and print that key)")
    args = ap.parse_args()
    pieces, names = [], None
    for path in args.chains:  # the kept samples of every file, pooled
        c = Chain(path)
        names = names or c.names
        if c.names != names:
            sys.exit(f"{path}: parameters {c.names} differ from {args.chains[0]}'s")
        start = int(args.burn * c.steps)
        keep = ~stuck_walkers(c.log_prob[start:], args.stuck)
        x = c.chain[start:, keep].reshape(-1, c.ndim)
        if args.unbounded:
            if c.bounds is None:
                sys.exit(f"{path} holds no /jovis/bounds (written by jovis before unbounded moves): "
                         "run a few steps with this jovis from its last step to get them")
            x = unbounded(x, c.bounds)
        pieces.append(x)
        print(f"# {path}: steps {start}..{c.steps}, {int(keep.sum())} of {c.nwalkers} walkers")
    x = np.concatenate(pieces)
    x = x[:: max(1, len(x) // args.max_samples)]
    if args.targets == "auto":
        targets = pick_targets((x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1), c.names,
                               args.thin_below, args.degree)
        if not targets:
            sys.exit(f"no parameter is within {args.thin_below} sd of a polynomial in the others: no shear needed")
    else:
        targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = [t for t in targets if t not in c.names]
    if unknown or not targets or len(set(targets)) != len(targets) or len(targets) >= c.ndim or len(targets) > 8:
        sys.exit(f"--targets: {targets} must be distinct parameters of {c.names}, at most 8 and fewer than {c.ndim}")
    center, scale, polys = fit(x, c.names, targets, args.degree)
    def num(v):  # six numbers a line, indented lines continue the value
        rows = [", ".join("%.10g" % e for e in v[i:i + 6]) for i in range(0, len(v), 6)]
        return ",\n    ".join(rows)
    print(f"# sheared moves fitted by analysis/shear_fit.py to the samples above ({len(x)} used)")
    print("# parameters: " + ", ".join(c.names))
    if args.unbounded:
        print("# the moves and the shear act on the unbounded coordinates (docs/sampler.md)")
        print("unbounded = yes")
    print("shear = " + ", ".join(targets))
    print(f"shear_degree = {args.degree}")
    print("shear_center = " + num(center))
    print("shear_scale = " + num(scale))
    for t, coef, resid in polys:
        print(f"# {t}: the polynomial leaves a residual sd of {resid:.4g} of its sd")
        print(f"shear_{t} = " + num(coef))


if __name__ == "__main__":
    main()
