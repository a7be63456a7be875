"""Prototype for names.py: NameIndex.finditer tries each distinct name length once (a dict lookup)
instead of every name that starts with the same word.

    python bench/names_prototype.py CORPUS_DIR fixed|orig

At 10,000 synthetic documents 3,333 event titles start with "Synthetic", so each
"Synthetic" in a paragraph walked 3,333 names (health.py's unregistered-name scan calls
finditer for every paragraph). Prints build_corpus seconds and the problem counts,
which must be equal for both.
"""
import sys, time
from collections import defaultdict
from pathlib import Path
import briefbook.names as names
from briefbook.names import _WORD

def finditer(self, text):
    groups = self.__dict__.get("_groups")
    if groups is None:
        groups = {}
        for first, bucket in self._by_first.items():
            by_len = defaultdict(dict)
            for length, form, target, any_case in bucket:
                by_len[length].setdefault((form, any_case), target)
            groups[first] = sorted(by_len.items(), key=lambda kv: -kv[0])
        self._groups = groups
    end_of_last = 0
    n = len(text)
    for word in _WORD.finditer(text):
        start = word.start()
        if start < end_of_last or (start and text[start - 1].isalnum()):
            continue
        for length, forms in groups.get(word.group(0).casefold(), ()):
            end = start + length
            if end > n or (end < n and (text[end].isalnum() or text[end] == "_")):
                continue
            piece = text[start:end]
            target = forms.get((piece, False)) or forms.get((piece.casefold(), True))
            if target is None:
                continue
            yield start, end, target
            end_of_last = end
            break

from briefbook.project import Project
from briefbook.resolve import build_corpus
p = Project(Path(sys.argv[1]))
if sys.argv[2] == "fixed":
    orig_add = names.NameIndex.add
    def add(self, *a, **k):
        self.__dict__.pop("_groups", None); return orig_add(self, *a, **k)
    names.NameIndex.add = add
    names.NameIndex.finditer = finditer
t = time.perf_counter(); c, probs = build_corpus(p); print(sys.argv[2], "build_corpus", time.perf_counter() - t, "s", len(probs), "problems", sum(x.code == "unregistered-name" for x in probs))
