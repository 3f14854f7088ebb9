"""Extraction benchmark: main text, metadata and citation links of the shared pages.

Text and metadata are scored beside trafilatura; citation links against the readability
pages' labelled ``links.json``. Run from the repository root:
``python -m bench.extraction [--json] [--shingle N] [--misses]``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import lxml.html

from bench.claims import TRAFILATURA_MISSING, Page, load_trafilatura, shared_dir, shared_page
from claims.article import article_from_html
from claims.errors import NotAnArticle
from claims.model import Link

TOOLS = ("citevault", "trafilatura")
# The upstream corpus each page comes from decides which ground truth it carries.
GROUPS = ("aeb", "newspaper4k", "readability", "trafilatura")
GROUP_TRUTH = {
    "aeb": "expected.txt, human ground truth",
    "newspaper4k": "expected.txt, newspaper4k's regression output",
    "readability": "text of expected.html, Readability.js's reviewed output",
    "trafilatura": "expected.json snippets, hand-picked",
}
META_FIELDS = ("title", "author", "published")
# One letter per field in the per-page table: upper case when it agrees, lower case when not.
META_LETTERS = {"title": "t", "author": "a", "published": "d"}
# Each corpus names the metadata fields its own way.
META_KEYS = {
    "readability": {"title": "title", "author": "byline", "published": "publishedTime"},
    "newspaper4k": {"title": "title", "author": "authors", "published": "publish_date"},
}
WORD = re.compile(r"\w+")
WHITESPACE = re.compile(r"\s+")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Author lists come as "A, B and C" (citevault) or "A; B" (trafilatura).
AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|,|&|\band\b)\s*")
# Blocks whose boundaries separate words even when the markup has no space between them.
BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
CODE_TAGS = frozenset({"script", "style", "template", "noscript"})


@dataclass
class Extraction:
    """What one extractor made of a page: its main text and metadata; ``error`` when it gave up."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    error: str | None = None


@dataclass
class TextScore:
    """Token-level precision, recall and F1 of an extracted text against the expected one."""

    precision: float
    recall: float
    f1: float


@dataclass
class SnippetScore:
    """Shares of must-contain snippets found and of must-not-contain snippets wrongly included."""

    found: float | None
    included: float | None


def tokens(text: str, shingle: int = 1) -> Counter[str]:
    """Lower-cased words of ``text`` (runs of ``shingle`` of them when above 1), as a multiset."""
    words = WORD.findall(text.lower())
    if shingle <= 1:
        return Counter(words)
    runs = (" ".join(words[i : i + shingle]) for i in range(len(words) - shingle + 1))
    return Counter(runs)


def text_score(expected: str, found: str, shingle: int = 1) -> TextScore:
    """Precision, recall and F1 of ``found`` against ``expected`` by multiset token overlap.

    Nothing found scores 0 (no credit for silence), unless nothing was expected either.
    """
    wanted, got = tokens(expected, shingle), tokens(found, shingle)
    if not wanted and not got:
        return TextScore(1.0, 1.0, 1.0)
    shared = sum((wanted & got).values())
    precision = shared / sum(got.values()) if got else 0.0
    recall = shared / sum(wanted.values()) if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return TextScore(precision, recall, f1)


def snippet_score(text: str, present: Sequence[str], absent: Sequence[str]) -> SnippetScore:
    """How many ``present`` snippets ``text`` holds, and how many ``absent`` ones it wrongly holds.

    Compared after whitespace normalization; a list with no snippets gives None.
    """
    flat = normalize_space(text)

    def share(snippets: Sequence[str]) -> float | None:
        if not snippets:
            return None
        return sum(normalize_space(s) in flat for s in snippets) / len(snippets)

    return SnippetScore(share(present), share(absent))


def html_text(html: str | bytes) -> str:
    """The visible text of an HTML fragment, with a line break at each block's edges."""
    root = lxml.html.fromstring(html)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag in CODE_TAGS:
            element.drop_tree()
        elif element.tag in BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return str(root.text_content()).strip()


def normalize_space(text: str) -> str:
    """``text`` with NFC composition and every run of whitespace made one space, trimmed."""
    return WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def same_text(expected: str, found: str | None) -> bool:
    """Whether two metadata strings are equal after whitespace normalization."""
    return found is not None and normalize_space(expected) == normalize_space(found)


def same_day(expected: str, found: str | None) -> bool:
    """Whether two dates (ISO, with or without a time) name the same calendar day."""
    wanted, got = ISO_DAY.search(expected), ISO_DAY.search(found or "")
    return wanted is not None and got is not None and wanted.group() == got.group()


def same_authors(expected: str | Sequence[str], found: str | None) -> bool:
    """Whether ``found`` names exactly the expected author(s), in any order.

    A byline string must match as a whole; a list of names must match the names ``found``
    holds, split at commas, semicolons, ampersands and "and".
    """
    if found is None:
        return False
    if isinstance(expected, str):
        return same_text(expected, found)
    names = {normalize_space(name) for name in AUTHOR_SEPARATORS.split(found) if name.strip()}
    return names == {normalize_space(name) for name in expected}


def page_group(name: str) -> str | None:
    """The corpus a shared page comes from (its name's prefix), None for an unknown one."""
    prefix = name.split("-", 1)[0]
    return prefix if prefix in GROUPS else None


def citevault_extraction(page: Page) -> Extraction:
    """citevault's main text and metadata for ``page``."""
    try:
        article = article_from_html(page.html, url=page.url)
    except NotAnArticle as error:
        return Extraction("", error=str(error))
    return Extraction(article.text, article.title, article.author, article.published)


def trafilatura_extraction(page: Page, trafilatura: ModuleType) -> Extraction:
    """trafilatura's main text (plain text, default options) and metadata for ``page``."""
    text = trafilatura.extract(page.html, url=page.url, output_format="txt")
    html = page.html.decode("utf-8", errors="replace")
    meta = trafilatura.extract_metadata(html, default_url=page.url)
    error = None if text else "no text extracted"
    if meta is None:
        return Extraction(text or "", error=error)
    return Extraction(text or "", meta.title, meta.author, meta.date, error)


def metadata_agreement(group: str, expected: dict[str, Any], found: Extraction) -> dict[str, Any]:
    """Per field, whether ``found`` agrees with the corpus's expected metadata; None when absent."""
    keys = META_KEYS.get(group, {})
    checks: dict[str, Callable[[Any, str | None], bool]] = {
        "title": same_text,
        "author": same_authors,
        "published": same_day,
    }
    result: dict[str, Any] = {}
    for name in META_FIELDS:
        value = expected.get(keys.get(name, ""))
        result[name] = checks[name](value, getattr(found, name)) if value else None
    return result


def score_page(folder: Path, group: str, found: Extraction, shingle: int = 1) -> dict[str, Any]:
    """One extractor's scores on one shared page, against the ground truth its corpus ships."""
    scores: dict[str, Any] = {"error": found.error}
    if group in ("aeb", "newspaper4k"):
        expected = (folder / "expected.txt").read_text("utf-8")
        scores["text"] = asdict(text_score(expected, found.text, shingle))
    elif group == "readability":
        expected = html_text((folder / "expected.html").read_bytes())
        scores["text"] = asdict(text_score(expected, found.text, shingle))
    elif group == "trafilatura":
        truth = json.loads((folder / "expected.json").read_text("utf-8"))
        present, absent = truth.get("with") or [], truth.get("without") or []
        scores["snippets"] = asdict(snippet_score(found.text, present, absent))
    meta_path = folder / "expected-metadata.json"
    if meta_path.exists():
        expected_meta = json.loads(meta_path.read_text("utf-8"))
        scores["metadata"] = metadata_agreement(group, expected_meta, found)
    return scores


def benchmark(shared: Path, trafilatura: ModuleType | None, shingle: int = 1) -> dict[str, Any]:
    """Score both extractors on every shared page: per-page figures, per-corpus macro averages."""
    articles = shared / "data" / "articles"
    folders = sorted(articles.iterdir()) if articles.is_dir() else []
    pages: list[dict[str, Any]] = []
    for folder in folders:
        group = page_group(folder.name)
        if group is None or not (folder / "source.html").exists():
            continue
        page = shared_page(folder)
        found = {"citevault": citevault_extraction(page)}
        if trafilatura is not None:
            found["trafilatura"] = trafilatura_extraction(page, trafilatura)
        scores = {tool: score_page(folder, group, got, shingle) for tool, got in found.items()}
        pages.append({"name": folder.name, "group": group, "scores": scores})
    tools = [tool for tool in TOOLS if tool != "trafilatura" or trafilatura is not None]
    return {
        "shared": str(articles),
        "shingle": shingle,
        "tools": tools,
        "trafilatura": None if trafilatura is None else str(trafilatura.__version__),
        "pages": pages,
        "macro": {tool: macro_averages(pages, tool) for tool in tools},
        "links": citation_links(articles),
    }


def macro_averages(pages: Sequence[dict[str, Any]], tool: str) -> dict[str, Any]:
    """The mean of one tool's per-page figures, per corpus, leaving out figures that are None."""
    macro: dict[str, Any] = {}
    for group in GROUPS:
        scores = [p["scores"][tool] for p in pages if p["group"] == group]
        if not scores:
            continue
        figures: dict[str, Any] = {"pages": len(scores)}
        for section in ("text", "snippets", "metadata"):
            rows = [s[section] for s in scores if section in s]
            if rows:
                figures[section] = {key: mean(r[key] for r in rows) for key in rows[0]}
        macro[group] = figures
    return macro


def mean(values: Iterable[float | bool | None]) -> float | None:
    """The mean of the values that are not None (booleans count 1 and 0); None when none are."""
    kept = [float(v) for v in values if v is not None]
    return statistics.fmean(kept) if kept else None


@dataclass
class LinkLabels:
    """A page's labelled in-body links: the citations, each link's label, its other spellings."""

    citations: set[str]
    labels: dict[str, str]
    aliases: dict[str, str]


def link_key(url: str) -> str:
    """A URL as links are compared: no fragment, no ``www.``, http for https, no final slash."""
    return url.split("#")[0].replace("https://", "http://").replace("://www.", "://").rstrip("/")


def link_labels(folder: Path) -> LinkLabels | None:
    """The labels a page folder's ``links.json`` gives its in-body links; None without one."""
    path = folder / "links.json"
    if not path.exists():
        return None
    details = json.loads(path.read_text("utf-8"))["in_body_link_details"]
    labels: dict[str, str] = {}
    for detail in details:
        labels.setdefault(link_key(detail["url"]), detail["label"])
    return LinkLabels(
        citations={key for key, label in labels.items() if label == "citation"},
        labels=labels,
        aliases={
            link_key(d[k]): link_key(d["url"])
            for d in details
            for k in ("url", "href", "raw_href")
            if d.get(k)
        },
    )


def link_score(labels: LinkLabels, found: Sequence[Link]) -> dict[str, Any]:
    """One page's citation links found, labelled, right, P/R/F1 (None: nothing to measure)."""
    keys = {labels.aliases.get(link_key(link.url), link_key(link.url)): link for link in found}
    right = len(keys.keys() & labels.citations)
    wrong = [
        {"url": link.url, "anchor": link.anchor_text, "label": labels.labels.get(key, "unlabelled")}
        for key, link in keys.items()
        if key not in labels.citations
    ]
    scores = _link_ratios(len(keys), len(labels.citations), right)
    return {**scores, "wrong": wrong, "missed": sorted(labels.citations - keys.keys())}


def citation_links(articles: Path) -> dict[str, Any]:
    """citevault's citation links on every readability page with labels: per page, micro, macro."""
    pages: list[dict[str, Any]] = []
    folders = sorted(articles.glob("readability-*")) if articles.is_dir() else []
    for folder in folders:
        labels = link_labels(folder)
        if labels is None or not (folder / "source.html").exists():
            continue
        page = shared_page(folder)
        try:
            found = article_from_html(page.html, url=page.url).links
        except NotAnArticle:
            found = []
        pages.append({"name": folder.name, **link_score(labels, found)})
    totals = [sum(p[key] for p in pages) for key in ("found", "gold", "right")]
    macro = {key: mean(p[key] for p in pages) for key in ("precision", "recall", "f1")}
    return {"pages": pages, "micro": _link_ratios(*totals), "macro": macro}


def _link_ratios(found: int, gold: int, right: int) -> dict[str, Any]:
    precision = right / found if found else None
    recall = right / gold if gold else None
    if precision is None or recall is None:
        f1 = 0.0 if found or gold else None
    else:
        f1 = 2 * precision * recall / (precision + recall) if right else 0.0
    return {"found": found, "gold": gold, "right": right, "precision": precision,
            "recall": recall, "f1": f1}  # fmt: skip


def render(report: dict[str, Any], misses: bool = False) -> str:
    """The report as text: tables of text, metadata and citation links (``misses``: listed)."""
    tools: list[str] = report["tools"]
    lines = [f"Pages: {report['shared']}", f"Tokens: lower-cased words, {_unit(report)}", ""]
    if "trafilatura" not in tools:
        lines += [TRAFILATURA_MISSING, ""]
    lines += _page_table(report["pages"], tools)
    lines += ["", "Macro averages (mean over pages; ratio = citevault / trafilatura)", ""]
    lines += _macro_table(report["macro"], tools)
    if report["links"]["pages"]:
        lines += ["", *_link_table(report["links"])]
        if misses:
            lines += _link_misses(report["links"]["pages"])
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the report; always 0, since it measures and never gates."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--shingle", type=int, default=1, help="score runs of N words instead of single words"
    )
    parser.add_argument("--shared", type=Path, help="shared folder (default $CITEVAULT_SHARED)")
    parser.add_argument(
        "--misses", action="store_true", help="list each page's wrong and missed citation links"
    )
    args = parser.parse_args(argv)
    report = benchmark(args.shared or shared_dir(), load_trafilatura(), max(1, args.shingle))
    print(json.dumps(report, indent=1) if args.json else render(report, args.misses))
    return 0


def _unit(report: dict[str, Any]) -> str:
    shingle = int(report["shingle"])
    return "single words" if shingle == 1 else f"runs of {shingle} words"


def _figure(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.3f}"


def _ratio(ours: Any, theirs: Any) -> str:
    if not isinstance(ours, float) or not isinstance(theirs, float) or theirs == 0:
        return "-"
    return f"{ours / theirs:.2f}x"


def _page_cells(scores: dict[str, Any]) -> list[str]:
    if "text" in scores:
        text = scores["text"]
        quality = [_figure(text[k]) for k in ("precision", "recall", "f1")]
    elif "snippets" in scores:
        snippets = scores["snippets"]
        quality = [f"with {_figure(snippets['found'])}", f"without {_figure(snippets['included'])}"]
        quality.append("")
    else:
        quality = ["", "", ""]
    meta = scores.get("metadata") or {}
    flags = "".join(_flag(META_LETTERS[name], meta.get(name)) for name in META_FIELDS)
    return [*quality, flags if meta else ""]


def _flag(letter: str, agrees: bool | None) -> str:
    if agrees is None:
        return "."
    return letter.upper() if agrees else letter


def _page_table(pages: Sequence[dict[str, Any]], tools: Sequence[str]) -> list[str]:
    header = ["page"]
    for tool in tools:
        header += [f"{tool} P", "R", "F1", "meta"]
    lines = [
        "Per page: P, R, F1 of tokens (trafilatura-* pages: share of 'with' snippets found and of",
        "'without' snippets wrongly kept); meta: T/A/D = title/author/date agree, t/a/d = differ,",
        ". = not in the ground truth",
        "",
        _row(header),
        _row(["---"] * len(header)),
    ]
    for page in pages:
        cells = [page["name"]]
        for tool in tools:
            cells += _page_cells(page["scores"][tool])
        lines.append(_row(cells))
    return lines


def _macro_table(macro: dict[str, dict[str, Any]], tools: Sequence[str]) -> list[str]:
    header = ["corpus", "figure", *tools]
    if len(tools) == 2:
        header.append("ratio")
    lines = [_row(header), _row(["---"] * len(header))]
    first = macro[tools[0]]
    for group, figures in first.items():
        label = f"{group} ({figures['pages']})"
        for section in ("text", "snippets", "metadata"):
            for key in figures.get(section) or {}:
                values = [macro[tool][group][section][key] for tool in tools]
                cells = [label, f"{section} {key}", *(_figure(v) for v in values)]
                if len(tools) == 2:
                    cells.append(_ratio(*values))
                lines.append(_row(cells))
                label = ""
    return lines


def _link_table(links: dict[str, Any]) -> list[str]:
    lines = [
        "Citation links (readability pages with links.json; truth: links labelled 'citation')",
        "",
        _row(["page", "found", "gold", "right", "P", "R", "F1"]),
        _row(["---"] * 7),
    ]
    for page in links["pages"]:
        lines.append(_row([page["name"], *_link_cells(page)]))
    micro, macro = links["micro"], links["macro"]
    lines.append(_row(["micro (all links)", *_link_cells(micro)]))
    lines.append(_row(["macro (mean of pages)", "", "", "", *_link_cells(macro)]))
    return lines


def _link_cells(scores: dict[str, Any]) -> list[str]:
    counts = [str(scores[key]) for key in ("found", "gold", "right") if key in scores]
    return [*counts, *(_figure(scores[key]) for key in ("precision", "recall", "f1"))]


def _link_misses(pages: Sequence[dict[str, Any]]) -> list[str]:
    lines = ["", "Wrong (+) and missed (-) citation links"]
    for page in pages:
        if not page["wrong"] and not page["missed"]:
            continue
        lines.append(f"{page['name']}:")
        lines += [f"  + [{w['label']}] {w['url']}  {w['anchor']!r}" for w in page["wrong"]]
        lines += [f"  - {url}" for url in page["missed"]]
    if len(lines) == 2:
        lines.append("none")
    return lines


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


if __name__ == "__main__":
    sys.exit(main())
