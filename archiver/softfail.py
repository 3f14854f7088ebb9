"""Telling a 2xx HTML response that is not the page asked for: soft 404, wall, login or challenge.

A capture of a consent wall, a paywall splash, a login form, a bot challenge or a "page not found"
served with status 200 looks like a success and is the worst thing an archive can hold: the wrong
page kept as if it were the source. ``detect_soft_failure`` names such a response from its final
URL, a few headers and the first ``SCAN_BYTES`` of its body, with regular expressions only, so that
it stays cheap on every response. Every judgement that rests on what a page lacks (prose) is made
only when the whole body was seen, so a huge real article whose text starts late is never flagged.

Most responses are articles, and a page with ``NOT_FOUND_PROSE_WORDS`` words of prose passes every
check, so paragraphs are read first, in order, until that much prose is found; the title and
headings settle a page cut short. Only the rest is split into blocks and read in full.
"""

from __future__ import annotations

import functools
import html
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import softfail_vocab as vocab
from .httpparse import header_value
from .media import is_html

SOFT_FAILURE_KINDS = ("soft 404", "consent wall", "paywall", "login page", "bot challenge")
SCAN_BYTES = 200_000
# Walls and challenges say what they are early: phrases are looked for in this much visible text.
SCAN_TEXT_CHARS = 20_000
# A page's title and top headings: the first few, each closed within this many characters.
HEADINGS = 3
ELEMENT_CHARS = 1000
# A prompt says what it is in its first lines; longer blocks are prose or page furniture.
BLOCK_CHARS = 2000

# A paragraph of an article says at least this much; walls and forms say less per block.
PROSE_BLOCK_WORDS = 20
# Walls, challenges and login forms hold less prose than this; a short news brief holds more.
LITTLE_PROSE_WORDS = 60
# A paywall splash may show the article's first paragraph or two before its prompts.
PAYWALL_PROSE_WORDS = 150
# A splash shows at most twice as many words of story as of prompts, plans and prices.
PAYWALL_PROMPT_WEIGHT = 2
# An error page may list a few story teasers; an article has more prose than this.
NOT_FOUND_PROSE_WORDS = 250
# Challenge and login pages say a few lines; a page with any site around it says more.
THIN_PAGE_WORDS = 300
# A consent wall's own prompts fill at least this share of its visible words; a banner fills less.
CONSENT_SHARE = 0.3

# Lower-cases markers without changing the text's length (str.lower turns some letters into two
# characters); slow on non-ASCII text, so only a page already judged thin is lowered whole.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_ASCII_LETTERS = frozenset(string.ascii_lowercase)
# Elements whose content is never read as text; the scan window may end inside one of them.
_HIDDEN = "script|style|template|svg|title|object"
_HIDDEN_OPENING = re.compile(rf"<({_HIDDEN})\b|<!--", re.I)
# The same, or the block break that opens a paragraph (group 2), as _BLOCK_BREAK matches it.
_PARAGRAPH_OR_HIDDEN = re.compile(rf"<(?:({_HIDDEN})\b|!--|(p)\b[^<>]*>)", re.I)
# Every pattern below stops at the next "<" or within a bounded span, so that a page full of
# unclosed tags costs no more than a well-formed one (no quadratic backtracking).
_BLOCK_BREAK = re.compile(
    r"</?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|section|article|main|header|footer|nav|aside|table|"
    r"tr|td|th|blockquote|form|button|label|select|option|figure|figcaption|br|hr|noscript)\b"
    r"[^<>]*>",
    re.I,
)
_TAG = re.compile(r"<[^<>]*>")
_OPENING_TAG_END = re.compile(r"[^<>]*>")
_PASSWORD = re.compile(r"<input\b[^<>]*\btype\s*=\s*[\"']?password\b", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?(\s|$)")
# "Page title | Site name": the site's name says nothing about the page.
_TITLE_SUFFIX = re.compile(r"\s+[|–—·•:-]\s+[^|–—·•]{1,60}$")


@dataclass(frozen=True)
class _Block:
    """One block of visible text (a paragraph, a list item, a button) and what it reads as."""

    text: str
    words: int
    prose: bool
    consent: bool
    paywall: bool


@dataclass(frozen=True)
class _Page:
    """What the checks need of a body: its names, visible text and how much prose it holds."""

    names: tuple[str, ...]
    raw: str
    text: str
    visible_words: int
    prose_words: int
    consent_words: int
    prompt_words: int
    complete: bool
    has_password: bool


def detect_soft_failure(
    status_code: int,
    headers: list[tuple[str, str]],
    body: bytes,
    requested_url: str,
    final_url: str,
) -> str | None:
    """None for a real page, else a one-line reason naming the kind of soft failure.

    ``body`` is the payload with its Content-Encoding removed. Only 2xx HTML responses are judged.
    Every reason starts with one of ``SOFT_FAILURE_KINDS`` and a colon.
    """
    if not 200 <= status_code < 300:
        return None
    if not is_html(header_value(headers, "content-type"), body):
        return None
    if (header_value(headers, "cf-mitigated") or "").strip().lower() == "challenge":
        return "bot challenge: Cloudflare challenge (cf-mitigated header)"
    reason = _redirect_reason(requested_url, final_url)
    if reason:
        return reason
    raw = body[:SCAN_BYTES].decode("utf-8", errors="replace")
    complete = len(body) <= SCAN_BYTES
    if _is_plainly_real(raw, complete):
        return None
    page = _scan(raw, complete)
    for check in (_bot_challenge, _login_page, _consent_wall, _paywall, _not_found):
        reason = check(page, requested_url)
        if reason:
            return reason
    return None


# -- the cheap pass ---------------------------------------------------------------------------


def _is_plainly_real(raw: str, complete: bool) -> bool:
    """True for a page that no check could flag, found without splitting all of it into blocks."""
    # Of a page cut short, only a title or heading saying "subscribe" or "not found" can tell.
    if not complete and not any(
        vocab.PAYWALL_TITLE.match(name) or vocab.NOT_FOUND.search(name) for name in _names(raw)
    ):
        return True
    return _holds_much_prose(raw)


def _holds_much_prose(raw: str) -> bool:
    """True when the paragraphs the full scan would read hold NOT_FOUND_PROSE_WORDS words of prose.

    Only a paragraph that the full scan reads as one block is counted (its text runs from its
    ``<p>`` to the next block break, with no hidden element between), so the sum never exceeds its
    ``prose_words`` and a page passed here would have passed every check.
    """
    prose, position = 0, 0
    while (found := _PARAGRAPH_OR_HIDDEN.search(raw, position)) is not None:
        if found.group(2) is None:
            position = _hidden_end(raw, found)
            if position < 0:
                return False
            continue
        end = _BLOCK_BREAK.search(raw, found.end())
        if end is None:
            return False
        hidden = _HIDDEN_OPENING.search(raw, found.end(), end.start())
        if hidden is not None:
            position = hidden.start()
            continue
        position = end.start()
        prose += _prose_words(raw[found.end() : position])
        if prose >= NOT_FOUND_PROSE_WORDS:
            return True
    return False


def _prose_words(markup: str) -> int:
    """How many words of prose a block's markup holds: 0 unless the full scan reads it as prose."""
    # Twenty words and the spaces between them take this many characters at least.
    if len(markup) < 2 * PROSE_BLOCK_WORDS - 1:
        return 0
    text = _clean(markup)
    # Too short to be prose whatever it says: the phrase tests are skipped.
    if len(text.split()) < PROSE_BLOCK_WORDS:
        return 0
    block = _block(text)
    return block.words if block.prose else 0


# -- the full scan ----------------------------------------------------------------------------


def _scan(raw: str, complete: bool) -> _Page:
    """The parts of the start of a body (decoded, at most SCAN_BYTES) that the checks read."""
    texts = (_clean(b) for b in _BLOCK_BREAK.split(_visible_markup(raw)))
    blocks = [_block(text) for text in texts if text]
    return _Page(
        names=_names(raw),
        raw=raw,
        text=" ".join(b.text for b in blocks)[:SCAN_TEXT_CHARS],
        visible_words=sum(b.words for b in blocks),
        prose_words=sum(b.words for b in blocks if b.prose),
        consent_words=sum(b.words for b in blocks if b.consent),
        prompt_words=sum(b.words for b in blocks if _is_prompt(b)),
        complete=complete,
        has_password=bool(_PASSWORD.search(raw)),
    )


def _block(text: str) -> _Block:
    """What one block of visible text is: prose, a cookie prompt, a subscription prompt."""
    words = len(text.split())
    start = text[:BLOCK_CHARS]
    lower = start.lower()
    # Substring tests first: the phrase patterns are slow, and most blocks hold none of them.
    consent = any(map(lower.__contains__, vocab.CONSENT_HINTS)) and bool(
        vocab.CONSENT_PHRASE.search(start)
    )
    paywall = any(map(lower.__contains__, vocab.PAYWALL_HINTS)) and bool(
        vocab.PAYWALL_PHRASE.search(start)
    )
    prose = (
        words >= PROSE_BLOCK_WORDS and bool(_SENTENCE_END.search(text)) and not (consent or paywall)
    )
    return _Block(text, words, prose, consent, paywall)


def _is_prompt(block: _Block) -> bool:
    """True for a subscription prompt, or a block short of prose that names plans or sign-in."""
    return block.paywall or (
        not block.prose and bool(vocab.SUBSCRIPTION_WORD.search(block.text[:BLOCK_CHARS]))
    )


def _element_texts(raw: str, tag: str, limit: int) -> list[str]:
    """The text of the first few elements named ``tag`` (title, h1), found with plain searches."""
    closing_tag = _ascii_caseless(f"</{tag}")
    texts: list[str] = []
    for start in _ascii_caseless(f"<{tag}").finditer(raw):
        opening = _OPENING_TAG_END.match(raw, start.end())
        if opening is None:
            continue
        end = closing_tag.search(raw, opening.end(), opening.end() + ELEMENT_CHARS)
        text = _clean(raw[opening.end() : end.start()]) if end is not None else ""
        if text:
            texts.append(text)
            if len(texts) == limit:
                break
    return texts


def _visible_markup(raw: str) -> str:
    """The markup without scripts, styles, comments and the like; all of it if one is cut short."""
    kept: list[str] = []
    position = 0
    while (opening := _HIDDEN_OPENING.search(raw, position)) is not None:
        kept.append(raw[position : opening.start()])
        position = _hidden_end(raw, opening)
        if position < 0:
            return " ".join(kept)
    kept.append(raw[position:])
    return " ".join(kept)


def _hidden_end(raw: str, opening: re.Match[str]) -> int:
    """Where the element or comment that ``opening`` starts ends; -1 when it is never closed."""
    name = opening.group(1)
    closing = _ascii_caseless("-->" if name is None else f"</{name.lower()}")
    end = closing.search(raw, opening.end())
    if end is None:
        return -1
    return raw.find(">", end.start()) + 1 or len(raw)


@functools.lru_cache(maxsize=64)
def _ascii_caseless(literal: str) -> re.Pattern[str]:
    """A pattern for ``literal`` with ASCII letters in either case and nothing else folded.

    ``re.IGNORECASE`` would also fold some other letters onto ASCII ones ("ſ" onto "s"), and
    lower-casing the whole text first costs more than every search made in it.
    """
    return re.compile(
        "".join(f"[{c}{c.upper()}]" if c in _ASCII_LETTERS else re.escape(c) for c in literal)
    )


def _clean(fragment: str) -> str:
    """The text of a piece of markup, its runs of white space made one space each."""
    # str.split and the regex class \s agree on what white space is; splitting is far faster.
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def _search(pattern: re.Pattern[str], hints: tuple[str, ...], lower: str) -> re.Match[str] | None:
    """``pattern.search``, skipped when no hint is in the text: substring tests are far cheaper."""
    return pattern.search(lower) if any(h in lower for h in hints) else None


def _names(raw: str) -> tuple[str, ...]:
    """The title (also without its site suffix) and the top headings: what a page says it is."""
    titles = _element_texts(raw, "title", 1)
    title = titles[0] if titles else ""
    headings = _element_texts(raw, "h1", HEADINGS)
    return tuple(n for n in (_TITLE_SUFFIX.sub("", title).strip(), title, *headings) if n)


def _quoted(text: str) -> str:
    return repr(text[:80])


# -- redirects --------------------------------------------------------------------------------


def _redirect_reason(requested_url: str, final_url: str) -> str | None:
    """A reason when a redirect led to a login, consent or captcha page, or to the home page."""
    requested, final = urlsplit(requested_url), urlsplit(final_url)
    if (requested.netloc.lower(), requested.path, requested.query) == (
        final.netloc.lower(),
        final.path,
        final.query,
    ):
        return None
    if _is_login_url(final_url) and not _is_login_url(requested_url):
        return f"login page: redirected to {final_url}"
    if _is_consent_url(final_url) and not _is_consent_url(requested_url):
        return f"consent wall: redirected to {final_url}"
    if _is_captcha_url(final_url) and not _is_captcha_url(requested_url):
        return f"bot challenge: redirected to {final_url}"
    if _is_home(final.path) and not final.query and _is_deep(requested.path, requested.query):
        if _same_site(requested.hostname or "", final.hostname or ""):
            return f"soft 404: redirected from a deep URL to the home page {final_url}"
    return None


def _is_deep(path: str, query: str) -> bool:
    """True for a URL naming one page: a deep path, or a home script given a page's id."""
    if not _is_home(path):
        return True
    # index.php?id=123 names a story; ?utm_source=... only says where a reader came from.
    names = [p.split("=")[0].lower() for p in query.split("&") if p]
    return any(not n.startswith(vocab.TRACKING_PARAMETERS) for n in names)


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _first_label(url: str) -> str:
    return (urlsplit(url).hostname or "").split(".")[0]


def _is_login_url(url: str) -> bool:
    if _first_label(url) in vocab.LOGIN_HOST_LABELS:
        return True
    return any(vocab.LOGIN_SEGMENT.match(s) for s in _segments(urlsplit(url).path))


def _is_consent_url(url: str) -> bool:
    if _first_label(url) in vocab.CONSENT_HOST_LABELS:
        return True
    return any(vocab.CONSENT_SEGMENT.match(s) for s in _segments(urlsplit(url).path))


def _is_captcha_url(url: str) -> bool:
    parts = urlsplit(url)
    return "captcha" in f"{parts.netloc}{parts.path}".lower() or "__cf_chl" in parts.query


def _is_home(path: str) -> bool:
    segments = _segments(path)
    if not segments:
        return True
    return len(segments) == 1 and (
        segments[0].lower() in vocab.HOME_PAGES or bool(vocab.HOME_SEGMENT.match(segments[0]))
    )


def _same_site(a: str, b: str) -> bool:
    """True for one host and its subdomains: a shortener sending to some home page is no 404."""
    a, b = a.lower().removeprefix("www."), b.lower().removeprefix("www.")
    return bool(a) and (a == b or a.endswith("." + b) or b.endswith("." + a))


# -- the page's own words ---------------------------------------------------------------------


def _little_prose(page: _Page, limit: int = LITTLE_PROSE_WORDS) -> bool:
    """True when the whole body was seen and it holds less prose than an article would."""
    return page.complete and page.prose_words < limit


def _bot_challenge(page: _Page, requested_url: str) -> str | None:
    if not _little_prose(page) or page.visible_words >= THIN_PAGE_WORDS:
        return None
    for name in page.names:
        if vocab.CHALLENGE_TITLE.match(name):
            return f"bot challenge: page titled {_quoted(name)}"
    lower = page.raw.translate(_ASCII_LOWER)
    marker = _search(vocab.CHALLENGE_MARKER, vocab.CHALLENGE_HINTS, lower)
    if marker:
        return f"bot challenge: challenge marker {_quoted(marker.group(0))}"
    phrase = vocab.CHALLENGE_PHRASE.search(page.text)
    if phrase:
        return f"bot challenge: page says {_quoted(phrase.group(0))}"
    protection = _search(vocab.PROTECTION_MARKER, vocab.PROTECTION_HINTS, lower)
    if protection and vocab.CHALLENGE_WORDING.search(page.text):
        return f"bot challenge: protection marker {_quoted(protection.group(0))}"
    return None


def _login_page(page: _Page, requested_url: str) -> str | None:
    if not _little_prose(page) or _is_login_url(requested_url):
        return None
    for name in page.names:
        if vocab.LOGIN_TITLE.match(name):
            return f"login page: page titled {_quoted(name)}"
    if page.has_password and page.visible_words < THIN_PAGE_WORDS:
        return "login page: a password form and little else"
    return None


def _consent_wall(page: _Page, requested_url: str) -> str | None:
    if not _little_prose(page, PAYWALL_PROSE_WORDS):
        return None
    phrases = sorted({m.group(0).lower() for m in vocab.CONSENT_PHRASE.finditer(page.text)})
    for name in page.names:
        if vocab.CONSENT_TITLE.match(name) and phrases:
            return f"consent wall: page titled {_quoted(name)}"
    if len(phrases) < 2 or not _little_prose(page):
        return None
    # A cookie banner beside a short page is no wall: the prompts must be much of what it says.
    if page.consent_words >= CONSENT_SHARE * page.visible_words:
        return f"consent wall: cookie consent and little else ({', '.join(phrases[:3])})"
    return None


def _paywall(page: _Page, requested_url: str) -> str | None:
    for name in page.names:
        if vocab.PAYWALL_TITLE.match(name) and page.prose_words < PAYWALL_PROSE_WORDS:
            return f"paywall: page titled {_quoted(name)}"
    if not _little_prose(page, PAYWALL_PROSE_WORDS):
        return None
    # A subscribe box beside a short story is no paywall: the prompts must weigh like the prose.
    if page.prompt_words * PAYWALL_PROMPT_WEIGHT < page.prose_words:
        return None
    phrase = vocab.PAYWALL_PHRASE.search(page.text)
    if phrase:
        return f"paywall: subscription prompt {_quoted(phrase.group(0))} and little prose"
    return None


def _not_found(page: _Page, requested_url: str) -> str | None:
    if page.prose_words >= NOT_FOUND_PROSE_WORDS:
        return None
    for name in page.names:
        if vocab.NOT_FOUND.search(name):
            return f"soft 404: page says not found ({_quoted(name)})"
    if _little_prose(page):
        phrase = vocab.NOT_FOUND.search(page.text)
        if phrase:
            return f"soft 404: page says not found ({_quoted(phrase.group(0))})"
    return None


def _says(lower: str, text: str, hints: Sequence[str], phrase: re.Pattern[str]) -> bool:
    """True when ``text`` holds the phrase; the hint substrings, cheap, are looked for first."""
    return any(map(lower.__contains__, hints)) and bool(phrase.search(text))
