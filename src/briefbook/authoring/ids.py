"""Ids for new entries and documents: stable kebab-case from a name in any script, never one taken."""

from __future__ import annotations

import hashlib
import json
import re

from ..corpus.models import RESERVED_IDS
from ..corpus.paragraphs import normalise


MAX_ID = 60


# Arabic script writes no short vowels, so a letter-by-letter romanisation is unreadable
# (عبدالله → bdllh). Name words the sources of a peace process use, romanised as they are usually
# written in English; `romanise` reads a name word by word from here, and `readable_id` says whether
# every word was found (else `add-actor` asks for an id and suggests one).
ARABIC_NAME_WORDS = {
    "عبدالله": "abdullah", "عبد": "abd", "الله": "allah", "محمد": "mohammad", "احمد": "ahmad", "علي": "ali",
    "حسن": "hassan", "حسين": "hussein", "عمر": "omar", "خالد": "khalid", "اشرف": "ashraf", "غني": "ghani",
    "حامد": "hamid", "كرزاي": "karzai", "کرزی": "karzai", "حنيف": "haneef", "حنیف": "haneef", "اتمر": "atmar",
    "ذبيح": "zabih", "ذبیح": "zabih", "ذبيح‌الله": "zabihullah", "ذبیح‌الله": "zabihullah",
    "ذبيح الله": "zabihullah", "مجاهد": "mujahid", "برادر": "baradar", "ملا": "mullah", "هبة": "hibat",
    "سراج": "siraj", "الدين": "uddin", "حقاني": "haqqani", "حقانی": "haqqani", "خليل": "khalil", "خلیل": "khalil",
    "رحمن": "rahman", "رحيم": "rahim", "رحیم": "rahim", "كريم": "karim", "کریم": "karim", "يوسف": "yusuf",
    "یوسف": "yusuf", "ابراهيم": "ibrahim", "ابراهیم": "ibrahim", "مصطفى": "mustafa", "محمود": "mahmoud",
    "جلال": "jalal", "نور": "noor", "شاه": "shah", "امير": "amir", "امیر": "amir", "خان": "khan", "زلمی": "zalmay",
    "خليلزاد": "khalilzad", "خلیلزاد": "khalilzad", "طالبان": "taliban", "افغانستان": "afghanistan",
    "دوحه": "doha", "الدوحة": "doha", "دوحة": "doha", "كابل": "kabul", "کابل": "kabul", "قطر": "qatar",
    "روسيا": "russia", "روسیه": "russia", "لافروف": "lavrov", "لاوروف": "lavrov", "سيرغي": "sergey",
    "سرگئی": "sergey", "داعش": "daesh", "حكومة": "hukumat", "حکومت": "hukumat", "شورای": "shura-ye",
    "عالی": "ali", "مصالحه": "musalaha", "ملی": "milli", "وزارت": "wizarat", "خارجه": "kharija",
    "جمهوری": "jamhuri", "اسلامی": "islami", "امارت": "imarat", "حزب": "hizb", "اسلامي": "islami",
    "پاکستان": "pakistan", "باكستان": "pakistan", "ایران": "iran", "إيران": "iran", "چین": "chin",
    "الصين": "china", "امریکا": "amrika", "أمريكا": "amrika", "جنيف": "geneva", "ژنو": "geneva",
}
_ARABIC_LETTER = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")


def _arabic_word(word: str) -> str | None:
    plain = _ARABIC_MARKS.sub("", word).translate({0x0623: 0x0627, 0x0625: 0x0627, 0x0622: 0x0627})
    if plain in ARABIC_NAME_WORDS:
        return ARABIC_NAME_WORDS[plain]
    if plain.startswith("عبدال") and plain[5:] in ARABIC_NAME_WORDS:  # عبدالرحمن → abdul-rahman
        return "abdul-" + ARABIC_NAME_WORDS[plain[5:]]
    if plain.startswith("ال") and plain[2:] in ARABIC_NAME_WORDS:  # the article: al-
        return "al-" + ARABIC_NAME_WORDS[plain[2:]]
    return None


def romanise(name: str) -> tuple[str, bool]:
    """The name in Latin letters, and whether that is readable: Arabic-script words from
    ARABIC_NAME_WORDS (with vowels), every other script by anyascii (Сергей Лавров → Sergey Lavrov,
    김영채 → gimyeongchae). An Arabic-script word not in the list is spelled letter by letter (no
    vowels: not readable)."""
    from anyascii import anyascii
    words, readable = [], True
    for whole in normalise(name).split():
        found = _arabic_word(whole) if _ARABIC_LETTER.search(whole) else None
        for word in [whole] if found is not None else whole.split("\u200c"):  # ذبیح‌الله: one word, or two
            if _ARABIC_LETTER.search(word):
                found = found if word is whole else _arabic_word(word)
                readable = readable and found is not None
                words.append(found if found is not None else anyascii(word))
            else:
                words.append(anyascii(word))
    return " ".join(words), readable


def readable_id(name: str) -> bool:
    """Whether the id slugify makes for the name reads as the name does (see `romanise`)."""
    return romanise(name)[1]


def slugify(name: str, taken: set[str] = frozenset()) -> str:
    """A stable kebab-case id for any name, Latin or not; never empty, never one already taken.

    Non-Latin names are romanised (Сергей Лавров → sergey-lavrov, 김영채 → gimyeongchae,
    عبدالله عبدالله → abdullah-abdullah); a name with nothing to romanise gets a hash-based id.
    """
    text = romanise(name)[0].lower()
    slug = _cut(re.sub(r"[^a-z0-9]+", "-", text).strip("-"), MAX_ID)
    if not slug:
        slug = "id-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    if slug in RESERVED_IDS:
        slug += "-1"
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{_cut(slug, MAX_ID - len(str(n)) - 1)}-{n}"
        n += 1
    return candidate


def _cut(slug: str, limit: int) -> str:
    """The slug at most `limit` long, cut after a whole word (mid-word only when its first word is longer)."""
    if len(slug) <= limit:
        return slug
    cut = slug[:limit + 1].rfind("-")
    return (slug[:cut] if cut > 0 else slug[:limit]).strip("-")


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
