"""What an article teaches about names: its people's full names and the publishers it links to."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .lexicon import NAME_PARTICLES, SPEECH_VERBS, host_label, letters
from .names import find_names

# A relative named by first name only ("his wife Anna", "her late husband, John"), who is
# taken to share the surname of the person named just before.
_KIN_FIRST_NAME = re.compile(
    r"\b(?:his|her)\s+(?:(?:first|second|third|late|former|elder|eldest|younger|youngest|"
    r"eldest|only)\s+)?(?:wife|husband|widow|widower|son|daughter|brother|sister|mother|father)"
    r",?\s+(?P<first>[A-Z][a-z]+)\b(?!\s+[A-Z])"
)
# A relative introduced in full after the kin word ("her 19-year-old son, Luca Bianchi", "his
# brother Paul Grant"): the shared surname goes on naming the person introduced before.
_KIN_FULL_NAME = re.compile(
    r"\b(?:his|her)\s+(?:(?:first|second|third|late|former|elder|eldest|younger|youngest|only|"
    r"\d+-year-old)\s+)*(?:wife|husband|widow|widower|son|daughter|brother|sister|mother|father)"
    r",?\s+(?P<name>[A-Z]\w+(?:\s+[A-Z]\w+)+)"
)
# Slavic surnames romanised several ways ("Kovalenskiy", "Kovalensky", "Kovalenskyy") share one key.
_TRANSLITERATED_ENDING = re.compile(r"(?<=sk)(?:iy|yy|ii|y|i)$")
# Name words too common to identify anyone on their own.
_SHARED_PARTS = frozenset(NAME_PARTICLES) | frozenset({"jr", "sr", "ii", "iii", "iv"})


class PeopleIndex:
    """Full names seen in an article, so that a later surname alone resolves to the person.

    After ``add("Maria Lopez")``, ``resolve("Lopez")`` gives ``"Maria Lopez"``.
    A part shared by two people ("Smith" for Anna and John Smith) resolves to no one. The index
    also knows the publishers of the article's links ("example.org" makes "Example" an
    organization, "abcn.org" makes "ABC/N" one), which would otherwise read as surnames.
    """

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self._by_part: dict[str, set[str]] = {}
        self._publishers: set[str] = set()

    @property
    def names(self) -> list[str]:
        """The full names known, in the order they were learned."""
        return list(self._names.values())

    def add(self, full_name: str) -> None:
        """Learn a person's full name (two or more words); single words are ignored."""
        parts = _parts(full_name)
        if len(parts) < 2 or any(part in SPEECH_VERBS for part in parts):
            return
        key = " ".join(parts)
        if key in self._names or self._part_of_known(parts):
            return
        self._names[key] = " ".join(full_name.split())
        for part in parts:
            if part not in _SHARED_PARTS and len(part) > 1:
                self._by_part.setdefault(part, set()).add(key)

    def resolve(self, name: str) -> str | None:
        """The full name ``name`` refers to: itself if known in full, or the one person it names."""
        parts = _parts(name)
        if not parts:
            return None
        key = " ".join(parts)
        if key in self._names:
            return self._names[key]
        candidates: set[str] | None = None
        for part in parts:
            owners = self._by_part.get(part, set())
            candidates = owners if candidates is None else candidates & owners
        if candidates is not None and len(candidates) == 1:
            return self._names[next(iter(candidates))]
        return None

    def knows(self, name: str) -> bool:
        """True when ``name`` resolves to one known person."""
        return self.resolve(name) is not None

    def learn(self, text: str) -> None:
        """Learn the full names of the people ``text`` names, and relatives' by their kin's."""
        mentions = find_names(text, self)
        for match in _KIN_FIRST_NAME.finditer(text):
            kin = [
                m.value
                for m in mentions
                if m.kind == "person" and (m.end or 0) <= match.start() and isinstance(m.value, str)
            ]
            full = [name for name in kin if len(name.split()) > 1]
            if full:
                self._add_relative(match["first"], full[-1].split()[-1])
        for match in _KIN_FULL_NAME.finditer(text):
            self._keep_surname_with_elder(match["name"])

    def _add_relative(self, first: str, surname: str) -> None:
        # Only the first name points to the relative: the shared surname keeps naming the
        # person it named before ("Mr Smith" stays John Smith after "his wife Anna").
        key = " ".join(_parts(f"{first} {surname}"))
        if key in self._names or letters(first) in self._by_part:
            return
        self._names[key] = f"{first} {surname}"
        self._by_part.setdefault(letters(first), set()).add(key)

    def _keep_surname_with_elder(self, relative: str) -> None:
        # Writers tell relatives apart by first name once both are introduced, so a bare
        # surname still means the one who held it first.
        key = " ".join(_parts(relative))
        parts = key.split()
        if key not in self._names or len(parts) < 2:
            return
        owners = self._by_part.get(parts[-1], set())
        if len(owners - {key}) == 1:
            owners.discard(key)

    def add_publishers(self, names_or_urls: Iterable[str]) -> None:
        """Learn publishers from link URLs ("https://example.org/a") or plain names ("Reuters")."""
        for item in names_or_urls:
            if not item:
                continue
            key = host_label(item) if "/" in item or "." in item.strip(".") else letters(item)
            if len(key) >= 3:
                self._publishers.add(key)

    def is_publisher(self, name: str) -> bool:
        """True when ``name`` is one of the publishers learned ("ABC/N" for abcn.org)."""
        return letters(name) in self._publishers

    def _part_of_known(self, parts: list[str]) -> bool:
        # "Donald J. Trump" after "Donald Trump", or the same words reordered: the same person.
        significant = _significant(parts)
        for known in self._names:
            other = _significant(known.split())
            if significant <= other or other <= significant:
                return True
        return False


def _parts(name: str) -> list[str]:
    cleaned = name.replace("’s", "").replace("'s", "")
    return [
        _TRANSLITERATED_ENDING.sub("", letters(word)) for word in cleaned.split() if letters(word)
    ]


def _significant(parts: list[str]) -> set[str]:
    return {part for part in parts if len(part) > 1 and part not in _SHARED_PARTS}
