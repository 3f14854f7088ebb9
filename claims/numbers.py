"""Find ages ("25-year-old", "aged 25", "Smith, 25,") and quantities ("more than a million people").

A quantity's value is ``<bound><currency><number><%>``: the bound is ``>`` (more than, over),
``>=`` (at least), ``<`` (fewer than, under), ``<=`` (up to, at most) or ``~`` (about, nearly,
some); the number is plain digits with any scale applied ("$5 billion" -> ``$5000000000``,
"34 percent" -> ``34%``, "more than a million people" -> ``>1000000``). Units and nouns stay in
the mention's text only.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .lexicon import CALENDAR_WORDS, MONTH_WORDS
from .model import Mention

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "dozen": 12, "k": 1_000, "bn": 1_000_000_000, "m": 1_000_000,
}  # fmt: skip
_BOUNDS = {
    "more than": ">", "over": ">", "upwards of": ">", "in excess of": ">", "just over": ">",
    "at least": ">=", "no fewer than": ">=", "no less than": ">=",
    "fewer than": "<", "less than": "<", "under": "<", "just under": "<", "below": "<",
    "up to": "<=", "at most": "<=", "as many as": "<=", "no more than": "<=",
    "about": "~", "around": "~", "nearly": "~", "almost": "~", "some": "~", "roughly": "~",
    "approximately": "~", "an estimated": "~", "close to": "~", "an approximate": "~",
}  # fmt: skip
_VAGUE_PLURALS = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1_000,
                  "millions": 1_000_000, "billions": 1_000_000_000}  # fmt: skip
_IRREGULAR_PLURALS = frozenset(
    "people men women children police staff personnel troops cattle sheep fish aircraft "
    "feet teeth mice geese data livestock crew clergy faculty".split()
)
_UNIT_WORDS = frozenset(
    "percent mph kph km kg lb lbs cm mm ft mi acre hectare tonne ton ounce barrel gallon liter "
    "litre meter metre mile kilometer kilometre foot inch pound degree point vote seat".split()
)
_STOP_WORDS = frozenset(
    "of to and or in on at by for from with the a an that which who was were is are be been has "
    "have had will would could may might than as per but not this these those its their his her "
    "it they he she we more most less".split()
)
_HYPHEN_UNITS = (
    "kilometer|kilometre|km|mile|meter|metre|foot|feet|inch|pound|ton|tonne|acre|hectare|"
    "gallon|liter|litre|percent|point|member|seat|bed|story|storey|lane"
)

_WORD_NUMBER = (
    rf"(?:(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(list(_UNITS)[1:10])}))?|{'|'.join(_UNITS)})"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_BOUND = "|".join(sorted(_BOUNDS, key=len, reverse=True))
_SCALE = r"hundred|thousand|million|billion|trillion|dozen|bn|k|m"
_QUANTITY = re.compile(
    rf"(?<![\w$€£¥./-])(?:(?P<bound>{_BOUND})\s+)?(?P<currency>US\$|\$|€|£|¥)?"
    rf"(?:(?P<digits>{_DIGITS})|(?P<words>(?i:{_WORD_NUMBER}))|(?P<article>a|an)(?=\s+(?:{_SCALE})\b))"
    rf"(?P<half>\s+and\s+a\s+half)?"
    rf"(?:\s*(?P<scale>(?:{_SCALE}))\b)?"
    rf"(?:-(?P<hyphen_unit>(?:{_HYPHEN_UNITS})s?)\b)?"
    rf"(?P<percent>\s*%|\s+percent\b|\s+per\s+cent\b)?(?P<degrees>\s*°\s*[CF]?)?"
    rf"(?![\w/]|-\d|\.\d|:\d)",
    re.IGNORECASE,
)
# "once" or "twice" closing a clause counts occurrences ("amended it once —"), unlike "once again".
_TIMES = re.compile(r"(?<=\w\s)(?P<word>once|twice)(?=\s*(?:[—–.,;:)]|\s-|$))", re.IGNORECASE)
_TIMES_VALUES = {"once": "1", "twice": "2"}
_VAGUE = re.compile(r"\b(?P<word>dozens|scores|hundreds|thousands|millions|billions)\s+of\b", re.I)
_AGE_PATTERNS = (
    re.compile(rf"\b(?P<n>\d{{1,3}}|(?i:{_WORD_NUMBER}))[- ](?:year|yr)s?[- ]old\b", re.IGNORECASE),
    re.compile(r"\b(?:aged|age)\s+(?P<n>\d{1,3})\b"),
    re.compile(r"\bat the age of\s+(?P<n>\d{1,3})\b"),
    re.compile(r"\b(?P<n>\d{1,3})\s+years\s+(?:old|of age)\b"),
)
# Every age pattern needs a digit, but for "twenty-year-old", which needs "old".
_DIGIT = re.compile(r"\d")
_OLD = re.compile("old", re.IGNORECASE)
_AGE_AFTER_NAME = re.compile(
    r"(?P<name>[A-Z][\w'’.-]*),\s(?P<n>\d{1,3})"
    r"(?=[,;:)]|\.(?!\d)|\s+(?:said|says|was|were|is|has|had|who|and|of)\b)"
)


def find_ages(text: str) -> list[Mention]:
    """Return the ages in ``text`` as Mentions of kind ``age`` with an integer value."""
    found: list[Mention] = []
    if not _DIGIT.search(text) and not _OLD.search(text):
        return found
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(text):
            _add_age(found, text, match, match.start(), match.end())
    for match in _AGE_AFTER_NAME.finditer(text):
        if match["name"].rstrip(".") not in CALENDAR_WORDS:
            _add_age(found, text, match, match.start("n"), match.end("n"))
    return sorted(found, key=lambda mention: mention.start or 0)


def _add_age(found: list[Mention], text: str, match: re.Match[str], start: int, end: int) -> None:
    age = _small_number(match["n"])
    if age is None or not 0 < age <= 125:
        return
    if any(_overlaps(start, end, other) for other in found):
        return
    found.append(Mention("age", text[start:end], age, start=start, end=end))


def _small_number(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    lowered = raw.lower()
    if "-" in lowered:
        tens, _, unit = lowered.partition("-")
        return _TENS.get(tens, 0) + _UNITS.get(unit, 0) or None
    return _UNITS.get(lowered, _TENS.get(lowered))


def find_quantities(text: str, taken: list[Mention]) -> list[Mention]:
    """Return the counted or measured amounts in ``text`` not inside the ``taken`` mentions."""
    found: list[Mention] = []
    for match in _QUANTITY.finditer(text):
        mention = _quantity(text, match)
        if mention is not None and not any(_overlaps_mention(mention, t) for t in taken):
            found.append(mention)
    for match in _VAGUE.finditer(text):
        end = _noun_end(text, match.end()) or _phrase_end(text, match.end())
        if end is not None:
            value = ">" + str(_VAGUE_PLURALS[match["word"].lower()])
            start = match.start()
            mention = Mention("quantity", text[start:end], value, start=start, end=end)
            if not any(_overlaps_mention(mention, t) for t in taken + found):
                found.append(mention)
    for match in _TIMES.finditer(text):
        value = _TIMES_VALUES[match["word"].lower()]
        mention = Mention("quantity", match["word"], value, start=match.start(), end=match.end())
        if not any(_overlaps_mention(mention, t) for t in taken + found):
            found.append(mention)
    return sorted(found, key=lambda mention: mention.start or 0)


def _quantity(text: str, match: re.Match[str]) -> Mention | None:
    number = _number(match)
    if number is None or _opens_proper_name(text, match):
        return None
    has_unit = bool(match["percent"] or match["hyphen_unit"] or match["degrees"])
    noun_end = None if has_unit else _noun_end(text, match.end())
    if noun_end is None and match["bound"] and _number(match) == 1:
        noun_end = _singular_end(text, match.end())
    if not _is_countable(match, noun_end):
        return None
    end = _per_unit_end(text, noun_end or match.end())
    value = _quantity_value(match, number)
    return Mention("quantity", text[match.start() : end], value, None, match.start(), end)


# A capitalised word opening a sentence or a quotation ("Seven Democrats voted"); a colon or a
# semicolon continues its sentence, so a capital after one is a name's.
_SENTENCE_OPENING = re.compile(r"(?:[.!?]\W*|[\"“‘(]\s*)$")
# How far back the opening is sought: only a short tail, so a long run of punctuation before
# a number stays linear.
_OPENING_REACH = 40
_CAPITALISED_NEXT = re.compile(r"\s+[A-Z][a-z]")


def _opens_proper_name(text: str, match: re.Match[str]) -> bool:
    """Whether a spelled-out number is a word of a name ("on Forty Acre Sands", "Twelve Oaks")."""
    words = match["words"]
    if not words or not words[0].isupper() or match["bound"] or match["currency"]:
        return False
    if _opens_sentence(text, match.start()):
        return False
    return _CAPITALISED_NEXT.match(text, match.end()) is not None


def _opens_sentence(text: str, start: int) -> bool:
    """Whether ``start`` opens the text, a sentence or a quotation."""
    if start == 0:
        return True
    return _SENTENCE_OPENING.search(text, max(0, start - _OPENING_REACH), start) is not None


def _is_countable(match: re.Match[str], noun_end: int | None) -> bool:
    if match["half"]:
        return True  # "two and a half years": a measured amount, never a pronoun
    if match["words"]:
        # Word numbers count things or scale figures ("two ethnic Basques", "five million");
        # "one" alone is mostly a pronoun ("one of them").
        if match["scale"]:
            return True
        if match["words"].lower() == "one" and match["bound"]:
            return True  # "at least one web bug": a bound makes "one" a count
        return noun_end is not None and match["words"].lower() not in ("one", "zero")
    marks = ("bound", "currency", "scale", "percent", "hyphen_unit", "degrees")
    if noun_end is not None or any(match[mark] for mark in marks):
        return True
    # A bare number counts only when it reads as a figure ("27,934.02"), not "area 55".
    digits = match["digits"] or ""
    return "," in digits or "." in digits


def _number(match: re.Match[str]) -> Decimal | None:
    if match["digits"]:
        try:
            number = Decimal(match["digits"].replace(",", ""))
        except InvalidOperation:
            return None
    elif match["words"]:
        small = _small_number(match["words"])
        if small is None:
            return None
        number = Decimal(small)
    else:
        number = Decimal(1)
    if match["half"]:
        number += Decimal("0.5")
    if match["scale"]:
        scale = match["scale"].lower()
        # "m" and "k" scale only figures written in digits ("$5m"), never words.
        if scale in ("m", "k", "bn") and not match["digits"]:
            return None
        number *= _SCALES[scale]
    return number


def _singular_end(text: str, position: int) -> int | None:
    """End of the one thing counted after "at least one": up to two words."""
    match = re.match(r"(?:\s+(?!(?:of|in|to|and|or)\b)[a-z][\w'’-]*){1,2}", text[position:])
    return position + match.end() if match else None


def _quantity_value(match: re.Match[str], number: Decimal) -> str:
    bound = _BOUNDS[match["bound"].lower()] if match["bound"] else ""
    if bound == ">=" and number == 1:
        return ">0"  # "at least one": more than none
    currency = match["currency"] or ""
    percent = "%" if match["percent"] else ""
    normalized = number.normalize()
    figure = f"{normalized:f}" if normalized != normalized.to_integral() else f"{int(number)}"
    return f"{bound}{currency}{figure}{percent}"


def _noun_end(text: str, position: int) -> int | None:
    """End of the counted noun phrase after a number: up to two modifiers and a plural head."""
    cursor = position
    for _ in range(3):
        match = re.match(r"\s+([A-Za-z][\w'’-]*)", text[cursor:])
        if match is None:
            return None
        word = match.group(1)
        lowered = word.lower()
        if lowered in _STOP_WORDS or word in MONTH_WORDS or word.isupper():
            return None
        cursor += match.end()
        if _is_head_noun(lowered):
            return cursor
    return None


def _phrase_end(text: str, position: int) -> int | None:
    """End of a longer counted phrase ("other internet and technology companies")."""
    match = re.match(r"(?:\s+[a-z][\w'’-]*){1,5}?\s+[a-z][\w'’-]*s\b", text[position:])
    return position + match.end() if match else None


def _is_head_noun(word: str) -> bool:
    if word in _IRREGULAR_PLURALS or word in _UNIT_WORDS:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s"))


_PER_UNITS = _UNIT_WORDS | frozenset(
    "hour day year month week person head share adult capita tonne ounce barrel gallon".split()
)


def _per_unit_end(text: str, position: int) -> int:
    match = re.match(r"\s+(?:per|a|an)\s+([a-z]+)\b", text[position:])
    if match and match.group(1) in _PER_UNITS:
        return position + match.end()
    return position


def _overlaps(start: int, end: int, other: Mention) -> bool:
    return not (end <= (other.start or 0) or start >= (other.end or 0))


def _overlaps_mention(mention: Mention, other: Mention) -> bool:
    return _overlaps(mention.start or 0, mention.end or 0, other)
