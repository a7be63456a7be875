"""The forms a registered name takes in running text: Russian cases, Arabic attached prefixes, Korean particles.

A registry lists a name once (Лавров, لافروف, 탈레반); sources write Лаврова, Лавровым, ولافروف,
للدوحة, 탈레반이. `forms(name)` gives every such form so that the name index finds them as the
registered name, without the analyst listing each by hand. Each form is a whole word: the name
rules of `names.py` (a name inside a longer run of name words is no mention) apply to them as to
the registered name.

- Cyrillic: each word's singular case forms from pymorphy3's Russian dictionary (MIT), taken only from
  its nominative readings (so Лавров, a surname, is not also read as the genitive plural of лавр, whose
  forms лавра, лавру would then match); the words of a name inflect together (Сергея Лаврова), or its
  first word alone (движения Талибан).
- Arabic script: the proclitics و ف ب ك ل and the article on the first word (ولافروف, بالدوحة,
  للدوحة for ل + الدوحة), for every Arabic-script name: a prefixed form must still be the whole name
  plus the prefix, so Persian and Pashto text (which writes these words apart) loses no precision.
- Persian (Dari) and Pashto suffixes on the last word, written attached: the plural ها/های (طالبانها; with
  a zero-width non-joiner, طالبان‌ها, the name is found as written already), the ezafe ی after a final
  vowel letter (آمریکای, not the adjective ایرانی), Pashto's oblique plural و after ان (د طالبانو) and its
  oblique ې for a final ا or ه (امریکې).
- Hangul: the common particles after the name (탈레반이, 탈레반은, 탈레반과, 탈레반에서).
- Han and kana need no forms: names are found inside the unspaced text (names.py).
"""

from __future__ import annotations

import functools
import re

_CYRILLIC_WORD = re.compile(r"^[\u0400-\u04FF]+(?:-[\u0400-\u04FF]+)*$")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_HANGUL_END = re.compile(r"[\uAC00-\uD7A3]$")
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# و ف ب ك ل and their usual combinations before a word; before the article ل + ال is written لل
_AR_PROCLITICS = ("و", "ف", "ب", "ك", "ل", "وب", "ول", "وك", "فب", "فل", "فك")
_AR_BEFORE_ARTICLE = ("و", "ف", "ب", "ك", "وب", "فب", "وك")
_KO_PARTICLES = ("이", "가", "은", "는", "을", "를", "의", "에", "에서", "에게", "와", "과", "도", "만", "로", "으로",
                 "께서", "이다", "측", "과의", "와의")


@functools.lru_cache(maxsize=1)
def _morph():
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


def _like(form: str, model: str) -> str:
    """form written with the capitals of model (ЛАВРОВ → ЛАВРОВА, Лавров → Лаврова)."""
    if model.isupper() and len(model) > 1:
        return form.upper()
    if model[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in form.split("-")) if "-" in model else \
            form[:1].upper() + form[1:]
    return form


@functools.lru_cache(maxsize=8192)
def russian_cases(word: str) -> dict[str, frozenset[str]]:
    """Case → the word's forms in that case (singular; plural for a word only plural), from its nominative
    readings; {} when the dictionary has no nominative reading of it (it is then left as written)."""
    if not _CYRILLIC_WORD.match(word) or len(word) < 3:
        return {}
    cases: dict[str, set[str]] = {}
    for parse in _morph().parse(word.casefold()):
        if "nomn" not in parse.tag or parse.score < 0.05:
            continue
        number, gender = parse.tag.number, parse.tag.gender
        for form in parse.lexeme:
            case = {"gen2": "gent", "loc2": "loct", "acc2": "accs"}.get(str(form.tag.case or ""),
                                                                      str(form.tag.case or ""))
            # the same number and gender: Лавровой is another person (Лаврова, a woman), not Лавров
            if case in _CASES and form.tag.number == number and (gender is None or form.tag.gender in (gender, None)):
                cases.setdefault(case, set()).add(_like(form.word, word))
    return {case: frozenset(found) for case, found in cases.items()}


def _cyrillic_forms(name: str) -> set[str]:
    words = name.split(" ")
    per_word = [russian_cases(w) for w in words]
    if not any(per_word):
        return set()
    out: set[str] = set()
    for case in _CASES:  # all words in one case: Сергея Лаврова
        choices = [sorted(cases.get(case, ())) or [w] for w, cases in zip(words, per_word)]
        combos = [""]
        for options in choices:
            combos = [f"{c} {o}".strip() for c in combos for o in options[:3]]
        out.update(combos)
    if len(words) > 1 and per_word[0]:  # the first word alone: движения Талибан
        for forms in per_word[0].values():
            out.update(" ".join([f, *words[1:]]) for f in forms)
    return out


def _arabic_forms(name: str) -> set[str]:
    first, _, rest = name.partition(" ")
    tail = f" {rest}" if rest else ""
    out: set[str] = set()
    if first.startswith("ال"):
        out.update(p + first + tail for p in _AR_BEFORE_ARTICLE)
        out.update(p + first[1:] + tail for p in ("ل", "ول", "فل"))  # ل + الدوحة → للدوحة
    else:
        out.update(p + first + tail for p in _AR_PROCLITICS)
        out.update(p + first + tail for p in ("ال", "وال", "بال", "فال", "كال", "لل"))
    return out


def _persian_pashto_forms(name: str) -> set[str]:
    out = {name + suffix for suffix in ("ها", "های")}
    if name.endswith(("ا", "و")):
        out.add(name + "ی")  # ezafe after a vowel: آمریکای شمالی
    if name.endswith("ان"):
        out.add(name + "و")  # Pashto oblique plural: د طالبانو
    if name.endswith(("ا", "ه")):
        out.add(name[:-1] + "ې")  # Pashto oblique: امریکا → د امریکې
    return out


def forms(name: str) -> frozenset[str]:
    """Every other form the registered name takes in text (the name itself not included)."""
    name = name.strip()
    out: set[str] = set()
    if all(_CYRILLIC_WORD.match(w) or not w.isalpha() for w in name.split(" ")) and any(
            _CYRILLIC_WORD.match(w) for w in name.split(" ")):
        out |= _cyrillic_forms(name)
    elif _ARABIC.match(name):
        out |= _arabic_forms(name) | _persian_pashto_forms(name)
    elif _HANGUL_END.search(name):
        out.update(name + particle for particle in _KO_PARTICLES)
    out.discard(name)
    return frozenset(out)


_PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}


@functools.lru_cache(maxsize=16384)
def _readings(word: str) -> tuple[bool, frozenset[str]]:
    """(whether any reading is a proper noun or the word is unknown, the cases it can be in)."""
    parses = _morph().parse(word.casefold())
    proper = any(_PROPER & set(p.tag.grammemes) for p in parses) or not any(p.is_known for p in parses)
    return proper, frozenset(str(p.tag.case) for p in parses if p.tag.case)


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC_WORD.match(word))


def cyrillic_name_word(word: str) -> bool:
    """A capitalised Russian word is a name word when the dictionary reads it as a proper noun or does not
    know it (a foreign name): Видеообращение and Делегации at a sentence's start are not."""
    return _readings(word)[0]


def same_name(left: str, right: str) -> bool:
    """Two Russian words next to each other are one name only when they can be in one case (Сергея Лаврова);
    a genitive before a name (России Сергей Лавров) is not part of it. Other scripts: always."""
    if not (is_cyrillic(left) and is_cyrillic(right)):
        return True
    a, b = _readings(left)[1], _readings(right)[1]
    return not a or not b or bool(a & b)


def nominative(name: str) -> str:
    """A Russian name as a registry writes it, in the nominative (Китая → Китай, Сергея Лаврова → Сергей Лавров),
    when the dictionary knows each of its inflected words as a proper noun in one shared case; else as written
    (Лаврова stays: it is also a woman's name in the nominative)."""
    words = name.split(" ")
    readings = {}
    for i, word in enumerate(words):
        if is_cyrillic(word) and len(word) >= 3:
            known = [p for p in _morph().parse(word.casefold()) if p.is_known and _PROPER & set(p.tag.grammemes)]
            if known:
                readings[i] = known
    if not readings:
        return name
    shared = set.intersection(*({str(p.tag.case) for p in known} for known in readings.values()))
    if not shared or "nomn" in shared:
        return name
    case = sorted(shared)[0]
    out = list(words)
    for i, known in readings.items():
        reading = next(p for p in known if str(p.tag.case) == case)
        inflected = reading.inflect({"nomn"})
        if inflected is None:
            return name
        out[i] = _like(inflected.word, words[i])
    return " ".join(out)
