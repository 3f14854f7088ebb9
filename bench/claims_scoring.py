"""Scoring extracted claims against hand-labelled gold: matching, per-kind counts, P/R/F1.

Both sides are first turned into ``ClaimView``s (gold JSON by ``gold_claim``, extracted claims by
``claim_view``), so every rule compares like with like. Claims are matched one to one; the
mentions that only make sense inside a claim (dates, quantities, verdicts, kinds, attributions)
are scored over matched pairs, the rest (people, ages, places, citation links) per article.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from archiver.urls import normalize_url
from bench.verdict_scoring import (
    STRUCTURE_KINDS,
    VerdictParts,
    found_verdict_parts,
    gold_verdict_parts,
    structure_counts,
)
from claims.model import Article, Claim, Mention

# Scored kinds in report order; the first four carry a goal.
KINDS = (
    "claims",
    "people",
    "dates",
    "links",
    "ages",
    "verdicts",
    "attributions",
    "places",
    "quantities",
    "kinds",
    *STRUCTURE_KINDS,
)
GOALS: dict[str, float] = {"claims": 0.9, "people": 0.9, "dates": 0.9, "links": 0.9}
# Two claims cut from one sentence are told apart by their words; below this they are different.
MIN_TEXT_OVERLAP = 0.5

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'"}
    | {"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'}
)
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")
_NAME_TOKENS = re.compile(r"\w[\w/&.'-]*")
# Generic suffixes that are not a surname ("Martin Luther King Jr.").
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})
# Words that never identify who is speaking: function words, pronouns, reporting verbs and cues.
_ATTRIBUTION_FILLER = frozenset(
    """
    a an the as according to citing cited per in on at for of by from with and or but that this
    these those there who whom which what it its he she they we i you him her them his their our
    my your me us one has have had was were is are be been being did does do also later earlier
    officially publicly privately previously recently first then again still not
    said says say saying told tells tell telling reported reports report reporting wrote writes
    write writing stated states added adds argued argues argue claimed claims claim announced
    announces confirmed confirms insisted insists tweeted tweets noted notes explained explains
    acknowledged admits admitted alleged alleges maintained maintains asserted asserts declared
    declares revealed reveals disclosed estimated estimates warned warns recalled recalls
    concluded concludes found finds showed shows denied denies testified testifies according
    statement interview
    """.split()
)


@dataclass
class ClaimView:
    """What the scorer compares in one claim, gold or extracted, already normalized."""

    sentence: str
    text: str
    kinds: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    ages: list[tuple[int, str | None]] = field(default_factory=list)
    dates: list[tuple[str, str | None]] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    quantities: list[str] = field(default_factory=list)
    verdicts: list[tuple[str, bool]] = field(default_factory=list)
    attribution: str | None = None
    verdict_parts: list[VerdictParts] = field(default_factory=list)


@dataclass
class Score:
    """Counts of one kind: right (true positives), spurious (false positives) and missed."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        """Add another score's counts to this one."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def found(self) -> int:
        """How many the extractor gave."""
        return self.tp + self.fp

    @property
    def gold(self) -> int:
        """How many the gold holds."""
        return self.tp + self.fn

    @property
    def precision(self) -> float | None:
        """Share of what was found that is right; None when nothing was found."""
        return self.tp / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        """Share of the gold that was found; None when the gold holds none."""
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall; None when neither side holds anything."""
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None

    def to_dict(self) -> dict[str, Any]:
        """Counts and the three figures, for JSON."""
        return {
            "gold": self.gold,
            "found": self.found,
            "right": self.tp,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass
class ArticleScore:
    """Every kind's score for one article, and how many attributions agreed on matched claims."""

    scores: dict[str, Score]
    attributions_agreed: int = 0
    matched: int = 0

    @property
    def attribution_accuracy(self) -> float | None:
        """Share of matched claims whose attribution agrees (same source, or none on both sides)."""
        return self.attributions_agreed / self.matched if self.matched else None


def normalize_sentence(text: str) -> str:
    """A sentence's comparison key: NFKC, straight quotes, single spaces, casefolded."""
    return _clean(text).casefold()


def text_overlap(a: str, b: str) -> float:
    """Token Jaccard similarity of two texts (lowercased word tokens)."""
    left = set(_WORDS.findall(normalize_sentence(a)))
    right = set(_WORDS.findall(normalize_sentence(b)))
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)


def normalize_link(url: str) -> str:
    """One key per resource: the archive's normal form without scheme, leading www. or end slash."""
    try:
        parts = urlsplit(normalize_url(url))
    except ValueError:
        return url.strip().lower()
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}?{parts.query}" if parts.query else f"{host}{path}"


def surname(name: str | None) -> str | None:
    """The last word of a person's name, lowercased, past suffixes such as "Jr."; None for none."""
    if not name:
        return None
    words = [w.strip(".,").lower() for w in normalize_sentence(name).split()]
    words = [w.removesuffix("'s") for w in words if w and w.strip(".,") not in _NAME_SUFFIXES]
    return words[-1] if words else None


def attribution_keys(attribution: str) -> set[str]:
    """The words that identify a source: its capitalized names, else its other content words."""
    words = _NAME_TOKENS.findall(_clean(attribution))
    tokens = [t.strip(".'-").removesuffix("'s") for t in words]
    tokens = [t for t in tokens if t and t.lower() not in _ATTRIBUTION_FILLER]
    names = {t.lower() for t in tokens if t[0].isupper()}
    return names or {t.lower() for t in tokens}


def same_attribution(gold: str | None, found: str | None) -> bool:
    """True when both name no source, or both name one sharing a key name token."""
    if not gold or not found:
        return not gold and not found
    return bool(attribution_keys(gold) & attribution_keys(found))


def gold_claim(data: Mapping[str, Any]) -> ClaimView:
    """A gold claim (one entry of a gold file's ``claims``) as a ClaimView."""
    return ClaimView(
        sentence=str(data.get("sentence") or ""),
        text=str(data.get("text") or data.get("sentence") or ""),
        kinds=[str(kind) for kind in data.get("kinds") or []],
        people=[_label(_value(item)) for item in data.get("people") or []],
        ages=[_gold_age(item) for item in data.get("ages") or []],
        dates=[_gold_date(item) for item in data.get("dates") or []],
        places=[_label(_value(item)) for item in data.get("places") or []],
        quantities=[_quantity(_value(item)) for item in data.get("quantities") or []],
        verdicts=[_gold_verdict(item) for item in data.get("verdicts") or []],
        attribution=_optional_text(data.get("attribution")),
        verdict_parts=[gold_verdict_parts(item) for item in data.get("verdicts") or []],
    )


def claim_view(claim: Claim) -> ClaimView:
    """An extracted claim as a ClaimView; each age is paired with the person nearest to it."""
    people = [m for m in claim.mentions if m.kind == "person"]
    return ClaimView(
        sentence=claim.sentence,
        text=claim.text,
        kinds=list(claim.kinds),
        people=[_label(m.value if m.value is not None else m.text) for m in people],
        ages=[(int(m.value or 0), surname(_nearest_name(m, people))) for m in _of(claim, "age")],
        dates=[(str(m.value), m.precision) for m in _of(claim, "date")],
        places=[_label(m.value if m.value is not None else m.text) for m in _of(claim, "place")],
        quantities=[_quantity(m.value) for m in _of(claim, "quantity")],
        verdicts=[_verdict(str(m.value or m.text)) for m in _of(claim, "verdict")],
        attribution=claim.attribution,
        verdict_parts=[
            found_verdict_parts(str(m.value or m.text), m.details) for m in _of(claim, "verdict")
        ],
    )


def match_claims(gold: Sequence[ClaimView], found: Sequence[ClaimView]) -> list[tuple[int, int]]:
    """Pair gold and found claims one to one: same sentence, best text overlap first.

    When a gold sentence holds several claims, a pair also needs a text overlap of at least
    ``MIN_TEXT_OVERLAP``; a sentence's single gold claim takes its best-overlapping found claim.
    Returns (gold index, found index) pairs in gold order.
    """
    keys = [normalize_sentence(claim.sentence) for claim in gold]
    per_sentence = Counter(keys)
    found_by_sentence: dict[str, list[int]] = {}
    for index, claim in enumerate(found):
        found_by_sentence.setdefault(normalize_sentence(claim.sentence), []).append(index)
    candidates: list[tuple[float, int, int]] = []
    for g, key in enumerate(keys):
        for f in found_by_sentence.get(key, []):
            overlap = text_overlap(gold[g].text, found[f].text)
            if per_sentence[key] == 1 or overlap >= MIN_TEXT_OVERLAP:
                candidates.append((overlap, g, f))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_found: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, g, f in candidates:
        if g not in used_gold and f not in used_found:
            used_gold.add(g)
            used_found.add(f)
            pairs.append((g, f))
    return sorted(pairs)


def count_sets(gold: Iterable[Hashable], found: Iterable[Hashable]) -> Score:
    """Score two collections as sets: each distinct item counts once."""
    gold_set, found_set = set(gold), set(found)
    return Score(
        tp=len(gold_set & found_set),
        fp=len(found_set - gold_set),
        fn=len(gold_set - found_set),
    )


def count_multisets(gold: Iterable[Hashable], found: Iterable[Hashable]) -> Score:
    """Score two collections as multisets: an item given twice must be in the gold twice."""
    gold_bag, found_bag = Counter(gold), Counter(found)
    right = sum((gold_bag & found_bag).values())
    return Score(tp=right, fp=sum(found_bag.values()) - right, fn=sum(gold_bag.values()) - right)


def score_article(
    gold: Sequence[ClaimView],
    found: Sequence[ClaimView],
    gold_links: Iterable[str],
    found_links: Iterable[str],
) -> ArticleScore:
    """Every kind's score for one article's gold and extracted claims and citation links."""
    pairs = match_claims(gold, found)
    scores = {kind: Score() for kind in KINDS}
    scores["claims"] = Score(tp=len(pairs), fp=len(found) - len(pairs), fn=len(gold) - len(pairs))
    scores["people"] = count_sets(_all(gold, "people"), _all(found, "people"))
    scores["places"] = count_sets(_all(gold, "places"), _all(found, "places"))
    scores["ages"] = count_sets(_all(gold, "ages"), _all(found, "ages"))
    scores["links"] = count_sets(map(normalize_link, gold_links), map(normalize_link, found_links))
    agreed = 0
    for g, f in pairs:
        for kind in ("dates", "quantities", "verdicts", "kinds"):
            scores[kind].add(count_multisets(getattr(gold[g], kind), getattr(found[f], kind)))
        scores["attributions"].add(_attribution_score(gold[g].attribution, found[f].attribution))
        agreed += same_attribution(gold[g].attribution, found[f].attribution)
        for kind, (right, compared) in structure_counts(
            gold[g].verdict_parts, found[f].verdict_parts
        ).items():
            # A share, not a search: what disagrees is both wrongly found and missed.
            scores[kind].add(Score(tp=right, fp=compared - right, fn=compared - right))
    return ArticleScore(scores=scores, attributions_agreed=agreed, matched=len(pairs))


def macro_average(articles: Sequence[ArticleScore]) -> dict[str, dict[str, Any]]:
    """Per kind, the mean precision, recall and F1 over the articles where each is defined."""
    averages: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        scores = [article.scores[kind] for article in articles]
        averages[kind] = {
            "precision": _mean(s.precision for s in scores),
            "recall": _mean(s.recall for s in scores),
            "f1": _mean(s.f1 for s in scores),
            "articles": sum(s.f1 is not None for s in scores),
        }
    averages["attributions"]["accuracy"] = _mean(a.attribution_accuracy for a in articles)
    return averages


def differences(
    gold: Sequence[ClaimView],
    found: Sequence[ClaimView],
    gold_links: Iterable[str],
    found_links: Iterable[str],
) -> dict[str, dict[str, list[str]]]:
    """Per kind, what the extractor missed and what it added, as text to read beside the figures."""
    pairs = match_claims(gold, found)
    paired_gold, paired_found = {g for g, _ in pairs}, {f for _, f in pairs}
    diffs = {
        "claims": {
            "missed": [c.text for i, c in enumerate(gold) if i not in paired_gold],
            "spurious": [c.text for i, c in enumerate(found) if i not in paired_found],
        }
    }
    for kind in ("people", "ages", "places"):
        diffs[kind] = _set_difference(_all(gold, kind), _all(found, kind))
    diffs["links"] = _set_difference(
        map(normalize_link, gold_links), map(normalize_link, found_links)
    )
    for kind in ("dates", "quantities", "verdicts"):
        diffs[kind] = {"missed": [], "spurious": []}
        for g, f in pairs:
            gold_bag, found_bag = Counter(getattr(gold[g], kind)), Counter(getattr(found[f], kind))
            where = f" in: {_excerpt(gold[g].text)}"
            diffs[kind]["missed"] += [_shown(i) + where for i in (gold_bag - found_bag).elements()]
            diffs[kind]["spurious"] += [
                _shown(i) + where for i in (found_bag - gold_bag).elements()
            ]
    diffs["attributions"] = {
        "differ": [
            f"gold {gold[g].attribution!r}, found {found[f].attribution!r} in: "
            + _excerpt(gold[g].text)
            for g, f in pairs
            if not same_attribution(gold[g].attribution, found[f].attribution)
        ]
    }
    return diffs


def found_links(article: Article) -> list[str]:
    """The citation links an article was read with, as URLs."""
    return [link.url for link in article.links]


def _clean(text: str) -> str:
    """Compatibility forms, straight quotes, no invisible characters, single spaces; case kept."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def _set_difference(gold: Iterable[Hashable], found: Iterable[Hashable]) -> dict[str, list[str]]:
    gold_set, found_set = set(gold), set(found)
    return {
        "missed": sorted(_shown(item) for item in gold_set - found_set),
        "spurious": sorted(_shown(item) for item in found_set - gold_set),
    }


def _shown(item: Hashable) -> str:
    """An item as text: a tuple's parts joined, a negated verdict as "not <lemma>"."""
    if not isinstance(item, tuple):
        return str(item)
    if len(item) == 2 and isinstance(item[1], bool):
        return f"not {item[0]}" if item[1] else str(item[0])
    return " ".join(str(part) for part in item if part is not None)


def _excerpt(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _attribution_score(gold: str | None, found: str | None) -> Score:
    if gold and found:
        right = same_attribution(gold, found)
        # A wrong source is both a spurious attribution and a missed one.
        return Score(tp=1) if right else Score(fp=1, fn=1)
    return Score(fp=int(bool(found)), fn=int(bool(gold)))


def _all(claims: Sequence[ClaimView], kind: str) -> list[Hashable]:
    return [item for claim in claims for item in getattr(claim, kind)]


def _of(claim: Claim, kind: str) -> list[Mention]:
    return [mention for mention in claim.mentions if mention.kind == kind]


def _nearest_name(age: Mention, people: Sequence[Mention]) -> str | None:
    """The person mention closest to an age ("25-year-old X", "X, 25,"), by the gap between them."""
    if not people or age.start is None or age.end is None:
        return None

    def gap(person: Mention) -> int:
        start, end = person.start or 0, person.end or 0
        return max(start - (age.end or 0), (age.start or 0) - end, 0)

    nearest = min(people, key=gap)
    return str(nearest.value if nearest.value is not None else nearest.text)


def _value(item: Any) -> Any:
    """A gold entry's value: the entry itself when it is plain, else its ``value`` or ``text``."""
    if isinstance(item, Mapping):
        return item.get("value") if item.get("value") is not None else item.get("text")
    return item


def _label(value: Any) -> str:
    return normalize_sentence(str(value or ""))


def _optional_text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _gold_age(item: Any) -> tuple[int, str | None]:
    if isinstance(item, Mapping):
        return _whole_number(item.get("value")), surname(_optional_text(item.get("person")))
    return _whole_number(item), None


def _whole_number(value: Any) -> int:
    """An age written as 25, 25.0 or "25" (even "25-year-old") as 25; 0 when it holds none."""
    if isinstance(value, int | float):
        return int(value)
    digits = _DIGITS.search(str(value or ""))
    return int(digits.group()) if digits else 0


def _gold_date(item: Any) -> tuple[str, str | None]:
    if isinstance(item, Mapping):
        return str(item.get("value")), _optional_text(item.get("precision"))
    return str(item), None


def _gold_verdict(item: Any) -> tuple[str, bool]:
    if isinstance(item, Mapping):
        value, negated = _verdict(str(_value(item) or ""))
        return value, negated or bool(item.get("negated"))
    return _verdict(str(item))


def _verdict(value: str) -> tuple[str, bool]:
    """An outcome as (lemma, negated): the extractor writes a negated one as ``not <lemma>``."""
    value = normalize_sentence(value)
    if value.startswith("not "):
        return value.removeprefix("not "), True
    return value, False


# The gold gives a quantity's number and bound only; the extractor also keeps its unit ("$",
# "%"), which the gold has no field for, so units are left out of the comparison.
_UNIT_SIGNS = str.maketrans("", "", "$€£¥%")


def _quantity(value: Any) -> str:
    """A quantity's value as text, so that 2, 2.0 and "2" agree, and "$390" matches "390"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = normalize_sentence(str(value)).replace(",", "").replace(" ", "")
    return text.translate(_UNIT_SIGNS)


def _mean(values: Iterable[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.fmean(present) if present else None
