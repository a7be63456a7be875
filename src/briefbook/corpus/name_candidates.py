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
- Hangul (no capitals, and titles follow names in Korean): the one or two words before a title (가니
  대통령, 세르게이 라브로프 장관, 라브로프 러시아 외무장관 with 러시아 registered), a registered name between
  them and the title skipped; a word ending in a particle (정부는) or a common noun (평화 특사) is no name.
- Han: none (no word breaks to tell a name's ends by): said in the guide.
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
_SENTENCE_START = re.compile(r"(?:^|[.!?:;…»\"“”«(\[—–#-]\s*|\n)\s*$")

_MONTHS_DAYS = frozenset("""
    january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday январь февраль март апрель май июнь июль август сентябрь
    октябрь ноябрь декабрь понедельник вторник среда четверг пятница суббота воскресенье
    jan feb mar apr jun jul aug sep sept oct nov dec
""".split())

# Nouns that diplomatic texts capitalise without naming anyone (with names.TITLE_WORDS)
_COMMON = frozenset("""
    participants parties members delegates delegations leaders government governments ministry ministries office
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
# A title of a body's head (رئیس شورای عالی مصالحه ملی): where its name ends is not told, so no name is guessed
_AR_BODIES = frozenset("شورای وزارت کمیسیون هیئت اداره دفتر مجلس حزب مجلس مجلس هيئة وزارة مجلس لجنة حزب".split())
_AR_INTRO = frozenset("باسم خارجه خارجة امور امورخارجه الخارجية الخارجيه الروسي الامريكي الأمريكي".split())


# Words that are no actor's name however written (with _COMMON, names.TITLE_WORDS and _MONTHS_DAYS)
_DEMONYM_ENDS = ("ian", "ean", "ese", "ish")
_NO_NAMES = frozenset("god allah lord amen end edt est gmt utc cet am pm".split())
_AND_THE = re.compile(r"\s+(?:and|or|и)\s+(?:the\s+)?(?=\S)")


def not_a_name_run(words: list[str]) -> bool:
    """Whether capitalised words are titles, common nouns, months or days only: 'Vice President', 'May', 'God'."""
    folded = [w.casefold().removesuffix("’s").removesuffix("'s").strip(".,") for w in words]
    return all(w in TITLE_WORDS or w in _COMMON or w in _MONTHS_DAYS or w in _NO_NAMES
               or all(p in TITLE_WORDS for p in w.split("-") if p) for w in folded)


# Titles that, inside a run, stand between what precedes them and a name ("Afghan President Ashraf Ghani")
_TITLE_CUT = frozenset("""
    president vice prime minister secretary secretary-general ambassador envoy spokesman spokeswoman spokesperson
    chairman chairwoman commander mullah mawlawi maulvi sheikh king queen prince emir amir dr mr mrs ms senator
    governor mayor general representative deputy chief director foreign special acting
""".split())


def _title_cuts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The piece of a run cut around titles inside it that a name follows: 'Afghan President Ashraf Ghani' →
    'Afghan', 'Ashraf Ghani'; a title at the run's end ('Office of the President') stays."""
    words = list(re.finditer(r"\S+", text[start:end]))
    cuts, k = [], 0
    while k < len(words):
        j = k
        while j < len(words) and words[j].group(0).strip(".,").casefold() in _TITLE_CUT and words[j].group(0)[:1].isupper():
            j += 1
        if j > k and j < len(words) and words[j].group(0)[:1].isupper() \
                and words[j].group(0).strip(".,").casefold() not in _COMMON:  # "Afghan Foreign Ministry" stays
            cuts.append((k, j))
        k = max(j, k + 1)
    pieces, first = [], 0
    for k, j in cuts:
        if k > first:
            pieces.append((start + words[first].start(), start + words[k - 1].end()))
        first = j
    pieces.append((start + words[first].start(), end))
    return pieces


def split_run(text: str, hit: re.Match) -> list[tuple[int, int]]:
    """A run of capitalised words cut at 'and'/'or' ('Congress and the Vice President', 'Китая и Индии' are two
    names each; 'Bosnia and Herzegovina' is asked about as two words, registered as one name)."""
    pieces, start = [], hit.start()
    for cut in _AND_THE.finditer(text, hit.start(), hit.end()):
        pieces.append((start, cut.start()))
        start = cut.end()
    pieces.append((start, hit.end()))
    return [cut for s, e in pieces for cut in _title_cuts(text, s, e)]


def _sentence_start(text: str, at: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, at - 4):at]))


def single_name(text: str, start: int, word: str, lower_words: set[str], registered_words: set[str],
                starts_ok: bool = False) -> bool:
    """Whether a capitalised word alone is worth asking about (see the module's rules); `starts_ok` for the
    first of two names joined by 'and' (Ахмедов и Эрдоган встретились), which may start a sentence."""
    plain = word.removesuffix("’s").removesuffix("'s").rstrip("’'")
    folded = plain.casefold()
    if len(plain) < 3 or (_sentence_start(text, start) and not starts_ok) or folded in lower_words:
        return False
    if folded.endswith(_DEMONYM_ENDS) and re.match(r"\s+[a-zа-яё]", text[start + len(word):]):
        return False  # an adjective before a noun: "Russian officials"
    if folded in _MONTHS_DAYS or folded in _COMMON or folded in _NO_NAMES \
            or all(p in TITLE_WORDS for p in folded.split("-") if p):
        return False
    # a demonym or adjective of a registered name: Afghan (Afghanistan), Russian (Russia), Iranian (Iran)
    if any(folded.startswith(r) or (len(folded) >= 5 and r.startswith(folded[:5])) for r in registered_words):
        return False
    if re.match(rf"^[{_UPPER}]", plain) and re.search("[а-яё]", folded):
        return cyrillic_name_word(plain)
    return True


# Common given names: after the title of a body's head (رئیس شورای عالی مصالحه ملی عبدالله عبدالله) a name is
# taken only from one of these on, since where the body's name ends is not written
_AR_GIVEN = frozenset("""
    محمد محمود احمد أحمد عبدالله عبد علي علی حامد اشرف أشرف حنيف حنیف ذبيح ذبیح سهيل سهیل عمر خالد حسن حسين
    حسین عبدالغني عبدالغنی رحمن رحمان امرالله گلبدین گلبدين صلاح فضل نور زلمی زلماي سيد سید
""".split())


def _given_name_after_body(words: list, j: int) -> int | None:
    """Where a name starts after a body's name (the first common given name within six words), or None."""
    for k in range(j + 1, min(j + 7, len(words))):
        word = words[k].group(0)
        if word in _AR_STOP:
            return None
        if word in _AR_GIVEN:
            return k
    return None


def arabic_script_names(text: str, known: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of the names that follow a title in Arabic-script text (a registered name inside the title's
    phrase skipped: المتحدث باسم طالبان ذبيح الله مجاهد); after a body's head (رئیس شورای ...) only from a common
    given name on."""
    words = list(_AR_WORD.finditer(text))
    spans = []
    for i, title in enumerate(words):
        if title.group(0) not in AR_TITLES:
            continue
        j = i + 1
        if j < len(words) and words[j].group(0) in _AR_BODIES:
            j = _given_name_after_body(words, j)
            if j is None:
                continue
        while j < len(words) and j - i <= 4 and (words[j].group(0).startswith("ال") or words[j].group(0) in _AR_INTRO
                                                 or words[j].group(0) in AR_TITLES
                                                 or any(s <= words[j].start() < e for s, e in known)):
            j += 1  # the rest of the title: الخارجية الروسي, باسم طالبان ...
        k = j
        while k < len(words) and k - j < 3 and words[k].group(0) not in _AR_STOP \
                and (not words[k].group(0).startswith("ال") or words[k].group(0) == "الله" and k > j) \
                and words[k].group(0) not in AR_TITLES \
                and not re.search(r"[\u0660-\u0669\u06F0-\u06F9]", words[k].group(0)) \
                and text[words[k - 1].end():words[k].start()].strip() == "":
            k += 1
        if k > j and (k - j >= 2 or len(words[j].group(0)) >= 4):
            spans.append((words[j].start(), words[k - 1].end()))
    return spans


# Korean titles come after the name, and may carry a particle (장관은, 대통령이)
KO_TITLES = ("대통령", "부통령", "장관", "외무장관", "외교장관", "국무장관", "국방장관", "특사", "특별대표", "대표",
             "총리", "의장", "대변인", "사무총장", "대사", "위원장", "지도자", "국왕", "부장", "차관", "박사", "씨")
_KO_WORD = re.compile(r"[\uAC00-\uD7A3]+")
_KO_TITLE = re.compile(rf"^(?:{'|'.join(sorted(KO_TITLES, key=len, reverse=True))})"
                       r"(?:이|가|은|는|을|를|의|에게|와|과|도|께서|측)?$")
_KO_PARTICLE_END = ("은", "는", "을", "를", "의", "에", "와", "과", "도", "로", "에서", "에게", "께서")
_KO_COMMON = frozenset("""
    평화 정부 외무 외교 국무 국방 신임 전임 특별 공동 당시 회의 협상 국가 지역 정상 아프간
""".split())


def hangul_names(text: str, known: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Spans of the names before a title in Korean text (see the module's rules)."""
    words = list(_KO_WORD.finditer(text))

    def next_to(left, right) -> bool:
        return text[left.end():right.start()].strip() == ""

    def is_known(word) -> bool:
        return any(s < word.end() and word.start() < e for s, e in known)

    spans = []
    for i, title in enumerate(words):
        if not _KO_TITLE.match(title.group(0)):
            continue
        j = i - 1
        while j >= 0 and is_known(words[j]) and next_to(words[j], words[j + 1]):
            j -= 1  # 라브로프 러시아 외무장관: the registered 러시아 stands between the name and the title
        k = j
        while k >= 0 and j - k < 2 and next_to(words[k], words[k + 1]) and _ko_name_word(words[k].group(0)) \
                and not is_known(words[k]):
            k -= 1
        if k < j:
            spans.append((words[k + 1].start(), words[j].end()))
    return spans


def _ko_name_word(word: str) -> bool:
    return len(word) >= 2 and not word.endswith(_KO_PARTICLE_END) and word not in _KO_COMMON \
        and not _KO_TITLE.match(word)
