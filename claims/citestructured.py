"""Citations for machines and wikis: Robust Links, CSL-JSON, BibTeX and Wikipedia's cite web."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from typing import Any

from .citeparts import (
    MONTHS,
    AuthorName,
    Citable,
    PartialDate,
    author_names,
    captured_date,
    parse_date,
)

__all__ = ["bibtex", "csl_json", "robustlinks", "wikipedia"]

# Articles a citation key skips to reach the title's first meaningful word.
KEY_SKIP_WORDS = frozenset({"a", "an", "the"})


# --- Robust Links ---------------------------------------------------------------------------


def robustlinks(item: Citable) -> str:
    """A link to the original decorated per the Robust Links spec (its "link to original" form)."""
    text = item.quote or item.title or item.url
    attributes = {
        "href": item.url,
        "data-originalurl": item.url,
        "data-versionurl": item.snapshot_url,
        "data-versiondate": captured_date(item).iso(),
    }
    rendered = " ".join(
        f'{key}="{html.escape(value, quote=True)}"' for key, value in attributes.items()
    )
    return f"<a {rendered}>{html.escape(text, quote=False)}</a>"


# --- CSL-JSON -------------------------------------------------------------------------------


def csl_json(item: Citable) -> str:
    """One CSL-JSON item; CSL has no archived-URL variable: the snapshot is its archive_location."""
    entry: dict[str, Any] = {
        "id": _citation_key(item),
        "type": "article-newspaper" if item.publisher else "webpage",
    }
    if item.title:
        entry["title"] = item.title
    if item.authors:
        entry["author"] = [_csl_name(name) for name in author_names(item)]
    if item.publisher:
        entry["container-title"] = item.publisher
    published = parse_date(item.published)
    if published:
        entry["issued"] = {"date-parts": [published.parts()]}
    entry["URL"] = item.url
    entry["accessed"] = {"date-parts": [captured_date(item).parts()]}
    entry["archive"] = item.archive_name
    entry["archive_location"] = item.snapshot_url
    return json.dumps([entry], indent=2, ensure_ascii=False)


def _csl_name(name: AuthorName) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    parts = {"family": name.family, "given": name.given}
    if name.suffix:
        parts["suffix"] = name.suffix
    return parts


# --- BibTeX ---------------------------------------------------------------------------------

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex(item: Citable) -> str:
    """A biblatex @online entry; biblatex has no archived-URL field: the snapshot is in its note."""
    captured = captured_date(item).iso()
    fields: list[tuple[str, str]] = []
    if item.authors:
        fields.append(("author", " and ".join(_bibtex_name(name) for name in author_names(item))))
    fields.append(("title", _bibtex_escape(item.title or item.url)))
    if item.publisher:
        fields.append(("organization", _bibtex_escape(item.publisher)))
    published = parse_date(item.published)
    if published:
        fields.append(("date", published.iso()))
    fields.append(("url", _brace_safe_url(item.url)))
    fields.append(("urldate", captured))
    snapshot = _brace_safe_url(item.snapshot_url).replace("%", r"\%").replace("#", r"\#")
    fields.append(("note", f"Archived on {captured} at \\url{{{snapshot}}}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{_citation_key(item)},\n{body}\n}}"


def _bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in text)


def _bibtex_name(name: AuthorName) -> str:
    if name.literal:
        # Double braces keep an organisation's name whole instead of split into given and family.
        return "{" + _bibtex_escape(name.literal) + "}"
    family = _bibtex_escape(name.family)
    given = _bibtex_escape(name.given)
    if name.suffix:
        return f"{family}, {_bibtex_escape(name.suffix)}, {given}"
    return f"{family}, {given}"


def _brace_safe_url(url: str) -> str:
    # An unbalanced brace in a URL would end the field early; percent-encoding keeps it an address.
    return url.replace("{", "%7B").replace("}", "%7D")


def _citation_key(item: Citable) -> str:
    """A deterministic ASCII key: first author's surname, year, first title word."""
    names = author_names(item)
    if names:
        first = names[0]
        surname = first.family or first.literal
    else:
        surname = item.publisher or "anon"
    published = parse_date(item.published)
    year = str(published.year) if published else "nd"
    words = [word for word in _ascii_words(item.title or "") if word not in KEY_SKIP_WORDS]
    first_word = words[0] if words else ""
    return "".join(_ascii_words(surname)[:1]) + year + first_word


def _ascii_words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


# --- Wikipedia ------------------------------------------------------------------------------


def wikipedia(item: Citable) -> str:
    """A ``{{cite web}}`` template with the snapshot as its ``archive-url``."""
    captured = captured_date(item).iso()
    params: list[tuple[str, str]] = [("url", _wiki_url(item.url))]
    params.append(("title", _wiki_text(item.title or item.url)))
    for number, name in enumerate(author_names(item), start=1):
        if name.literal:
            params.append((f"author{number}", _wiki_text(name.literal)))
            continue
        # CS1 puts a generational suffix after the given names: |first=Martin Luther Jr.
        given = f"{name.given} {name.suffix}" if name.suffix else name.given
        params.append((f"last{number}", _wiki_text(name.family)))
        params.append((f"first{number}", _wiki_text(given)))
    if item.publisher:
        params.append(("website", _wiki_text(item.publisher)))
    published = parse_date(item.published)
    if published:
        params.append(("date", _wiki_date(published)))
    params.append(("access-date", captured))
    params.append(("archive-url", _wiki_url(item.snapshot_url)))
    params.append(("archive-date", captured))
    if item.live is not None:
        params.append(("url-status", "live" if item.live else "dead"))
    return "{{cite web " + " ".join(f"|{key}={value}" for key, value in params) + "}}"


def _wiki_text(text: str) -> str:
    # Template:Cite web asks for these entities so a title neither splits the template nor links.
    table = {"|": "&#124;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;"}
    return "".join(table.get(char, char) for char in " ".join(text.split()))


def _wiki_url(url: str) -> str:
    # The percent-encodings Template:Cite web lists for characters a URL parameter cannot hold.
    table = {" ": "%20", '"': "%22", "'": "%27", "<": "%3C", ">": "%3E", "[": "%5B", "]": "%5D"}
    table.update({"{": "%7B", "|": "%7C", "}": "%7D"})
    return "".join(table.get(char, char) for char in url)


def _wiki_date(date: PartialDate) -> str:
    # CS1 accepts full ISO dates but not "2019-10", so partial dates are spelled out.
    if date.day:
        return date.iso()
    return f"{MONTHS[date.month - 1]} {date.year}" if date.month else str(date.year)
