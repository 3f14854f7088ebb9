"""Links that open an archived snapshot scrolled to a passage: URL text fragments (``#:~:text=``).

A text directive follows the WICG Text Fragments specification: ``textStart`` alone for a short
passage, ``textStart,textEnd`` (its first and last words) for a long one or one that spans several
blocks, since a browser matches ``textStart`` and ``textEnd`` each within one block of the page.
"""

from __future__ import annotations

from urllib.parse import quote

from .routes import ROUTE_PREFIX

# Chromium's "copy link to highlight" quotes a selection whole up to about this length.
EXACT_MAX_CHARS = 300
# Words kept at each end of a long passage: enough to be unique on a page, short enough to read.
EDGE_WORDS = 5

SNAPSHOT_ROUTE = ROUTE_PREFIX + "/capture/{capture_id}"
DIRECTIVE = ":~:text="


def text_fragment(passage: str) -> str:
    """The ``#:~:text=`` fragment that highlights PASSAGE (whitespace collapsed), or "" if blank."""
    blocks = [" ".join(line.split()) for line in passage.splitlines()]
    blocks = [block for block in blocks if block]
    if not blocks:
        return ""
    whole = " ".join(blocks)
    if len(blocks) == 1 and len(whole) <= EXACT_MAX_CHARS:
        return f"#{DIRECTIVE}{_encode(whole)}"
    first, last = blocks[0].split(" "), blocks[-1].split(" ")
    if len(blocks) == 1 and len(first) <= 2 * EDGE_WORDS:
        # Too few words to cut a start and an end from: one long run of text, quoted whole.
        return f"#{DIRECTIVE}{_encode(whole)}"
    start = " ".join(first[:EDGE_WORDS])
    end = " ".join(last[-EDGE_WORDS:])
    return f"#{DIRECTIVE}{_encode(start)},{_encode(end)}"


def snapshot_link(base: str, capture_id: int, passage: str | None) -> str:
    """The address of a capture's snapshot page, scrolled to PASSAGE when one is given."""
    link = base.rstrip("/") + SNAPSHOT_ROUTE.format(capture_id=capture_id)
    return link + (text_fragment(passage) if passage else "")


def _encode(text: str) -> str:
    # quote() leaves the unreserved "-" alone, but the directive's syntax gives it a meaning
    # (prefix- and -suffix), as it does "," and "&": all three must be percent-encoded.
    return quote(text, safe="").replace("-", "%2D")
