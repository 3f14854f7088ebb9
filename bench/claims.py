"""Claims benchmark: extraction quality against hand-labelled gold, and speed beside trafilatura.

Run from the repository root: ``python -m bench.claims [--article NAME] [--json] [--no-speed]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from bench import common
from bench.claims_scoring import (
    GOALS,
    KINDS,
    ArticleScore,
    ClaimView,
    claim_view,
    differences,
    found_links,
    gold_claim,
    macro_average,
    score_article,
)
from bench.common import GOLD_DIR as GOLD_DIR
from bench.common import add_gold_options, add_json_option, shared_dir
from claims.article import article_from_html
from claims.demo import example_article_path
from claims.errors import NotAnArticle
from claims.extract import extract_claims

TRAFILATURA_MISSING = "trafilatura not installed: pip install trafilatura lxml_html_clean"
# citevault's whole pipeline should take less than this many times trafilatura's extraction.
SPEED_GOAL = 2.0
SEED_NAME = "seed"


@dataclass
class Page:
    """One HTML page to read: a name to report it by, its bytes and the URL it was served at."""

    name: str
    html: bytes
    url: str | None


@dataclass
class ArticleResult:
    """One gold article's scores, with what the pipeline found and how long it took."""

    name: str
    score: ArticleScore
    read_s: float
    extract_s: float
    words: int
    error: str | None = None
    differences: dict[str, dict[str, list[str]]] | None = None


def seed_page() -> Page:
    """The seed article as HTML (the bundled example), at the URL its manifest gives."""
    path = example_article_path()
    manifest = json.loads((path.parent / "manifest.json").read_text("utf-8"))
    return Page(SEED_NAME, path.read_bytes(), manifest["article"]["url"])


def shared_page(folder: Path) -> Page:
    """A shared article folder's ``source.html``, at the URL its ``meta.json`` gives."""
    meta_path = folder / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
    return Page(folder.name, (folder / "source.html").read_bytes(), meta.get("url"))


def speed_pages(shared: Path) -> list[Page]:
    """Every shared article page, then the seed's HTML: the pages both tools are timed on."""
    articles = shared / "data" / "articles"
    folders = sorted(articles.iterdir()) if articles.is_dir() else []
    pages = [shared_page(folder) for folder in folders if (folder / "source.html").exists()]
    return [*pages, seed_page()]


def gold_files(gold_dir: Path, article: str | None = None) -> list[Path]:
    """The gold files in ``gold_dir``, sorted; only the one named ``article`` when given."""
    paths = sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []
    if article is None:
        return paths
    wanted = article.removesuffix(".json")
    return [p for p in paths if wanted in (p.stem, _gold_name(p))]


def gold_page(gold: dict[str, Any], shared: Path) -> Page:
    """The page a gold file annotates: the seed's HTML for the seed text, else its source.html."""
    source = str(gold.get("source") or "")
    if source.endswith(".txt"):
        return seed_page()
    path = _shared_path(source, shared)
    if not path.exists():
        raise FileNotFoundError(
            f"page not found: {path}; set CITEVAULT_SHARED to the shared folder"
        )
    return shared_page(path.parent)


def score_gold_file(path: Path, shared: Path, strict: bool = False) -> ArticleResult:
    """Run the pipeline on one gold file's page and score it against the gold.

    ``strict`` leaves out, on both sides, claims whose only kind is attribution (reported speech
    with no other anchor), as the gold's README allows.
    """
    gold = json.loads(path.read_text("utf-8"))
    if not isinstance(gold, dict):
        raise ValueError("the file holds no JSON object")
    page = gold_page(gold, shared)
    gold_claims = _kept([gold_claim(item) for item in gold.get("claims") or []], strict)
    gold_links = [str(url) for url in gold.get("citation_links") or []]
    started = time.perf_counter()
    try:
        article = article_from_html(page.html, url=page.url)
    except NotAnArticle as error:
        empty = score_article(gold_claims, [], gold_links, [])
        return ArticleResult(path.stem, empty, time.perf_counter() - started, 0.0, 0, str(error))
    read = time.perf_counter()
    if not article.published and gold.get("published"):
        article.published = str(gold["published"])
    found = extract_claims(article)
    done = time.perf_counter()
    views, links = _kept([claim_view(c) for c in found], strict), found_links(article)
    score = score_article(gold_claims, views, gold_links, links)
    diffs = differences(gold_claims, views, gold_links, links)
    words = len(article.text.split())
    return ArticleResult(path.stem, score, read - started, done - read, words, None, diffs)


def quality(paths: Sequence[Path], shared: Path, strict: bool = False) -> dict[str, Any]:
    """Score every gold file; the per-article figures, their macro average, and what was skipped."""
    results: list[ArticleResult] = []
    skipped: list[str] = []
    for path in paths:
        try:
            results.append(score_gold_file(path, shared, strict))
        except FileNotFoundError as error:
            skipped.append(f"{path.stem}: {error}")
        except ValueError as error:
            # A gold file still being written, or mistyped: name it and score the others.
            skipped.append(f"{path.stem}: not valid gold ({error})")
    return {
        "articles": [_article_dict(result) for result in results],
        "macro": macro_average([result.score for result in results]),
        "skipped": skipped,
        "goals": dict(GOALS),
        "strict": strict,
    }


def load_trafilatura() -> ModuleType | None:
    """trafilatura, quietened; None when it or a dependency (lxml_html_clean) is missing."""
    try:
        import trafilatura
    except ImportError:
        return None
    # It warns about every page it finds thin; the benchmark only wants its timings.
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    return trafilatura


def measure_throughput(
    pages: Sequence[Page], trafilatura: ModuleType, min_seconds: float = 3.0, min_rounds: int = 3
) -> dict[str, Any]:
    """Time citevault's pipeline and trafilatura's extraction over ``pages``, round after round.

    After one untimed round each, rounds alternate until each tool has run ``min_rounds`` and
    ``min_seconds`` in all; figures use the median round.
    """

    stages = {"read": 0.0, "extract": 0.0}

    def citevault(page: Page) -> int:
        started = time.perf_counter()
        try:
            article = article_from_html(page.html, url=page.url)
        except NotAnArticle:
            return 0
        read = time.perf_counter()
        extract_claims(article)
        stages["read"] += read - started
        stages["extract"] += time.perf_counter() - read
        return len(article.text.split())

    def extract(page: Page) -> int:
        text = trafilatura.extract(page.html, url=page.url, include_links=True)
        return len(text.split()) if text else 0

    tools: dict[str, Callable[[Page], int]] = {"citevault": citevault, "trafilatura": extract}
    words = {name: sum(tool(page) for page in pages) for name, tool in tools.items()}
    stages.update(read=0.0, extract=0.0)
    rounds: dict[str, list[float]] = {name: [] for name in tools}
    while any(_wants_more(times, min_seconds, min_rounds) for times in rounds.values()):
        for name, tool in tools.items():
            if _wants_more(rounds[name], min_seconds, min_rounds):
                rounds[name].append(_timed_round(tool, pages))
    figures = {name: _speed(rounds[name], len(pages), words[name]) for name in tools}
    figures["citevault"]["read_share"] = stages["read"] / (
        (stages["read"] + stages["extract"]) or 1
    )
    ratio = figures["citevault"]["seconds"] / figures["trafilatura"]["seconds"]
    return {"pages": len(pages), **figures, "time_ratio": ratio, "goal_ratio": SPEED_GOAL}


def benchmark(
    gold_dir: Path,
    article: str | None,
    speed: bool,
    min_seconds: float = 3.0,
    strict: bool = False,
) -> dict[str, Any]:
    """Every figure of the benchmark: quality on the gold files, then (if asked) throughput."""
    shared = shared_dir()
    paths = gold_files(gold_dir, article)
    report: dict[str, Any] = {"gold_dir": str(gold_dir), **quality(paths, shared, strict)}
    if not paths:
        report["skipped"].append(
            f"no gold files in {gold_dir}" + (f" named {article}" if article else "")
        )
    if speed:
        trafilatura = load_trafilatura()
        if trafilatura is None:
            report["throughput"] = {"error": TRAFILATURA_MISSING}
        else:
            pages = speed_pages(shared)
            if len(pages) == 1:
                report["skipped"].append(
                    f"shared pages not found at {shared}: speed on the seed only"
                )
            report["throughput"] = measure_throughput(pages, trafilatura, min_seconds)
    return report


def render(report: dict[str, Any], misses: bool = False) -> str:
    """The report as text: tables per article (``misses``: with its errors), averages, speed."""
    lines: list[str] = []
    for article in report["articles"]:
        lines += _article_lines(article)
        if misses and article["differences"]:
            lines += _difference_lines(article["differences"])
        lines.append("")
    lines += _macro_lines(report["macro"], len(report["articles"]))
    if report["strict"]:
        lines.append("  (strict: claims whose only kind is attribution left out)")
    lines.append("")
    if report["skipped"]:
        lines += [*(f"skipped {note}" for note in report["skipped"]), ""]
    if "throughput" in report:
        lines += _throughput_lines(report["throughput"])
    return "\n".join(lines).rstrip() + "\n"


def _kept(claims: list[ClaimView], strict: bool) -> list[ClaimView]:
    return [c for c in claims if not strict or c.kinds != ["attribution"]]


def _gold_name(path: Path) -> str:
    """The ``article`` a gold file names; empty when it names none or cannot be read yet."""
    try:
        gold = json.loads(path.read_text("utf-8"))
    except ValueError:
        return ""
    return str(gold.get("article") or "") if isinstance(gold, dict) else ""


def _shared_path(source: str, shared: Path) -> Path:
    path = Path(source)
    if path.is_absolute():
        return path
    parts = path.parts[1:] if path.parts[:1] == ("shared",) else path.parts
    return shared.joinpath(*parts)


def _article_dict(result: ArticleResult) -> dict[str, Any]:
    return {
        "name": result.name,
        "error": result.error,
        "read_s": result.read_s,
        "extract_s": result.extract_s,
        "words": result.words,
        "scores": {kind: result.score.scores[kind].to_dict() for kind in KINDS},
        "attribution_accuracy": result.score.attribution_accuracy,
        "differences": result.differences,
    }


def _wants_more(times: list[float], min_seconds: float, min_rounds: int) -> bool:
    return len(times) < min_rounds or sum(times) < min_seconds


def _timed_round(tool: Callable[[Page], int], pages: Sequence[Page]) -> float:
    started = time.perf_counter()
    for page in pages:
        tool(page)
    return time.perf_counter() - started


def _speed(times: list[float], pages: int, words: int) -> dict[str, Any]:
    seconds = statistics.median(times)
    return {
        "rounds": len(times),
        "seconds": seconds,
        "min_seconds": min(times),
        "max_seconds": max(times),
        "articles_per_s": pages / seconds,
        "words": words,
        "words_per_s": words / seconds,
    }


def _flag(kind: str, f1: float | None) -> str:
    goal = GOALS.get(kind)
    if goal is None or f1 is None or f1 >= goal:
        return ""
    return f"  below goal {goal:.2f}"


def _article_lines(article: dict[str, Any]) -> list[str]:
    header = (
        f"{article['name']}  ({article['words']} words; read {article['read_s']:.3f} s, "
        f"extract {article['extract_s']:.3f} s)"
    )
    if article["error"]:
        header += f"  not read: {article['error']}"
    lines = [header, f"  {'':<13}{'gold':>6}{'found':>7}{'right':>7}{'P':>8}{'R':>8}{'F1':>8}"]
    for kind, score in article["scores"].items():
        lines.append(
            f"  {kind:<13}{score['gold']:>6}{score['found']:>7}{score['right']:>7}"
            f"{common.figure(score['precision']):>8}{common.figure(score['recall']):>8}"
            f"{common.figure(score['f1']):>8}{_flag(kind, score['f1'])}"
        )
    lines.append(
        f"  attributions agree on {common.figure(article['attribution_accuracy'])} "
        "of matched claims"
    )
    return lines


def _difference_lines(diffs: dict[str, dict[str, list[str]]]) -> list[str]:
    marks = {"missed": "-", "spurious": "+", "differ": "~"}
    lines: list[str] = []
    for kind, groups in diffs.items():
        for group, items in groups.items():
            lines += [f"  {kind} {marks[group]} {item}" for item in items]
    return lines


def _macro_lines(macro: dict[str, dict[str, Any]], articles: int) -> list[str]:
    lines = [
        f"Macro average over {articles} article(s)",
        f"  {'':<13}{'articles':>9}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    for kind, figures in macro.items():
        f1 = figures["f1"]
        lines.append(
            f"  {kind:<13}{figures['articles']:>9}{common.figure(figures['precision']):>8}"
            f"{common.figure(figures['recall']):>8}{common.figure(f1):>8}{_flag(kind, f1)}"
        )
    accuracy = macro["attributions"].get("accuracy")
    lines.append(f"  attributions agree on {common.figure(accuracy)} of matched claims")
    return lines


def _throughput_lines(throughput: dict[str, Any]) -> list[str]:
    if "error" in throughput:
        return [throughput["error"]]
    lines = [f"Throughput over {throughput['pages']} pages (median round; min-max)"]
    for name in ("citevault", "trafilatura"):
        tool = throughput[name]
        lines.append(
            f"  {name:<12}{tool['seconds']:>7.3f} s ({tool['min_seconds']:.3f}-"
            f"{tool['max_seconds']:.3f}, {tool['rounds']} rounds)"
            f"{tool['articles_per_s']:>8.1f} articles/s{tool['words_per_s']:>10.0f} words/s"
        )
    read_share = throughput["citevault"]["read_share"]
    lines.append(
        f"  citevault's time: {read_share:.0%} reading the page (article_from_html), "
        f"{1 - read_share:.0%} extracting claims"
    )
    ratio, goal = throughput["time_ratio"], throughput["goal_ratio"]
    verdict = "" if ratio < goal else f"  above goal {goal:.1f}x"
    lines.append(f"  citevault takes {ratio:.2f}x trafilatura's time{verdict}")
    return lines


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.claims", description=__doc__)
    add_gold_options(parser)
    add_json_option(parser, "print every figure as JSON")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="leave out claims whose only kind is attribution, on both sides",
    )
    parser.add_argument(
        "--misses", action="store_true", help="list what each article missed (-) and added (+)"
    )
    parser.add_argument(
        "--min-seconds",
        type=float,
        default=3.0,
        help="time each tool for at least this long, in rounds over every page (3)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its report; always exits 0 (it measures, it does not gate)."""
    args = _arguments(argv)
    report = benchmark(args.gold, args.article, not args.no_speed, args.min_seconds, args.strict)
    if args.json:
        print(json.dumps(report, indent=2))
        if "error" in report.get("throughput", {}):
            print(report["throughput"]["error"], file=sys.stderr)
    else:
        print(render(report, args.misses), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
