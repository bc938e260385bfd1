#!/usr/bin/python3
"""Write one config per value of one key (for `run/submit --vary`).

    vary_config.py CONFIG.ini SECTION.KEY V1,V2,... OUTDIR

Writes OUTDIR/<i>-<value>.ini and prints their absolute paths, one a line, in the order of the
values: the list a job array reads. Each is four lines over CONFIG (`[config] base =` its absolute
path; docs/user-guide.md, "A config can be built on another"), so a variant says exactly what it changes and
CONFIG's comments stay where they are; the job freezes the merged text into its run directory.
"""
import os
import re
import sys


def variant(config, section, key, value):
    """The text of a config that is CONFIG with [section] key = value."""
    return (f"# {os.path.basename(config)} with {section}.{key} = {value} (run/submit --vary)\n"
            f"[config]\nbase = {config}\n\n[{section}]\n{key} = {value}\n")


def main(argv):
    if len(argv) != 5:
        raise SystemExit(__doc__)
    config, dotted, values, outdir = argv[1:]
    section, dot, key = dotted.partition(".")
    if not dot or not section or not key or "." in section:
        raise SystemExit(f"vary_config: the key must be SECTION.KEY, got '{dotted}'")
    if section == "config":
        raise SystemExit("vary_config: [config] keys say where a config comes from; they cannot be varied")
    vals = [v.strip() for v in values.split(",") if v.strip()]
    if not vals:
        raise SystemExit("vary_config: no values given")
    if not os.path.isfile(config):
        raise SystemExit(f"vary_config: no config '{config}'")
    config = os.path.abspath(config)
    os.makedirs(outdir, exist_ok=True)
    for i, v in enumerate(vals):
        safe = re.sub(r"[^A-Za-z0-9_.+-]", "_", v)
        path = os.path.abspath(os.path.join(outdir, f"{i}-{safe}.ini"))
        with open(path, "w") as f:
            f.write(variant(config, section, key, v))
        print(path)


if __name__ == "__main__":
    main(sys.argv)
