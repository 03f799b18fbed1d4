"""Write Jane Austen's six novels as UTF-8 plain text from r-cran-janeaustenr's R data.

usage: /usr/bin/python3 austen.py PACKAGE_ROOT OUT_DIR
  PACKAGE_ROOT  the folder the .deb was unpacked into (dpkg -x)
  OUT_DIR       where the six .txt files go

Each novel is an R character vector, one element per printed line (janeaustenr already
removed Project Gutenberg's header and licence). Lines are joined with "\\n", trailing empty
lines are dropped, and the file ends with exactly one newline. One edit: the editor's
"A NOTE ON THE TEXT" that follows Northanger Abbey (about the Signet Classic edition, not
Austen's text) is cut; the script fails if that note is not found where expected.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rserialize  # noqa: E402

NOVELS = [  # (R variable, file name, expected first line)
    ("sensesensibility", "sense-and-sensibility.txt", "SENSE AND SENSIBILITY"),
    ("prideprejudice", "pride-and-prejudice.txt", "PRIDE AND PREJUDICE"),
    ("mansfieldpark", "mansfield-park.txt", "MANSFIELD PARK"),
    ("emma", "emma.txt", "EMMA"),
    ("northangerabbey", "northanger-abbey.txt", "NORTHANGER ABBEY"),
    ("persuasion", "persuasion.txt", "Persuasion"),
]
NOTE_HEADING = "A NOTE ON THE TEXT"


def main(root, out_dir):
    base = os.path.join(root, "usr/lib/R/site-library/janeaustenr/data/Rdata")
    data = rserialize.read_lazyload_db(base)
    missing = [v for v, _, _ in NOVELS if v not in data]
    if missing:
        sys.exit("austen.py: %s.rdb lacks %s (has %s)" % (base, missing, sorted(data)))
    os.makedirs(out_dir, exist_ok=True)
    for var, name, first in NOVELS:
        lines = data[var]
        if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
            sys.exit("austen.py: %s is not a character vector without NA" % var)
        if lines[0] != first:
            sys.exit("austen.py: %s starts with %r, expected %r" % (var, lines[0], first))
        if var == "northangerabbey":
            hits = [i for i, x in enumerate(lines) if x == NOTE_HEADING]
            if len(hits) != 1 or len(lines) - hits[0] > 12:
                sys.exit("austen.py: editor's note %r not found once near the end of %s"
                         % (NOTE_HEADING, var))
            lines = lines[:hits[0]]
        while lines and lines[-1].strip() == "":
            lines = lines[:-1]
        text = "\n".join(lines) + "\n"
        for i, x in enumerate(lines):
            if "\r" in x or "\n" in x:
                sys.exit("austen.py: %s line %d holds a line break" % (var, i + 1))
        path = os.path.join(out_dir, name)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
