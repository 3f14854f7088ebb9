"""Crawl benchmark: citevault and wget archive the same loopback site; speed, CPU, memory, fixity.

Run from the repository root: ``python -m bench.crawl [--pages N] [--size KB] [--json]``.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
import zlib
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from archiver.warcfile import GZIP_LEVEL
from bench.common import (
    INTERRUPTED,
    add_json_option,
    print_report,
    ratio,
    run_in_temp_folder,
    verdict,
)
from bench.loopback_site import Site, measure_site, serve_site

ROOT = Path(__file__).resolve().parent.parent
# The floor compresses at the level citevault's writer uses (archiver.warcfile.GZIP_LEVEL: 6,
# zlib's default, which is also wget's); warcio's own writer would use 9, shown beside it.
CITEVAULT_GZIP_LEVEL = GZIP_LEVEL
WARCIO_GZIP_LEVEL = 9
MB = 1_000_000


@dataclass
class Run:
    """One archiving child process: wall time, CPU (user + system), peak RSS and exit code."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    exit_code: int
    site_cpu_s: float = 0.0


@dataclass
class WarcTotals:
    """What a set of WARC files holds: bytes on disk, response records, pages, payload bytes."""

    files: int
    warc_bytes: int
    responses: int
    pages_ok: int
    payload_bytes: int


@dataclass
class Figures:
    """One archiver's figures, derived from its run and its WARC files."""

    pages: int
    responses: int
    pages_per_s: float
    cpu_s: float
    cpu_ms_per_page: float
    cpu_s_per_mb: float
    peak_rss_mb: float
    warc_mb: float
    payload_mb: float
    wall_s: float
    site_cpu_s: float


def _tool(name: str) -> str:
    """The venv's copy of a console script if there is one, else the one on PATH."""
    local = ROOT / ".venv" / "bin" / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found: install it (or run 'make install' for citevault's)")
    return found


def run_measured(argv: Sequence[str], cwd: Path, log: Path, site: Site | None = None) -> Run:
    """Run a child to completion; its own rusage, from wait4, gives CPU and peak RSS."""
    site_cpu = site.cpu_seconds() if site else 0.0
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        reaped = False
        try:
            _, status, usage = os.wait4(process.pid, 0)
            reaped = True
        finally:
            if not reaped:  # interrupted: leave no child behind
                process.kill()
                process.wait()
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss * 1024 / MB,  # Linux reports kilobytes
        exit_code=process.returncode,
        site_cpu_s=(site.cpu_seconds() - site_cpu) if site else 0.0,
    )


def warc_files(folder: Path) -> list[Path]:
    """The finished WARC files in a folder, in name order."""
    return sorted(p for p in folder.iterdir() if p.name.endswith((".warc.gz", ".warc")))


def count_warcs(paths: Sequence[Path], pages: Collection[str]) -> WarcTotals:
    """Count response records, how many of ``pages`` were archived with HTTP 200, payload bytes."""
    responses = payload = 0
    archived: set[str] = set()
    for path in paths:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                responses += 1
                payload += len(record.raw_stream.read())
                if record.http_headers and record.http_headers.get_statuscode() == "200":
                    archived.add(record.rec_headers.get_header("WARC-Target-URI"))
    total = sum(p.stat().st_size for p in paths)
    return WarcTotals(len(paths), total, responses, len(archived.intersection(pages)), payload)


def stored_records(paths: Sequence[Path]) -> list[bytes]:
    """Each record's uncompressed bytes, one per gzip member, as the archiver stored them."""
    records: list[bytes] = []
    for path in paths:
        data = path.read_bytes()
        while data:
            member = zlib.decompressobj(zlib.MAX_WBITS | 16)
            records.append(member.decompress(data))
            data = member.unused_data
    return records


def floor_cpu_s(records: Sequence[bytes], level: int) -> float:
    """CPU seconds to gzip (one member per record, as in a WARC) and SHA-1 the records."""
    start = time.process_time()
    for record in records:
        compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        compressor.compress(record)
        compressor.flush()
        hashlib.sha1(record).digest()
    return time.process_time() - start


def figures(run: Run, totals: WarcTotals) -> Figures:
    """Rates from a run and what it wrote."""
    pages = max(totals.pages_ok, 1)
    return Figures(
        pages=totals.pages_ok,
        responses=totals.responses,
        pages_per_s=totals.pages_ok / run.wall_s,
        cpu_s=run.cpu_s,
        cpu_ms_per_page=run.cpu_s * 1000 / pages,
        cpu_s_per_mb=run.cpu_s / max(totals.warc_bytes / MB, 1e-9),
        peak_rss_mb=run.peak_rss_mb,
        warc_mb=totals.warc_bytes / MB,
        payload_mb=totals.payload_bytes / MB,
        wall_s=run.wall_s,
        site_cpu_s=run.site_cpu_s,
    )


def _citevault_argv(citevault: str, work: Path, urls: Path, profile: Path | None) -> list[str]:
    command = [
        citevault,
        *("--archive-dir", str(work), "--db", str(work / "db.sqlite")),
        *("archive", "--from-file", str(urls), "--host-concurrency", "8", "--host-delay", "0"),
        *("--allow-private", "-s"),
    ]
    if profile is None:
        return command
    # The interpreter beside the script is the one that can import citevault.
    beside = Path(citevault).parent / "python"
    python = str(beside) if beside.exists() else sys.executable
    return [python, "-m", "cProfile", "-o", str(profile), *command]


def _wget_argv(work: Path, urls: Path) -> list[str]:
    return [
        "wget",
        f"--warc-file={work / 'bench'}",
        f"--warc-tempdir={work}",  # its scratch files go where the clean-up will find them
        *("-i", str(urls), "-q", "-O", "/dev/null", "--no-warc-keep-log"),
    ]


def _tail(log: Path, lines: int = 5) -> str:
    text = log.read_text(errors="replace").strip().splitlines()
    return "\n".join("    " + line for line in text[-lines:])


def archive_with(name: str, argv: list[str], work: Path, site: Site) -> tuple[Run, WarcTotals]:
    """Run one archiver into ``work`` and count what it wrote; warn when pages are missing."""
    work.mkdir(parents=True)
    log = work.parent / f"{name}.log"
    run = run_measured(argv, work, log, site)
    totals = count_warcs(warc_files(work), site.urls)
    if run.exit_code != 0 or totals.pages_ok != len(site.urls):
        print(
            f"warning: {name} exited {run.exit_code} and archived {totals.pages_ok} of "
            f"{len(site.urls)} pages; its last output:\n{_tail(log)}",
            file=sys.stderr,
        )
    return run, totals


def has_fixity(citevault: str) -> bool:
    """Whether this citevault has a ``fixity`` command."""
    result = subprocess.run([citevault, "--help"], capture_output=True, text=True, check=False)
    return any(line.split()[:1] == ["fixity"] for line in result.stdout.splitlines())


def _timed_check(name: str, argv: list[str], tmp: Path) -> tuple[Run, str]:
    log = tmp / f"{name.replace(' ', '-')}.log"
    run = run_measured(argv, tmp, log)
    if run.exit_code != 0:
        print(f"warning: {name} exited {run.exit_code}:\n{_tail(log)}", file=sys.stderr)
    return run, log.read_text(errors="replace")


def _reported_rate(output: str) -> float | None:
    """The ``MB/s`` figure a command printed about its own work, if it printed one."""
    for line in output.splitlines():
        label, _, value = line.partition("  ")
        if label.strip() == "MB/s":
            try:
                return float(value)
            except ValueError:
                return None
    return None


def fixity_figures(citevault: str, work: Path, warcs: list[Path], tmp: Path) -> dict[str, Any]:
    """MB/s of ``citevault fixity`` over the benchmark's WARCs, beside ``warcio check``."""
    size_mb = sum(p.stat().st_size for p in warcs) / MB
    database = ("--archive-dir", str(work), "--db", str(work / "db.sqlite"))
    fixity, output = _timed_check("citevault fixity", [citevault, *database, "fixity", "-s"], tmp)
    check, _ = _timed_check("warcio check", [_tool("warcio"), "check", *map(str, warcs)], tmp)
    return {
        "warc_mb": size_mb,
        "citevault_mb_per_s": size_mb / fixity.wall_s,
        "citevault_cpu_s": fixity.cpu_s,
        # Its own figure leaves out process start-up, which the wall time above includes.
        "citevault_reported_mb_per_s": _reported_rate(output),
        "citevault_exit_code": fixity.exit_code,
        "warcio_check_mb_per_s": size_mb / check.wall_s,
        "warcio_check_cpu_s": check.cpu_s,
        "warcio_check_exit_code": check.exit_code,
    }


ROWS = (
    ("pages archived", "pages", "{:.0f}"),
    ("response records", "responses", "{:.0f}"),
    ("wall s", "wall_s", "{:.2f}"),
    ("pages/s", "pages_per_s", "{:.0f}"),
    ("CPU s", "cpu_s", "{:.2f}"),
    ("CPU ms/page", "cpu_ms_per_page", "{:.2f}"),
    ("CPU s/archived MB", "cpu_s_per_mb", "{:.3f}"),
    ("peak RSS MB", "peak_rss_mb", "{:.1f}"),
    ("WARC MB", "warc_mb", "{:.1f}"),
    ("payload MB", "payload_mb", "{:.1f}"),
    ("site CPU s", "site_cpu_s", "{:.2f}"),
)


def side_by_side(citevault: Figures, wget: Figures) -> str:
    """The table: one row per figure, citevault, wget and citevault/wget."""
    lines = [f"{'':<20}{'citevault':>12}{'wget':>12}{'ratio':>9}"]
    for label, key, fmt in ROWS:
        ours, theirs = getattr(citevault, key), getattr(wget, key)
        cell = f"{ours / theirs:>8.2f}x" if theirs else f"{'-':>9}"
        lines.append(f"{label:<20}{fmt.format(ours):>12}{fmt.format(theirs):>12}{cell}")
    return "\n".join(lines)


def goals(report: dict[str, Any]) -> list[str]:
    """One line per goal: the measured value, the goal, met or missed by how much."""
    cv, wget, floor = report["citevault"], report["wget"], report["floor"]
    speed = ratio(cv["pages_per_s"], wget["pages_per_s"])
    cpu_page = ratio(cv["cpu_ms_per_page"], wget["cpu_ms_per_page"])
    over_floor = ratio(cv["cpu_s_per_mb"], floor["cpu_s_per_mb"])
    lines = [
        f"goal pages/s >= 2x wget:          {speed:.2f}x  {verdict(speed, 2.0, True)}",
        f"goal CPU/page <= wget:            {cpu_page:.2f}x  {verdict(cpu_page, 1.0, False)}",
        f"goal CPU/MB <= 2x floor:          {over_floor:.2f}x  {verdict(over_floor, 2.0, False)}",
    ]
    fixity = report.get("fixity")
    if fixity:
        pace = ratio(fixity["citevault_mb_per_s"], fixity["warcio_check_mb_per_s"])
        lines.append(f"goal fixity >= warcio check:      {pace:.2f}x  {verdict(pace, 1.0, True)}")
    return lines


def _floor(records: list[bytes], warc_bytes: int) -> dict[str, Any]:
    raw = sum(map(len, records))
    archived_mb = max(warc_bytes, 1) / MB  # a failed run wrote nothing: no division by zero
    levels = (CITEVAULT_GZIP_LEVEL, WARCIO_GZIP_LEVEL)
    cpu = {level: floor_cpu_s(records, level) for level in levels}
    return {
        "records": len(records),
        "uncompressed_mb": raw / MB,
        "gzip_level": CITEVAULT_GZIP_LEVEL,
        "cpu_s": cpu[CITEVAULT_GZIP_LEVEL],
        # Per archived (compressed) MB, the denominator citevault's own figure uses.
        "cpu_s_per_mb": cpu[CITEVAULT_GZIP_LEVEL] / archived_mb,
        "cpu_s_per_mb_gzip9": cpu[WARCIO_GZIP_LEVEL] / archived_mb,
    }


def benchmark(
    pages: int, size_kb: int, tmp: Path, profile: Path | None = None, seed: int = 1
) -> dict[str, Any]:
    """Serve the site, archive it with citevault then wget, and measure both, floor and fixity."""
    citevault = _tool("citevault")
    report: dict[str, Any] = {"pages": pages, "size_kb": size_kb, "cpus": os.cpu_count()}
    with serve_site(pages, size_kb, seed) as site:
        urls = tmp / "urls.txt"
        urls.write_text("\n".join(site.urls) + "\n")
        report["site_pages_per_s"], report["site_mb_per_s"] = measure_site(site)
        cv_dir, wget_dir = tmp / "cv", tmp / "wget"
        cv_run, cv_totals = archive_with(
            "citevault", _citevault_argv(citevault, cv_dir, urls, profile), cv_dir, site
        )
        wget_run, wget_totals = archive_with("wget", _wget_argv(wget_dir, urls), wget_dir, site)
    report["citevault"] = asdict(figures(cv_run, cv_totals))
    report["wget"] = asdict(figures(wget_run, wget_totals))
    report["citevault_profiled"] = profile is not None
    cv_warcs = warc_files(cv_dir)
    report["floor"] = _floor(stored_records(cv_warcs), cv_totals.warc_bytes)
    report["fixity"] = (
        fixity_figures(citevault, cv_dir, cv_warcs, tmp) if has_fixity(citevault) else None
    )
    return report


def _fixity_lines(fixity: dict[str, Any] | None) -> list[str]:
    if not fixity:
        return ["fixity: not available"]
    lines = [
        f"fixity over {fixity['warc_mb']:.1f} MB of WARC, process start-up included: "
        f"citevault fixity {fixity['citevault_mb_per_s']:.1f} MB/s "
        f"({fixity['citevault_cpu_s']:.2f} CPU s), warcio check "
        f"{fixity['warcio_check_mb_per_s']:.1f} MB/s ({fixity['warcio_check_cpu_s']:.2f} CPU s)"
    ]
    if fixity["citevault_reported_mb_per_s"] is not None:
        lines.append(
            "        citevault fixity's own figure, without start-up: "
            f"{fixity['citevault_reported_mb_per_s']:.1f} MB/s"
        )
    return lines


def render(report: dict[str, Any]) -> str:
    """The report as text: site check, the side-by-side table, floor, fixity and goals."""
    cv, wget = Figures(**report["citevault"]), Figures(**report["wget"])
    floor, fixity = report["floor"], report["fixity"]
    lines = [
        f"{report['pages']} pages of ~{report['size_kb']} KB on 127.0.0.1, {report['cpus']} CPUs",
        f"site alone: {report['site_pages_per_s']:.0f} pages/s, {report['site_mb_per_s']:.0f} MB/s "
        "(8 keep-alive connections)",
        "",
        side_by_side(cv, wget),
        "",
        f"floor: gzip -{floor['gzip_level']} + sha1 of citevault's {floor['records']} records "
        f"({floor['uncompressed_mb']:.1f} MB uncompressed): {floor['cpu_s']:.2f} CPU s, "
        f"{floor['cpu_s_per_mb']:.3f} CPU s/archived MB (gzip -9, warcio's level: "
        f"{floor['cpu_s_per_mb_gzip9']:.3f})",
    ]
    lines += _fixity_lines(fixity)
    if report["citevault_profiled"]:
        lines.append("note: citevault ran under cProfile; its figures include the profiler's cost")
    return "\n".join([*lines, "", *goals(report)])


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.crawl", description=__doc__)
    parser.add_argument("--pages", type=int, default=1000, help="pages on the site (1000)")
    parser.add_argument("--size", type=int, default=30, help="KB per page (30)")
    add_json_option(parser, "print the figures as JSON too")
    parser.add_argument(
        "--profile", type=Path, help="run citevault under cProfile, writing its stats here"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark once and print its report."""
    args = _arguments(argv)
    if args.pages < 1 or args.size < 1:
        sys.exit("--pages and --size must be at least 1")
    profile = args.profile and args.profile.resolve()
    report = run_in_temp_folder(
        "citevault-bench-", lambda tmp: benchmark(args.pages, args.size, tmp, profile)
    )
    if report is None:
        return INTERRUPTED
    print_report(report, render(report), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
