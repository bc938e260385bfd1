#!/usr/bin/env python3
"""Generate the theory-of-figures coefficient tables (src/interior/tof_coeffs.c).

Theory of figures (Zharkov & Trubitsyn 1978, ch. 3; Nettelmann 2017 A&A 606 A139, App. B;
Nettelmann et al. 2021 PSJ 2, 241 for 7th order), derived here from scratch with exact rational
arithmetic instead of transcribing the published polynomials:

  level surface       r(s, mu) = s (1 + sigma),  sigma = s0 + sum_{n=1..K} s_2n P_2n(mu)
  inner moments       f_2k  = 3/(2(2k+3)) int_{-1}^{1} (1+sigma)^(2k+3) P_2k dmu
  outer moments       f'_2k = 3/(2(2-2k)) int (1+sigma)^(2-2k) P_2k dmu   (k != 1)
                      f'_2  = 3/2 int ln(1+sigma) P_2 dmu
  s0 from             f_0 = 1 (s is the volume-equivalent radius)
  potential on level  U = -(4 pi/3) G rhobar s^2 sum_n A_2n P_2n(mu), with
    A_2n = (4n+1)/2 int [ sum_k (1+sigma)^-(2k+1) P_2k S_2k + sum_k (1+sigma)^(2k) P_2k S'_2k
                          + (m/3) (1+sigma)^2 (1 - P_2) ] P_2n dmu
  where S_2k, S'_2k are the radial integrals of the density (see src/interior/tof.c).

Every quantity is a polynomial in the shape parameters; s_2n counts as order n (s_2n ~ q^n),
s0 as order 2, S_2k and S'_2k as order k and m as order 1. Terms above total order K are
dropped: that truncation defines ToF-K. Usage: gen_tof_coeffs.py 4 7 > src/interior/tof_coeffs.c
"""
import sys
from fractions import Fraction
from math import comb


def legendre(n):
    """P_n(mu) as {power: Fraction} (Bonnet recursion)."""
    p0, p1 = {0: Fraction(1)}, {1: Fraction(1)}
    if n == 0:
        return p0
    for k in range(1, n):
        nxt = {}
        for e, c in p1.items():
            nxt[e + 1] = nxt.get(e + 1, 0) + Fraction(2 * k + 1, k + 1) * c
        for e, c in p0.items():
            nxt[e] = nxt.get(e, 0) - Fraction(k, k + 1) * c
        p0, p1 = p1, {e: c for e, c in nxt.items() if c != 0}
    return p1


class Series:
    """Polynomial in mu and the shape variables: {(mu_power, exps): Fraction}, truncated by weight."""

    def __init__(self, K, terms=None):
        self.K = K
        self.w = (2,) + tuple(range(1, K + 1))  # weights of s0, s2, ..., s2K
        self.t = terms or {}

    def weight(self, exps):
        return sum(a * b for a, b in zip(self.w, exps))

    def mul(self, other, wmax):
        out = {}
        for (m1, e1), c1 in self.t.items():
            for (m2, e2), c2 in other.t.items():
                e = tuple(a + b for a, b in zip(e1, e2))
                if self.weight(e) > wmax:
                    continue
                key = (m1 + m2, e)
                out[key] = out.get(key, 0) + c1 * c2
        return Series(self.K, {k: v for k, v in out.items() if v != 0})

    def add(self, other, scale=Fraction(1)):
        out = dict(self.t)
        for k, v in other.t.items():
            out[k] = out.get(k, 0) + scale * v
        return Series(self.K, {k: v for k, v in out.items() if v != 0})


def one(K):
    return Series(K, {(0, (0,) * (K + 1)): Fraction(1)})


def sigma(K):
    t = {}
    z = [0] * (K + 1)
    e = list(z)
    e[0] = 1
    t[(0, tuple(e))] = Fraction(1)
    for n in range(1, K + 1):
        e = list(z)
        e[n] = 1
        for p, c in legendre(2 * n).items():
            t[(p, tuple(e))] = t.get((p, tuple(e)), 0) + c
    return Series(K, t)


def power_series(K, p, wmax, log=False):
    """(1+sigma)^p, or ln(1+sigma), truncated at shape weight wmax."""
    s = sigma(K)
    out = Series(K) if log else one(K)
    term = one(K)
    for j in range(1, wmax + 1):
        term = term.mul(s, wmax)
        if log:
            c = Fraction((-1) ** (j + 1), j)
        else:
            c = Fraction(1)
            for i in range(j):
                c *= Fraction(p - i)
            c /= Fraction(comb(j, j)) * Fraction(__import__("math").factorial(j))
        out = out.add(term, c)
    return out


def project(ser, legs):
    """int_{-1}^{1} ser * prod(P_l) dmu, as {exps: Fraction}."""
    poly = {0: Fraction(1)}
    for l in legs:
        nxt = {}
        for a, ca in poly.items():
            for b, cb in legendre(l).items():
                nxt[a + b] = nxt.get(a + b, 0) + ca * cb
        poly = nxt
    out = {}
    for (m, e), c in ser.t.items():
        for a, ca in poly.items():
            q = m + a
            if q % 2 == 0:
                out[e] = out.get(e, 0) + c * ca * Fraction(2, q + 1)
    return {e: c for e, c in out.items() if c != 0}


def substitute_s0(poly, s0poly, K, wmax):
    """Replace s0 (exps[0]) by the polynomial s0poly (no s0 inside), truncating at wmax."""
    w = (2,) + tuple(range(1, K + 1))
    wt = lambda e: sum(a * b for a, b in zip(w, e))
    powers = [{(0,) * (K + 1): Fraction(1)}]
    out = {}
    for e, c in poly.items():
        k = e[0]
        while len(powers) <= k:
            prev, nxt = powers[-1], {}
            for e1, c1 in prev.items():
                for e2, c2 in s0poly.items():
                    ee = tuple(a + b for a, b in zip(e1, e2))
                    if wt(ee) <= wmax:
                        nxt[ee] = nxt.get(ee, 0) + c1 * c2
            powers.append(nxt)
        rest = (0,) + e[1:]
        for e2, c2 in powers[k].items():
            ee = tuple(a + b for a, b in zip(rest, e2))
            if wt(ee) <= wmax:
                out[ee] = out.get(ee, 0) + c * c2
    return {e: c for e, c in out.items() if c != 0}


def solve_s0(K):
    """s0 as a polynomial in s2..s2K from f_0 = 1/2 int (1+sigma)^3 dmu = 1."""
    f0 = project(power_series(K, 3, K), [0])
    f0 = {e: c / 2 for e, c in f0.items()}
    s0 = {}
    for _ in range(K + 1):
        # f0 = 1 + 3 s0 + rest(s0, s2..)  =>  s0 = -(rest)/3, iterated to a fixed point
        sub = substitute_s0(f0, s0, K, K)
        lin = dict(s0)
        new = {}
        for e, c in sub.items():
            if sum(e) == 0:
                continue
            new[e] = new.get(e, 0) + c
        for e, c in lin.items():
            new[e] = new.get(e, 0) - 3 * c
        s0 = {e: -c / 3 for e, c in new.items() if c != 0}
    return s0


def generate(K):
    s0 = solve_s0(K)
    f, fp = [], []
    for k in range(K + 1):
        pr = project(power_series(K, 2 * k + 3, K), [2 * k])
        f.append(substitute_s0({e: c * Fraction(3, 2 * (2 * k + 3)) for e, c in pr.items()}, s0, K, K))
        if k == 1:
            pr = project(power_series(K, 0, K, log=True), [2])
            fp.append(substitute_s0({e: c * Fraction(3, 2) for e, c in pr.items()}, s0, K, K))
        else:
            pr = project(power_series(K, 2 - 2 * k, K), [2 * k])
            fp.append(substitute_s0({e: c * Fraction(3, 2 * (2 - 2 * k)) for e, c in pr.items()}, s0, K, K))
    # A_2n: lin index 0..K -> S_2k, K+1..2K+1 -> S'_2k, 2K+2 -> m
    A = []
    for n in range(K + 1):
        rows = []
        norm = Fraction(4 * n + 1, 2)
        for k in range(K + 1):
            pr = project(power_series(K, -(2 * k + 1), K - k), [2 * k, 2 * n])
            for e, c in substitute_s0(pr, s0, K, K - k).items():
                rows.append((k, e, norm * c))
            pr = project(power_series(K, 2 * k, K - k), [2 * k, 2 * n])
            for e, c in substitute_s0(pr, s0, K, K - k).items():
                rows.append((K + 1 + k, e, norm * c))
        p2 = power_series(K, 2, K - 1)
        a = project(p2, [2 * n])
        b = project(p2, [2, 2 * n])
        mt = {e: Fraction(1, 3) * (a.get(e, 0) - b.get(e, 0)) for e in set(a) | set(b)}
        for e, c in substitute_s0(mt, s0, K, K - 1).items():
            if c != 0:
                rows.append((2 * K + 2, e, norm * c))
        A.append(rows)
    return s0, f, fp, A


def emit(K, out):
    s0, f, fp, A = generate(K)
    monos = set(s0)
    for poly in f + fp:
        monos |= set(poly)
    for rows in A:
        monos |= {e for _, e, _ in rows}
    monos = sorted(monos, key=lambda e: (sum(a * b for a, b in zip((2,) + tuple(range(1, K + 1)), e)), e[::-1]))
    idx = {e: i for i, e in enumerate(monos)}
    out.write(f"\n/* ---- ToF{K}: {len(monos)} monomials in s_2..s_{2*K} */\n")
    out.write(f"static const unsigned char tof{K}_monos[{len(monos)}][{K}] = {{\n")
    for e in monos:
        out.write("    {" + ", ".join(str(x) for x in e[1:]) + "},\n")
    out.write("};\n")

    def poly_table(name, polys):
        rows = [(k, idx[e], c) for k, p in enumerate(polys) for e, c in sorted(p.items(), key=lambda t: idx[t[0]])]
        out.write(f"static const jv_tof_term_t {name}[{len(rows)}] = {{\n")
        for k, m, c in rows:
            out.write(f"    {{{k}, 0, {m}, {float(c)!r}}},\n")
        out.write("};\n")
        return len(rows)

    n_s0 = poly_table(f"tof{K}_s0", [s0])
    n_f = poly_table(f"tof{K}_f", f)
    n_fp = poly_table(f"tof{K}_fp", fp)
    rows = [(n, l, idx[e], c) for n, r in enumerate(A) for l, e, c in r if c != 0]
    out.write(f"static const jv_tof_term_t tof{K}_A[{len(rows)}] = {{\n")
    for n, l, m, c in rows:
        out.write(f"    {{{n}, {l}, {m}, {float(c)!r}}},\n")
    out.write("};\n")
    return dict(K=K, nm=len(monos), ns0=n_s0, nf=n_f, nfp=n_fp, nA=len(rows))


def main():
    orders = [int(a) for a in sys.argv[1:]] or [4, 7]
    out = sys.stdout
    out.write("/*\n * GENERATED by tools/gen_tof_coeffs.py (do not edit): theory-of-figures polynomials for\n"
              " * orders " + ", ".join(map(str, orders)) + ", derived with exact rational arithmetic (see that script for\n"
              " * the equations; Zharkov & Trubitsyn 1978, Nettelmann 2017 App. B, Nettelmann+2021).\n */\n"
              "#include \"tof_internal.h\"\n")
    infos = [emit(K, out) for K in orders]
    out.write("\nconst jv_tof_order_t jv_tof_orders[] = {\n")
    for i in infos:
        K = i["K"]
        out.write(f"    {{{K}, {i['nm']}, &tof{K}_monos[0][0], tof{K}_s0, {i['ns0']}, tof{K}_f, {i['nf']}, "
                  f"tof{K}_fp, {i['nfp']}, tof{K}_A, {i['nA']}}},\n")
    out.write("    {0, 0, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0},\n};\n")


if __name__ == "__main__":
    main()
