"""Write the course's own small analogy and word-similarity sets, and check their words.

usage: /usr/bin/python3 evalsets.py GLOVE.txt.gz OUT_DIR

The pairs below are written for the course (plain facts of English and geography); nothing is
copied from the Google analogy set or WordSim-353, only their file formats are used:

analogies-small.txt  (Google questions-words.txt format) one ": section" line per section, then
    "a b c d" lines meaning a : b = c : d. As in the Google set, a section holds every ordered
    choice of two different pairs (a, b), (c, d) from its pair list: k pairs give k(k-1) questions.
similarity-small.tsv (WordSim-353 TSV format) two "#" header lines, then "word1<TAB>word2<TAB>score"
    with the score 0-10 written with two decimals (10 = same meaning, 0 = unrelated).
sentiment-small.tsv  one "#" comment line, the header "label<TAB>text", then "label<TAB>sentence"
    lines: short review sentences about stories, poems, songs, films and shows, written for the
    course, labelled "positive" or "negative" (all positive ones first, then the negative ones).

Every analogy and similarity word must be a row of GLOVE.txt.gz (the 20k subset); every sentiment
sentence must hold at least three words that are rows of it. The script fails naming any that do not.
"""
import gzip
import itertools
import os
import re
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

SENTIMENT_POSITIVE = [
    "The story was moving and beautifully written.",
    "I loved every page of this novel.",
    "The poem is gentle, warm and full of hope.",
    "What a wonderful song, I could listen to it all day.",
    "The actors were brilliant and the ending made me smile.",
    "Her voice is clear, strong and lovely.",
    "This film is a joy from start to finish.",
    "The characters feel real and I cared about each of them.",
    "A delightful book that I will gladly read again.",
    "The music lifted my spirits after a long week.",
    "The painting is bright, bold and full of life.",
    "The concert was fantastic and the crowd loved it.",
    "An excellent play with clever and funny dialogue.",
    "The lyrics are honest and touching.",
    "I was impressed by how fresh and original the plot is.",
    "The chapters are short, lively and easy to enjoy.",
    "This is the best album the band has made.",
    "The garden scenes are peaceful and charming.",
    "The poet writes with great skill and kindness.",
    "Everyone in the theatre laughed and cheered.",
    "The translation is faithful and elegant.",
    "It is a sweet, happy story for children and parents alike.",
    "The director did an amazing job with a small budget.",
    "The melody is catchy and the chorus is superb.",
    "I felt inspired when I closed the book.",
    "The hero is brave and the adventure is thrilling.",
    "A beautiful film about friendship and love.",
    "The new exhibition is impressive and well planned.",
    "The dancers were graceful and the costumes were gorgeous.",
    "This short story is smart, warm and perfectly paced.",
    "The singer gave a powerful and memorable performance.",
    "The descriptions of the sea are vivid and wonderful.",
    "I enjoyed the gentle humour in every scene.",
    "The book is a pleasure to read on a quiet evening.",
    "The choir sounded glorious in the old church.",
    "This comedy is fun, silly and full of heart.",
    "The verses are rich, musical and deeply satisfying.",
    "The game has a great story and lovely art.",
    "My favourite part was the hopeful ending.",
    "The writing is precise, clever and beautiful.",
    "It is a triumph of imagination.",
    "The staff were friendly and the show was excellent.",
    "The novel celebrates courage, loyalty and joy.",
    "The soundtrack is rich and exciting.",
    "I would happily recommend this poem to anyone.",
    "The film looks stunning and the acting is superb.",
    "The song made me feel calm and happy.",
    "The author has created a truly magical world.",
    "The story is clever, kind and full of surprises.",
    "The performance earned a long and well deserved applause.",
    "This collection of poems is a real treasure.",
    "The pictures are charming and the colours are lovely.",
    "The band played with energy and passion.",
    "The dialogue sparkles with wit.",
    "An inspiring and uplifting film for the whole family.",
    "The plot is gripping and the twist is brilliant.",
    "I laughed, I cried, and I loved it.",
    "The piano solo was perfect.",
    "Her first novel is a remarkable success.",
    "The festival was a wonderful celebration of music and stories.",
]

SENTIMENT_NEGATIVE = [
    "Nothing happens in this story, and the writing is dull.",
    "I gave up on the novel after fifty boring pages.",
    "The poem is flat and forgettable.",
    "That song is awful; I switched the radio off.",
    "The acting was terrible from the first scene.",
    "Her singing was weak and out of tune all night.",
    "What a waste of two hours this film was.",
    "None of the characters felt real to me.",
    "The book is boring and far too long.",
    "The music was so loud it gave me a headache.",
    "The colours in the painting are muddy and dark.",
    "The concert was a disaster and people left early.",
    "The play is tedious, with clumsy and stiff dialogue.",
    "These lyrics are shallow and silly.",
    "The plot is predictable from beginning to end.",
    "Every chapter felt slow and hard to finish.",
    "The new album is the worst thing the band has done.",
    "I found the scenes messy and confusing.",
    "The poet shows little skill and less care.",
    "Half the audience fell asleep before the interval.",
    "The translation is full of errors.",
    "Nobody should waste their money on this ugly story.",
    "The director spent a huge budget on a mess.",
    "The chorus is annoying and repeats forever.",
    "I was bored and tired by the end of the book.",
    "The hero is dull and the adventure is pointless.",
    "It is a horrible film full of cheap tricks.",
    "The exhibition was disappointing and badly lit.",
    "The dancers kept missing the beat.",
    "This short story is stupid and cold.",
    "The singer gave a poor performance.",
    "The descriptions are vague and the pace is painfully slow.",
    "The jokes were crude and not funny at all.",
    "Sadly the book was a waste of time.",
    "The choir sounded harsh and unhappy.",
    "A lazy comedy without a single good laugh.",
    "The verses are awkward and irritating.",
    "The game has a weak story and ugly art.",
    "The ending was miserable and made no sense.",
    "The writing is sloppy and confused.",
    "The film fails in almost every way.",
    "The staff were rude and the show was terrible.",
    "I regret buying this tiresome novel.",
    "The soundtrack is noisy and annoying.",
    "I would never recommend this poem.",
    "Everything about the film looks cheap.",
    "The song made me feel anxious and irritated.",
    "The world of the book is empty and dull.",
    "The story is nasty and full of holes.",
    "The crowd answered the performance with bored silence.",
    "This collection of poems was a real disappointment.",
    "The pictures are crude and ugly.",
    "The band played without any energy.",
    "Sadly the dialogue is stiff and lifeless.",
    "A depressing film that drags on and on.",
    "The twist is ridiculous and spoils the plot.",
    "I yawned through the whole second act.",
    "The piano was badly out of tune.",
    "Her first novel was a complete failure.",
    "The festival was a chaotic and unpleasant weekend.",
]


def main(glove, out_dir):
    with gzip.open(glove, "rt", encoding="utf-8") as f:
        vocab = {line.split(" ", 1)[0] for line in f}
    used = {w for _, pairs in ANALOGY_SECTIONS for p in pairs for w in p}
    used |= {w for a, b, _ in SIMILARITY for w in (a, b)}
    missing = sorted(w for w in used if w not in vocab)
    if missing:
        sys.exit("evalsets.py: not in %s: %s" % (glove, " ".join(missing)))
    sentences = [("positive", t) for t in SENTIMENT_POSITIVE] + [("negative", t) for t in SENTIMENT_NEGATIVE]
    if len({t for _, t in sentences}) != len(sentences):
        sys.exit("evalsets.py: a sentiment sentence is listed twice")
    for label, text in sentences:
        if "\t" in text or "\n" in text or text != text.strip():
            sys.exit("evalsets.py: sentiment sentence with a tab, line break or outer space: %r" % text)
        known = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w in vocab]
        if len(known) < 3:
            sys.exit("evalsets.py: fewer than three GloVe words in sentiment sentence %r" % text)
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

    rows = ["# Atelier small sentiment set, review sentences written for the course (see data/README.md)",
            "label\ttext"]
    rows += ["%s\t%s" % (label, text) for label, text in sentences]
    with open(os.path.join(out_dir, "sentiment-small.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
