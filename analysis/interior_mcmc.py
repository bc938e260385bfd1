#!/usr/bin/env python3
"""Plots and tables of interior-MCMC chain files (`jovis sample inputs/interior_*.ini`).

Chain layout: /mcmc/chain (T, W, D), /mcmc/blobs (T, W, B), /mcmc attr iteration;
/jovis param_names, param_units, blob_names, stats, stats_columns (see include/jovis/sampler.h).
Blobs of the interior model (src/apps/model_interior.c): J2..J10 (unnormalised, a = 71492 km),
R_eq_km, M_Z_total_ME, M_Z_dilute_ME, M_Z_env_ME, Y_2, P_c_Mbar, T_c_K, energy_integral, chi2,
res_J2.. res_J10, res_R_eq (model - target in sigma of the likelihood), Z_m<m> (Z on a mass grid)
and logrho_P<logP> (log10 rho [g/cc] on a pressure grid).

Burn-in: the first `--burn` fraction of the steps is dropped (default 0.5), then every step of
every walker is a sample (they are correlated; ranges are quantiles, which do not need thinning).
A stuck walker (median ln p over the kept steps `--stuck` or more below the ensemble's median,
default 50) is reported and left out. The summary also lists walkers apart from the ensemble
(jovis_chain.walkers_apart, as `jovis info`): ones whose means lie further from the others' than
tau allows; `--drop-walkers W,...` leaves chosen walkers out, to see what they change.

  interior_mcmc.py summary  RUN.h5 [RUN2.h5 ...]       ranges, tau, ESS, rejections, predictive check
  interior_mcmc.py corner   RUN.h5 -o corner.png        parameters and derived quantities
  interior_mcmc.py residuals RUN.h5 -o res.png          J2n and R_eq residuals in sigma
  interior_mcmc.py profiles RUN.h5 [RUN2.h5] -o prof.png Z(m) and rho(P) envelopes
  interior_mcmc.py compare  RUN.h5 RUN2.h5 ... -o cmp.png marginals of several runs on one figure
"""
import argparse
import sys

import h5py
import numpy as np

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from jovis_chain import integrated_time, stuck_walkers, walkers_apart  # noqa: E402  (SCIENCE.md section 1)

# Howard et al. 2023 ranges with the original EOS (the issue / SCIENCE.md section 4).
H23_RANGES = {"m_dil": (0.15, 0.6), "M_core": (0.0, 6.0), "T_1bar": (171.0, 188.0), "M_Z_total_ME": (18.0, 33.0)}
LABELS = {
    "M_core": r"$M_\mathrm{core}$ [$M_\oplus$]", "P_Z": r"$P_Z$ [Mbar]", "Delta_T": r"$\Delta T$ [K]",
    "Z_dil": r"$Z_\mathrm{dil}$", "m_dil": r"$m_\mathrm{dil}$", "T_1bar": r"$T_\mathrm{1 bar}$ [K]",
    "log10_P_mod": r"$\log_{10} P_\mathrm{mod}$ [dyn cm$^{-2}$]", "sigma_mod": r"$\sigma$ [dex]", "A_mod": "$A$",
    "M_Z_total_ME": r"$M_Z$ [$M_\oplus$]", "M_Z_dilute_ME": r"$M_{Z,\mathrm{dil}}$ [$M_\oplus$]",
    "M_Z_env_ME": r"$M_{Z,\mathrm{env}}$ [$M_\oplus$]", "Y_2": "$Y_2$", "R_eq_km": r"$R_\mathrm{eq}$ [km]",
}


def names(ds):
    return [n.decode() if isinstance(n, bytes) else str(n) for n in ds[()]]


class Run:
    """One chain file after burn-in: samples of parameters and blobs by name."""

    def __init__(self, path, burn, stuck=50.0, drop=()):
        self.path = path
        with h5py.File(path, "r", locking=False) as f:  # readable while a run writes it
            it = int(f["mcmc"].attrs["iteration"])
            if it < 2:
                sys.exit(f"{path}: only {it} steps")
            chain = f["mcmc/chain"][:it]
            lnp = f["mcmc/log_prob"][:it]
            self.pnames = names(f["jovis/param_names"])
            self.bnames = names(f["jovis/blob_names"]) if "blobs" in f["mcmc"] else []
            blobs = f["mcmc/blobs"][:it] if self.bnames else None
            self.tau = f["jovis/tau"][()] if "tau" in f["jovis"] else None
            self.ess = f["jovis/ess"][()] if "ess" in f["jovis"] else None
            cols = names(f["jovis/stats_columns"])
            stats = f["jovis/stats"][()]
            slots = f["jovis/slot_iteration"][()]
            slot = int(np.argmax(slots == it)) if np.any(slots == it) else int(np.argmax(slots))
            self.counts = dict(zip(cols, stats[slot].sum(axis=0)))
            self.config = f.attrs.get("config", b"")
        self.steps, self.walkers = chain.shape[0], chain.shape[1]
        start = int(burn * self.steps)
        # stuck walkers (jovis_chain.stuck_walkers) are named and left out of everything below
        med = np.median(lnp[start:], axis=0)
        keep = ~stuck_walkers(lnp[start:], stuck)
        self.stuck = [(int(w), float(med[w])) for w in np.flatnonzero(~keep)]
        self.chain = chain  # every walker, for the walkers-apart check of the summary
        self.dropped = sorted(w for w in set(drop) if 0 <= w < self.walkers)
        keep[self.dropped] = False
        self.walkers_kept = int(keep.sum())
        self.kept = chain[start:, keep]
        self.x = self.kept.reshape(-1, chain.shape[2])
        self.b = blobs[start:, keep].reshape(-1, len(self.bnames)) if blobs is not None else None
        self.label = path.rsplit("/", 1)[-1].replace(".h5", "")

    def get(self, name):
        if name in self.pnames:
            return self.x[:, self.pnames.index(name)]
        if name in self.bnames:
            return self.b[:, self.bnames.index(name)]
        return None

    def grid(self, prefix):
        """Blobs named prefix<value>: the grid values and the samples (N, G)."""
        cols = [(float(n[len(prefix):]), i) for i, n in enumerate(self.bnames) if n.startswith(prefix)]
        cols.sort()
        return np.array([c[0] for c in cols]), self.b[:, [c[1] for c in cols]]


def load(args, path):
    return Run(path, args.burn, args.stuck, args.drop_walkers)


def q(v, p):
    v = v[np.isfinite(v)]
    return np.percentile(v, p) if v.size else np.nan


def apart_line(r):
    """The walkers-apart check (jovis_chain.walkers_apart, as `jovis info`) on every walker of r."""
    z, limit = walkers_apart(r.chain, r.tau if r.tau is not None else integrated_time(r.chain))
    z = np.abs(z)
    worst = z.max(axis=1)
    w, d = np.unravel_index(np.argmax(z), z.shape)
    listed = ", ".join(f"{a} (|z| {worst[a]:.1f} in {r.pnames[int(np.argmax(z[a]))]})"
                       for a in np.flatnonzero(worst > limit))
    return (f"{np.sum(worst > limit)} (largest |z| {z[w, d]:.2f}, walker {w} in {r.pnames[d]}; limit {limit:.2f})"
            + (f": {listed}" if listed else ""))


def cmd_summary(args):
    for path in args.files:
        r = load(args, path)
        print(f"== {path}: {r.steps} steps x {r.walkers} walkers, {r.x.shape[0]} samples after burn-in {args.burn}")
        if r.stuck:
            print(f"   left out {len(r.stuck)} stuck walker(s) of {r.walkers} (walker: median ln p of the kept steps): "
                  + ", ".join(f"{w}: {m:.1f}" for w, m in r.stuck))
        print(f"   walkers apart: {apart_line(r)}")
        if r.dropped:
            print(f"   left out walker(s) {', '.join(map(str, r.dropped))} (--drop-walkers)")
        kept = r.kept.shape[0]
        print(f"   tau: whole chain (the sampler's, as its stopping rule uses) and the kept {kept} steps")
        for i, n in enumerate(r.pnames):
            tk = integrated_time(r.kept[:, :, i])[0]
            whole = (f"tau {r.tau[i]:6.1f}  T/tau {r.steps / r.tau[i]:6.1f}  ESS {r.ess[i]:6.0f};  "
                     if r.tau is not None else "")
            print(f"   {n:12s} {whole}kept: tau {tk:6.1f}  T/tau {kept / tk:6.1f}  "
                  f"ESS {kept * r.walkers_kept / tk:6.0f}")
        rej = {k: int(v) for k, v in r.counts.items() if k.startswith("rejected") and v}
        print(f"   accepted {int(r.counts.get('accepted', 0))}, rejections by cause {rej}")
        print("   posterior: median [2.5%, 97.5%] (H23 original-EOS range)")
        for n in r.pnames + ["M_Z_total_ME", "M_Z_dilute_ME", "M_Z_env_ME", "Y_2", "P_c_Mbar", "T_c_K",
                             "energy_integral", "R_eq_km"]:
            v = r.get(n)
            if v is None:
                continue
            h = H23_RANGES.get(n)
            hs = f"  (H23 {h[0]:g}-{h[1]:g})" if h else ""
            print(f"   {n:16s} {q(v, 50):11.5g} [{q(v, 2.5):11.5g}, {q(v, 97.5):11.5g}]{hs}")
        print("   posterior predictive, residual (model - target)/sigma: median [2.5%, 97.5%], share |res| <= 2")
        for n in r.bnames:
            if n.startswith("res_"):
                v = r.get(n)
                print(f"   {n:10s} {q(v, 50):8.3f} [{q(v, 2.5):8.3f}, {q(v, 97.5):8.3f}]  "
                      f"{np.mean(np.abs(v) <= 2):.3f}")


def hist2d_levels(h):
    """Density levels enclosing 39% and 86% of the mass (1 and 2 sigma in 2-D)."""
    s = np.sort(h.ravel())[::-1]
    c = np.cumsum(s) / s.sum()
    return sorted({s[min(np.searchsorted(c, p), s.size - 1)] for p in (0.86, 0.39)})


def cmd_corner(args):
    r = load(args, args.files[0])
    cols = [n for n in r.pnames] + [n for n in ("M_Z_total_ME", "Y_2") if n in r.bnames]
    data = np.column_stack([r.get(n) for n in cols])
    data = data[np.all(np.isfinite(data), axis=1)]
    k = len(cols)
    fig, ax = plt.subplots(k, k, figsize=(1.9 * k, 1.9 * k))
    for i in range(k):
        for j in range(k):
            a = ax[i, j]
            if j > i:
                a.axis("off")
                continue
            if i == j:
                a.hist(data[:, i], bins=40, histtype="step", color="k", density=True)
                h = H23_RANGES.get(cols[i])
                if h:
                    a.axvspan(h[0], h[1], color="tab:orange", alpha=0.2, label="H23")
                a.set_yticks([])
            else:
                h, xe, ye = np.histogram2d(data[:, j], data[:, i], bins=30)
                a.contour(0.5 * (xe[1:] + xe[:-1]), 0.5 * (ye[1:] + ye[:-1]), h.T, levels=hist2d_levels(h),
                          colors="k", linewidths=0.8)
            if i == k - 1:
                a.set_xlabel(LABELS.get(cols[j], cols[j]), fontsize=8)
            else:
                a.set_xticklabels([])
            if j == 0 and i > 0:
                a.set_ylabel(LABELS.get(cols[i], cols[i]), fontsize=8)
            elif j > 0:
                a.set_yticklabels([])
            a.tick_params(labelsize=6)
    fig.suptitle(f"{r.label}: parameters and derived quantities (shaded: H23 ranges)")
    fig.savefig(args.output, dpi=75, bbox_inches="tight")


def cmd_residuals(args):
    fig, a = plt.subplots(figsize=(6, 4))
    for k, path in enumerate(args.files):
        r = load(args, path)
        res = [n for n in r.bnames if n.startswith("res_")]
        pos = np.arange(len(res)) + 0.15 * (k - (len(args.files) - 1) / 2)
        vals = [r.get(n) for n in res]
        a.errorbar(pos, [q(v, 50) for v in vals],
                   yerr=[[q(v, 50) - q(v, 2.5) for v in vals], [q(v, 97.5) - q(v, 50) for v in vals]], fmt="o",
                   capsize=3, label=r.label)
    a.axhspan(-2, 2, color="0.9", zorder=0, label=r"$\pm 2\sigma$")
    a.axhline(0, color="k", lw=0.6)
    a.set_xticks(np.arange(len(res)))
    a.set_xticklabels([n[4:] for n in res])
    a.set_ylabel(r"(model $-$ observed) / $\sigma$")
    a.set_xlabel("observable (J$_{2n}$ with wind offsets, 1-bar equatorial radius)")
    a.legend(fontsize=8)
    fig.savefig(args.output, dpi=120, bbox_inches="tight")


def cmd_profiles(args):
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    for k, path in enumerate(args.files):
        r = load(args, path)
        c = f"C{k}"
        m, z = r.grid("Z_m")
        a1.fill_between(m, np.nanpercentile(z, 2.5, axis=0), np.nanpercentile(z, 97.5, axis=0), color=c, alpha=0.3)
        a1.plot(m, np.nanmedian(z, axis=0), color=c, label=r.label)
        lp, lr = r.grid("logrho_P")
        a2.fill_between(10 ** (lp - 12), 10 ** np.nanpercentile(lr, 2.5, axis=0), 10 ** np.nanpercentile(lr, 97.5, axis=0),
                        color=c, alpha=0.3)
        a2.plot(10 ** (lp - 12), 10 ** np.nanmedian(lr, axis=0), color=c, label=r.label)
    a1.set_xlabel(r"mass coordinate $m = M(r)/M_J$")
    a1.set_ylabel("heavy-element mass fraction Z")
    a1.set_title("Z(m): median and 95% envelope")
    a2.set_xscale("log")
    a2.set_yscale("log")
    a2.set_xlabel("pressure P [Mbar]")
    a2.set_ylabel(r"density $\rho$ [g cm$^{-3}$]")
    a2.set_title(r"$\rho$(P): median and 95% envelope")
    for a in (a1, a2):
        a.legend(fontsize=8)
    fig.savefig(args.output, dpi=120, bbox_inches="tight")


def cmd_compare(args):
    runs = [load(args, p) for p in args.files]
    keys = ["m_dil", "Z_dil", "M_core", "T_1bar", "M_Z_total_ME", "P_Z"]
    fig, ax = plt.subplots(2, 3, figsize=(12, 6.5))
    for a, n in zip(ax.ravel(), keys):
        for k, r in enumerate(runs):
            v = r.get(n)
            if v is not None:
                v = v[np.isfinite(v)]
                a.hist(v, bins=40, density=True, histtype="step", color=f"C{k}", label=r.label)
        h = H23_RANGES.get(n)
        if h:
            a.axvspan(h[0], h[1], color="tab:orange", alpha=0.15, label="H23 (original EOS)")
        a.set_xlabel(LABELS.get(n, n))
        a.set_ylabel("posterior density")
    ax[0, 0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", choices=["summary", "corner", "residuals", "profiles", "compare"])
    p.add_argument("files", nargs="+")
    p.add_argument("-o", "--output", default="interior.png")
    p.add_argument("--burn", type=float, default=0.5, help="fraction of steps dropped as burn-in")
    p.add_argument("--stuck", type=float, default=50.0,
                   help="leave out walkers whose median ln p is this far below the ensemble's (default 50)")
    p.add_argument("--drop-walkers", type=lambda v: [int(w) for w in v.split(",") if w.strip()], default=[],
                   metavar="W[,W...]", help="leave out these walkers (0-based) of every file given, e.g. ones "
                   "the summary lists as apart")
    args = p.parse_args()
    {"summary": cmd_summary, "corner": cmd_corner, "residuals": cmd_residuals, "profiles": cmd_profiles,
     "compare": cmd_compare}[args.command](args)


if __name__ == "__main__":
    main()
