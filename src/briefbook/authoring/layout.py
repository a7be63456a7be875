"""What a new seed's layout tells its draft: front matter, headings, the title, kind, language and paragraph rule.

Every guess comes with the reason it was made, so the draft can mark it as a guess. The front matter
(`---` lines at the top, as static-site exports write it) is read with briefbook's safe YAML loader
(no tags, no aliases): its `title:` and `date:` are metadata, never the headline or the id.
"""

from __future__ import annotations

import functools
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from typing import Callable

from ..corpus.loading import load_yaml_text
from ..corpus.paragraphs import ITEM_START, Paragraph, paragraph_spans

_FRONT = re.compile(r"\A---[ \t]*\n(.{0,20000}?\n)---[ \t]*(?:\n|\Z)", re.S)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SPEAKER = re.compile(r"^\s*(?:[A-ZА-ЯЁ][A-ZА-ЯЁ.'’ -]{1,40}|Q|A|[A-Z][a-z]+(?: [A-Z][a-z.]+){1,3}|"
                      r"[А-ЯЁ][а-яё]+(?: [А-ЯЁ][а-яё.]+){1,2}):\s+\S")
_BOILERPLATE = re.compile(r"(?i)^(home\s*/|about admin|check also|read more|please enter your|"
                          r"share this|related posts|leave a (comment|reply)|subscribe|photo:|image:|"
                          r"читайте также|اقرأ أيضا|همچنین بخوانید)")
_END = ".!?:;\"”»)…。"
_LABEL_ONLY = re.compile(r"(?i)^(press releases?|statements?|fact sheets?|transcripts?|news|briefing room|"
                         r"speeches and remarks|statements and releases|for immediate release)\W*$")
_DATE_ONLY = re.compile(r"^\W*(?:\w+\W+){0,4}\d{4}\W*$")

# (kind, words that say it, in the title or the opening lines), first match wins
_KINDS = [
    ("fact-sheet", r"fact sheet|справка|صحيفة وقائع|فکت شیت"),
    ("video-message", r"video (?:message|address)|видеообращение|رسالة (?:مصورة|فيديو)|پیام ویدیویی"),
    ("chairs-statement", r"chair(?:man)?['’]s statement|statement (?:by|of) the chair"),
    ("declaration", r"\bdeclaration\b|декларац|إعلان|اعلامیه"),
    ("press-release", r"press release|пресс-релиз|بيان صحفي|خبرنامه"),
    ("speech", r"\b(?:remarks|speech|address) (?:by|of|at)\b|выступление|كلمة|سخنرانی"),
    ("interview", r"\binterview\b|интервью|مقابلة|مصاحبه"),
    ("statement", r"\bstatement\b|заявлени|بيان|بیانیه|اعلامیه"),
]


@dataclass(frozen=True)
class Layout:
    """The guesses for a draft, each with the reason given in the draft's comment."""

    title: str | None
    kind: tuple[str, str]
    language: tuple[str, str]
    rule: tuple[str, str]
    front_matter: dict = field(default_factory=dict)
    front_paragraphs: frozenset[int] = frozenset()
    boilerplate: tuple[int, ...] = ()


def read_layout(text: str, cut: Callable[[str], tuple[Paragraph, ...]]) -> tuple[Layout, tuple[Paragraph, ...]]:
    """Everything the draft guesses from the seed's text, and its paragraphs as `cut` makes them by the rule
    proposed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, front_end = front_matter(text)
    rule = guess_rule(text[front_end:])
    paragraphs = cut(rule[0])
    spans = paragraph_spans(text, rule[0])
    front = frozenset(i for i, (s, _) in enumerate(spans, 1) if s < front_end)
    body = [p for p in paragraphs if p.number not in front]
    boiler = tuple(sorted(front | {p.number for p in body if _BOILERPLATE.search(" ".join(p.text.split()))
                                   or _LABEL_ONLY.match(" ".join(p.text.split()))}))
    title = _meta_text(meta.get("title")) or guess_title([p for p in body if p.number not in boiler])
    return Layout(title, guess_kind(title, body, rule[0]), guess_language(body), rule, meta, front, boiler), paragraphs


def front_matter(text: str) -> tuple[dict, int]:
    """The front matter's fields (strings, dates as written) and where the text after it starts."""
    found = _FRONT.match(text)
    if not found:
        return {}, 0
    located, _ = load_yaml_text(found.group(1), "front matter")
    data = located.data if located is not None and isinstance(located.data, dict) else {}
    return {str(k): v for k, v in data.items() if isinstance(v, (str, int, float)) or hasattr(v, "isoformat")}, found.end()


def _meta_text(value) -> str | None:
    return " ".join(str(value).split())[:300] or None if isinstance(value, str) else None


def plain_line(line: str) -> tuple[str, int]:
    """A line without its Markdown heading marks, and its heading level (0 for none)."""
    found = _HEADING.match(line)
    return (found.group(2).strip(), len(found.group(1))) if found else (line.strip(), 0)


def guess_title(paragraphs: list[Paragraph]) -> str | None:
    """The headline: a top-level Markdown heading, or the first short line near the top that reads like one;
    a kicker question is passed over when a headline follows it."""
    lines = [plain_line(line) for p in paragraphs[:8] for line in p.text.split("\n") if line.strip()][:12]
    for line, level in lines:
        if level == 1:
            return line
    candidates = [line for line, _ in lines if _headline_like(line)]
    for i, line in enumerate(candidates):
        if not line.endswith(("?", "؟")) or i + 1 == len(candidates):
            return line
    return None


def _headline_like(line: str) -> bool:
    words = line.split()
    return (3 <= len(words) <= 25 and not line.endswith((".", "。")) and not _BOILERPLATE.search(line)
            and not _LABEL_ONLY.match(line) and not _DATE_ONLY.match(line))


def guess_kind(title: str | None, body: list[Paragraph], rule: str) -> tuple[str, str]:
    """The document's kind, and why: speaker labels make a transcript, numbered items a declaration..."""
    labels = sum(1 for p in body for line in p.text.split("\n") if _SPEAKER.match(line))
    opening = " ".join([title or ""] + [p.text for p in body[:8]])[:1500].casefold()
    if labels >= 3:
        return ("interview" if re.search(r"interview|интервью|مقابلة|مصاحبه", opening) else "transcript",
                f"{labels} lines start with a speaker's label")
    for kind, words in _KINDS:
        if found := re.search(words, opening):
            return kind, f"the opening says {found.group(0)!r}"
    items = sum(1 for p in body if ITEM_START.match(p.text))
    if rule == "numbered" and items >= 3:
        return "declaration", f"{items} numbered items"
    return "news-report", "no other kind's words or layout found"


@functools.lru_cache(maxsize=1)
def _identifier():
    """py3langid's model (BSD-3-Clause, 4.6 MB), loaded once: about 3 s."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


_DARI = re.compile(r"(?<!\w)(?:حمل|ثور|جوزا|سرطان|اسد|سنبله|میزان|عقرب|قوس|جدی|دلو|حوت|کابل|افغانستان|هرات|"
                   r"بلخ|ولسوالی|شاروالی|پوهنتون)(?!\w)")


def guess_language(body: list[Paragraph]) -> tuple[str, str]:
    """The document's language code, and how it was found (py3langid, or the script when it is missing)."""
    text = " ".join(" ".join(p.text.split()) for p in body)[:20000]
    if not text.strip():
        return "en", "no text to read"
    try:
        code, confidence = _identifier().classify(text)
        how = f"identified by py3langid ({confidence:.0%})"
    except ImportError:  # py3langid is a dependency; a broken install falls back to the script
        code, how = _by_script(text), "from the script"
    if code == "fa" and _DARI.search(text):
        return "fa-AF", how + "; Dari: Afghan months or places"
    return code, how


def _by_script(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    names = [unicodedata.name(c, "") for c in letters]
    count = {s: sum(n.startswith(s) for n in names) for s in ("CYRILLIC", "ARABIC", "HANGUL", "CJK")}
    script = max(count, key=count.get)
    if not letters or count[script] < len(letters) / 2:
        return "en"
    if script == "ARABIC":
        return "ps" if re.search("[ټډړږښګڼېۍ]", text) else "fa" if re.search("[پچژگکی]", text) else "ar"
    return {"CYRILLIC": "ru", "HANGUL": "ko", "CJK": "zh"}[script]


def guess_rule(text: str) -> tuple[str, str]:
    """The paragraph rule the layout asks for (corpus/paragraphs.py), and why."""
    blocks = [[line for line in text[s:e].split("\n") if line.strip()] for s, e in paragraph_spans(text)]
    merged_items = sum(1 for b in blocks for line in b[1:] if ITEM_START.match(line))
    if merged_items >= 2:
        return "numbered", f"{merged_items + 1} numbered items share blank-line blocks"
    breaks = [(line, b) for b in blocks if len(b) > 1 for line in b[:-1]]
    if not breaks:
        return "blank-lines", "every paragraph is one line"
    lengths = [len(line) for b in blocks if len(b) > 1 for line in b]
    width = statistics.quantiles(lengths, n=10, method="inclusive")[-1] if len(lengths) > 1 else lengths[0]
    wrapped = sum(1 for line, _ in breaks if 40 <= width <= 100 and len(line) >= 0.6 * width
                  and not line.rstrip().endswith(tuple(_END)))
    if wrapped >= 0.5 * len(breaks):
        return "hard-wrapped", f"lines break mid-sentence at about {round(width)} columns"
    if wrapped <= 0.2 * len(breaks) and len(breaks) >= 2:
        return "lines", "lines inside blocks are whole units (captions, links, leads, quotes)"
    return "blank-lines", "paragraphs are separated by blank lines"
