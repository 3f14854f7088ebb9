"""Find legal and administrative outcomes (convicted, denied, deported...) and their negation.

A verdict's value is its outcome's lemma ("convict", "deny", "grant", "plead guilty"); when the
outcome is negated in its clause ("declined to deport him", "was not charged") the
value is ``not <lemma>`` ("not deport", "not charge").
"""

from __future__ import annotations

import re

from .model import Mention

# lemma -> surface forms (verbs past/participle/gerund, outcome nouns); ``(?P<w>...)`` marks the
# verdict's own words when the pattern also needs context around it.
_FORMS: dict[str, str] = {
    "grant": r"(?<!for )(?P<w>granted|granting)(?! that)"
    r"|(?:was|were|been|be|is|are|being) (?P<w2>given)",
    "deny": r"denied|denying",
    "convict": r"convicted|convicting|convictions?|found guilty"
    r"|found (?:(?!not\b)[\w’'.-]+ ){1,4}?(?P<w>guilty)",
    "acquit": r"acquitted|acquitting|acquittals?|found not guilty|cleared of"
    r"|found (?:[\w’'.-]+ ){1,4}?(?P<w>not guilty)",
    "sentence": r"sentenced|sentencing",
    "arrest": r"arrested|arresting|(?:under|the|his|her|their|an|of|after|upon) (?P<w>arrests?)"
    r"|under house arrest",
    "confine": r"confined(?= to (?:(?:his|her|their|its|the|a) )?(?:homes?|houses?|flats?|"
    r"apartments?|residences?|quarters|compound|barracks|cells?)\b)"
    r"|(?:house|home|solitary) (?P<w>confinement)",
    # Removal from office: "ousted as vice-president", "X's removal", "removed from his post".
    "oust": r"ousted|ousting|ouster",
    "remove": r"(?<=[’']s )removal|(?P<w>removal)(?= (?:from|as)\b)"
    r"|(?P<w2>removed)(?= (?:from (?:office|power|his post|her post|the post)|as)\b)",
    "detain": r"detained|detaining|(?:in|from|under|his|her|their|the) (?P<w>detention)"
    r"(?! (?:camps?|cent(?:er|re)s?|facilit\w+))",
    "release": r"(?:was|were|been|be|is|are|being|got|get|and) (?P<w>released)"
    r"|(?P<w2>released)(?= (?:from|on bail|on parole|without))",
    "deport": r"deported|deporting|deportations?",
    "extradite": r"extradited|extraditing|extraditions?",
    "rule": r"ruled(?! (?:out|over)\b)|(?:a|the|its|his|her|their|court's|court’s) "
    # a date may sit between: "a 26 December 2019 ruling", "the May 2 ruling"
    r"(?:(?:\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}(?:, \d{4})?|\d{4}) )?(?P<w>ruling)"
    r"(?! (?:party|parties|coalition|class|elite|family|junta|government))",
    "charge": r"(?P<w>charged)(?= (?:[\w’'.-]+ ){0,4}?with\b)"
    r"|(?:was|were|been|be|is|are|being|not) (?P<w2>charged)",
    "fine": r"fined",
    "jail": r"jailed|jailing",
    "imprison": r"imprisoned|imprisoning|imprisonment",
    "indict": r"indicted|indicting|indictments?",
    "appeal": r"(?:won|wins|winning|lost|loses|losing) (?:an|the|his|her|their|its) "
    r"(?P<w>appeals?)",
    "reject": r"rejected|rejecting",
    "approve": r"approved|approving",
    "dismiss": r"dismissed|dismissing",
    "extend": r"extended|extending",
    "overturn": r"overturned|overturning",
    "uphold": r"upheld|upholding",
    "ban": r"banned|banning",
    "expel": r"expelled|expelling|expulsions?",
    "impeach": r"impeached|impeaching",
    "pardon": r"pardoned|pardoning",
    "exonerate": r"exonerated|exonerating",
    "sue": r"sued|suing",
    # Recognition is an outcome only when an authority grants it: "formally recognised as".
    "recognise": r"(?:officially|formally|legally) (?P<w>recogni[sz]ed|recogni[sz]ing)",
    "plead guilty": r"(?:pleaded|pled|pleading) guilty",
    "plead not guilty": r"(?:pleaded|pled|pleading) not guilty",
}
# Base forms count after a decision: "decided to grant", "refused to extradite".
_DECISIONS = (
    "decided|decides|decide|voted|votes|agreed|agrees|moved|moves|refused|refuses|refusing|"
    "declined|declines|declining|failed|fails|ordered|orders|sought|seeks|plans|planned"
)
_PATTERNS = [
    (lemma, re.compile(rf"\b(?:{forms})\b", re.IGNORECASE)) for lemma, forms in _FORMS.items()
]
# Any form of any outcome, named groups dropped: one scan tells whether the patterns above (one
# scan each) can find anything at all, and most sentences hold no outcome.
_UNNAMED_FORMS = [re.sub(r"\(\?P<\w+>", "(?:", forms) for forms in _FORMS.values()]
_ANY_FORM = re.compile(rf"\b(?:{'|'.join(f'(?:{forms})' for forms in _UNNAMED_FORMS)})\b", re.I)
# Stems one of which every form above holds: a case-sensitive scan of the lower-cased text for
# them rules out most sentences several times faster than the case-insensitive _ANY_FORM.
_STEMS = re.compile(
    "grant|given|deni|deny|convict|guilty|acquit|cleared|sentenc|arrest|confine|oust|remov|"
    "detain|detention|released|deport|extradit|ruled|ruling|charged|fined|jail|imprison|indict|"
    "appeal|reject|approv|dismiss|extend|overturn|upheld|upholding|banned|banning|expel|"
    "expulsion|impeach|pardon|exonerat|sued|suing|recogni"
)
# The only letters a case-insensitive pattern takes for an ASCII letter they do not lower-case to.
_FOLD_EXCEPTIONS = frozenset("İıſ")
_BASE_PATTERN = re.compile(
    rf"\b(?:{_DECISIONS}) to (?P<w>{'|'.join(lemma for lemma in _FORMS if ' ' not in lemma)})\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|without|neither|nor|declin\w*\s+to|refus\w*\s+to|fail\w*\s+to)\b|n[’']t\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,;:—–()]|\s-\s|\b(?:but|and|or|while|although|though)\b")
_NEGATION_WINDOW_WORDS = 5
# Words that are outcomes only when they bear on a request, a case or a status: "denied asylum",
# "the appeal was rejected", "her visa was extended"; not "denied the rumours", "I rejected it".
_NEEDS_MATTER = frozenset({"deny", "reject", "dismiss", "extend"})
_MATTER = re.compile(
    r"\b(?:asylum|bail|parole|visas?|entry|permission|permits?|licen[cs]es?|requests?|"
    r"applications?|appeals?|motions?|petitions?|status|access|citizenship|residency|refugee|"
    r"clemency|pardons?|extradition|custody|detention|sentences?|cases?|charges?|lawsuits?|suits?|"
    r"complaints?|indictments?|bans?|deadlines?|mandates?|stay|wrongdoing|guilt|bids?|benefits?)\b",
    re.IGNORECASE,
)
_MATTER_WORDS_AFTER = 4
_MATTER_WORDS_BEFORE = 6
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|been|be|is|are|being|got|gets|get)(?:\s+\w+ly|\s+not|\s+since|\s+later)*\s*$",
    re.IGNORECASE,
)


def find_verdicts(text: str) -> list[Mention]:
    """Return the legal or administrative outcomes in ``text`` as Mentions of kind ``verdict``."""
    found: list[Mention] = []
    for lemma, start, end in sorted(_outcomes(text), key=lambda item: (item[1], -item[2])):
        if any(start < (other.end or 0) and end > (other.start or 0) for other in found):
            continue
        if _needs_matter(lemma, text[start:end]) and not _bears_on_matter(text, start, end):
            continue
        negated = not _already_negative(lemma) and _is_negated(text, start)
        value = f"not {lemma}" if negated else lemma
        found.append(Mention("verdict", text[start:end], value, start=start, end=end))
    return found


def is_verbal(verdict: Mention) -> bool:
    """True for a verdict told as an act ("convicted", "decided to grant"), not a bare noun."""
    text = verdict.text.lower()
    if str(verdict.value or "").startswith("not "):
        return True
    return text.endswith(("ed", "ing", "guilty", " of", "upheld")) or text in _FORMS


def _outcomes(text: str) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    if _may_hold_form(text) and _ANY_FORM.search(text):
        for lemma, pattern in _PATTERNS:
            for match in pattern.finditer(text):
                spans.append((lemma, *_verdict_span(match)))
    for match in _BASE_PATTERN.finditer(text):
        spans.append((match["w"].lower(), match.start("w"), match.end("w")))
    return spans


def _may_hold_form(text: str) -> bool:
    """False when ``text`` holds no stem of any outcome form, so that no form can match."""
    if not _FOLD_EXCEPTIONS.isdisjoint(text):
        return True
    return _STEMS.search(text.lower()) is not None


def _verdict_span(match: re.Match[str]) -> tuple[int, int]:
    for group in ("w", "w2"):
        if group in match.re.groupindex and match[group] is not None:
            return match.start(group), match.end(group)
    return match.start(), match.end()


def _needs_matter(lemma: str, words: str) -> bool:
    return lemma in _NEEDS_MATTER or words.lower() == "given"


def _bears_on_matter(text: str, start: int, end: int) -> bool:
    """True when a request, case or status follows the outcome, or precedes it in the passive."""
    after = text[end:].split(maxsplit=_MATTER_WORDS_AFTER)[:_MATTER_WORDS_AFTER]
    if _MATTER.search(_clause_head(" ".join(after))):
        return True
    before = text[:start]
    if not _PASSIVE_BEFORE.search(before):
        return False
    words = before.split()[-_MATTER_WORDS_BEFORE:]
    return bool(_MATTER.search(" ".join(words)))


def _clause_head(words: str) -> str:
    """The words up to the first clause break, so a matter in the next clause does not count."""
    broken = _CLAUSE_BREAK.search(words)
    return words[: broken.start()] if broken else words


def _already_negative(lemma: str) -> bool:
    return lemma == "plead not guilty"


def _is_negated(text: str, start: int) -> bool:
    """True when a negation governs the outcome: in its clause, at most a few words before it."""
    before = text[max(0, start - 80) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    for cue in _NEGATION.finditer(clause):
        between = clause[cue.end() :].split()
        if len(between) <= _NEGATION_WINDOW_WORDS:
            return True
    return False
