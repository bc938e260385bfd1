#!/usr/bin/python3
"""Write one copy of an INI config per value of one key (for `run/submit --vary`).

    vary_config.py BASE.ini SECTION.KEY V1,V2,... OUTDIR

Writes OUTDIR/<i>-<value>.ini (the base text with that key set: the existing line replaced, or
the key added at the end of its section, or the section added at the end of the file) and prints
their absolute paths, one a line, in the order of the values: the list a job array reads.
Comments and the order of the other keys are kept, so each variant reads like the base config.
A relative `[config] base = FILE` is made absolute, since the copies live elsewhere.
"""
import os
import re
import sys


HEADER = re.compile(r"^\s*\[([^\]]+)\]\s*$")
ASSIGN = re.compile(r"^(\s*)([^=;#\s][^=]*?)\s*=")


def is_continuation(line):
    """An indented line that goes on with the value above (src/core/ini.c)."""
    text = line.strip()
    return line[:1] in (" ", "\t") and text != "" and text[0] not in "#;"


def get_key(lines, section, key):
    """The value of `key` in [section] (its first line), or None."""
    current = None
    for line in lines:
        m = HEADER.match(line)
        if m:
            current = m.group(1).strip()
        elif current == section:
            a = ASSIGN.match(line)
            if a and a.group(2).strip() == key:
                return line.split("=", 1)[1].strip()
    return None


def set_key(lines, section, key, value):
    """Return lines with `key = value` in [section]."""
    out, current, done, last_of_section, replacing = [], None, False, None, False
    for line in lines:
        if replacing and is_continuation(line):
            continue  # the rest of the old value
        replacing = False
        m = HEADER.match(line)
        if m:
            current = m.group(1).strip()
        else:
            a = ASSIGN.match(line)
            if a and current == section and a.group(2).strip() == key:
                if done:
                    raise SystemExit(f"vary_config: {key} appears twice in [{section}]")
                line = f"{a.group(1)}{key} = {value}\n"
                done = replacing = True
        out.append(line)
        # A new key goes after the section's last assignment (not after a comment that already
        # belongs to the next section).
        if current == section and (m or ASSIGN.match(line)):
            last_of_section = len(out)
    note = "# set by run/submit --vary\n"
    if not done and last_of_section is not None:
        out[last_of_section:last_of_section] = [note, f"{key} = {value}\n"]
    elif not done:
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
        out += ["\n", f"[{section}]\n", note, f"{key} = {value}\n"]
    return out


def main(argv):
    if len(argv) != 5:
        raise SystemExit(__doc__)
    base, dotted, values, outdir = argv[1:]
    if "." not in dotted:
        raise SystemExit(f"vary_config: the key must be SECTION.KEY, got '{dotted}'")
    section, key = dotted.split(".", 1)
    vals = [v.strip() for v in values.split(",") if v.strip()]
    if not vals:
        raise SystemExit("vary_config: no values given")
    with open(base) as f:
        lines = f.readlines()
    parent = get_key(lines, "config", "base")
    if parent and not os.path.isabs(parent):
        lines = set_key(lines, "config", "base", os.path.abspath(os.path.join(os.path.dirname(base), parent)))
    os.makedirs(outdir, exist_ok=True)
    for i, v in enumerate(vals):
        safe = re.sub(r"[^A-Za-z0-9_.+-]", "_", v)
        path = os.path.abspath(os.path.join(outdir, f"{i}-{safe}.ini"))
        with open(path, "w") as f:
            f.writelines(set_key(lines, section, key, v))
        print(path)


if __name__ == "__main__":
    main(sys.argv)
