"""Every key of a jovis config is explained by a comment (the brief: example configs in inputs/
with every key commented). Usage: check_commented.py FILE.ini [MORE.ini ...]; prints each
unexplained key as FILE:LINE: [section] key and exits 1 if there is one.

A key counts as explained when a comment line stands between it and the key before it (the
comment above a group of keys explains the group), or when a comment in its section names it: by
its own name, or by a pattern such as `shear_<target>` whose text before '<' starts the key.
The grammar is the one of src/core/ini.c: '#' and ';' start whole-line comments, an indented line
continues the value above it, '[name]' opens a section."""
import re
import sys


def unexplained(path):
    """(line number, section, key) of each key in PATH that no comment explains."""
    found = []
    section, section_comments = "", []
    comment_above = False   # a comment line since the previous key
    in_value = False        # the previous line was a key or its continuation
    for number, line in enumerate(open(path, encoding="utf-8"), start=1):
        text = line.strip()
        if text.startswith(("#", ";")):
            comment_above = True
            section_comments.append(text)
            continue
        if not text:
            in_value = False
            continue
        if in_value and line[0] in " \t":
            continue
        header = re.fullmatch(r"\[(.+)\]", text)
        if header:
            section, section_comments = header.group(1), []
            comment_above, in_value = False, False
            continue
        key = text.split("=", 1)[0].strip()
        comments = "\n".join(section_comments)
        named = re.search(r"(?<![\w<])" + re.escape(key) + r"(?![\w>])", comments) or any(
            key.startswith(stem) for stem in re.findall(r"(\w+)<\w+>", comments))
        if not comment_above and not named:
            found.append((number, section, key))
        comment_above, in_value = False, True
    return found


def main(paths):
    bad = 0
    for path in paths:
        for number, section, key in unexplained(path):
            print("%s:%d: [%s] %s has no comment" % (path, number, section, key))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
