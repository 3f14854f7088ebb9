"""Verification benchmark: claims checked per second against 10,000 archived passages, beside a
plain FTS5 bm25 query per claim, and decision quality on passages made from the gold claims.

Run from the repository root: ``python -m bench.verify [--json] [--no-speed] [--misses]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import common
from bench.claims import gold_files, gold_page
from bench.claims_scoring import claim_view, gold_claim, match_claims
from bench.common import add_gold_options, add_json_option, shared_dir
from bench.verify_cases import (
    SCORED,
    STATUSES,
    Case,
    cases_for,
    checkable,
    confusion,
    status_score,
)
from bench.verify_corpus import CLAIMS, PARAGRAPHS, SOURCES, build_corpus, fts_floor, store_corpus
from claims.article import article_from_html
from claims.checking import verify_article
from claims.errors import NotAnArticle
from claims.extract import extract_claims
from claims.model import Claim, SourceText
from claims.verify import verify_claim


def throughput(
    seed: int = 5, sources: int = SOURCES, paragraphs: int = PARAGRAPHS, claims: int = CLAIMS
) -> dict[str, Any]:
    """Time ``verify_article`` twice over a generated corpus, and the FTS5 floor on the same."""
    corpus = build_corpus(seed, sources, paragraphs, claims)
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as folder:
        stored = store_corpus(corpus, Path(folder))
        runs: list[dict[str, Any]] = []
        for _ in range(2):
            started = time.perf_counter()
            statuses = verify_article(stored.db, stored.article_id, stored.archive_dir)
            runs.append({"seconds": time.perf_counter() - started, "statuses": dict(statuses)})
        agreement = _intended(stored.db, corpus.claim_sentences)
        sentences = [str(r["sentence"]) for r in stored.db.query("select sentence from claims")]
        stored.db.close()
    floor = fts_floor(corpus, sentences)
    for run in runs:
        run["claims_per_s"] = stored.claims / run["seconds"]
        run["passages_per_s"] = stored.cited_passages / run["seconds"]
    floor["claims_per_s"] = len(sentences) / floor["query_s"] if floor["query_s"] else None
    return {
        "seed": seed,
        "sources": sources,
        "passages": corpus.passages,
        "claims": stored.claims,
        "cited_passages": stored.cited_passages,
        "setup_s": stored.seconds,
        "first": runs[0],
        "second": runs[1],
        "intended": agreement,
        "fts": floor,
    }


def article_quality(path: Path, shared: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Verify the extracted claims of one gold article against passages made from its gold."""
    gold = json.loads(path.read_text("utf-8"))
    page = gold_page(gold, shared)
    article = article_from_html(page.html, url=page.url)
    published = str(gold.get("published") or "") or None
    if not article.published and published:
        article.published = published
    found = extract_claims(article)
    golds = list(gold.get("claims") or [])
    pairs = match_claims([gold_claim(g) for g in golds], [claim_view(c) for c in found])
    eligible = [g for g in golds if checkable(g)]
    results: list[dict[str, Any]] = []
    for g, f in pairs:
        if checkable(golds[g]):
            for case in cases_for(path.stem, golds, g):
                results.append(_run_case(case, found[f], published))
    summary = {
        "name": path.stem,
        "checkable": len(eligible),
        "matched": len({r["claim"] for r in results}),
        **_scores(results),
    }
    return summary, results


def quality(paths: Sequence[Path], shared: Path) -> dict[str, Any]:
    """Decision quality on every gold article: per article, overall, and per kind of change."""
    articles: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []
    skipped: list[str] = []
    for path in paths:
        try:
            summary, results = article_quality(path, shared)
        except (FileNotFoundError, NotAnArticle, ValueError) as error:
            skipped.append(f"{path.stem}: {error}")
            continue
        articles.append(summary)
        cases += results
    return {
        "articles": articles,
        "overall": _scores(cases),
        "by_test": _by_test(cases),
        "cases": cases,
        "skipped": skipped,
    }


def benchmark(
    gold_dir: Path,
    article: str | None,
    speed: bool,
    seed: int = 5,
    sources: int = SOURCES,
    claims: int = CLAIMS,
) -> dict[str, Any]:
    """Every figure: decision quality on the gold files, then (if asked) throughput."""
    report: dict[str, Any] = {"quality": quality(gold_files(gold_dir, article), shared_dir())}
    if speed:
        report["throughput"] = throughput(seed, sources, PARAGRAPHS, claims)
    return report


def render(report: dict[str, Any], misses: bool = False) -> str:
    """The report as text: decisions per article and overall, then throughput."""
    lines = _quality_lines(report["quality"], misses)
    if "throughput" in report:
        lines += ["", *_throughput_lines(report["throughput"])]
    return "\n".join(lines).rstrip() + "\n"


def _run_case(case: Case, claim: Claim, published: str | None) -> dict[str, Any]:
    url = f"https://source.test/{case.article}/{case.claim}"
    source = SourceText(1, url, case.text, True, published)
    [evidence] = verify_claim(claim, [source])
    return {**case.to_dict(), "got": evidence.status, "score": evidence.score}


def _scores(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    pairs = [(r["expected"], r["got"]) for r in results]
    scores = {status: status_score(pairs, status) for status in SCORED}
    return {
        "cases": len(pairs),
        "correct": sum(expected == got for expected, got in pairs),
        **{
            status: {"precision": s.precision, "recall": s.recall, "f1": s.f1}
            for status, s in scores.items()
        },
        "confusion": confusion(pairs),
    }


def _by_test(results: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per kind of case (support, a changed date, age..., unrelated), the statuses given."""
    groups: dict[str, Counter[str]] = {}
    for result in results:
        group = result["changed"] or result["expected"]
        groups.setdefault(group, Counter())[result["got"]] += 1
    return {group: dict(counts) for group, counts in sorted(groups.items())}


def _intended(db: Any, sentences: Sequence[tuple[str, str, str]]) -> dict[str, dict[str, int]]:
    """How the statuses given match what each generated claim was made to be."""
    intent = {sentence: wanted for sentence, _, wanted in sentences}
    pairs = [
        (intent.get(str(row["sentence"]), "unknown"), str(row["status"]))
        for row in db.query("select sentence, status from claims")
    ]
    return confusion(pairs)


def _score_cells(scores: dict[str, Any]) -> str:
    cells = [
        f"{common.figure(scores[s]['precision']):>7}{common.figure(scores[s]['recall']):>7}"
        for s in SCORED
    ]
    return "".join(f"{cell:>16}" for cell in cells)


def _quality_lines(quality: dict[str, Any], misses: bool) -> list[str]:
    lines = [
        "Decisions on passages made from the gold claims",
        f"  {'article':<42}{'claims':>8}{'cases':>7}{'right':>7}"
        f"{'supported P / R':>16}{'discrepancy P / R':>19}",
    ]
    for article in quality["articles"]:
        claims = f"{article['matched']}/{article['checkable']}"
        lines.append(
            f"  {article['name']:<42}{claims:>8}{article['cases']:>7}{article['correct']:>7}"
            + _score_cells(article)
        )
    overall = quality["overall"]
    lines.append(
        f"  {'all':<42}{'':>8}{overall['cases']:>7}{overall['correct']:>7}" + _score_cells(overall)
    )
    lines += ["", "  (claims: gold claims the extractor found / gold claims with a value to check)"]
    lines += ["", "Confusion (expected -> given)", *_confusion_lines(overall["confusion"])]
    lines += ["", "By what the case tests (statuses given)"]
    for test, counts in quality["by_test"].items():
        given = ", ".join(f"{status} {counts[status]}" for status in STATUSES if status in counts)
        lines.append(f"  {test:<14}{sum(counts.values()):>5}  {given}")
    if misses:
        lines += ["", "Cases decided otherwise"]
        for case in quality["cases"]:
            if case["expected"] != case["got"]:
                lines.append(
                    f"  {case['article']} #{case['claim']}: {case['tests']} -> {case['got']}"
                )
                lines.append(f"      {case['text']}")
    if quality["skipped"]:
        lines += ["", *(f"skipped {note}" for note in quality["skipped"])]
    return lines


def _confusion_lines(table: dict[str, dict[str, int]]) -> list[str]:
    header = f"  {'':<13}" + "".join(f"{status:>13}" for status in STATUSES[:3])
    rows = [
        f"  {expected:<13}" + "".join(f"{given.get(status, 0):>13}" for status in STATUSES[:3])
        for expected, given in table.items()
    ]
    return [header, *rows]


def _throughput_lines(result: dict[str, Any]) -> list[str]:
    fts = result["fts"]
    lines = [
        f"Throughput: {result['claims']} claims over {result['sources']} sources, "
        f"{result['passages']} passages (each claim reads its cited source: "
        f"{result['cited_passages']} passages in all); setup {result['setup_s']:.1f} s",
    ]
    for name in ("first", "second"):
        run = result[name]
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(run["statuses"].items()))
        lines.append(
            f"  verify_article, {name} run: {run['seconds']:7.2f} s"
            f"{run['claims_per_s']:9.1f} claims/s{run['passages_per_s']:10.0f} passages/s"
            f"  ({statuses})"
        )
    per_s = fts["claims_per_s"]
    lines.append(
        f"  FTS5 bm25 floor, top 5 of all {fts['passages']} passages: {fts['query_s']:.2f} s "
        f"({per_s or 0:.1f} claims/s; index built in {fts['index_s']:.2f} s)"
    )
    if per_s:
        for name in ("first", "second"):
            ratio = per_s / result[name]["claims_per_s"]
            lines.append(f"  {name} run takes {ratio:.0f}x the floor's time per claim")
    lines += ["  as generated -> given", *_confusion_lines(result["intended"])]
    return lines


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.verify", description=__doc__)
    add_gold_options(parser)
    add_json_option(parser, "print every figure as JSON")
    parser.add_argument("--misses", action="store_true", help="list the cases decided otherwise")
    parser.add_argument("--seed", type=int, default=5, help="the corpus generator's seed (5)")
    parser.add_argument("--sources", type=int, default=SOURCES, help=f"source pages ({SOURCES})")
    parser.add_argument("--claims", type=int, default=CLAIMS, help=f"claim sentences ({CLAIMS})")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its report; always exits 0 (it measures, it does not gate)."""
    args = _arguments(argv)
    report = benchmark(
        args.gold, args.article, not args.no_speed, args.seed, args.sources, args.claims
    )
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render(report, args.misses), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
