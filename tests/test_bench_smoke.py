"""The benchmark still runs: the smallest corpus through every stage, and the table has every column.

Not a timed test: `make bench` measures; this only keeps bench/ working. Hugo,
Zensical and Pagefind take part when installed; otherwise their cells say why not.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pdf_parallel  # noqa: E402
import run  # noqa: E402


def test_bench_prints_one_row_with_every_column(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "20", "--pdf-sizes", "",
                             "--keep", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header == run.COLUMNS
    row = dict(zip(header, (c.strip() for c in lines[2].strip("|").split("|"))))
    assert row["documents"] == "20"
    for column in ("load s", "validate s", "resolve s", "render s", "write s", "site build s", "pages/s",
                   "peak RSS MB", "site MB", "median page KB", "search index MB", "floor s",
                   "l+v+r+r / floor", "CSafeLoader s", "load / CSafeLoader"):
        assert re.fullmatch(r"[0-9,.]+", row[column]), (column, row[column])
    assert row["book pages"] == "skipped"
    assert "- l+v+r+r / floor at 20:" in result.stdout
    assert "- peak memory at 20:" in result.stdout


def test_book_is_cut_between_whole_entities():
    entity = '<section class="entity" id="{0}"><h3 class="entity-title">{0}</h3><p>{1}</p></section>\n'
    html = ("<html><head><style>x</style></head><body>"
            '<section class="cover"><h1>Book</h1></section><nav class="toc"><a href="#a-0">a</a></nav>'
            '<section class="part" id="part-actors">\n<h1>Actors</h1>\n<h2 class="kind" id="kind-person">Person</h2>\n'
            + "".join(entity.format(f"a-{i}", "x" * 300) for i in range(10)) + "</section>\n"
            '<section class="part" id="part-events">\n<h1>Events</h1>\n'
            + "".join(entity.format(f"e-{i}", "y" * 300) for i in range(5)) + "</section>\n</body></html>")
    head, front, chunks = pdf_parallel.split_book(html, 1000)
    assert head.endswith("<body>") and 'class="toc"' in front
    assert len(chunks) > 2
    joined = "".join(chunks)
    for i in range(10):
        assert joined.count(f'id="a-{i}"') == 1
    assert chunks[0].startswith('<section class="part" id="part-actors">')
    assert all(c.count("<section") == c.count("</section>") for c in chunks)
    continued = [c for c in chunks if c.startswith('<section class="part-cont"')]
    assert continued and "string-set: section 'Actors'" in continued[0]
