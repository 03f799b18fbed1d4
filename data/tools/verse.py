"""Write the Chinese classical poems of Debian's fortunes-zh as plain UTF-8 poems plus an index.

usage: /usr/bin/python3 verse.py PACKAGE_ROOT OUT_DIR
  PACKAGE_ROOT  the folder that fortunes-zh was unpacked into (dpkg -x)
  OUT_DIR       receives tang300.txt, tang300-index.tsv, song100.txt, song100-index.tsv

The package's fortune files usr/share/games/fortunes/tang300 (唐诗三百首) and song100 hold one
poem per record, records separated by a line "%". Each record starts with the title in a green
terminal colour code (ESC[32m ... ESC[m) and the author in a yellow one (ESC[33m ... ESC[m); song100
writes "题目:" and "作者:" before them and the author's years in full-width brackets after the name.

What this script writes:
  NAME.txt        the poems only: each poem's lines as in the package, poems separated by one blank
                  line, LF, a final newline; no titles, authors, prefaces, colour codes or indentation.
  NAME-index.tsv  one row per poem, in the order of NAME.txt: number, title, author, years, preface, note.

Cleaning, and nothing else:
  - the colour codes and the "题目:", "作者:", "作者：" labels are removed; titles are kept as printed
    (with their 《》 brackets); song100's years are turned into plain digits with NFKC
    ("（９４６－９９９）" -> "946-999"); the one bracket that holds a note instead of years is kept as
    printed in the note column;
  - a record split by indented "其一", "其二" lines (song100: one title over two poems) becomes one
    poem per part, titled "<title>・其一" and so on;
  - a prose preface (the two tang300 titles that say "并序") is the block before the first blank line
    of the record: it goes to the index's preface column, not into the poems;
  - one record separator of song100 carries trailing spaces ("%    "): it is read as a separator.
The script fails if any poem line holds anything but Han characters and the punctuation
，。？！；：、, if a line does not end with a punctuation mark, or if the counts differ from those below.
"""
import os
import re
import sys
import unicodedata

FILES = {"tang300": 313, "song100": 101}      # poems written per file (song100: 96 records, 5 of them two poems each)
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
TITLE = re.compile(r"\x1b\[32m(?:题目:)?(.+?)\x1b\[m\Z")
AUTHOR = re.compile(r"\x1b\[33m作者[:：](.+?)\x1b\[m\Z")
YEARS = re.compile(r"(.+?)（(.+)）\Z")
PART = re.compile(r"\s+(其[一二三四五六七八九十]+)\s*\Z")
PUNCT = "，。？！；：、"
LINE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002fa1f%s]+\Z" % PUNCT)


def is_han(c):
    return unicodedata.name(c, "").startswith("CJK UNIFIED IDEOGRAPH")


def records(text):
    recs = re.split(r"\n%[ \t]*\n", text)
    if recs and recs[-1].strip("\n") in ("", "%"):
        recs.pop()
    if recs[-1].endswith("\n%"):
        recs[-1] = recs[-1][:-2]
    return recs


def parse(name, text):
    poems = []   # (title, author, years, preface, [lines])
    for k, rec in enumerate(records(text), 1):
        lines = rec.split("\n")
        t, a = TITLE.match(lines[0]), AUTHOR.match(lines[1])
        if not t or not a:
            sys.exit("verse.py: %s record %d: no coloured title and author lines: %r" % (name, k, rec[:80]))
        title, author, years, note = t.group(1), a.group(1), "", ""
        m = YEARS.match(author)
        if m:
            author, years = m.group(1), unicodedata.normalize("NFKC", m.group(2))
            if not re.fullmatch(r"\d+-\d+", years):      # not years but a note about the poet: kept as printed
                years, note = "", m.group(2)
        body = lines[2:]
        preface = ""
        if "并序" in title:
            cut = next(i for i, l in enumerate(body) if not l.strip())
            preface = "".join(l.strip() for l in body[:cut])
            body = body[cut + 1:]
        parts, current = [], (None, [])
        for line in body:
            p = PART.match(line)
            if p:
                if current[1]:
                    parts.append(current)
                current = (p.group(1), [])
            elif line.strip():
                if COLOUR.search(line) or line != line.strip():
                    sys.exit("verse.py: %s record %d: unexpected line %r" % (name, k, line))
                current[1].append(line)
        parts.append(current)
        for part, plines in parts:
            if not plines:
                sys.exit("verse.py: %s record %d (%s): a poem without lines" % (name, k, title))
            for line in plines:
                if not LINE.match(line) or line[-1] not in PUNCT or not all(is_han(c) or c in PUNCT for c in line):
                    sys.exit("verse.py: %s record %d (%s): not a clean poem line: %r" % (name, k, title, line))
            poems.append((title + ("・" + part if part else ""), author, years, preface, note, plines))
    return poems


def main(root, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, expected in FILES.items():
        src = os.path.join(root, "usr/share/games/fortunes", name)
        with open(src, encoding="utf-8") as f:
            poems = parse(name, f.read())
        if len(poems) != expected:
            sys.exit("verse.py: %s gave %d poems, expected %d" % (name, len(poems), expected))
        with open(os.path.join(out_dir, name + ".txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n\n".join("\n".join(p[5]) for p in poems) + "\n")
        with open(os.path.join(out_dir, name + "-index.tsv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("# poems of %s.txt in order (blank-line separated); from Debian fortunes-zh, see data/README.md\n" % name)
            f.write("poem\ttitle\tauthor\tyears\tpreface\tnote\n")
            for i, (title, author, years, preface, note, _) in enumerate(poems, 1):
                for field in (title, author, years, preface, note):
                    if "\t" in field or "\n" in field:
                        sys.exit("verse.py: %s poem %d: a tab or newline in %r" % (name, i, field))
                f.write("%d\t%s\t%s\t%s\t%s\t%s\n" % (i, title, author, years, preface, note))
        chars = sum(len(l) for p in poems for l in p[5])
        print("  %s: %d poems, %d lines, %d characters" % (name, len(poems), sum(len(p[5]) for p in poems), chars))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
