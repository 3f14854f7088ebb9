"""Find who a sentence says asserts its content: "Reuters reported", "according to X", "X said".

An attribution has a source (a name, a noun phrase such as "the source", or a pronoun), a cue
(a reporting verb, "according to", "citing") and covers the sentence's content. Its ``phrase``
keeps the sentence's own words, so that "As Jane Roe reported for the Daily Example earlier"
gives "as Jane Roe reported for the Daily Example".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .model import Mention

_REPORT_VERBS = "reported|reports|wrote|writes"
# Verbs of speech, sorted; each may take the sentence's content as what was said.
_SPEECH_VERBS = "|".join(
    """
    acknowledge acknowledged acknowledges added adds admits admitted alleged alleges believe
    believed believes
    announced announces argue argued argues asserted asserts cautioned cautions claim
    claimed claims complained complains conceded concedes concluded concludes confirmed
    confirms contended declared declares defended defends denied denies disclosed emphasised
    emphasized estimate estimated estimates explained finds found insist insisted insists
    instructed maintained maintains noted pledged pledges predicted predicts promised
    promises recalled recalls recounted replied replies responded revealed reveals said say
    says showed shows speculated speculates stated stressed stresses tells testified
    testifies told tweeted tweets urged urges vowed vows warn warned warns wondered
    """.split()
)
# Verbs that report only before a "that" clause: "the study found that", not "found the body".
_THAT_VERBS = frozenset(
    "found finds showed shows denied denies revealed reveals concluded concludes".split()
)
# Belief reports another's view ("elders believe"); "I believe" or "we believe" is the writer's
# own opinion, not a source.
_BELIEF_VERBS = frozenset({"believe", "believes", "believed"})
_FIRST_PERSON = re.compile(r"(?i)(?:as\s+)?(?:i|we|you)\b")
# "claim" is a noun as often as a verb: it reports only before "that" or "to".
_CLAIM_VERB = "claim"
_VERB = re.compile(rf"\b(?P<verb>{_REPORT_VERBS}|{_SPEECH_VERBS})\b")
_TOLD_WHOM = re.compile(
    r"\s+(?:[A-Z]|(?:that|him|them|us|me|you|reporters|journalists|lawmakers|investigators|"
    r"officials|parliament|congress|senators|members|the|a|an)\b|her\s+(?:that\b|,|[A-Z]))"
)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|be|is|are|being)\s+$")
# What may stand between a subject and its verb: auxiliaries and adverbs, or an aside in commas.
_ADVERBS = (
    r"has|have|had|also|long|officially|reportedly|previously|later|further|then|again|"
    r"recently|publicly|repeatedly|privately|earlier|first|once|separately|similarly|likewise|"
    r"initially|subsequently|originally|already|never|not|did|does|do|since|soon|still|often|"
    r"quickly|immediately|swiftly"
)
# Plain adverbs ("has long argued"), or adverbs set off by commas (", officially, says").
_ADVERB_GAP = re.compile(
    rf"^\s*(?:(?:{_ADVERBS})\s+)*$|^\s*,\s*(?:(?:{_ADVERBS})[\s,]+)+$", re.IGNORECASE
)
# Those speaking with the named person ("X and his family believe", "Y and her lawyers say").
_COMPANION_GAP = re.compile(
    rf"^\s+and\s+(?:his|her|their)\s+(?:[a-z]+\s+)?[a-z]+\s+(?:(?:{_ADVERBS})\s+)*$"
)
# A companion named after the kin noun: "X and his wife Anna believe" is said by both.
_COMPANION_BEFORE = re.compile(r"^\s+and\s+(?:his|her|their)\s+(?:[a-z]+\s+)?[a-z]+\s+$")
# A speaker's age in commas ("X, 61, said") joins the name to its verb whatever title precedes.
_AGE_GAP = re.compile(rf"^\s*,\s*\d{{1,3}}\s*,\s*(?:(?:{_ADVERBS})\s+)*$", re.IGNORECASE)
# A clause opening, maybe followed by a title ("WASHINGTON — Sen. Maria Lopez, D-Calif., said").
_CLAUSE_START = re.compile(
    r"(?:^|[,;:(—–“\"]\s*|\b(?i:as|and|but|while)\s+)(?:[A-Z][\w-]*\.?\s+){0,3}$"
)
# Nouns naming people or bodies that speak: officials, experts, groups, institutions.
_SPEAKER_NOUNS = (
    r"source|sources|officials?|police|spokes(?:man|woman|person)|analysts?|"
    r"experts?|scholars?|researchers?|witnesses?|authorities|ministry|government|lawyers?|"
    r"prosecutors?|investigators?|residents?|diplomats?|observers?|critics?|activists?|doctors?|"
    r"scientists?|economists?|traders?|elders|locals|villagers|farmers|fishermen|families|parents|"
    r"workers|teachers|nurses|patients|tenants|studies|study|survey|statement|court|judge|report|"
    r"agency|office|bureau|department|commission|bank|company|firm|council|committee|board|"
    r"president|minister|chairman|chairwoman|director|governor|mayor|senator|congressman|"
    r"congresswoman|lawmakers?|leaders?|members?|aides?|allies|voters|republicans|democrats|"
    r"operatives?|strategists?|supporters|opponents|officers?|engineers?|editor|correspondent|"
    r"spokespeople|staffers?|representatives?|negotiators?|advisers?|advisors?|organi[sz]ation|"
    r"group|union|association|campaign|coalition|companies|firms|advertisers?|platforms|"
    r"providers?|businesses|military|army|navy|administration|embassy|regime|party|foundation|"
    r"institute|university|hospital"
)
_NOUN_SUBJECT = re.compile(
    r"(?P<subject>\b(?:(?:the|a|an|two|three|four|five|several|many|some|other|its|their|his|"
    r"her|\w+(?:’s|'s))\s+)?(?:(?!(?:which|that|who|and|but|or|after|before|as|when|while|if|"
    r"because|since|to|of|in|on|at|by|for|with|from)\b)[a-z][\w.-]*\s+)?"
    rf"(?:{_SPEAKER_NOUNS}))\s+"
    r"(?:(?:in|at|of|from)\s+(?:the\s+)?[a-z]+\s+)?"
    rf"(?:(?:{_ADVERBS})\s+)*$",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT = re.compile(
    rf"(?P<subject>\b(?:he|she|they|it|we|i))\s+(?:(?:{_ADVERBS})\s+)*$", re.IGNORECASE
)
# "said the spokesman", "said one GOP operative in the state".
_FOLLOWING_SUBJECT = re.compile(
    r"\s+(?:the|a|an|one|another|two|three|several|some)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:[a-z]+(?:man|woman|person|er|or|ist|ant|ent|ive|ian|s))\b"
    r"(?:\s+(?:in|at|of|for|from)\s+(?:the\s+)?[\w-]+)?"
)
_TOLD_OBJECT = re.compile(r"^\s+(?:(?:for|to|in|on)\s+)?(?:the\s+)?$", re.IGNORECASE)
_OUTLET = re.compile(r"^\s+(?:for|to|in|on)\s+(?:the\s+)?$", re.IGNORECASE)
_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<source>[^,;.—–()]+)")
_CITING = re.compile(r"\b[Cc]iting\s+(?P<source>[^,;.]+(?:,\s+[^,;.]+)?)")
# Documents a named outlet has seen speak for what they say: "reports seen by Reuters".
_SEEN_BY = re.compile(
    r"(?:\b[A-Z][\w-]*\s+)*(?:\b[a-z]+\s+)?\b(?:reports?|documents?|memos?|letters?|emails?|"
    r"files?|records?|minutes)\s+(?:seen|obtained|reviewed)\s+by\s+"
    r"(?P<who>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})"
)
# A speech act in a manner adverbial: "X deflects accusations by arguing that ...".
_BY_GERUND = re.compile(
    r"\bby\s+(?:arguing|claiming|saying|insisting|asserting|contending|maintaining)\b"
)
# A reporting clause set off in commas after what it reports: "..., organizers say." or
# "..., geologists think, with ...". Its head is a speaker noun or a plural agent noun
# ("historians", "fishermen"): "..., the rains said" is no attribution.
_REPORTING_ASIDE = re.compile(
    r",\s+(?P<subject>(?:(?!(?:and|but|or|as|so|if|when|while|which|that)\b)[a-z][\w’'-]*\s+){0,2}"
    rf"(?:{_SPEAKER_NOUNS}|[a-z][\w-]+(?:ers|ors|ists|ians|ants|ents|men|women|people)))\s+(?P<verb>say|said|think|thought|believe|believed|suspect|suspected|"
    r"fear|feared|estimate|estimated)\s*(?=[,.;]|$)"
)
# A quoted word credited in the passive: 'was described as "reckless" by the regulator'. The
# source ends where a preposition or time word starts an adverbial ("by the family on Monday"),
# and "by the time/end of ..." is a time, not a source.
_SOURCE_STOP = (
    r"(?:on|in|at|after|before|during|since|until|last|this|next|when|while|with|for|from|over|"
    r"to|as|and|yesterday|today|tonight|earlier|later|because)"
)
_DESCRIBED_BY = re.compile(
    r"\b(?:described|called|labell?ed|branded|dubbed|characteri[sz]ed)\s+(?:as\s+)?"
    r"[“\"‘][^”\"’]{1,80}[”\"’]\s+by\s+"
    r"(?P<source>(?:the|a|an|its|their)\s+(?!(?:time|end|start|beginning|middle|close|way)\b)"
    rf"[\w’'-]+(?:\s+(?!{_SOURCE_STOP}\b)[\w’'-]+){{0,5}}"
    r"|[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,4})"
    rf"(?=\s*(?:[.,;:—–]|$)|\s+{_SOURCE_STOP}\b)"
)
# "X and other tech companies": the named subject with the group it stands for.
_OTHER_MEMBERS = re.compile(r"\s+and\s+other\s+(?:[\w-]+\s+){0,2}?[a-z]+s\b")
# How far before its verb a subject is sought: a subject, its titles and an aside fit easily,
# and a long run-on paragraph read as one sentence stays linear.
_WINDOW = 300
# A noun or pronoun subject with its adverbs ("the bank's own economists have long") is short.
_SUBJECT_WINDOW = 120
_HEARSAY = re.compile(r"\b(?:reportedly|allegedly|purportedly)\b", re.IGNORECASE)
_NAMED = ("person", "org", "place")
_SINGULAR_PRONOUN = re.compile(r"(?i)(?:as\s+)?(?:he|she)\b")
_POSSESSIVE_ROLE = re.compile(r"(?i)(?:as\s+)?(?:his|her)\s+[a-z]")


@dataclass(frozen=True)
class Attribution:
    """Who asserts a sentence's content, as the sentence says it.

    ``sources`` are the names of the asserting people or organizations (a person's full name
    when known); ``kind`` is ``report`` (reported, wrote, according to), ``speech`` (said,
    told, argued) or ``hearsay`` (reportedly, allegedly).
    """

    phrase: str
    start: int
    end: int
    sources: tuple[str, ...]
    kind: str

    @property
    def named(self) -> bool:
        """True when the attribution names who asserts (not "he said" or "reportedly")."""
        return bool(self.sources) or (self.kind != "hearsay" and not _is_pronoun(self.phrase))


def find_attribution(sentence: str, mentions: list[Mention]) -> Attribution | None:
    """Return the attribution of ``sentence``, or None when it states its content directly."""
    names = [m for m in mentions if m.kind in _NAMED and m.start is not None]
    candidates = [
        c
        for c in (
            _by_verb(sentence, names),
            _according_to(sentence, names),
            _by_gerund(sentence, names),
            _by_aside(sentence, names),
            _described_by(sentence, names),
        )
        if c
    ]
    found = next((c for c in candidates if c.sources), candidates[0] if candidates else None)
    citing = _citing(sentence, names, found)
    if found and citing:
        return _combine(found, citing)
    if found or citing:
        return found or citing
    seen = _SEEN_BY.search(sentence)
    if seen:
        who = tuple(m.text for m in names if seen.start("who") <= (m.start or 0) < seen.end())
        return Attribution(seen.group(0), seen.start(), seen.end(), who, "report")
    hearsay = _HEARSAY.search(sentence)
    if hearsay:
        return Attribution(hearsay.group(0), hearsay.start(), hearsay.end(), (), "hearsay")
    return None


def resolve_pronoun(
    attribution: Attribution | None, mentions: list[Mention], person: str | None
) -> Attribution | None:
    """A "he said" or "his spokesman said" attribution with its speaker: the last person before."""
    if attribution is None or attribution.kind == "hearsay" or attribution.sources:
        return attribution
    # "his spokesman said": the staff of the person just named speak for that person.
    on_behalf = _POSSESSIVE_ROLE.match(attribution.phrase)
    if attribution.named and not on_behalf:
        return attribution
    if not on_behalf and not _SINGULAR_PRONOUN.match(attribution.phrase):
        return attribution
    before = [m for m in mentions if m.kind == "person" and (m.end or 0) <= attribution.start]
    speaker = str(before[-1].value or before[-1].text) if before else person
    if speaker is None:
        return attribution
    return replace(attribution, phrase=f"{attribution.phrase} ({speaker})", sources=(speaker,))


def _is_pronoun(phrase: str) -> bool:
    return bool(re.match(r"(?i)(?:as\s+)?(?:he|she|they|it|we|i)\b", phrase))


def _by_verb(sentence: str, names: list[Mention]) -> Attribution | None:
    candidates: list[Attribution] = []
    for match in _VERB.finditer(sentence):
        floor = max(0, match.start() - _WINDOW)
        if _PASSIVE_BEFORE.search(sentence, floor, match.start()):
            continue
        if match["verb"] in ("told", "tells") and not _TOLD_WHOM.match(sentence, match.end()):
            continue  # "she tells her story" reports nothing
        if match["verb"] in _THAT_VERBS and not re.match(r"\s+that\b", sentence[match.end() :]):
            continue
        if match["verb"] == _CLAIM_VERB and not re.match(
            r"\s+(?:that|to)\b", sentence[match.end() :]
        ):
            continue
        found = _subject_before(sentence, match, names, floor) or _subject_after(
            sentence, match, names, floor
        )
        if (
            found is not None
            and match["verb"] in _BELIEF_VERBS
            and _FIRST_PERSON.match(found.phrase)
        ):
            continue
        if found is not None and found.sources:
            return found  # the first attribution naming its source wins
        if found is not None:
            candidates.append(found)
    return candidates[0] if candidates else None


def _subject_before(
    sentence: str, verb: re.Match[str], names: list[Mention], floor: int
) -> Attribution | None:
    before = [m for m in names if floor <= (m.start or 0) and (m.end or 0) <= verb.start()]
    for mention in reversed(before):
        gap = sentence[mention.end : verb.start()]
        if _ADVERB_GAP.match(gap):
            return _phrase(sentence, _companion_start(sentence, mention, before), verb, names)
        if mention.kind == "person" and _COMPANION_GAP.match(gap):
            return _phrase(sentence, mention.start or 0, verb, names)
        if mention.kind == "person" and _AGE_GAP.match(gap):
            return _phrase(sentence, mention.start or 0, verb, names, aside=True)
    for mention in reversed(before):
        gap = sentence[mention.end : verb.start()].strip()
        opens_clause = _CLAUSE_START.search(sentence, floor, mention.start or 0) is not None
        if gap.startswith(",") and gap.endswith(",") and opens_clause:
            return _phrase(sentence, mention.start or 0, verb, names, aside=True)
    for pattern in (_NOUN_SUBJECT, _PRONOUN_SUBJECT):
        nearby = max(floor, verb.start() - _SUBJECT_WINDOW)
        subject = pattern.search(sentence, nearby, verb.start())
        if subject is not None:
            return _phrase(sentence, _with_owner(subject.start("subject"), names), verb, names)
    return None


def _companion_start(sentence: str, mention: Mention, before: list[Mention]) -> int:
    """Where a speaker starts when named as another's companion ("X and his wife Anna say")."""
    for earlier in before:
        gap = sentence[earlier.end : mention.start]
        if earlier.kind == "person" and earlier is not mention and _COMPANION_BEFORE.match(gap):
            return earlier.start or 0
    return mention.start or 0


def _with_owner(start: int, names: list[Mention]) -> int:
    """Where a noun subject starts with the name it belongs to ("Acme Power officials")."""
    owner = [m for m in names if m.kind == "org" and (m.start or 0) < start <= (m.end or 0) + 1]
    return owner[0].start or start if owner else start


def _subject_after(
    sentence: str, verb: re.Match[str], names: list[Mention], floor: int
) -> Attribution | None:
    # Inverted order after a quotation: '..., said Juan Perez, senior trader at ...'.
    if not re.search(r"[,”\"’']\s*$", sentence[floor : verb.start()]):
        return None
    following = [m for m in names if (m.start or 0) >= verb.end() and m.kind == "person"]
    for mention in following[:1]:
        between = sentence[verb.end() : mention.start]
        if len(between.split()) <= 12 and not re.search(r"[.;]", between):
            pieces = [(verb.start(), verb.end()), (mention.start or 0, mention.end or 0)]
            return _make(sentence, pieces, names, verb["verb"])
    # "...,” said the spokesman", "..., said the officials": a plain noun phrase after a pause.
    quoted = re.search(r"(?:[”\"’'],?|,)\s*$", sentence[floor : verb.start()])
    subject = _FOLLOWING_SUBJECT.match(sentence, verb.end())
    if subject is not None and quoted is not None:
        span = (verb.start(), subject.end())
        return _make(sentence, [span], names, verb["verb"])
    return None


def _phrase(
    sentence: str, start: int, verb: re.Match[str], names: list[Mention], aside: bool = False
) -> Attribution:
    end = verb.end()
    after = [m for m in names if (m.start or 0) >= end]
    # The audience or outlet belongs to the attribution: "told Reuters", "reported for X";
    # a name right after "said" already opens the reported content.
    link = _TOLD_OBJECT if verb["verb"] in ("told", "tells") else _OUTLET
    if after and link.match(sentence[end : after[0].start]):
        end = after[0].end or end
    lead = re.search(r"\b[Aa]s\s+$", sentence[max(0, start - _WINDOW) : start])
    if lead is not None:
        start = max(0, start - _WINDOW) + lead.start()
    if not aside:
        return _make(sentence, [(start, end)], names, verb["verb"])
    # Keep the subject and the verb, not the aside between them ("X, an analyst at Y, told Z").
    subject_end = next(m.end or 0 for m in names if (m.start or 0) >= start)
    return _make(sentence, [(start, subject_end), (verb.start(), end)], names, verb["verb"])


def _make(
    sentence: str, pieces: list[tuple[int, int]], names: list[Mention], verb: str
) -> Attribution:
    phrase = " ".join(sentence[a:b].strip(" ,") for a, b in pieces)
    if phrase.split()[0] in ("As", "Citing", "According"):
        phrase = phrase[0].lower() + phrase[1:]
    kind = "report" if re.fullmatch(_REPORT_VERBS, verb) else "speech"
    sources = tuple(dict.fromkeys(s for a, b in pieces for s in _sources(names, a, b)))
    return Attribution(phrase, pieces[0][0], pieces[-1][1], sources, kind)


def _sources(names: list[Mention], start: int, end: int) -> tuple[str, ...]:
    inside = [m for m in names if start <= (m.start or 0) and (m.end or 0) <= end]
    return tuple(dict.fromkeys(str(m.value or m.text) for m in inside))


def _by_gerund(sentence: str, names: list[Mention]) -> Attribution | None:
    """The named subject of "X deflects criticism by arguing that ...", who argues it."""
    gerund = _BY_GERUND.search(sentence)
    if gerund is None:
        return None
    opening = [m for m in names if m.start == 0 and m.kind in ("person", "org")]
    if not opening:
        return None
    group = _OTHER_MEMBERS.match(sentence, opening[0].end or 0)
    end = group.end() if group else opening[0].end or 0
    phrase = sentence[:end]
    return Attribution(phrase, 0, gerund.end(), _sources(names, 0, end), "speech")


def _by_aside(sentence: str, names: list[Mention]) -> Attribution | None:
    """The speakers of a reporting clause set off in commas: "..., organizers say."."""
    aside = _REPORTING_ASIDE.search(sentence)
    if aside is None:
        return None
    return _make(sentence, [(aside.start("subject"), aside.end("verb"))], names, aside["verb"])


def _described_by(sentence: str, names: list[Mention]) -> Attribution | None:
    """Who gave the quoted description in "was described as “X” by the Y"."""
    match = _DESCRIBED_BY.search(sentence)
    if match is None:
        return None
    start, end = match.start(), match.end("source")
    return Attribution(sentence[start:end], start, end, _sources(names, start, end), "speech")


def _according_to(sentence: str, names: list[Mention]) -> Attribution | None:
    match = _ACCORDING.search(sentence)
    if match is None:
        return None
    end = match.end("source")
    phrase = sentence[match.start() : end].rstrip()
    phrase = phrase[0].lower() + phrase[1:]
    return Attribution(phrase, match.start(), end, _sources(names, match.start(), end), "report")


def _citing(sentence: str, names: list[Mention], main: Attribution | None) -> Attribution | None:
    match = _CITING.search(sentence)
    if match is None:
        return None
    end = match.end("source")
    if main is not None and match.start() < main.start < end:
        end = main.start
    phrase = sentence[match.start() : end].rstrip(" ,")
    phrase = phrase[0].lower() + phrase[1:]
    return Attribution(phrase, match.start(), end, _sources(names, match.start(), end), "report")


def _combine(main: Attribution, citing: Attribution) -> Attribution:
    return Attribution(
        f"{main.phrase}, {citing.phrase}",
        min(main.start, citing.start),
        max(main.end, citing.end),
        tuple(dict.fromkeys(main.sources + citing.sources)),
        "report",
    )
