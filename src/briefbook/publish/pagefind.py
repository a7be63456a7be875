"""A chunked search index for a built site with Pagefind, and what a browser downloads for one query."""

from __future__ import annotations

import html
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ..problems import BriefbookError

# Results a search page shows before the reader scrolls: their fragments are fetched at once.
SHOWN_RESULTS = 5


def index_site(site_dir: Path, *, output_subdir: str = "pagefind") -> dict:
    """Run Pagefind over a built site (into site_dir/pagefind/) and return its sizes in bytes.

    Pagefind splits the index into chunks by word range, so a browser fetches the
    entry, the WebAssembly search code, the metadata, the one chunk that holds the
    query's word and the fragments of the results it shows, never the whole index.
    Keys: seconds, pages, files, total_bytes, index_bytes (all chunks), chunks,
    largest_chunk_bytes, fragment_bytes (all), query_bytes (one query, estimated from
    the largest chunk), query_parts (the parts of that estimate).
    """
    site_dir = Path(site_dir)
    if not (site_dir / "index.html").is_file():
        raise BriefbookError(f"{site_dir}: not a built site (no index.html)")
    seconds = _run_pagefind(site_dir, output_subdir)
    return _sizes(site_dir / output_subdir, seconds)


def _run_pagefind(site_dir: Path, output_subdir: str) -> float:
    """Pagefind over the site, in seconds; a clean error if it fails."""
    start = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir),
                                 "--output-subdir", output_subdir],
                                capture_output=True, text=True, check=False)
    except OSError as err:  # pragma: no cover - the interpreter itself is missing
        raise BriefbookError(f"pagefind could not start: {err}") from None
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        if "No module named pagefind" in (result.stderr or ""):
            detail = ["Pagefind is not installed: pip install 'pagefind[extended]'"]
        raise BriefbookError("pagefind failed:\n  " + "\n  ".join(detail))
    return seconds


def _sizes(out: Path, seconds: float) -> dict:
    """The index's sizes, and what one query fetches."""
    files = [p for p in out.rglob("*") if p.is_file()]
    size = {p: p.stat().st_size for p in files}
    chunks = [size[p] for p in files if p.suffix == ".pf_index"]
    fragments = [size[p] for p in files if p.suffix == ".pf_fragment"]

    def total(pattern: str) -> int:
        return sum(size[p] for p in out.glob(pattern))

    # the browser loads the WebAssembly and metadata of the page's language only
    try:
        languages = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]
        language = max(languages.values(), key=lambda lang: lang.get("page_count", 0))
        wasm, meta = f"wasm.{language['wasm']}.pagefind", f"pagefind.{language['hash']}.pf_meta"
    except (OSError, ValueError, KeyError, TypeError):
        wasm, meta = "wasm.unknown.pagefind", "pagefind.*.pf_meta"
    parts = {
        "entry": total("pagefind-entry.json"),
        "script": total("pagefind.js"),
        "wasm": total(wasm),
        "meta": total(meta),
        "chunk": max(chunks, default=0),
        "fragments": int(statistics.median(fragments) * SHOWN_RESULTS) if fragments else 0,
    }
    return {
        "seconds": seconds,
        "pages": len(fragments),
        "files": len(files),
        "total_bytes": sum(size.values()),
        "index_bytes": sum(chunks),
        "chunks": len(chunks),
        "largest_chunk_bytes": parts["chunk"],
        "fragment_bytes": sum(fragments),
        "query_bytes": sum(parts.values()),
        "query_parts": parts,
    }


SEARCH_PAGE = "pagefind-search.html"


def search_page(site_name: str) -> str:
    """A standalone search page for the Pagefind index: Pagefind's own interface, served
    with the site (nothing from elsewhere); each result links to the page it found."""
    title = html.escape(f"Search - {site_name}" if site_name else "Search")
    heading = html.escape(site_name or "Briefing book")
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="pagefind/pagefind-ui.css">
<style>body {{ font-family: sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }}</style>
</head>
<body>
<main>
<p><a href="index.html">{heading}</a></p>
<h1>Search</h1>
<div id="search"></div>
</main>
<script src="pagefind/pagefind-ui.js"></script>
<script>new PagefindUI({{element: "#search", showSubResults: true, resetStyles: false}});</script>
</body>
</html>
"""


def add_to_site(site_dir: Path, site_name: str) -> dict:
    """The chunked index and its search page, added to a built site; returns the sizes."""
    sizes = index_site(site_dir)
    (Path(site_dir) / SEARCH_PAGE).write_text(search_page(site_name), encoding="utf-8")
    return sizes
