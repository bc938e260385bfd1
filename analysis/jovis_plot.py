#!/usr/bin/python3
"""jovis plots: one entry point for every figure made from jovis's HDF5 outputs.

    analysis/jovis_plot.py KIND FILE [options]      (KIND list: analysis/jovis_plot.py --help)
    analysis/jovis_plot.py KIND --help

Every analysis/plot_<kind>.py beside this file is a KIND: a module that defines
    SUMMARY            one line for the list of kinds
    add_arguments(p)   its options on an argparse parser
    run(args)          makes the figure(s) and returns the paths written
so a module added by another analysis (limits from a scan, field diagnostics) is picked up without
editing this file. A plain script plot_<kind>.py with a main() that reads sys.argv (and may call
sys.exit) is a KIND too: its arguments are passed through unchanged, and the PNGs it wrote are
found by their modification time in the folders of its file arguments. Figures are PNG, drawn with matplotlib's Agg backend (no display needed), every
axis labelled with its unit. Needs only Debian's python3-numpy, -h5py and -matplotlib; run it with
/usr/bin/python3.
"""
import argparse
import glob
import importlib
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def kinds():
    """{kind: module name} for every plot_<kind>.py next to this file."""
    found = {}
    for name in sorted(os.listdir(HERE)):
        if name.startswith("plot_") and name.endswith(".py"):
            found[name[len("plot_"):-len(".py")]] = name[:-len(".py")]
    return found


def build_parser(available):
    parser = argparse.ArgumentParser(
        prog="jovis_plot.py", description="Figures (PNG) from jovis output files.",
        epilog="Each KIND is analysis/plot_KIND.py; 'jovis_plot.py KIND --help' shows its options.")
    sub = parser.add_subparsers(dest="kind", metavar="KIND")
    sub.required = True
    for kind, modname in available.items():
        try:
            mod = importlib.import_module(modname)
        except ImportError as e:  # a plot module whose own dependency is missing: say so, keep the rest
            sub.add_parser(kind, help=f"(unavailable: {e})")
            continue
        doc = (mod.__doc__ or "").strip()
        if hasattr(mod, "add_arguments") and hasattr(mod, "run"):
            p = sub.add_parser(kind, help=getattr(mod, "SUMMARY", ""), description=doc,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
            mod.add_arguments(p)
            p.set_defaults(module=mod)
        elif hasattr(mod, "main"):
            p = sub.add_parser(kind, help=doc.split("\n")[0], description=doc,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
            p.add_argument("args", nargs=argparse.REMAINDER, help=f"arguments of {modname}.py")
            p.set_defaults(module=ScriptKind(mod, modname))
        else:
            sub.add_parser(kind, help=f"(unavailable: {modname}.py has neither run() nor main())")
    return parser


class ScriptKind:
    """A plain plotting script (main() reading sys.argv) behind the run(args) interface."""

    def __init__(self, mod, name):
        self.mod, self.name = mod, name

    def run(self, args):
        start = time.time()
        saved = sys.argv
        sys.argv = [self.name + ".py"] + list(args.args)
        try:
            rc = self.mod.main()
        except SystemExit as e:
            rc = e.code
        finally:
            sys.argv = saved
        if rc not in (None, 0):
            raise ValueError(f"{self.name}.py exited with {rc}")
        folders = {os.path.dirname(os.path.abspath(a)) for a in args.args} | {os.getcwd()}
        folders = {d for d in folders if os.path.isdir(d)}
        return sorted(p for d in folders for p in glob.glob(os.path.join(d, "*.png")) if os.path.getmtime(p) >= start - 1)


def main(argv=None):
    sys.path.insert(0, HERE)
    import matplotlib

    matplotlib.use("Agg")
    parser = build_parser(kinds())
    args = parser.parse_args(argv)
    if not hasattr(args, "module"):
        parser.error(f"plot kind '{args.kind}' cannot be loaded (see jovis_plot.py --help)")
    try:
        written = args.module.run(args)
    except (OSError, KeyError, ValueError) as e:
        print(f"jovis_plot.py {args.kind}: error: {e}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(f"plots={len(written)} kind={args.kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
