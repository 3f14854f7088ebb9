"""Give each verdict its structure: outcome, negation, subject, object, deciding authority, date.

The structure is read from English grammar cues around the outcome word: a passive "X was
convicted (by Y)", an active "Y convicted X (of Z)", a decision "Y decided to grant X Z", a noun
"her deportation". Pronouns and groups ("she", "the two men") become names only when the
sentence's own person mentions leave no doubt; otherwise the words stay as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .model import Mention

# Who can decide: courts, officials and bodies, perhaps with their seat ("a court in Springfield").
_AUTHORITY = re.compile(
    r"\b(?:(?:a|an|the|its|their)\s+)?(?:(?!(?:the|a|an|and|of|in)\b)[\w’'-]+\s+){0,2}?"
    r"(?i:court|judge|jury|tribunal|magistrates?|ministry|government|authorities|police|"
    r"prosecutors?|board|commission|committee|council|agency|department|regulators?|officials|"
    r"parliament|senate|house|panel|immigration service)\b"
    r"(?:\s+(?:in|of|for)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?",
)
_PASSIVE = re.compile(
    r"\b(?:was|were|been|be|is|are|being|got|gets|get)(?:\s+(?:\w+ly|not|never|since|later|also))*"
    r"\s*$",
    re.IGNORECASE,
)
_DECISION = re.compile(
    r"\b(?:decided|decides|voted|votes|agreed|agrees|moved|moves|refused|refuses|refusing|"
    r"declined|declines|declining|failed|fails|ordered|orders|sought|seeks|plans|planned)"
    r"(?:\s+to(?:\s+order)?)?\s*$",
    re.IGNORECASE,
)
_AGENT = re.compile(r"\bby\s+(?P<agent>[^,;:—–()]+)", re.IGNORECASE)
# Words that end a noun phrase: prepositions of time and place, subordinators, conjunctions.
_PHRASE_END = re.compile(
    r"\s+(?:on|in|at|after|before|since|for|when|while|as|because|following|during|until|but|"
    r"and|by|with|of|amid|over|under|from|twice|again|last|this|earlier|later|to)\b"
    r"|,(?!\d)|\.(?=\s+(?-i:[a-z])|\s*$)|[;:—–()]|(?<=\w)\s+(?=[$€£])|$",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:—–()]|,\s+(?:but|and|while|although|though)\b|\s+but\b")
_SUBORDINATOR = re.compile(
    r"\b(?:after|before|when|while|since|because|following|as|until|once)\b", re.IGNORECASE
)
_OBJECT_PREPOSITION = re.compile(r"^\s*(?P<object>(?:with|of|to)\s+[^,;:.—–()]+)", re.IGNORECASE)
# Outcomes whose bare noun phrase after the subject is what was decided ("denied asylum").
_TAKES_OBJECT = frozenset(
    {
        "grant",
        "deny",
        "reject",
        "dismiss",
        "extend",
        "approve",
        "uphold",
        "overturn",
        "rule",
        "fine",
    }
)
# Of those, outcomes whose noun phrase after an active verb is still who it befalls.
_BEFALLS_AFTER = frozenset({"fine"})
_FINDING = re.compile(r"\bfound\s+(?P<who>.+?)\s+(?:not\s+)?$", re.IGNORECASE)
# "and later acquitted" after "was arrested": the second outcome shares the first's subject.
_COORDINATION = re.compile(
    r"^[^.;:]{0,40}?(?:,\s*|\b(?:and|or|but)\s+)(?:(?:later|then|also|not|\w+ly)\s+)*$",
    re.IGNORECASE,
)
_PRONOUNS = {"he": 1, "she": 1, "him": 1, "her": 1, "his": 1, "they": 2, "them": 2, "their": 2}
_GROUPS = re.compile(r"\b(?:the\s+)?(?:two|both|pair|duo|couple)\b", re.IGNORECASE)
_LEADING_FILLER = re.compile(
    r"^(?:\s*(?:also|then|later|still|reportedly|again|and|but|has|have|had|since|that)\b)+\s*",
    re.IGNORECASE,
)
_VERB_LIKE = re.compile(
    r"\b(?:\w+ed|\w+ly|delivered|decided|voted|has|have|had|was|were|is|are|will|would|said|"
    r"says|told)\b",
    re.IGNORECASE,
)
_MAX_SUBJECT_WORDS = 8


@dataclass(frozen=True)
class _Span:
    """A stretch of the sentence, in offsets."""

    start: int
    end: int


def describe_verdicts(sentence: str, mentions: list[Mention]) -> None:
    """Fill the ``details`` of every verdict in ``mentions`` found in ``sentence``."""
    previous: Mention | None = None
    was_passive = False
    for verdict in (m for m in mentions if m.kind == "verdict"):
        shared = previous.details if previous is not None else {}
        coordinated = (
            was_passive and previous is not None and _coordinated(sentence, previous, verdict)
        )
        details, was_passive = _details(
            sentence, verdict, mentions, shared if coordinated else None
        )
        if previous is not None and (coordinated or _continues(sentence, verdict)):
            # "fining X ..., but declining to jail him": one decider.
            details["authority"] = details["authority"] or shared["authority"]
            details["subject"] = details["subject"] or shared["subject"]
        verdict.details = details
        previous = verdict


def _details(
    sentence: str, verdict: Mention, mentions: list[Mention], shared: dict[str, Any] | None
) -> tuple[dict[str, Any], bool]:
    """The outcome's structure, and whether it is told in the passive voice."""
    value = str(verdict.value or verdict.text)
    negated = value.startswith("not ")
    outcome = value.removeprefix("not ")
    start, end = verdict.start or 0, verdict.end or 0
    clause = _clause(sentence, start, end)
    before = sentence[clause.start : start]
    finding = _FINDING.search(before) if verdict.text.lower().endswith("guilty") else None
    if finding:
        # "a jury found Kask guilty": the finder decides, the one found befalls.
        named = _people_between(mentions, clause.start + finding.start("who"), start)
        subject = named or _resolved(finding["who"], sentence, mentions)
        authority = _actor_before(sentence, clause.start, clause.start + finding.start(), mentions)
        rest = end
    elif _PASSIVE.search(before) or shared is not None:
        # In "was arrested and later charged" the second outcome shares the first's subject.
        subject = (
            shared["subject"]
            if shared is not None
            else _subject_before(sentence, clause.start, start, mentions)
        )
        authority = _agent(sentence, end, clause.end, mentions)
        rest = end
    elif _is_noun(verdict) and not _DECISION.search(before):
        subject = _possessor(sentence, start, mentions)
        authority = _actor_before(sentence, clause.start, start, mentions)
        rest = end
    else:
        subject, rest = _subject_after(sentence, end, clause.end, mentions, outcome)
        authority = _actor_before(sentence, clause.start, start, mentions)
    passive = bool(_PASSIVE.search(before)) or shared is not None
    details = {
        "outcome": outcome,
        "negated": negated,
        "subject": subject,
        "object": _object(sentence, rest, clause.end, outcome),
        "authority": authority,
        "date": _date(sentence, verdict, mentions),
    }
    return details, passive


def _clause(sentence: str, start: int, end: int) -> _Span:
    """The clause holding the outcome: between the nearest breaks on either side."""
    left = 0
    for found in _CLAUSE_BREAK.finditer(sentence[:start]):
        left = found.end()
    right = len(sentence)
    found_after = _CLAUSE_BREAK.search(sentence, end)
    if found_after is not None:
        right = found_after.start()
    # A dash parenthetical before the outcome belongs to the subject: skip back over it.
    if left and sentence[left - 1] in "—–" and sentence[:start].count(sentence[left - 1]) % 2 == 0:
        opening = sentence.rfind(sentence[left - 1], 0, left - 1)
        left = _clause(sentence, opening, opening).start if opening > 0 else 0
    return _Span(left, right)


def _coordinated(sentence: str, previous: Mention, verdict: Mention) -> bool:
    between = sentence[previous.end or 0 : verdict.start or 0]
    return bool(_COORDINATION.search(between))


def _people_between(mentions: list[Mention], start: int, end: int) -> str | None:
    people = [m for m in mentions if m.kind == "person" and start <= (m.start or 0) < end]
    return _joined(people) if people else None


def _continues(sentence: str, verdict: Mention) -> bool:
    """True when the outcome's clause has no subject of its own ("..., but declining to")."""
    head = sentence[: verdict.start or 0].rstrip()
    return bool(re.search(r"(?:,\s*|\b)(?:but|and)\s+\w+ing\b[\w\s]*$", head[-60:]))


def _is_noun(verdict: Mention) -> bool:
    return not verdict.text.lower().endswith(("ed", "ing", "guilty", " of", "upheld", "given"))


def _subject_before(sentence: str, left: int, start: int, mentions: list[Mention]) -> str | None:
    """Who a passive outcome befalls: the names, else the words, before "was/were"."""
    head = _PASSIVE.sub("", sentence[left:start])
    cut = max(head.rfind(","), head.lower().rfind(" that "))
    offset = left + (cut + 1 if cut >= 0 else 0)
    if cut >= 0 and not head[cut + 1 :].strip():
        offset = left
    people = [m for m in mentions if m.kind == "person" and offset <= (m.start or 0) < start]
    if people:
        return _joined(people)
    words = sentence[offset:start]
    return _resolved(_PASSIVE.sub("", words).strip(" ,"), sentence, mentions)


def _subject_after(
    sentence: str, end: int, right: int, mentions: list[Mention], outcome: str
) -> tuple[str | None, int]:
    """Who an active outcome befalls: the names or pronoun right after it; and where it ends."""
    people = [m for m in mentions if m.kind == "person" and end <= (m.start or 0) < right]
    chained: list[Mention] = []
    cursor = end
    for person in people:
        if re.fullmatch(r"\s*(?:and|,)?\s*", sentence[cursor : person.start or 0]):
            chained.append(person)
            cursor = person.end or cursor
        else:
            break
    if chained:
        return _joined(chained), cursor
    pronoun = re.match(r"\s+(him|her|them)\b", sentence[end:right], re.IGNORECASE)
    if pronoun:
        return _resolved(pronoun[1], sentence, mentions), end + pronoun.end()
    if outcome in _TAKES_OBJECT - _BEFALLS_AFTER:
        return None, end
    phrase = _until_phrase_end(sentence[end:right])
    return _tidy(" ".join(phrase.split()[:_MAX_SUBJECT_WORDS])), end + len(phrase)


def _possessor(sentence: str, start: int, mentions: list[Mention]) -> str | None:
    """Whose outcome a noun names: "her deportation", "Kask's arrest", "the arrest of Kask"."""
    owner = re.search(r"\b(his|her|their)\s+$", sentence[:start], re.IGNORECASE)
    if owner:
        return _resolved(owner[1], sentence, mentions)
    people = [m for m in mentions if m.kind == "person" and (m.end or 0) <= start]
    if people and re.fullmatch(r"[’']s?\s+", sentence[people[-1].end or 0 : start]):
        return _joined(people[-1:])
    return None


def _actor_before(sentence: str, left: int, start: int, mentions: list[Mention]) -> str | None:
    """Who decided an active outcome: a named authority, else the clause's leading noun phrase."""
    head = _without_parentheticals(sentence[left:start])
    last_comma = head.rfind(",")
    if last_comma >= 0 and not _AUTHORITY.search(head[last_comma + 1 :]):
        head_tail = head[last_comma + 1 :]
        if _VERB_LIKE.search(head_tail):
            head = head_tail
    for date in (m for m in mentions if m.kind == "date"):
        head = head.replace(date.text, " ")
    authority = _AUTHORITY.search(head)
    if authority:
        named = re.match(
            r"\s*(?P<name>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)", head[authority.end() :]
        )
        # "Judge Ann Lee": the title with the name that follows it.
        return _tidy(authority.group() + (f" {named['name']}" if named else ""))
    leading = _LEADING_FILLER.sub("", head.strip(" ,"))
    verb = _VERB_LIKE.search(leading)
    phrase = _tidy(leading[: verb.start()] if verb else "")
    if phrase and len(phrase.split()) <= _MAX_SUBJECT_WORDS and not _DECISION.search(phrase):
        return phrase
    return None


def _agent(sentence: str, end: int, right: int, mentions: list[Mention]) -> str | None:
    """The "by X" of a passive outcome, unless X is a date ("by October")."""
    found = _AGENT.search(sentence[end:right])
    if not found:
        return None
    start = end + found.start("agent")
    if any(m.kind == "date" and m.start == start for m in mentions):
        return None
    return _tidy(_until_phrase_end(found["agent"]))


def _object(sentence: str, rest: int, right: int, outcome: str) -> str | None:
    """What was decided: "with fraud", "of theft", "to five years", or "asylum" after "denied"."""
    tail = sentence[rest:right]
    prepositional = _OBJECT_PREPOSITION.match(tail)
    if prepositional:
        return _tidy(_until_phrase_end(prepositional["object"], keep_first=True))
    if outcome not in _TAKES_OBJECT:
        return None
    phrase = _tidy(_until_phrase_end(tail))
    return phrase if phrase and not phrase.lower().startswith("by ") else None


def _date(sentence: str, verdict: Mention, mentions: list[Mention]) -> str | None:
    """The ISO value of the date in the outcome's own clause, nearest to it."""
    start, end = verdict.start or 0, verdict.end or 0
    left = 0
    for found in _SUBORDINATOR.finditer(sentence[:start]):
        comma = sentence.find(",", found.end(), start)
        left = max(left, comma + 1 if comma >= 0 else found.start())
    for found in _CLAUSE_BREAK.finditer(sentence[:start]):
        left = max(left, found.end()) if sentence[found.start()] in ";:" else left
    after = _SUBORDINATOR.search(sentence, end)
    breaker = _CLAUSE_BREAK.search(sentence, end)
    right = min(m.start() for m in (after, breaker) if m) if (after or breaker) else len(sentence)
    dates = [
        m for m in mentions if m.kind == "date" and left <= (m.start or 0) and (m.end or 0) <= right
    ]
    if not dates:
        return None
    nearest = min(dates, key=lambda m: abs((m.start or 0) - start))
    return None if nearest.value is None else str(nearest.value)


def _resolved(words: str, sentence: str, mentions: list[Mention]) -> str | None:
    """A pronoun or group as the names it must mean, when the sentence's people make it clear."""
    words = _LEADING_FILLER.sub("", words).strip()
    if not words:
        return None
    people = _distinct_people(mentions)
    wanted = _PRONOUNS.get(words.lower())
    if wanted is None and _GROUPS.search(words):
        wanted = 2
    if wanted == 1 and len(people) == 1 or wanted == 2 and len(people) == 2:  # noqa: PLR2004
        return _joined(people)
    return " ".join(words.split()[-_MAX_SUBJECT_WORDS:])


def _distinct_people(mentions: list[Mention]) -> list[Mention]:
    seen: dict[str, Mention] = {}
    for mention in mentions:
        if mention.kind == "person":
            seen.setdefault(str(mention.value or mention.text), mention)
    return list(seen.values())


def _joined(mentions: list[Mention]) -> str:
    names = list(dict.fromkeys(str(m.value or m.text) for m in mentions))
    return " and ".join(names)


def _without_parentheticals(text: str) -> str:
    return re.sub(r"\s*[—–][^—–]*[—–]\s*|\s*\([^)]*\)\s*", " ", text)


def _until_phrase_end(text: str, keep_first: bool = False) -> str:
    """``text`` up to the first preposition of time or place, conjunction or punctuation."""
    skip = len(text.split(maxsplit=1)[0]) if keep_first and text.split() else 0
    found = _PHRASE_END.search(text, skip)
    return text[: found.start()] if found else text


def _tidy(text: str) -> str | None:
    text = " ".join(text.split()).strip(" ,")
    text = re.sub(r"\s+(?:on|in|at|of|for|the|a|an)$", "", text, flags=re.IGNORECASE)
    return text or None
