"""Words in a source that look like names, per script, for the scan for unregistered names (precision first).

- Latin and Cyrillic (scripts with capitals): runs of two or more capitalised words, and single
  capitalised words that stand inside a sentence (not at its start), are not common words the source
  also writes in lower case, not month or day names, and (Russian) that the dictionary reads as proper
  nouns or does not know. So "Turkey" and "Baradar" are asked about; "The" at a sentence's start,
  "Government" in a text that also says "government", and "Afghan" beside a registered Afghanistan are not.
- Arabic script (no capitals): the words that follow a title (وزير الخارجية ..., الرئيس, المتحدث باسم,
  وزیر, رئیس, سخنگوی, آقای): up to three words without the article, stopping at a particle. A name no
  title introduces is not found (said in the guide): guessing names among uncased words would flood
  the analyst with common words.
- Hangul and Han: none yet (no case, and titles follow names in Korean): said in the guide.
"""

from __future__ import annotations

import re

from .inflection import cyrillic_name_word
from .names import TITLE_WORDS

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Žא-תА-ЯЁЂ-Џ"
_LOWER = "a-zß-öø-ÿā-žа-яёђ-џ"
_CAP_WORD = rf"[{_UPPER}][\w'’.-]*[{_LOWER}][\w'’-]*"
_SMALL = r"of|for|the|and|de|al|el|bin|ibn|von|van|e|i|и|де|аль|ибн|бен"
CAPITALISED_RUN = re.compile(rf"(?<![\w-]){_CAP_WORD}(?:\s+(?:(?:{_SMALL})\s+)*{_CAP_WORD})+")
CAPITALISED_WORD = re.compile(rf"(?<![\w-]){_CAP_WORD}(?![\w-])")
ACRONYM = re.compile(rf"(?<![\w-])[{_UPPER}]{{2,8}}(?![\w-])")
# Before a sentence's first word: nothing, or an end of sentence, an opening quote or bracket
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…»\"“”«(\[—–-]\s*|\n)\s*$")

_MONTHS_DAYS = frozenset("""
    january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday январь февраль март апрель май июнь июль август сентябрь
    октябрь ноябрь декабрь понедельник вторник среда четверг пятница суббота воскресенье
""".split())

# Nouns that diplomatic texts capitalise without naming anyone (with names.TITLE_WORDS)
_COMMON = frozenset("""
    participants parties members delegates delegations leaders government governments ministry ministries
    council conference meeting agreement statement declaration communique republic state states nation
    nations people side sides countries country region president minister
""".split())

# Titles before a name in Arabic, Dari/Persian and Pashto; the words of a title's phrase that carry
# the article (الخارجية الروسي) are skipped before the name begins
AR_TITLES = frozenset("""
    وزير الوزير الرئيس رئيس السيد السيدة الشيخ الملا ملا المتحدث الناطق السفير سفير المبعوث مبعوث الممثل
    الأمير الملك الدكتور الجنرال القائد زعيم الزعيم نائب
    وزیر رئیس آقای خانم سخنگوی سفیر نماینده فرستاده معاون ملا مولوی شیخ داکتر دکتر جنرال رهبر
    وزير مشر ښاغلی ویاند استازی
""".split())
_AR_WORD = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0671-\u06D3\u06FA-\u06FF\u200c]+")
_AR_STOP = frozenset("""
    في من إلى الى على عن أن إن و أو ثم قد لقد كان قال وقال التي الذي الذين مع بين خلال بعد قبل هذا هذه
    ذلك تلك كما حيث لا لم لن ما هو هي
    در از به با که و را این آن برای تا یا هم نیز گفت است بود شد کرد می
    د په له او چې کې ته دا هغه وویل
""".split())
_AR_INTRO = frozenset("باسم خارجه خارجة امور امورخارجه الخارجية الخارجيه الروسي الامريكي الأمريكي".split())


def _sentence_start(text: str, at: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, at - 4):at]))


def single_name(text: str, start: int, word: str, lower_words: set[str], registered_words: set[str]) -> bool:
    """Whether a capitalised word alone is worth asking about (see the module's rules)."""
    plain = word.removesuffix("’s").removesuffix("'s").rstrip("’'")
    folded = plain.casefold()
    if len(plain) < 3 or _sentence_start(text, start) or folded in lower_words:
        return False
    if folded in _MONTHS_DAYS or folded in _COMMON or all(p in TITLE_WORDS for p in folded.split("-") if p):
        return False
    # a demonym or adjective of a registered name: Afghan (Afghanistan), Russian (Russia), Iranian (Iran)
    if any(folded.startswith(r) or (len(folded) >= 5 and r.startswith(folded[:5])) for r in registered_words):
        return False
    if re.match(rf"^[{_UPPER}]", plain) and re.search("[а-яё]", folded):
        return cyrillic_name_word(plain)
    return True


def arabic_script_names(text: str) -> list[tuple[int, int]]:
    """Spans of the names that follow a title in Arabic-script text."""
    words = list(_AR_WORD.finditer(text))
    spans = []
    for i, title in enumerate(words):
        if title.group(0) not in AR_TITLES:
            continue
        j = i + 1
        while j < len(words) and j - i <= 3 and (words[j].group(0).startswith("ال") or words[j].group(0) in _AR_INTRO
                                                 or words[j].group(0) in AR_TITLES):
            j += 1  # the rest of the title: الخارجية الروسي, باسم ...
        k = j
        while k < len(words) and k - j < 3 and words[k].group(0) not in _AR_STOP \
                and not words[k].group(0).startswith("ال") and words[k].group(0) not in AR_TITLES \
                and not re.search(r"[\u0660-\u0669\u06F0-\u06F9]", words[k].group(0)) \
                and text[words[k - 1].end():words[k].start()].strip() == "":
            k += 1
        if k > j and (k - j >= 2 or len(words[j].group(0)) >= 4):
            spans.append((words[j].start(), words[k - 1].end()))
    return spans
