"""Find the people, organizations and places a text names, from runs of capitalised words.

Each run ("U.S. Senator Jane Roe", "a court in Springfield") is read left to right: known
organizations and names ending in an organization word ("Ministry", "Times"), places from the
gazetteer or after a place cue ("in", "near", "the border with"), titles that announce a person,
and what is left: two or more name words make a person; a single word is a person only with a
cue (a title, "said", an age, "according to") or when the article already named that person in
full (see ``PeopleIndex``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .lexicon import (
    CALENDAR_WORDS,
    FUNCTION_WORDS,
    GROUP_NOUNS,
    MONTH_WORDS,
    NAME_PARTICLES,
    NON_NAME_WORDS,
    NUMBER_WORDS,
    ORG_CONNECTORS,
    ORG_HEADS,
    PLACE_FEATURES,
    PLACE_MODIFIERS,
    PLACE_OPENERS,
    SPEECH_VERBS,
    TITLE_CONNECTORS,
    TITLE_QUALIFIERS,
    TITLE_WORDS,
    has_place_cue,
    is_acronym,
    is_capitalised,
    is_nationality,
    organizations,
    places,
)
from .model import Mention

if TYPE_CHECKING:
    from .people import PeopleIndex

_NICKNAME_OPENERS = "\"“‘'"
_NICKNAME_CLOSERS = "\"”’'"
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_](?:[\w&]|['’\-/](?=[^\W_]))*")
_DOMAIN = re.compile(
    r"\b[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)*\.(?:com|org|net|info|io|gov|edu|news|tv)\b"
)
# Abbreviations whose period belongs to the word ("Lt. Col.", "Acme Inc.", "St. Louis").
_ABBREVIATED = frozenset(
    "Mr Mrs Ms Dr Prof Gen Lt Col Capt Sgt Cmdr Adm Maj Rev Hon Sen Rep Gov Pres Pvt Cpl Brig "
    "Supt Atty Amb Fr Jr Sr St Mt Ft Inc Corp Ltd Co Bros Ave Blvd".split()
)
_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})
_ORG_CUE_BEFORE = re.compile(
    r"(?:\bat\s+|\b(?:reported|reports|reporting|writes|wrote|writing|works|worked) for\s+)$",
    re.IGNORECASE,
)
_ROLES = (
    "lawyer|attorney|spokes(?:man|woman|person)|minister|official|analyst|director|president|"
    "chairman|chairwoman|executive|professor|researcher|economist|judge|prosecutor|witness|"
    "resident|son|daughter|wife|husband|mother|father|brother|sister|friend|colleague|founder|"
    "owner|author|reporter|correspondent|editor|commander|leader|activist|mayor|governor|"
    "senator|officer|meteorologist|scientist|expert|doctor|teacher|student|victim|suspect"
)
_PERSON_CUE_BEFORE = re.compile(
    rf"(?:\baccording to\s+|-year-old\s+|\bby\s+|\b(?:{_ROLES}),?\s+)$", re.IGNORECASE
)
# Verbs whose object is a person ("Trump assailed Williams"): a lone unknown name after one is
# a surname; places and organizations are read before this cue is consulted.
_PERSON_OBJECT_BEFORE = re.compile(
    r"\b(?:assailed|assails|praised|praises|thanked|thanks|fired|fires|hired|hires|nominated|"
    r"nominates|appointed|appoints|pardoned|pardons|mocked|mocks|insulted|insults|interviewed|"
    r"interviews|impeached|married|marries|blamed|blames|accused|accuses|criticized|criticised|"
    r"criticizes|criticises|attacked|attacks|congratulated|congratulates)\s+$"
)
_PERSON_CUE_AFTER = re.compile(
    r"\s*(?:,\s*\d{1,3}\s*,|(?:,[^,]{1,80},)?\s*(?:(?:has|have|had|also|later|then|"
    r"previously|officially|repeatedly|once)\s+)*(?:" + "|".join(sorted(SPEECH_VERBS)) + r")\b)"
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:to|in|of|from|at|for|on|near|into|across|by|with|and)\s+$", re.IGNORECASE
)
_MAX_KNOWN_WORDS = 6
_NOT_NAME_WORDS = FUNCTION_WORDS | GROUP_NOUNS | TITLE_WORDS | TITLE_QUALIFIERS | ORG_HEADS
# Unions of the vocabularies, made once rather than at every word read.
_SKIPPED_WORDS = FUNCTION_WORDS | GROUP_NOUNS
_CONNECTORS = TITLE_CONNECTORS | ORG_CONNECTORS
_NOT_PLACE_WORDS = ORG_HEADS | FUNCTION_WORDS
_NOT_ORG_OPENERS = FUNCTION_WORDS | TITLE_WORDS
_DEMONYM_ENDINGS = ("ers", "ians", "ans", "ns", "ites")
_GIVEN_NAME = re.compile(r"^[^\W\d_][^\W\d_A-Z]+$")
# Market codes glued to punctuation (".DJI", "XAU=", "US10YT=RR") are no names.
_CODE_GLUE = frozenset(".=")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int
    possessive: bool = False

    @property
    def key(self) -> str:
        # Datelines write names in capitals ("NEW YORK"): look them up title-cased too.
        if self.text.isupper() and len(self.text) > 2 and self.text.isalpha():
            return self.text.title()
        return self.text


def find_names(
    text: str, people: PeopleIndex | None = None, taken: list[Mention] | None = None
) -> list[Mention]:
    """Return person, org and place mentions in ``text``, skipping spans in ``taken``."""
    blocked = [(m.start or 0, m.end or 0) for m in taken or []]
    found: list[Mention] = []
    for match in _DOMAIN.finditer(text):
        if not _inside(match.start(), match.end(), blocked):
            found.append(Mention("org", match.group(0), match.group(0), None, *match.span()))
            blocked.append(match.span())
    heading = _is_heading(text)
    for run in _runs(text, blocked):
        found.extend(_Reader(text, run, people, heading).read())
    found = [mention for mention in found if not _is_nickname(text, mention)]
    if people is not None:
        for mention in found:
            if mention.kind == "person" and isinstance(mention.value, str):
                people.add(mention.value)
    return sorted(found, key=lambda mention: mention.start or 0)


def _is_nickname(text: str, mention: Mention) -> bool:
    """True for a person's name that fills a quotation on its own ("Lady Luck"): a nickname."""
    if mention.kind != "person" or mention.start is None or mention.end is None:
        return False
    before = text[mention.start - 1 : mention.start]
    after = text[mention.end : mention.end + 1]
    return (
        bool(before) and before in _NICKNAME_OPENERS and bool(after) and after in _NICKNAME_CLOSERS
    )


@lru_cache(maxsize=4096)
def _is_heading(text: str) -> bool:
    """True for a title-cased line ("Recent Features"), where capitals do not mark names."""
    if text.rstrip("\"'”’)]").endswith((".", "!", "?", ":", ";")):
        return False
    long_words = [word for word in re.findall(r"[^\W\d_][\w'’-]*", text) if len(word) >= 4]
    capitalised = [word for word in long_words if word[0].isupper()]
    return bool(long_words) and len(capitalised) >= 0.75 * len(long_words)


def _inside(start: int, end: int, blocked: Sequence[tuple[int, int]]) -> bool:
    return any(start < b_end and end > b_start for b_start, b_end in blocked)


def _tokens(text: str, blocked: tuple[tuple[int, int], ...]) -> list[_Token | None]:
    """Word tokens, with None standing for a blocked stretch (a date, an age) between them."""
    tokens: list[_Token | None] = []
    for start, end, token in _word_tokens(text):
        if token is None or (blocked and _inside(start, end, blocked)):
            if tokens and tokens[-1] is not None:
                tokens.append(None)
            continue
        tokens.append(token)
    return tokens


@lru_cache(maxsize=4096)
def _word_tokens(text: str) -> tuple[tuple[int, int, _Token | None], ...]:
    """Every word's span with its token, None for market codes; cached as each text is read twice.

    The spans are the words as matched, before a period or possessive is taken in, so that
    blocked stretches are tested against the same offsets whatever the token became.
    """
    words: list[tuple[int, int, _Token | None]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        words.append((start, end, _token(text, match.group(0), start, end)))
    return tuple(words)


def _token(text: str, word: str, start: int, end: int) -> _Token | None:
    glued_before = start > 0 and text[start - 1] in _CODE_GLUE
    glued_after = end < len(text) and text[end] == "="
    if glued_before or glued_after:
        return None
    if end < len(text) and text[end] == "." and _takes_period(word):
        word, end = word + ".", end + 1
    possessive = False
    if word.endswith(("'s", "’s")) and len(word) > 2:
        word, possessive = word[:-2], True
    elif end < len(text) and text[end] in "'’" and word.endswith("s"):
        possessive = True
    return _Token(word, start, start + len(word), possessive)


def _takes_period(word: str) -> bool:
    return (len(word) == 1 and word.isupper()) or word in _ABBREVIATED


def _runs(text: str, blocked: list[tuple[int, int]]) -> tuple[tuple[_Token, ...], ...]:
    """The runs of capitalised words, joined by connectors, outside the ``blocked`` spans."""
    return _cached_runs(text, tuple(blocked))


@lru_cache(maxsize=4096)
def _cached_runs(text: str, blocked: tuple[tuple[int, int], ...]) -> tuple[tuple[_Token, ...], ...]:
    # Each sentence is read once to learn names and once for its mentions: mostly the same runs.
    runs: list[list[_Token]] = []
    current: list[_Token] = []
    pending: list[_Token] = []  # lower-case connectors waiting for a capitalised word
    for token in _tokens(text, blocked):
        joins = (
            token is not None
            and bool(current)
            and not current[-1].possessive
            and text[(pending or current)[-1].end : token.start].isspace()
        )
        if token is not None and is_capitalised(token.text):
            if joins:
                current.extend(pending)
            else:
                _close(runs, current)
                current = []
            current.append(token)
            pending = []
        elif token is not None and joins and _connects(current, pending, token):
            pending.append(token)
        else:
            _close(runs, current)
            current, pending = [], []
    _close(runs, current)
    return tuple(tuple(run) for run in runs)


def _connects(current: list[_Token], pending: list[_Token], token: _Token) -> bool:
    if len(pending) >= 2:
        return False
    word = token.text
    if word in NAME_PARTICLES:
        return True
    last = current[-1].text
    has_head = any(t.text in ORG_HEADS for t in current)
    joins_org = word in ORG_CONNECTORS and has_head
    return joins_org or (word in TITLE_CONNECTORS and last in TITLE_WORDS)


def _close(runs: list[list[_Token]], run: list[_Token]) -> None:
    if run:
        runs.append(run)


class _Reader:
    """Reads one run of capitalised words into mentions."""

    def __init__(
        self, text: str, run: tuple[_Token, ...], people: PeopleIndex | None, heading: bool
    ) -> None:
        self.text = text
        self.run = run
        self.known: dict[int, tuple[str, int] | None] = {}
        self.people = people
        self.heading = heading
        self.found: list[Mention] = []
        self.titled = False

    def read(self) -> list[Mention]:
        """The mentions of the run, left to right."""
        index = 0
        while index < len(self.run):
            index = self._step(index)
        return self.found

    def _step(self, i: int) -> int:
        token = self.run[i]
        known = self._known(i)
        head = self._org_head_end(i)
        if head is not None and (known is None or head > known[1]):
            return self._emit("org", i, head)
        if known is not None and self._is_given_name_place(i, known):
            return self._read_name(i, place_first=True)
        if known is not None:
            return self._emit(known[0], i, known[1])
        if token.text in _SKIPPED_WORDS:
            return i + 1
        if self._is_known_surname(i):
            return self._emit("person", i, i + 1)
        if token.text in TITLE_WORDS or token.text.rstrip(".") in TITLE_WORDS:
            self.titled = True
            return i + 1
        if token.text in TITLE_QUALIFIERS:
            return self._read_title(i)
        if token.text in _CONNECTORS:
            return i + 1
        if is_nationality(token.text) or token.text.rstrip(".") in CALENDAR_WORDS:
            return i + 1
        if is_acronym(token.text):
            return self._emit("org", i, i + 1)
        return self._read_name(i)

    def _known(self, i: int) -> tuple[str, int] | None:
        """The longest known place, organization or publisher starting at token ``i``."""
        if i not in self.known:
            self.known[i] = self._longest_known(i)
        return self.known[i]

    def _longest_known(self, i: int) -> tuple[str, int] | None:
        last = min(len(self.run), i + _MAX_KNOWN_WORDS)
        for end in range(last, i, -1):
            kind = self._known_phrase(i, end)
            if kind is not None:
                return kind, end
            if end - i >= 2 and self.run[i].text in PLACE_MODIFIERS and self._is_place(i + 1, end):
                return "place", end
            if end - i >= 2 and self.run[i].text in PLACE_OPENERS and end == last:
                return "place", end
            if end - i >= 2 and self.run[end - 1].text in PLACE_FEATURES:
                words = [t.text for t in self.run[i:end]]
                if not set(words) & _NOT_PLACE_WORDS:
                    return "place", end
        return None

    def _known_phrase(self, i: int, end: int) -> str | None:
        tokens = self.run[i:end]
        for phrase in (" ".join(t.text for t in tokens), " ".join(t.key for t in tokens)):
            if phrase in organizations() or (self.people and self.people.is_publisher(phrase)):
                return "org"
            if phrase in places():
                return "place"
        return None

    def _is_place(self, start: int, end: int) -> bool:
        return " ".join(t.key for t in self.run[start:end]) in places()

    def _org_head_end(self, i: int) -> int | None:
        """End of an organization name opening at ``i`` ("Russian Defense Ministry")."""
        if self.run[i].text in _NOT_ORG_OPENERS and self.run[i].text not in ORG_HEADS:
            return None
        # A head word alone ("Police", "Times") names nothing; "Ministry of X" does.
        heads = [j for j in range(i, len(self.run)) if self.run[j].text in ORG_HEADS]
        heads = [j for j in heads if j > i or self._connector_after(j)]
        if not heads:
            return None
        end = heads[-1] + 1
        # "Department of Transportation": the words joined after the head belong to it.
        if end < len(self.run) and self.run[end].text in ORG_CONNECTORS:
            end = len(self.run)
        if any(t.text in TITLE_WORDS and t.text not in ORG_HEADS for t in self.run[i:end]):
            return None
        return end

    def _is_given_name_place(self, i: int, known: tuple[str, int]) -> bool:
        """True for a place name used as a given name: "Chad Myers", "Jordan Peterson"."""
        kind, end = known
        if kind != "place" or end != i + 1 or end >= len(self.run) or self.run[i].possessive:
            return False
        token, following = self.run[i], self.run[end]
        if _PREPOSITION_BEFORE.search(self.text, 0, token.start):
            return False  # "ambassador to France Jane Roe"
        plain = all(_GIVEN_NAME.match(t.text) for t in (token, following))
        return plain and self._is_name_word(end)

    def _read_title(self, i: int) -> int:
        """Skip qualifiers ("Deputy Foreign"); they announce a person only before a title."""
        end = i
        while end < len(self.run) and self.run[end].text in TITLE_QUALIFIERS:
            end += 1
        if end < len(self.run) and self.run[end].text in TITLE_WORDS:
            self.titled = True
            return end + 1
        return end

    def _connector_after(self, j: int) -> bool:
        return j + 1 < len(self.run) and self.run[j + 1].text in ORG_CONNECTORS

    def _read_name(self, i: int, place_first: bool = False) -> int:
        end = i + 1 if place_first else i
        while end < len(self.run) and (
            self._is_name_word(end)
            or end > i
            and (self._is_month_surname(end) or self._is_title_surname(i, end))
        ):
            end += 1
        if end == i:
            return i + 1
        end = self._absorb_place_surname(i, end)
        words = [t.text for t in self.run[i:end]]
        if any(word in NON_NAME_WORDS for word in words):
            self.titled = False
            return end
        kind = None if self._is_demonym(i, end) else self._name_kind(i, end)
        if kind is not None:
            self._emit(kind, i, end)
        self.titled = False
        return end

    def _is_name_word(self, j: int) -> bool:
        token = self.run[j]
        word = token.text
        if word in NAME_PARTICLES or word in _SUFFIXES or (len(word) == 2 and word[1] == "."):
            return True
        if word in _NOT_NAME_WORDS or is_nationality(word):
            return False
        if word.rstrip(".") in CALENDAR_WORDS or is_acronym(word):
            return False
        return self._known(j) is None

    def _is_month_surname(self, j: int) -> bool:
        # "Theresa May": a month word right after a given name (real dates are already taken).
        return self.run[j].text in MONTH_WORDS and not self.run[j - 1].possessive

    def _is_known_surname(self, i: int) -> bool:
        # "said King": a title word alone that the article has used as someone's surname.
        token = self.run[i]
        if token.text not in TITLE_WORDS or self.people is None:
            return False
        if i + 1 < len(self.run) and self._is_name_word(i + 1):
            return False
        resolved = self.people.resolve(token.text)
        return resolved is not None and resolved.split()[-1] == token.text

    def _is_demonym(self, i: int, end: int) -> bool:
        # "New Yorkers", "Bostonians": the people of a place are no person's name.
        phrase = " ".join(t.key for t in self.run[i:end])
        stems = (phrase[: -len(ending)] for ending in _DEMONYM_ENDINGS if phrase.endswith(ending))
        return any(stem in places() for stem in stems)

    def _is_title_surname(self, i: int, j: int) -> bool:
        # "Wayne King", "Ben Bishop": a title word closing a given name is a surname.
        word = self.run[j].text
        if word not in TITLE_WORDS or word.endswith(".") or self.run[j - 1].possessive:
            return False
        if not all(_GIVEN_NAME.match(t.text) for t in self.run[i:j]):
            return False
        following = self.run[j + 1].text if j + 1 < len(self.run) else None
        return following is None or following in _SUFFIXES or not self._is_name_word(j + 1)

    def _absorb_place_surname(self, i: int, end: int) -> int:
        # "George Washington", "Michael Jordan": a one-word place right after a given name.
        if end >= len(self.run) or self.run[end - 1].possessive:
            return end
        if not all(_GIVEN_NAME.match(t.text) for t in self.run[i:end]):
            return end
        if not _GIVEN_NAME.match(self.run[end].text):
            return end
        known = self._known(end)
        if known and known[0] == "place" and known[1] == end + 1:
            after = end + 1
            if after == len(self.run) or not self._is_name_word(after):
                return end + 1
        return end

    def _name_kind(self, i: int, end: int) -> str | None:
        tokens = self.run[i:end]
        name_words = [t for t in tokens if t.text not in NAME_PARTICLES and len(t.text) > 2]
        before = self.text[max(0, tokens[0].start - 40) : tokens[0].start]
        after = self.text[tokens[-1].end : tokens[-1].end + 120]
        resolved = self.people.resolve(self._name_text(i, end)) if self.people else None
        possessive = tokens[-1].possessive
        if resolved or self.titled or _PERSON_CUE_BEFORE.search(before):
            return "person"
        if not possessive and has_place_cue(before, after):
            return "place"
        if len(tokens) == 1 and _ORG_CUE_BEFORE.search(before):
            return "org"
        if len(tokens) == 1 and not possessive and _PERSON_OBJECT_BEFORE.search(before):
            return "person"
        if len(name_words) >= 2 and not self.heading and tokens[0].text not in NUMBER_WORDS:
            return "person"
        if _PERSON_CUE_AFTER.match(after):
            return "person"
        return None

    def _name_text(self, i: int, end: int) -> str:
        return self.text[self.run[i].start : self.run[end - 1].end]

    def _emit(self, kind: str, i: int, end: int) -> int:
        text = self._name_text(i, end)
        value: str = text
        if kind == "person" and self.people is not None:
            value = self.people.resolve(text) or text
        first, last = self.run[i].start, self.run[end - 1].end
        self.found.append(Mention(kind, text, value, None, first, last))
        return end
