"""Reading an article: main text, metadata and in-body links from HTML, or plain-text paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from .bodylinks import Anchor, base_url, links_of
from .charsets import decode_text
from .citations import promo_paragraphs, site_of
from .errors import NotAnArticle
from .lexicon import WHITESPACE
from .model import Article
from .pagemeta import page_metadata

BOILERPLATE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "form",
    "button",
    "iframe",
    "nav",
    "header",
    "footer",
    "aside",
    "select",
    "input",
    "textarea",
)
BOILERPLATE_HINT = re.compile(
    r"(^|[\s_-])(share|sharing|social|related|recommend|newsletter|subscribe|signup|comment|promo|"
    r"advert|ads?|sponsor|sidebar|footer|nav|navbar|menu|breadcrumbs?|byline|author-bio|tags?|"
    r"popular|most-read|trending|outbrain|taboola|cookie|consent|paywall|modal|widget|"
    r"read-more|more-stories|recirc)($|[\s_-])",
    re.I,
)
BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd")
BODY_HINTS = (
    "articleBody",
    "article-body",
    "article__body",
    "entry-content",
    "story-body",
    "post-content",
    "article-content",
    "story-content",
    "content-body",
    "body-text",
)
BODY_HINT_SET = frozenset(BODY_HINTS)
MIN_PARAGRAPH_CHARS = 25
KEPT_TAGS = frozenset({"html", "body", "article", "main"})
# Elements whose text is code, not prose.
CODE_TAGS = frozenset({"script", "style", "template"})
PARSER = lxml.html.HTMLParser(encoding="utf-8")


def article_from_html(
    html: bytes | str, url: str | None = None, charset: str | None = None
) -> Article:
    """Main text, metadata and in-body links of an HTML page; NotAnArticle when it has none.

    Bytes are decoded by ``charsets.decode_text``, ``charset`` standing for the HTTP header's.
    """
    if isinstance(html, bytes):
        header = f"text/html; charset={charset}" if charset else None
        html, _ = decode_text(html, header, is_html=True)
    document = _parse(html)
    if document is None:
        raise NotAnArticle("no article text found (the page is empty)")
    meta = page_metadata(document, url)
    base = base_url(meta, url)
    # Read before boilerplate goes: the navigation's links tell whose site an unplaced page is.
    site = base or site_of(str(a.get("href") or "") for a in document.iter("a"))
    body = _main_container(document)
    containers = _same_kind(body) if body is not None else []
    for container in containers[1:]:
        _strip_boilerplate(container)
    kept = _body_paragraphs(containers)
    paragraphs = [text for text, _, _ in kept]
    links = [
        link
        for index, (text, anchors, promo) in enumerate(kept)
        if not promo
        for link in links_of(text, anchors, base, index, site)
    ]
    if sum(len(p) for p in paragraphs) < 200 or len(paragraphs) < 2:
        raise NotAnArticle("no article text found (the page has no body of paragraphs)")
    return Article(
        url=meta.get("url") or url,
        title=meta.get("title"),
        author=meta.get("author"),
        published=meta.get("published"),
        paragraphs=paragraphs,
        links=links,
        publisher=meta.get("publisher"),
    )


def _parse(html: str) -> HtmlElement | None:
    """The page's element tree, None for a page with no elements at all."""
    try:
        # Bytes with a stated encoding: lxml refuses text that declares an encoding of its own.
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=PARSER)
    except etree.ParserError:
        return None


def article_from_text(text: str, url: str | None = None, published: str | None = None) -> Article:
    """An article from plain text: its first line is the title, blank lines separate paragraphs."""
    paragraphs = list(_text_paragraphs(text))
    if not paragraphs or sum(len(p) for p in paragraphs) < 100:
        raise NotAnArticle("no article text found (the text is empty or too short)")
    return Article(
        url=url, title=paragraphs[0], author=None, published=published, paragraphs=paragraphs
    )


def _text_paragraphs(text: str) -> Iterator[str]:
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        # Hard-wrapped prose (long lines, no sentence end) joins up; short lines stay separate.
        wrapped = all(
            len(line) > 50 and not line.endswith((".", "!", "?", ":", "”", '"'))
            for line in lines[:-1]
        )
        if wrapped and len(lines) > 1:
            yield WHITESPACE.sub(" ", " ".join(lines))
        else:
            yield from (WHITESPACE.sub(" ", line) for line in lines)


# -- main text --------------------------------------------------------------------------------


def _is_boilerplate(element: HtmlElement, prose: _ProseCounts) -> bool:
    if element.tag in BOILERPLATE_TAGS:
        return True
    if element.get("role") in ("navigation", "banner", "contentinfo", "complementary"):
        return True
    if element.get("aria-hidden") == "true" or element.get("hidden") is not None:
        return True
    hint = " ".join([*_classes(element), element.get("id") or ""])
    return bool(hint and BOILERPLATE_HINT.search(hint)) and not prose.holds_prose(element)


def _classes(element: HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


class _ProseCounts:
    """How many long paragraphs each element under a root holds, counted once, when first asked."""

    def __init__(self, root: HtmlElement) -> None:
        self._root = root
        self._counts: dict[HtmlElement, int] | None = None

    def holds_prose(self, element: HtmlElement) -> bool:
        """True for an element with several long paragraphs: a layout wrapper, not a widget."""
        if self._counts is None:
            self._counts = _long_paragraph_counts(self._root)
        return self._counts.get(element, 0) >= 3


def _long_paragraph_counts(root: HtmlElement) -> dict[HtmlElement, int]:
    # Each long paragraph counts once for every ancestor: one walk up per paragraph instead of
    # one search of each hinted element's subtree.
    counts: dict[HtmlElement, int] = {}
    for p in root.iterdescendants("p"):
        if len(_text(p)) < 120:
            continue
        parent = p.getparent()
        while parent is not None and parent is not root:
            counts[parent] = counts.get(parent, 0) + 1
            parent = parent.getparent()
    return counts


def _strip_boilerplate(root: HtmlElement) -> None:
    # Top down, so an element's own subtree is still whole when it is judged (the paragraph
    # counts hold for it), and nothing under a removed element is looked at again.
    prose = _ProseCounts(root)
    pending = [root]
    while pending:
        children = [child for child in pending.pop() if isinstance(child.tag, str)]
        for element in children:
            if element.tag in KEPT_TAGS or not _is_boilerplate(element, prose):
                pending.append(element)
            else:
                # Text that follows the element in its parent stays in place.
                element.drop_tree()


def _main_container(document: HtmlElement) -> HtmlElement | None:
    """The element holding the article body: a marked body, else the densest block of prose."""
    root = next(document.iter("body"), None)
    root = document if root is None else root
    for marked in _marked_bodies(root):
        if len(list(islice(marked.iterdescendants("p"), 2))) >= 2:
            _strip_boilerplate(marked)
            return marked
    _strip_boilerplate(root)
    scores: dict[HtmlElement, float] = {}
    for p in root.iterdescendants("p"):
        length = _prose_length(p)
        if length < MIN_PARAGRAPH_CHARS:
            continue
        parent = p.getparent()
        grandparent = parent.getparent() if parent is not None else None
        for weight, holder in ((1.0, parent), (0.5, grandparent)):
            if holder is not None:
                scores[holder] = scores.get(holder, 0.0) + weight * length
    if not scores:
        return None
    return max(scores, key=lambda holder: scores[holder])


def _same_kind(body: HtmlElement) -> list[HtmlElement]:
    """The body and the other elements of its kind, in page order.

    Pages that cut their story with ads or embeds often repeat the body's container (the same
    tag and classes) for each stretch of prose; every stretch belongs to the article.
    """
    classes = body.get("class", "").split()
    if not classes:
        return [body]
    same = [
        element
        for element in body.getroottree().iter(body.tag)
        if element.get("class", "").split() == classes and (element is body or _has_prose(element))
    ]
    # Keep the outermost: a container nested in another of its kind is read with it.
    return [e for e in same if not any(o is not e and o in e.iterancestors() for o in same)]


def _has_prose(element: HtmlElement) -> bool:
    return any(_prose_length(p) >= MIN_PARAGRAPH_CHARS for p in element.iterdescendants("p"))


def _prose_length(paragraph: HtmlElement) -> int:
    """The characters of a paragraph's text, its runs of whitespace counted as one space."""
    return len(WHITESPACE.sub(" ", _text(paragraph)).strip())


def _marked_bodies(root: HtmlElement) -> list[HtmlElement]:
    """Elements marked as the article body, one per hint in BODY_HINTS order, from one walk.

    For each hint the first element whose itemprop names it wins, else the first whose class does.
    """
    by_itemprop: dict[str, HtmlElement] = {}
    by_class: dict[str, HtmlElement] = {}
    for element in root.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        itemprop = element.get("itemprop")
        if itemprop in BODY_HINT_SET:
            by_itemprop.setdefault(itemprop, element)
        classes = _classes(element)
        if classes:
            for hint in BODY_HINT_SET.intersection([*classes, " ".join(classes)]):
                by_class.setdefault(hint, element)
    marked = (by_itemprop.get(hint, by_class.get(hint)) for hint in BODY_HINTS)
    return [element for element in marked if element is not None]


def _text(element: HtmlElement) -> str:
    """An element's text, without comments or the code of scripts, styles and templates."""
    return "".join(
        piece
        for piece, owner in _strings(element)
        if isinstance(owner.tag, str) and owner.tag not in CODE_TAGS
    )


def _strings(element: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """Every piece of text under an element (comments included), each with its parent."""
    if not isinstance(element.tag, str):
        return
    if element.text:
        yield element.text, element
    for child in element:
        if isinstance(child.tag, str):
            yield from _strings(child)
        elif child.text:
            yield child.text, child
        if child.tail:
            yield child.tail, element


def _blocks(container: HtmlElement) -> Iterator[HtmlElement]:
    """The paragraph-level elements of the body, outermost only, in order."""
    for element in container.iterdescendants(*BLOCK_TAGS):
        if not _inside_block(element, container):
            yield element


def _inside_block(element: HtmlElement, container: HtmlElement) -> bool:
    """True when a block element sits in another one within the container (or in the container)."""
    parent = element.getparent()
    while parent is not None:
        if parent.tag in BLOCK_TAGS:
            return True
        if parent is container:
            return False
        parent = parent.getparent()
    return False


def _body_paragraphs(containers: list[HtmlElement]) -> list[tuple[str, list[Anchor], bool]]:
    """The body's paragraphs with their links, each marked True when it promotes another story.

    Promos are told among all blocks, short ones too: a list of headlines set into the body
    often ends with one too short to pass for a paragraph.
    """
    blocks = [(block, *_flatten(block)) for c in containers for block in _blocks(c)]
    # A list of links in the body is as often the story's sources as other stories: list
    # items are never taken for promos.
    promos = promo_paragraphs(
        [
            (text, [] if block.tag == "li" else [(a.start, a.end) for a in anchors])
            for block, text, anchors in blocks
        ]
    )
    return [
        (text, anchors, index in promos)
        for index, (block, text, anchors) in enumerate(blocks)
        if _is_body_paragraph(block, text)
    ]


def _is_body_paragraph(block: HtmlElement, text: str) -> bool:
    if block.tag in ("h2", "h3", "h4", "h5", "h6"):
        return False
    if block.tag == "li":
        return len(text) >= 60 and not _captions_a_figure(block)
    return len(text) >= MIN_PARAGRAPH_CHARS or text.endswith((".", "!", "?"))


# A caption is credited ("Photograph: A Name", "© Agency") or short and not ended as prose.
_CREDIT_MARKER = re.compile(r"\b(?:Photograph|Photo|Picture|Image|Illustration|Credit)s?:|©")
_CAPTION_CHARS = 200


def _captions_a_figure(item: HtmlElement) -> bool:
    """True for a list item of a link-free caption list set straight after a figure."""
    # Photo essays set a picture's caption out as a list below it, not in a figcaption.
    listing = item.getparent()
    if listing is None or listing.tag not in ("ul", "ol"):
        return False
    before = listing.getprevious()
    while before is not None and not isinstance(before.tag, str):
        before = before.getprevious()
    if before is None or before.tag != "figure" or next(listing.iter("a"), None) is not None:
        return False
    items = [entry for entry in listing if isinstance(entry.tag, str) and entry.tag == "li"]
    # A list of one item is no list: it sets out that picture's caption.
    return len(items) == 1 or all(_is_caption_line(entry.text_content()) for entry in items)


def _is_caption_line(text: str) -> bool:
    """True for a credited line, or a short one that does not end as a sentence does."""
    text = text.strip()
    short = len(text) <= _CAPTION_CHARS and not text.endswith((".", "!", "?"))
    return short or _CREDIT_MARKER.search(text) is not None


class _Flattener:
    """Collapses a block's text, noting where each link's anchor text lies in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.anchors: list[Anchor] = []
        self.strings = 0  # pieces of text met so far, to tell whether a link held any
        self.last_end = 0  # where the text stood after the last piece met

    def add(self, piece: str) -> None:
        """Append a piece of text, its whitespace collapsed into the text so far."""
        piece = WHITESPACE.sub(" ", piece)
        if piece:
            if (not self.parts or self.parts[-1].endswith(" ")) and piece.startswith(" "):
                piece = piece[1:]
            self.parts.append(piece)
            self.length += len(piece)

    def string(self, piece: str, owner: HtmlElement) -> None:
        """A piece of text met in document order; the code of scripts and styles is left out."""
        if owner.tag in ("script", "style"):
            return
        self.add(piece)
        self.strings += 1
        self.last_end = self.length

    def element(self, element: HtmlElement) -> None:
        """An element and everything under it."""
        if element.tag == "br":
            self.add(" ")
        link = element.tag == "a" and bool(element.get("href"))
        start, strings = self.length, self.strings
        if element.text:
            self.string(element.text, element)
        for child in element:
            if isinstance(child.tag, str):
                self.element(child)
            elif child.text:
                self.string(child.text, element)
            if child.tail:
                self.string(child.tail, element)
        # A link ends with its last piece of text; one without text marks nothing.
        if link and self.strings > strings:
            self.anchors.append(Anchor(str(element.get("href")), start, self.last_end))


def _flatten(block: HtmlElement) -> tuple[str, list[Anchor]]:
    """A block's text with whitespace collapsed, and where each link's anchor text lies in it."""
    flattener = _Flattener()
    flattener.element(block)
    text = "".join(flattener.parts)
    stripped = text.lstrip()
    shift = len(text) - len(stripped)
    text = stripped.rstrip()
    anchors = flattener.anchors
    for anchor in anchors:
        anchor.start = max(anchor.start - shift, 0)
        anchor.end = min(anchor.end - shift, len(text))
    return text, anchors
