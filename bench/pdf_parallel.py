"""Prototype: the briefing book rendered by WeasyPrint in parallel chunks, merged into one PDF.

Every entity in the book starts on a new page (print.css: `.entity { break-before:
page }`), so cutting the book between entities changes no layout. Each chunk is laid
out in its own process; the parent then
  - joins the chunk PDFs in order (PyMuPDF),
  - re-creates every internal link and the bookmarks from WeasyPrint's own anchor,
    link and bookmark lists (so links across chunks work),
  - writes "page X of Y" in the bottom margin (only known once all chunks are done),
  - lays out cover + contents last, with the final page numbers written in
    (`attr(data-page)` instead of `target-counter()`, which cannot see other chunks).
Footnote numbers continue across chunks: each chunk starts its footnote counter
where the previous one ended (counted in the HTML).

    python bench/pdf_parallel.py BOOK.html OUT.pdf [--jobs N]
"""

from __future__ import annotations

import argparse
import html as html_module
import logging
import os
import re
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PX = 0.75  # CSS px → PDF pt
_ENTITY = re.compile(r'(?:<h2 class="kind"[^>]*>[^<]*</h2>\s*)?<section class="entity"')
_PART = re.compile(r'<section class="part" id="([^"]+)">\s*<h1>([^<]*)</h1>')
_FOOTNOTE = '<span class="fn">'
_TITLE = re.compile(r'class="entity-title">([^<]*)<')
# Chunks after the first page keep their running headers, and page numbers come later.
_CHUNK_CSS = ("@page :first { @top-left { content: string(section); } @top-right { content: string(entity); } }\n"
              "@page { @bottom-center { content: none; } }\n")
_TOC_CSS = ".toc a::after { content: leader('. ') attr(data-page); }\n@page { @bottom-center { content: none; } }\n"


def split_book(html: str, target_chars: int) -> tuple[str, str, list[str]]:
    """(head up to <body>, cover + contents, body chunks), each chunk a run of whole entities."""
    body_at = html.index("<body>") + len("<body>")
    head, body = html[:body_at], html[body_at:]
    parts = list(_PART.finditer(body))
    front = body[:parts[0].start()]
    chunks: list[str] = []
    for i, part in enumerate(parts):
        end = parts[i + 1].start() if i + 1 < len(parts) else body.rindex("</body>")
        inner = body[part.end():end].rstrip()
        assert inner.endswith("</section>")
        inner = inner[: -len("</section>")]
        cuts = [m.start() for m in _ENTITY.finditer(inner)]
        if not cuts:
            chunks.append(body[part.start():end])
            continue
        pieces = [inner[:cuts[0]] + inner[cuts[0]:cuts[1] if len(cuts) > 1 else None]]
        pieces += [inner[a:b] for a, b in zip(cuts[1:], cuts[2:] + [None])]
        # a part's title page shows, as in one document, the entity before it in the running header
        last = _TITLE.findall(chunks[-1]) if chunks else []
        opening = part.group(0)
        if last:
            # on the heading: a style on the section would apply again on every page it spans
            opening = opening.replace("<h1>", f'<h1 style="string-set: section content(), entity '
                                      f'{_css_string(last[-1])};">', 1)
        current = ""
        for piece in pieces:
            if current and len(current) + len(piece) > target_chars:
                chunks.append(opening + current + "</section>")
                # a continuation: no new part heading, but the same running header
                # (on the section itself: an element before the first entity would fill a page)
                opening = f'<section class="part-cont" style="string-set: section \'{part.group(2)}\';">'

                current = ""
            current += piece
        chunks.append(opening + current + "</section>")
    return head, front, chunks


def _css_string(text: str) -> str:
    return "'" + html_module.unescape(text).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _render(job: tuple[str, str]) -> dict:
    """Lay out one chunk and write its PDF; return its pages' anchors, links and bookmarks."""
    html, target = job
    import weasyprint

    from briefbook.publish.pdf import _fetcher
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)  # anchors in other chunks are expected
    document = weasyprint.HTML(string=html, url_fetcher=_fetcher()).render()
    document.write_pdf(target)
    pages = []
    for page in document.pages:
        pages.append({
            "size": (page.width, page.height),
            "anchors": {name: (pos[0], pos[1]) for name, pos in page.anchors.items()},
            "links": [(target_, rect) for kind, target_, rect, _ in page.links if kind == "internal"],
            "bookmarks": [(level, label, point) for level, label, point, _ in page.bookmarks],
        })
    return {"path": target, "pages": pages}


def render_book_parallel(html: str, out: Path, *, jobs: int | None = None, chunks_per_job: int = 4) -> dict:
    """Render the book HTML to `out` in parallel; returns pages, seconds and chunks."""
    import pymupdf

    start = time.perf_counter()
    jobs = jobs or os.cpu_count() or 1
    head, front, bodies = split_book(html, max(20_000, len(html) // (jobs * chunks_per_job)))
    head = head.replace("</style>", _CHUNK_CSS + "</style>", 1)
    # footnote numbers run on across the book: each chunk starts where the one before ended
    docs, notes = [], 0
    for body in bodies:
        if notes:
            if body.startswith('<section class="part-cont" style="'):
                body = body.replace('style="', f'style="counter-reset: footnote {notes}; ', 1)
            else:
                body = body.replace("<section ", f'<section style="counter-reset: footnote {notes}" ', 1)
        docs.append(head + body + "</body></html>")
        notes += body.count(_FOOTNOTE)
    with tempfile.TemporaryDirectory(prefix="book-") as tmp, ProcessPoolExecutor(jobs) as pool:
        tmpdir = Path(tmp)
        # the contents with dummy numbers, only to learn how many pages it takes
        front_doc = _front(html, front, {})
        results = list(pool.map(_render, [(front_doc, str(tmpdir / "front.pdf"))] +
                                [(d, str(tmpdir / f"{i:04d}.pdf")) for i, d in enumerate(docs)], chunksize=1))
        front_pages = len(results[0]["pages"])
        body_results = results[1:]
        # final page numbers of every anchor, then the real contents
        anchors: dict[str, tuple[int, float, float]] = {}
        page_no = front_pages
        for res in body_results:
            for page in res["pages"]:
                for name, (x, y) in page["anchors"].items():
                    anchors.setdefault(name, (page_no, x, y))
                page_no += 1
        total = page_no
        front_res = _render((_front(html, front, anchors), str(tmpdir / "front.pdf")))
        if len(front_res["pages"]) != front_pages:
            raise RuntimeError("the contents changed length once numbered")
        for number, page in enumerate(front_res["pages"]):
            for name, (x, y) in page["anchors"].items():
                anchors.setdefault(name, (number, x, y))
        merged = pymupdf.open()
        all_pages = []
        for res in [front_res] + body_results:
            with pymupdf.open(res["path"]) as part:
                merged.insert_pdf(part, links=False, annots=False)
            all_pages += res["pages"]
        toc = []
        for number, (page, info) in enumerate(zip(merged, all_pages)):
            for target, (x0, y0, x1, y1) in info["links"]:
                if target in anchors:
                    to_page, tx, ty = anchors[target]
                    page.insert_link({"kind": pymupdf.LINK_GOTO, "page": to_page,
                                      "from": pymupdf.Rect(x0 * PX, y0 * PX, x1 * PX, y1 * PX),
                                      "to": pymupdf.Point(tx * PX, ty * PX)})
            for level, label, (x, y) in info["bookmarks"]:
                toc.append([level, label, number + 1, {"kind": pymupdf.LINK_GOTO, "to": pymupdf.Point(x * PX, y * PX)}])
            if number >= 1:  # the cover carries no page number (print.css: @page cover)
                text = f"page {number + 1} of {total}"
                width = pymupdf.get_text_length(text, fontname="helv", fontsize=8)
                page_w, page_h = page.rect.width, page.rect.height
                page.insert_text((page_w / 2 - width / 2, page_h - 11 * 72 / 25.4 + 3), text,
                                 fontname="helv", fontsize=8, color=(0.33, 0.33, 0.33))
        merged.set_toc(toc)
        out.parent.mkdir(parents=True, exist_ok=True)
        merged.save(out, garbage=1, deflate=True)
        merged.close()
    return {"pages": total, "seconds": time.perf_counter() - start, "chunks": len(bodies)}


def _front(html: str, front: str, anchors: dict) -> str:
    """Cover and contents alone, the contents' page numbers written in (dummies before they are known)."""
    head = html[: html.index("<body>")].replace("</style>", _TOC_CSS + "</style>", 1)

    def number(match: re.Match) -> str:
        name = match.group(1)
        page = anchors[name][0] + 1 if name in anchors else 8888
        return f'<a href="#{name}" data-page="{page}">'
    front = re.sub(r'<a href="#([^"]+)">', number, front)
    return head + "<body>" + front + "</body></html>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("html", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    result = render_book_parallel(args.html.read_text(encoding="utf-8"), args.out, jobs=args.jobs)
    print(f"{result['pages']} pages in {result['seconds']:.1f} s ({result['pages'] / result['seconds']:.1f} pages/s, "
          f"{result['chunks']} chunks)")


if __name__ == "__main__":
    main()
