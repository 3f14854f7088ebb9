"""Citations of an archived snapshot: Robust Links, CSL-JSON, BibTeX, Wikipedia and text styles.

``citestructured`` writes the structured formats, ``citestyles`` the text styles and
``citeparts`` holds what they share.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .citeparts import Citable, captured_date
from .citestructured import bibtex, csl_json, robustlinks, wikipedia
from .citestyles import apa, bluebook, chicago, mla

__all__ = ["FORMATS", "Citable", "cite", "parse_byline"]

FORMATS = ("robustlinks", "csl-json", "bibtex", "wikipedia", "apa", "chicago", "mla", "bluebook")

BYLINE_PREFIX = re.compile(r"^\s*by\b[:\s]*", re.I)
BYLINE_JOINER = re.compile(r"\band\b|&", re.I)
BYLINE_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s&\s|\sand\s)\s*", re.I)


def cite(item: Citable, fmt: str) -> str:
    """The citation of ``item`` in format ``fmt``, one of ``FORMATS``."""
    formatter = _FORMATTERS.get(fmt)
    if formatter is None:
        raise ValueError(f"Unknown citation format {fmt!r}: use one of {', '.join(FORMATS)}.")
    # Every format refuses a capture time that is no date, not only those that print it.
    captured_date(item)
    return formatter(item)


def parse_byline(byline: str | None) -> list[str]:
    """The names of a byline: "By A, B and C" is ["A", "B", "C"]; "Doe, Jane" is ["Jane Doe"]."""
    if not byline:
        return []
    text = BYLINE_PREFIX.sub("", " ".join(byline.split()))
    if _is_inverted_name(text):
        family, given = (part.strip() for part in text.split(","))
        return [f"{given} {family}"]
    return [name for name in BYLINE_SPLIT.split(text) if name.strip(" .")]


def _is_inverted_name(text: str) -> bool:
    # "Family, Given" is one person: two one-word parts joined by a bare comma, no "and".
    parts = text.split(",")
    return (
        len(parts) == 2
        and all(len(part.split()) == 1 for part in parts)
        and not BYLINE_JOINER.search(text)
    )


_FORMATTERS: dict[str, Callable[[Citable], str]] = {
    "robustlinks": robustlinks,
    "csl-json": csl_json,
    "bibtex": bibtex,
    "wikipedia": wikipedia,
    "apa": apa,
    "chicago": chicago,
    "mla": mla,
    "bluebook": bluebook,
}
