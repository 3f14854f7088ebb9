"""Extract an article's checkable claims, with their mentions, attribution and cited sources.

A sentence is a claim when it states a fact with a concrete anchor: a date, an age, a figure, a
legal outcome, or a named person, organization or place doing something; or when it reports
what an identified speaker said. "He said" speaks for the person last named as speaker or
subject; a quotation without a tag takes the speaker its other sentences, or the paragraph
before, name; the items of a list introduced by "X said:" are X's. Hedged or judging sentences
("may", "unlikely", "would be") are left out unless attributed. A sentence with no claim kind
is kept only when a named organisation plainly does something ("Acme records ..."). ``clauses``
cuts a sentence into the facts it states, each keeping the whole sentence; a hedged sentence
keeps only a closing dated ", who ..." clause.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

from .attribution import Attribution, find_attribution, resolve_pronoun
from .clauses import (
    Fact,
    claim_end,
    closing_fact,
    fact_attribution,
    fact_text,
    has_event_verb,
    mentions_inside,
    split_facts,
)
from .linking import claim_sources
from .mentions import PeopleIndex, find_mentions
from .model import CLAIM_KINDS, Article, Claim, Mention
from .periods import parse_reference
from .sentences import split_sentences
from .verdict_details import describe_verdicts

_CREDIT = re.compile(
    r"^\W*(?:credits?|photos?|photograph|images?|picture|illustration|graphics?|source|sourcing|"
    r"caption|video|watch|read more|related|advertisement|file photo|getty images)\s*:",
    re.IGNORECASE,
)
# Contributor lines: "Jane Roe contributed reporting from Paris."
_CONTRIBUTOR = re.compile(
    r"\b(?:contributed|also contributed)\s+(?:reporting|research|to this (?:report|story|article))",
    re.IGNORECASE,
)
_PROMO = re.compile(r"\W*(?:read|watch|listen|see|subscribe|sign up|click|follow)\b", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_OPENING_QUOTE = re.compile(r"^[\"“‘']")
_QUOTE_MARKS = ('"', "“")
# A name opening its sentence or clause, perhaps after a title or a short adverbial.
_SUBJECT_POSITION = re.compile(r"^\W*(?:[\w’'-]+\s+){0,2}$|^[^,]{0,60},\s*(?:[\w.]+\s+){0,2}$")
# A name that is its sentence's subject: first, after capitalised titles only, or topicalised
# ("But for X, ..."); a lowercase word before it makes it a verb's object ("Voters elected X").
_SENTENCE_SUBJECT = re.compile(r"^\W*(?:(?:But\s+for|For)\s+)?(?:[A-Z][\w’'.-]*\s+){0,2}$")
# A quotation's own tag after its closing mark (', the police chief said later.'), which the
# speaker of the paragraph before must never override.
_OWN_TAG = re.compile(
    r"[”\"]\s*,?\s*(?:[\w’'.-]+\s+){0,4}(?:said|says|say|added|adds|told|tells|asked|asks|"
    r"wrote|writes|explained|explains|replied|replies|insisted|insists|recalled|recalls)\b"
)
_STAFF_OF = re.compile(
    r"\b(?P<name>[A-Z][\w&-]+(?:\s+[A-Z][\w&-]+){0,2})\s+(?:officials|spokes(?:man|woman|person)|"
    r"employees|executives|engineers|crews|customers)\b"
)
_MIN_WORDS = 4
_WE = re.compile(r"(?i)we\b")
# A concessive clause ("even though I never agreed") does not undo the fact before it.
_CONCESSION = re.compile(r",\s*(?:even\s+though|although|though)\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", re.IGNORECASE)
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)
_CONDITIONAL = re.compile(r"\b(?:if|unless|would|could|can|may|might|whether)\b|[’']d\b", re.I)
# A named organisation as subject, doing something concrete now ("Acme records ...").
_ORG_ACTS = re.compile(
    r"^\W*(?:The\s+)?[A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+){0,2}(?:[’']s\s+\w+)?\s+"
    r"(?:[a-z]+ly\s+)?(?:records|collects|stores|tracks|owns|sells|shares|sends|uses|"
    r"keeps|buys|runs|operates|blocks|bans|publishes|removes|deletes)\b"
)
# A first-person account of something received from or sent by a named organisation.
_FROM_ORG = re.compile(
    r"\b(?:I|[Ww]e)\s+(?:received|got|obtained)\b[^.]{0,40}\bfrom\s+(?:the\s+)?[A-Z]"
)
_MIN_WORDS_UNPUNCTUATED = 10
# An organisation's own words announced by a pronoun: "the goals they claim for it:".
_THEIR_WORDS = re.compile(
    r"\b(?:they|it)\s+(?:claim|claims|state|states|describe|describes|give|gives|list|lists|"
    r"explain|explains|set out|sets out)\b[^:]*:\s*$"
)


def extract_claims(article: Article) -> list[Claim]:
    """Return the checkable claims of ``article`` in reading order, numbered from 1."""
    reference = parse_reference(article.published)
    people = _people_index(article)
    claims: list[Claim] = []
    seen = {_normalized(article.title)} if article.title else set()
    context = _Context(publisher=article.publisher)
    for index, paragraph in enumerate(article.paragraphs):
        readings = _read_paragraph(paragraph, reference, people, seen, context)
        for reading in readings:
            sentence, mentions, attribution = (
                reading.sentence,
                reading.mentions,
                reading.attribution,
            )
            claimed = attribution if reading.quoted else reading.own
            kinds = _kinds(mentions, attribution)
            plain = not kinds and _is_plain_fact(sentence)
            if _is_claim(sentence, mentions, claimed, plain) and (kinds or plain):
                claims.extend(_claims(article, index, reading, len(claims), plain))
            elif claimed is None and (fact := closing_fact(sentence, mentions, reading.person)):
                claims.append(_closing_claim(article, index, reading, fact, len(claims) + 1))
    return claims


@dataclass
class _Context:
    """What earlier paragraphs leave for later ones: the last person named, the last speaker."""

    person: str | None = None
    speaker: Attribution | None = None
    listing: Attribution | None = None
    publisher: str | None = None
    quoted_block: Attribution | None = None
    subject: str | None = None


@dataclass(frozen=True)
class _Reading:
    sentence: str
    mentions: list[Mention]
    own: Attribution | None
    attribution: Attribution | None
    quoted: bool
    person: str | None


def _read_paragraph(
    paragraph: str,
    reference: datetime.date | None,
    people: PeopleIndex,
    seen: set[str],
    context: _Context,
) -> list[_Reading]:
    """Each kept sentence of ``paragraph`` with its mentions and who asserts it."""
    listing, context.listing = context.listing, None
    block, context.quoted_block = context.quoted_block, None
    sentences = _kept_sentences(paragraph, seen, listed=listing is not None)
    found: list[tuple[str, list[Mention], Attribution | None]] = []
    before: list[str | None] = []
    for sentence in sentences:
        mentions = find_mentions(sentence, reference, people)
        describe_verdicts(sentence, mentions)
        own = resolve_pronoun(find_attribution(sentence, mentions), mentions, context.person)
        own = _publisher_speaking(sentence, own, context.publisher)
        before.append(context.person)
        context.person = _topic(sentence, mentions, own) or context.person
        found.append((sentence, mentions, own))
    runs = _quote_runs([sentence for sentence, _, _ in found])
    readings: list[_Reading] = []
    carried = None
    if paragraph.lstrip().startswith(_QUOTE_MARKS):
        carried = context.speaker or _subject_speaking(context.subject, found)
    for (sentence, mentions, own), run, person in zip(found, runs, before, strict=True):
        speaker = _run_speaker(found, run) if run else None
        inherited = _inherited(sentence, speaker or carried, quoted=bool(run))
        if own is None and listing is not None and not _TERMINAL.search(sentence):
            own = listing
        if own is None and block is not None:
            own = block
        attribution = own or inherited
        quoted = own is None and inherited is not None and inherited.kind != "report"
        readings.append(_Reading(sentence, mentions, own, attribution, quoted, person))
        carried = own if own is not None and own.named else carried
    context.speaker = _closing_speaker(readings)
    context.subject = _closing_subject(readings)
    context.listing = _introduced_list(paragraph, reference, people, context.person)
    context.quoted_block = _introduced_words(paragraph, reference, people)
    if (
        listing is not None
        and not _TERMINAL.search(paragraph.rstrip())
        and not _PROMO.match(paragraph)
    ):
        context.listing = listing  # the list goes on while its items stay unpunctuated
    return readings


def _publisher_speaking(
    sentence: str, own: Attribution | None, publisher: str | None
) -> Attribution | None:
    """A "we" speaking outside any quotation is the publisher ("We announced on Monday")."""
    if own is None or own.sources or publisher is None or not _WE.match(own.phrase):
        return own
    if any(mark in sentence for mark in _QUOTE_MARKS + ("”",)):
        return own  # inside a quotation "we" is the speaker's group, not the publisher
    return replace(own, phrase=f"{own.phrase} ({publisher})", sources=(publisher,))


def _introduced_list(
    paragraph: str, reference: datetime.date | None, people: PeopleIndex, person: str | None
) -> Attribution | None:
    """The speaker of a paragraph ending "X said:", whose words the next list items give."""
    if not paragraph.rstrip().endswith(":"):
        return None
    last = split_sentences(paragraph)[-1]
    mentions = find_mentions(last, reference, people)
    found = resolve_pronoun(find_attribution(last, mentions), mentions, person)
    return found if found is not None and found.named and found.kind == "speech" else None


def _introduced_words(
    paragraph: str, reference: datetime.date | None, people: PeopleIndex
) -> Attribution | None:
    """The organisation whose own words follow a paragraph ending "the goals they claim:"."""
    if not paragraph.rstrip().endswith(":"):
        return None
    last = split_sentences(paragraph)[-1]
    cue = _THEIR_WORDS.search(last)
    if cue is None:
        return None
    orgs = [m for m in find_mentions(last, reference, people) if m.kind == "org"]
    owner = [m for m in orgs if (m.end or 0) <= cue.start()]
    if not owner:
        return None
    name = str(owner[-1].value or owner[-1].text)
    # Offsets 0-0: the speaker is named in the paragraph before, not in the quoted words.
    return Attribution(name, 0, 0, (name,), "speech")


def _kept_sentences(paragraph: str, seen: set[str], listed: bool) -> list[str]:
    kept = []
    for sentence in split_sentences(paragraph):
        key = _normalized(sentence)
        item = listed and len(sentence.split()) >= _MIN_WORDS and not _PROMO.match(sentence)
        label = _is_label(sentence) and not item
        if key not in seen and not label:
            kept.append(sentence)
        seen.add(key)
    return kept


def _topic(sentence: str, mentions: list[Mention], own: Attribution | None) -> str | None:
    """The person a later "he" or "she" most likely means: the speaker, else the subject."""
    people = [m for m in mentions if m.kind == "person" and not _is_possessive(sentence, m)]
    if own is not None and own.sources:
        spoken = [s for s in own.sources if s in {str(m.value or m.text) for m in people}]
        if spoken:
            return spoken[0]
    for mention in people:
        if _SUBJECT_POSITION.match(sentence[: mention.start]):
            return str(mention.value or mention.text)
    return str(people[-1].value or people[-1].text) if people else None


def _is_possessive(sentence: str, mention: Mention) -> bool:
    return sentence[mention.end : (mention.end or 0) + 2].startswith(("'", "’"))


def _quote_runs(sentences: list[str]) -> list[tuple[int, int] | None]:
    """For each sentence, the span of sentences of the quotation it belongs to, if any."""
    runs: list[tuple[int, int] | None] = [None] * len(sentences)
    start: int | None = None
    for position, sentence in enumerate(sentences):
        opened = start is not None or sentence.lstrip().startswith(_QUOTE_MARKS)
        if not opened:
            continue
        if start is None:
            start = position
        if not _leaves_quote_open(sentence, continuing=start < position):
            for member in range(start, position + 1):
                runs[member] = (start, position)
            start = None
    if start is not None:
        for member in range(start, len(sentences)):
            runs[member] = (start, len(sentences) - 1)
    return runs


def _leaves_quote_open(sentence: str, continuing: bool) -> bool:
    curly = sentence.count("“") + (1 if continuing else 0) - sentence.count("”")
    straight = sentence.count('"') + (1 if continuing else 0)
    return curly > 0 if ("“" in sentence or "”" in sentence) else straight % 2 == 1


def _run_speaker(
    found: list[tuple[str, list[Mention], Attribution | None]], run: tuple[int, int]
) -> Attribution | None:
    """The speaker a quotation names in any of its sentences ("..." he said, at its end)."""
    for _, _, own in found[run[0] : run[1] + 1]:
        if own is not None and own.named and own.kind == "speech":
            return own
    return None


def _closing_speaker(readings: list[_Reading]) -> Attribution | None:
    """The speaker whose words may continue in the next paragraph's opening quotation."""
    if not readings or readings[-1].attribution is None:
        return None
    last = readings[-1].attribution
    return last if last.named and last.kind == "speech" else None


def _closing_subject(readings: list[_Reading]) -> str | None:
    """The person an unattributed closing sentence is about, as its subject ("But for X, ...")."""
    if not readings or readings[-1].attribution is not None or readings[-1].quoted:
        return None
    last = readings[-1]
    for mention in last.mentions:
        if mention.kind == "person" and _SENTENCE_SUBJECT.match(last.sentence[: mention.start]):
            return str(mention.value or mention.text)
    return None


def _subject_speaking(
    person: str | None, found: list[tuple[str, list[Mention], Attribution | None]]
) -> Attribution | None:
    """The speaker of an untagged quotation that follows a paragraph about ``person``."""
    if person is None or any(_OWN_TAG.search(sentence) for sentence, _, _ in found):
        return None
    # Offsets 0-0: the speaker is named in the paragraph before, not in the quoted words.
    return Attribution(person, 0, 0, (person,), "speech")


def _people_index(article: Article) -> PeopleIndex:
    people = PeopleIndex()
    publishers = [link.url for link in article.links]
    people.add_publishers([p for p in (article.url, article.publisher) if p] + publishers)
    # "Acme Power officials said": a name whose staff speak is an organization's.
    people.add_publishers(m["name"] for p in article.paragraphs for m in _STAFF_OF.finditer(p))
    for paragraph in article.paragraphs:
        for sentence in split_sentences(paragraph):
            people.learn(sentence)
    return people


def _normalized(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _is_label(sentence: str) -> bool:
    """True for credit lines, section labels, headings and fragments that state nothing."""
    words = sentence.split()
    if _CREDIT.match(sentence) or _CONTRIBUTOR.search(sentence) or " | " in sentence:
        return True
    if len(words) < _MIN_WORDS - 1:
        return True
    if len(words) < _MIN_WORDS and not has_event_verb(sentence) and not _opens_quote(sentence):
        return True
    if not _TERMINAL.search(sentence) and len(words) < _MIN_WORDS_UNPUNCTUATED:
        return True
    return not _TERMINAL.search(sentence) and _is_title_case(words)


def _opens_quote(sentence: str) -> bool:
    """True for a sentence opening a quotation that goes on ("“It hurts. We ...”")."""
    return bool(_OPENING_QUOTE.match(sentence)) and _leaves_quote_open(sentence, continuing=False)


def _is_title_case(words: list[str]) -> bool:
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.75 * len(long_words)


def _inherited(
    sentence: str, carried: Attribution | None, quoted: bool = False
) -> Attribution | None:
    """The attribution a sentence takes over from earlier in its paragraph, if any.

    A report ("As X reported for Y, ...") covers the rest of its paragraph; a speaker covers
    the quotation that continues their words.
    """
    if carried is None:
        return None
    if carried.kind == "report" or quoted or _OPENING_QUOTE.match(sentence):
        return carried
    return None


def _is_plain_fact(sentence: str) -> bool:
    """True for a sentence with no claim kind that still tells what a named organisation did."""
    main = _CONCESSION.split(sentence, maxsplit=1)[0]
    if _NEGATION.search(main) or _SECOND_PERSON.search(sentence) or _CONDITIONAL.search(main):
        return False
    return bool(_ORG_ACTS.search(main)) or bool(_FROM_ORG.search(main))


def _is_claim(
    sentence: str, mentions: list[Mention], attribution: Attribution | None, plain: bool = False
) -> bool:
    if sentence.rstrip("\"'”’) ").endswith("?"):
        return False
    return claim_end(sentence, mentions, attribution, plain) is not None


def _claims(
    article: Article,
    paragraph: int,
    reading: _Reading,
    count: int,
    plain: bool = False,
) -> list[Claim]:
    sentence, attribution = reading.sentence, reading.attribution
    sources = claim_sources(sentence, paragraph, article.links, attribution)
    claimed = attribution if reading.quoted else reading.own
    end = claim_end(sentence, reading.mentions, claimed, plain) or len(sentence)
    mentions = mentions_inside(reading.mentions, 0, end)
    facts = list(split_facts(sentence[:end], mentions, attribution, reading.person))
    if any(not _kinds(f.mentions, fact_attribution(f, facts, attribution)) for f in facts):
        facts = [Fact(0, end, mentions)]  # a part that names nothing checkable is no fact
    claims = []
    for number, fact in enumerate(facts, start=count + 1):
        credited = fact_attribution(fact, facts, attribution)
        claims.append(
            Claim(
                seq=number,
                sentence=sentence,
                text=fact_text(sentence, fact, len(facts), attribution),
                kinds=_kinds(fact.mentions, credited),
                mentions=fact.mentions,
                sources=list(sources),
                attribution=credited.phrase if credited else None,
                paragraph=paragraph,
            )
        )
    return claims


def _closing_claim(
    article: Article, paragraph: int, reading: _Reading, fact: Fact, number: int
) -> Claim:
    """The one claim of a sentence whose only fact is its closing relative clause."""
    sentence = reading.sentence
    return Claim(
        seq=number,
        sentence=sentence,
        text=sentence[fact.start : fact.end].strip(" ,;").rstrip("."),
        kinds=_kinds(fact.mentions, fact.own),
        mentions=fact.mentions,
        sources=list(claim_sources(sentence, paragraph, article.links, fact.own)),
        attribution=fact.own.phrase if fact.own else None,
        paragraph=paragraph,
    )


def _kinds(mentions: list[Mention], attribution: Attribution | None) -> list[str]:
    present = {m.kind for m in mentions}
    if attribution is not None:
        present.add("attribution")
    return [kind for kind in CLAIM_KINDS if kind in present]
