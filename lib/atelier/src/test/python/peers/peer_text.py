"""What the PyTorch peers share: the command line's --text option and the text as character ids.

Both peers read a UTF-8 text, take its distinct characters in sorted order as the vocabulary (as
dev.atelier.text.CharVocabulary does) and encode every character as its index there.
"""
import argparse

import torch


def argument_parser(doc, text_help):
    """A parser described by the first line of `doc`, with the required --text FILE option."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--text", required=True, help=text_help)
    return ap


def char_ids(path):
    """(vocabulary, ids): the sorted distinct characters of the UTF-8 file and the text as a long tensor [N]."""
    text = open(path, encoding="utf-8").read()
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    return chars, torch.tensor([index[c] for c in text], dtype=torch.long)
