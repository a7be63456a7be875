"""The preview says on the page when it is stale: a failed rebuild puts a banner naming each error at
file:line into every page served (escaped), and the next good rebuild takes it away. Through the real server."""

from __future__ import annotations

import re

from conftest import ACTORS_YAML
from test_serve import _get, _wait_for, serving

BANNER = 'id="briefbook-preview-errors"'


def test_a_failed_rebuild_shows_a_banner_on_every_page_until_it_is_fixed(make_project, tmp_path):
    root = make_project()
    log = tmp_path / "serve.log"
    with serving(root, log) as (proc, base):
        first = _wait_for(lambda: _get(f"{base}/actors/ada-vance.html"), 60, "the first page", proc, log)
        assert BANNER not in first

        # errors in two files, one with markup in it: each named at file:line:col, escaped, on every page
        actors = root / "briefings" / "registry" / "actors.yaml"
        briefing = root / "briefings" / "alpha-statement.yaml"
        good_briefing = briefing.read_text(encoding="utf-8")
        briefing.write_text(good_briefing.replace("speaker: ada-vance", "speaker: nobody"), encoding="utf-8")
        actors.write_text(ACTORS_YAML.replace("kind: person", "kind: <b>wizard</b>"), encoding="utf-8")
        page = _wait_for(lambda: (p := _get(f"{base}/actors/ada-vance.html")) and BANNER in p and p, 60,
                         "the banner", proc, log)
        banner = page.split(BANNER, 1)[1].split("</div>", 1)[0]
        items = re.findall(r"<li><code>([^<]*)</code> ([a-z-]+):", banner)
        assert ("briefings/registry/actors.yaml:9:11", "bad-value") in items
        assert ("briefings/alpha-statement.yaml:27:14", "unknown-actor") in items, items
        assert "&lt;b&gt;wizard&lt;/b&gt;" in banner and "<b>wizard" not in page
        assert page.index(BANNER) > page.index("<body")
        for other in ("/", "/events/lakeside-talks-2020.html"):
            assert BANNER in (_get(base + other) or "")
        assert "Foreign minister of Norland." in page  # the last good page, under the banner

        # fixed: the banner is gone
        actors.write_text(ACTORS_YAML, encoding="utf-8")
        briefing.write_text(good_briefing, encoding="utf-8")
        _wait_for(lambda: (p := _get(f"{base}/actors/ada-vance.html")) and BANNER not in p, 60,
                  "the banner to go", proc, log)
        assert BANNER not in (_get(base + "/") or "")
        assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
