#!/usr/bin/env python3
"""Checks an alignment case directory (es.sent, en.sent, gold.align, es.txt, en.txt).

    python3 corpora/check_case.py corpora/entrevista

Verifies what the aligner tests rely on: .sent files have no empty lines and
are NFC; gold beads are well formed, monotone and cover every line of both
files exactly once; every unit occurs in its .txt document, in order, and the
.txt paragraphs are exactly their units joined by a space. Exits 1 on the
first problem in each category and prints the counts otherwise.
"""
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

BEAD = re.compile(r"^\[([0-9,]*)\]:\[([0-9,]*)\]$")


def read_units(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines):
        if not line.strip():
            sys.exit(f"{path}:{n + 1}: empty unit")
        if unicodedata.normalize("NFC", line) != line:
            sys.exit(f"{path}:{n + 1}: not NFC")
        if "\t" in line:
            sys.exit(f"{path}:{n + 1}: tab inside a unit")
    return lines


def check_gold(path, n_es, n_en):
    next_es = next_en = 0
    types = Counter()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        m = BEAD.match(line)
        if not m:
            sys.exit(f"{path}:{n + 1}: malformed bead {line!r}")
        es = [int(x) for x in m.group(1).split(",") if x]
        en = [int(x) for x in m.group(2).split(",") if x]
        if not es and not en:
            sys.exit(f"{path}:{n + 1}: empty bead")
        for side, idx, nxt in (("es", es, next_es), ("en", en, next_en)):
            if idx != list(range(nxt, nxt + len(idx))):
                sys.exit(f"{path}:{n + 1}: {side} indices {idx} do not continue at {nxt}")
        next_es += len(es)
        next_en += len(en)
        types[f"{len(es)}-{len(en)}"] += 1
    if (next_es, next_en) != (n_es, n_en):
        sys.exit(f"{path}: covers {next_es}/{n_es} es and {next_en}/{n_en} en units")
    return types


def check_document(txt_path, units):
    paragraphs = txt_path.read_text(encoding="utf-8").rstrip("\n").split("\n\n")
    pos = 0
    for p in paragraphs:
        k = 0
        while k < len(p):
            if pos >= len(units):
                sys.exit(f"{txt_path}: text left over after the last unit: {p[k:k + 40]!r}")
            u = units[pos]
            if not p.startswith(u, k):
                sys.exit(f"{txt_path}: unit {pos} {u[:40]!r} not found at {p[k:k + 40]!r}")
            k += len(u)
            pos += 1
            if k < len(p):
                if p[k] != " ":
                    sys.exit(f"{txt_path}: unit {pos - 1} not followed by a space")
                k += 1
    if pos != len(units):
        sys.exit(f"{txt_path}: only {pos} of {len(units)} units found")
    return len(paragraphs)


def main(case):
    d = Path(case)
    es = read_units(d / "es.sent")
    en = read_units(d / "en.sent")
    types = check_gold(d / "gold.align", len(es), len(en))
    pes = check_document(d / "es.txt", es)
    pen = check_document(d / "en.txt", en)
    print(f"{case}: es {len(es)} units / {pes} paragraphs, en {len(en)} units / {pen} paragraphs, "
          f"{sum(types.values())} beads: " + ", ".join(f"{t} {c}" for t, c in sorted(types.items())))


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["corpora/entrevista"]:
        main(arg)
