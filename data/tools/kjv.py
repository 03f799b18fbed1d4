"""Write the King James Bible as UTF-8 plain text, one verse per line, references stripped.

usage: /usr/bin/python3 kjv.py PACKAGE_ROOT OUT_FILE
  PACKAGE_ROOT  the folder that bible-kjv and bible-kjv-text were unpacked into (dpkg -x)

Runs the package's own `bible` program from PACKAGE_ROOT/usr/bin with its data from
PACKAGE_ROOT/usr/lib: `bible -f Gen1:1-Rev22:21` prints every verse on one line as
"<book><chapter>:<verse> <text>" (pretty-printing off). The reference and the space after it are
removed; the verse text is kept exactly as printed. Line k of the output is the k-th verse in the
canonical order Genesis 1:1 .. Revelation 22:21. The script checks that there are 31,102 verses
(the KJV count), 66 books, chapters and verses that run on without gaps, and nothing that is not
ASCII.
"""
import os
import re
import subprocess
import sys

REF = re.compile(r"([1-3]?[A-Za-z]+)(\d+):(\d+) (.+)\Z")
VERSES = 31102
BOOKS = 66


def main(root, out_file):
    prog = os.path.join(root, "usr/bin/bible")
    lib = os.path.join(root, "usr/lib")
    for need in (prog, os.path.join(lib, "bible.data"), os.path.join(lib, "bible.data.conc")):
        if not os.path.exists(need):
            sys.exit("kjv.py: %s not found (unpack bible-kjv and bible-kjv-text there)" % need)
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "COLUMNS": "79"}
    run = subprocess.run([prog, "-f", "-p", lib, "Gen1:1-Rev22:21"], stdin=subprocess.DEVNULL,
                         capture_output=True, env=env, check=False)
    if run.returncode != 0:
        sys.exit("kjv.py: %s failed (%d): %s" % (prog, run.returncode, run.stderr.decode(errors="replace")))
    lines = run.stdout.decode("ascii").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != VERSES:
        sys.exit("kjv.py: bible printed %d lines, expected %d verses" % (len(lines), VERSES))
    out, books, prev = [], [], None
    for n, line in enumerate(lines, 1):
        m = REF.match(line)
        if not m:
            sys.exit("kjv.py: line %d is not '<ref> <text>': %r" % (n, line[:80]))
        book, ch, vs, text = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
        if not books or books[-1] != book:
            if book in books:
                sys.exit("kjv.py: line %d: book %s comes back after another book" % (n, book))
            books.append(book)
            ok = (ch, vs) == (1, 1)
        elif (ch, vs) == (prev[0], prev[1] + 1) or (ch, vs) == (prev[0] + 1, 1):
            ok = True
        else:
            ok = False
        if not ok:
            sys.exit("kjv.py: line %d: %s%d:%d does not follow %s%d:%d"
                     % (n, book, ch, vs, books[-1], prev[0], prev[1]))
        prev = (ch, vs)
        out.append(text)
    if len(books) != BOOKS:
        sys.exit("kjv.py: found %d books, expected %d" % (len(books), BOOKS))
    with open(out_file, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
