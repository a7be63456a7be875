"""The preview's error banner: while the input is broken, every page says so, naming each error.

The preview keeps serving the last good pages when a rebuild fails; without a word on the page
the analyst reads stale text as if it were their edit. The banner goes into each HTML page as it
is served (never into the built files), and is gone with the first good rebuild.
"""

from __future__ import annotations

import html
import re

from ..problems import Problem

MAX_SHOWN = 30  # errors listed on the page; the rest are counted (the terminal has them all)
_BODY = re.compile(rb"<body\b[^>]*>", re.I)
_STYLE = ("position:sticky;top:0;z-index:1000;margin:0;padding:.75em 1em;background:#fdecea;color:#611a15;"
          "border-bottom:3px solid #b3261e;font:14px/1.45 system-ui,sans-serif;max-height:40vh;overflow:auto")


def banner_html(problems: list[Problem], message: str) -> str:
    """The banner: what failed, and each error at file:line:col with its code and message, escaped."""
    errors = [p for p in problems if p.is_error] or list(problems)
    items = "".join(
        f"<li><code>{html.escape(_where(p))}</code> {html.escape(p.code)}: {html.escape(p.message)}</li>"
        for p in errors[:MAX_SHOWN])
    more = f"<li>… and {len(errors) - MAX_SHOWN} more (see the terminal)</li>" if len(errors) > MAX_SHOWN else ""
    return (f'<div id="briefbook-preview-errors" role="alert" style="{_STYLE}">'
            f"<strong>The preview is not up to date: {html.escape(message)}.</strong> "
            "These pages are the last good build; fix the input and it rebuilds."
            f'<ul style="margin:.4em 0 0;padding-left:1.4em">{items}{more}</ul></div>')


def _where(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}:{problem.column}" if problem.line else problem.path


def with_banner(page: bytes, banner: str) -> bytes:
    """The page with the banner first in its body (or first of all, for a page without one)."""
    data = banner.encode("utf-8")
    match = _BODY.search(page)
    at = match.end() if match else 0
    return page[:at] + data + page[at:]


def banner_app(app, current):
    """A WSGI app that puts `current()` (a banner, or None) into every HTML page `app` serves."""
    def wrapped(environ, start_response):
        banner = current()
        if banner is None:
            return app(environ, start_response)
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: captured.setdefault("early", []).append(data)
        chunks = list(app(environ, capture))  # a write() call comes before the returned chunks
        body = b"".join(captured.get("early", []) + chunks)
        headers = captured["headers"]
        if any(k.lower() == "content-type" and v.lower().startswith("text/html") for k, v in headers):
            body = with_banner(body, banner)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        start_response(captured["status"], headers)
        return [body]
    return wrapped
