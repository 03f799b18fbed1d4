"""Write the course's own small analogy and word-similarity sets, and check their words.

usage: /usr/bin/python3 evalsets.py GLOVE.txt.gz OUT_DIR

The pairs below are written for the course (plain facts of English and geography); nothing is
copied from the Google analogy set or WordSim-353, only their file formats are used:

analogies-small.txt  (Google questions-words.txt format) one ": section" line per section, then
    "a b c d" lines meaning a : b = c : d. As in the Google set, a section holds every ordered
    choice of two different pairs (a, b), (c, d) from its pair list: k pairs give k(k-1) questions.
similarity-small.tsv (WordSim-353 TSV format) two "#" header lines, then "word1<TAB>word2<TAB>score"
    with the score 0-10 written with two decimals (10 = same meaning, 0 = unrelated).

Every word must be a row of GLOVE.txt.gz (the 20k subset); the script fails naming any that is not.
"""
import gzip
import itertools
import os
import sys

ANALOGY_SECTIONS = [  # (section name, pairs); 6 pairs -> 30 questions each
    ("capital-country", [("paris", "france"), ("berlin", "germany"), ("madrid", "spain"),
                         ("rome", "italy"), ("tokyo", "japan"), ("cairo", "egypt")]),
    ("gender", [("king", "queen"), ("man", "woman"), ("father", "mother"),
                ("son", "daughter"), ("brother", "sister"), ("husband", "wife")]),
    ("plural-nouns", [("dog", "dogs"), ("car", "cars"), ("house", "houses"),
                      ("city", "cities"), ("child", "children"), ("book", "books")]),
    ("comparative-adjectives", [("big", "bigger"), ("small", "smaller"), ("old", "older"),
                                ("young", "younger"), ("strong", "stronger"), ("cheap", "cheaper")]),
    ("past-tense", [("go", "went"), ("take", "took"), ("see", "saw"),
                    ("write", "wrote"), ("eat", "ate"), ("give", "gave")]),
]

SIMILARITY = [  # (word1, word2, score 0-10)
    # synonyms or near-synonyms: high
    ("car", "automobile", 9.50), ("rich", "wealthy", 9.30), ("begin", "start", 9.20),
    ("buy", "purchase", 9.20), ("big", "large", 9.00), ("small", "little", 9.00),
    ("error", "mistake", 9.00), ("ill", "sick", 9.00), ("fast", "quick", 8.80),
    ("shop", "store", 8.80), ("happy", "glad", 8.50), ("answer", "reply", 8.50),
    ("smart", "clever", 8.50), ("ship", "boat", 8.50), ("city", "town", 8.50),
    ("road", "street", 8.00), ("gift", "present", 8.00),
    # related (same topic, often seen together): middle to high
    ("doctor", "nurse", 7.50), ("king", "queen", 7.50), ("coffee", "tea", 7.50),
    ("cat", "dog", 7.00), ("teacher", "student", 7.00), ("war", "army", 7.00),
    ("book", "library", 7.00), ("hospital", "doctor", 7.00), ("piano", "music", 7.00),
    ("bread", "butter", 6.50), ("river", "lake", 6.50), ("sun", "moon", 6.50),
    ("money", "bank", 6.50), ("computer", "keyboard", 6.50), ("rain", "snow", 6.50),
    ("train", "station", 6.50), ("car", "road", 5.50), ("food", "water", 5.00),
    ("house", "garden", 4.50), ("letter", "word", 4.50), ("teacher", "bread", 1.50),
    # unrelated: low
    ("bicycle", "poetry", 0.80), ("guitar", "mountain", 0.80), ("pencil", "ocean", 0.80),
    ("king", "cabbage", 0.80), ("cloud", "contract", 0.70), ("banana", "tax", 0.50),
    ("cat", "democracy", 0.50), ("sugar", "lawyer", 0.50), ("chair", "election", 0.50),
    ("horse", "software", 0.50), ("apple", "senator", 0.50), ("potato", "prison", 0.50),
    ("noon", "string", 0.50), ("shoe", "theory", 0.40), ("professor", "tomato", 0.40),
]


def main(glove, out_dir):
    with gzip.open(glove, "rt", encoding="utf-8") as f:
        vocab = {line.split(" ", 1)[0] for line in f}
    used = {w for _, pairs in ANALOGY_SECTIONS for p in pairs for w in p}
    used |= {w for a, b, _ in SIMILARITY for w in (a, b)}
    missing = sorted(w for w in used if w not in vocab)
    if missing:
        sys.exit("evalsets.py: not in %s: %s" % (glove, " ".join(missing)))
    keys = [tuple(sorted((a, b))) for a, b, _ in SIMILARITY]
    if len(set(keys)) != len(keys):
        sys.exit("evalsets.py: a similarity pair is listed twice")
    if not all(0 <= s <= 10 for _, _, s in SIMILARITY):
        sys.exit("evalsets.py: a similarity score is outside 0-10")

    os.makedirs(out_dir, exist_ok=True)
    lines = []
    for name, pairs in ANALOGY_SECTIONS:
        lines.append(": " + name)
        for (a, b), (c, d) in itertools.permutations(pairs, 2):
            lines.append("%s %s %s %s" % (a, b, c, d))
    with open(os.path.join(out_dir, "analogies-small.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")

    rows = ["# Atelier small word-similarity set, written for the course (see data/README.md)",
            "# Word 1\tWord 2\tScore (0-10)"]
    rows += ["%s\t%s\t%.2f" % (a, b, s) for a, b, s in SIMILARITY]
    with open(os.path.join(out_dir, "similarity-small.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
