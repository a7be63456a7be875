"""Short Russian, Arabic, Dari and Chinese documents written for the tests (issue 14), and a project made
of the bundled corpus plus them: `multilingual_project(root)`.

The documents (seeds/ and briefings/ beside this file) carry names in inflected and prefixed forms
(Лавров, Лаврова, Лавровым; لافروف, ولافروف; داعش, لداعش), places in their own script (Доха, الدوحة,
دوحه), dates as the sources write them (24 ноября 2020 года, ٢٤ نوفمبر ٢٠٢٠, ۱۳۹۹/۰۹/۰۴) and quotes with
the analyst's translation. The registry gets the names in those scripts as aliases, once each (no
inflected form is listed: finding those is the engine's job).
"""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# (actor id, the aliases line in the bundled registry, the same line with the other scripts' names)
ALIASES = [
    ("sergey-lavrov", "    aliases: [Lavrov]\n",
     "    aliases: [Lavrov, Лавров, Сергей Лавров, لافروف, سيرغي لافروف, لاوروف, سرگئی لاوروف, 拉夫罗夫]\n"),
    ("taliban", "    aliases: [Taliban movement]\n",
     "    aliases: [Taliban movement, Талибан, движение Талибан, طالبان, حركة طالبان, 塔利班]\n"),
    ("abdullah-abdullah", "    aliases: [Abdullah, Dr. Abdullah Abdullah]\n",
     "    aliases: [Abdullah, Dr. Abdullah Abdullah, عبدالله عبدالله]\n"),
    ("isis", "    name: ISIS\n    kind: armed-group\n",
     "    name: ISIS\n    kind: armed-group\n    aliases: [ИГИЛ, داعش]\n"),
]

# (place id, its entry's line in the bundled places registry, the same with the names in other scripts)
PLACES = [
    ("doha", "    name: Doha\n", "    name: Doha\n    aliases: [Доха, الدوحة, دوحه]\n"),
    ("moscow", "    name: Moscow\n", "    name: Moscow\n    aliases: [Москва, موسكو]\n"),
    ("geneva", "    name: Geneva\n", "    name: Geneva\n    aliases: [Женева, جنيف, ژنو]\n"),
    ("kabul", "    name: Kabul\n", "    name: Kabul\n    aliases: [Кабул, كابول, کابل]\n"),
]

DOCUMENTS = sorted(p.stem for p in (HERE / "briefings").glob("*.yaml"))


def add_multilingual(root: Path) -> None:
    """The test documents and the registry's names in their scripts, added to the project at root."""
    for path in sorted((HERE / "seeds").glob("*.txt")):
        shutil.copy2(path, root / "seeds" / path.name)
    for path in sorted((HERE / "briefings").glob("*.yaml")):
        shutil.copy2(path, root / "briefings" / path.name)
    path = root / "briefings" / "registry" / "actors.yaml"
    text = path.read_text(encoding="utf-8")
    for actor_id, old, new in ALIASES:
        at = text.index(f"\n  {actor_id}:\n")
        end = text.find("\n\n", at + 1)
        block = text[at:end if end >= 0 else len(text)]
        assert old in block, f"the bundled registry's {actor_id} changed: update tests/multilingual ({old!r})"
        text = text[:at] + block.replace(old, new, 1) + text[at + len(block):]
    path.write_text(text, encoding="utf-8")
    path = root / "briefings" / "registry" / "places.yaml"
    text = path.read_text(encoding="utf-8")
    for place_id, old, new in PLACES:
        assert f"  {place_id}:\n{old}" in text, f"the bundled places' {place_id} changed: update tests/multilingual"
        text = text.replace(f"  {place_id}:\n{old}", f"  {place_id}:\n{new}", 1)
    path.write_text(text, encoding="utf-8")


def multilingual_project(root: Path) -> Path:
    """The bundled corpus (seeds, briefings, templates, mkdocs.yml, hand-written docs) plus the test
    documents, pinned, at root (created)."""
    from conftest import copy_site_skeleton, pin_briefings
    root.mkdir(parents=True)
    copy_site_skeleton(root)
    for name in ("seeds", "briefings"):
        shutil.copytree(REPO / name, root / name)
    add_multilingual(root)
    pin_briefings(root)
    return root
