"""Serving benchmark: the publication (citevault serve) beside plain Datasette on the same database.

Run from the repository root: ``python -m bench.serve [--claims N] [--requests N] [--json]``.
"""

from __future__ import annotations

import argparse
import ctypes
import math
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from bench import common
from bench.common import INTERRUPTED, add_json_option, print_report, run_in_temp_folder
from bench.serve_data import generate

ROOT = Path(__file__).resolve().parent.parent
RATIO_GOAL = 1.3
P95_GOAL_MS = 300.0
WARM_UP = 5
# Plain Datasette as its own command runs it, with the package's entry-point plugin taken out:
# this Datasette (0.65) has no switch to skip entry-point plugins, and the plugin registers
# under its entry point's name.
_PLAIN_DATASETTE = (
    "import sys; from datasette.plugins import pm; pm.unregister(name='citevault'); "
    "from datasette.cli import cli; sys.exit(cli(sys.argv[1:]))"
)
_PR_SET_PDEATHSIG = 1


@dataclass
class Server:
    """A server child process on loopback: its name, base URL and the database's path in URLs."""

    name: str
    base_url: str
    database: str
    process: subprocess.Popen[bytes]


@dataclass
class Timing:
    """Request times of one page on one server, in milliseconds."""

    median_ms: float
    p95_ms: float
    samples: int


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` (0-1) percentile, interpolated between the two nearest ranks."""
    if not values:
        raise ValueError("no values to take a percentile of")
    if not 0 <= share <= 1:
        raise ValueError(f"the share must lie between 0 and 1, not {share}")
    ordered = sorted(values)
    rank = share * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def timing(durations_ms: Sequence[float]) -> Timing:
    """Median and 95th percentile of a page's request times."""
    return Timing(percentile(durations_ms, 0.5), percentile(durations_ms, 0.95), len(durations_ms))


def _free_ports(count: int) -> list[int]:
    # Held open together, so the kernel cannot hand out the same port twice.
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def _die_with_parent() -> None:
    # Runs in the child before exec: the kernel stops it if the benchmark is killed outright.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _tool(name: str) -> str:
    """The console script installed beside this Python, else the one on PATH."""
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found: run 'pip install -e .' in the repository first")
    return found


def publication_argv(db: Path, archive_dir: Path, port: int) -> list[str]:
    """The command serving the database as citevault publishes it."""
    return [
        _tool("citevault"), "--db", str(db), "--archive-dir", str(archive_dir),
        "serve", "--port", str(port),
    ]  # fmt: skip


def plain_argv(db: Path, port: int) -> list[str]:
    """``datasette serve DB``: read-only (mode=ro) like the publication; no plugin, no metadata."""
    return [sys.executable, "-c", _PLAIN_DATASETTE, "serve", str(db), "--port", str(port)]


def _wait_until_up(server: Server, log: Path, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited: {log.read_text(errors='replace')[-800:]}")
        try:
            if httpx.get(f"{server.base_url}/-/versions.json", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{server.name} did not answer within {timeout_s:.0f} s")


@contextmanager
def serving(name: str, argv: list[str], port: int, database: str, log: Path) -> Iterator[Server]:
    """Run a server child until the block ends; it also stops if this process is killed."""
    with open(log, "wb") as output:
        process = subprocess.Popen(
            argv, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT, preexec_fn=_die_with_parent
        )
    server = Server(name, f"http://127.0.0.1:{port}", database, process)
    try:
        _wait_until_up(server, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def plugins_of(client: httpx.Client, server: Server) -> list[str]:
    """The names of the plugins the server has loaded (to check the plain one has none)."""
    response = client.get(f"{server.base_url}/-/plugins.json")
    response.raise_for_status()
    return sorted(str(plugin["name"]) for plugin in response.json())


# Each page is a list of paths fetched one after the other for one random claim id and search
# word. The publication's claims table, searched or not, has its facets (status, kinds as an
# array) from its metadata; plain Datasette is asked for the same ones in the query string.
PageFactory = Callable[[Server, int, str], list[str]]
PLAIN_FACETS = "_facet=status&_facet_array=kinds"


def _table_page(server: Server, claim_id: int, word: str) -> list[str]:
    if server.name == "publication":
        return [f"/{server.database}/claims"]
    return [f"/{server.database}/claims?{PLAIN_FACETS}"]


def _search_page(server: Server, claim_id: int, word: str) -> list[str]:
    if server.name == "publication":
        return [f"/{server.database}/claims?_search={word}"]
    return [f"/{server.database}/claims?_search={word}&{PLAIN_FACETS}"]


def _claim_page(server: Server, claim_id: int, word: str) -> list[str]:
    if server.name == "publication":
        return [f"/-/citevault/claim/{claim_id}"]
    # Plain Datasette's nearest equivalent: the claim's row page, then its mentions.
    return [
        f"/{server.database}/claims/{claim_id}",
        f"/{server.database}/mentions?claim_id={claim_id}",
    ]


PAGES: dict[str, PageFactory] = {
    "claims table with facets": _table_page,
    "full-text search": _search_page,
    "claim page": _claim_page,
}


def _fetch_ms(client: httpx.Client, server: Server, paths: list[str]) -> float:
    started = time.perf_counter()
    for path in paths:
        response = client.get(server.base_url + path)
        if response.status_code != 200:
            raise RuntimeError(f"{server.name} answered {response.status_code} for {path}")
    return (time.perf_counter() - started) * 1000


def time_page(
    client: httpx.Client,
    servers: Sequence[Server],
    page: PageFactory,
    targets: Sequence[tuple[int, str]],
) -> dict[str, Timing]:
    """Time one page on every server with the same (claim id, word) targets, turn by turn."""
    for claim_id, word in targets[:WARM_UP]:
        for server in servers:
            _fetch_ms(client, server, page(server, claim_id, word))
    durations: dict[str, list[float]] = {server.name: [] for server in servers}
    # Turn by turn, so a slower moment of a shared machine falls on both servers alike.
    for claim_id, word in targets[WARM_UP:]:
        for server in servers:
            durations[server.name].append(_fetch_ms(client, server, page(server, claim_id, word)))
    return {name: timing(values) for name, values in durations.items()}


def search_words(db: Path, count: int, rng: random.Random) -> list[str]:
    """Surnames and places that claims name, as a fact-checker would search for them."""
    with closing(sqlite3.connect(db)) as conn:
        names = [
            row[0].split()[-1]
            for row in conn.execute(
                "select name from entities where kind in ('person', 'place') order by id"
            )
        ]
    return [rng.choice(names) for _ in range(count)]


def targets(db: Path, claims: int, count: int, seed: int) -> list[tuple[int, str]]:
    """Random claim ids and search words, warm-up first, the same for every server."""
    rng = random.Random(seed)
    words = search_words(db, count, rng)
    return [(rng.randint(1, claims), word) for word in words]


def measure(
    db: Path, work: Path, claims: int, requests: int, seed: int = 7
) -> dict[str, dict[str, Timing]]:
    """Serve ``db`` both ways and time every page on both: {page: {server: timing}}."""
    archive_dir = work / "archive"
    archive_dir.mkdir(exist_ok=True)
    name = db.stem
    pub_port, plain_port = _free_ports(2)
    chosen = targets(db, claims, WARM_UP + requests, seed)
    with (
        serving(
            "publication", publication_argv(db, archive_dir, pub_port), pub_port, name,
            work / "publication.log",
        ) as publication,
        serving(
            "datasette", plain_argv(db, plain_port), plain_port, name, work / "datasette.log"
        ) as plain,
        httpx.Client(timeout=60) as client,
    ):  # fmt: skip
        if "citevault" in plugins_of(client, plain) or "citevault" not in plugins_of(
            client, publication
        ):
            raise RuntimeError("the plugin must run in the publication and only there")
        return {
            page: time_page(client, [publication, plain], factory, chosen)
            for page, factory in PAGES.items()
        }


def goals(results: dict[str, dict[str, Timing]]) -> list[str]:
    """One line per goal and page: met or missed, with the margin."""
    lines = []
    for page, by_server in results.items():
        pub, plain = by_server["publication"], by_server["datasette"]
        for figure in ("median", "p95"):
            times = common.ratio(getattr(pub, f"{figure}_ms"), getattr(plain, f"{figure}_ms"))
            lines.append(
                _verdict(f"{page}: {figure} within {RATIO_GOAL}x plain", times, RATIO_GOAL)
            )
        lines.append(_verdict(f"{page}: p95 under {P95_GOAL_MS:.0f} ms", pub.p95_ms, P95_GOAL_MS))
    return lines


def _verdict(goal: str, value: float, limit: float) -> str:
    margin = abs(value - limit) / limit * 100
    if value <= limit:
        return f"{goal}: met ({value:.2f}, {margin:.0f}% to spare)"
    return f"{goal}: missed by {margin:.0f}% ({value:.2f})"


def render(report: dict[str, Any]) -> str:
    """The report as text: the database, a table of medians, p95s and ratios, then the goals."""
    counts = report["counts"]
    lines = [
        f"{counts['articles']:,} articles, {counts['claims']:,} claims, "
        f"{counts['mentions']:,} mentions ({report['db_mb']:.0f} MB, generated in "
        f"{report['generate_s']:.1f} s); {report['requests']} requests per page and server, "
        f"{report['cpus']} CPUs",
        "",
        f"{'page':<26} {'publication ms':>18} {'datasette ms':>18} {'ratio':>12}",
        f"{'':<26} {'median / p95':>18} {'median / p95':>18} {'median / p95':>12}",
    ]
    results = _timings(report)
    for page, by_server in results.items():
        pub, plain = by_server["publication"], by_server["datasette"]
        lines.append(
            f"{page:<26} {pub.median_ms:>8.1f} / {pub.p95_ms:<7.1f} "
            f"{plain.median_ms:>8.1f} / {plain.p95_ms:<7.1f} "
            f"{common.ratio(pub.median_ms, plain.median_ms):>5.2f} / "
            f"{common.ratio(pub.p95_ms, plain.p95_ms):<4.2f}"
        )
    return "\n".join([*lines, "", *goals(results)])


def _timings(report: dict[str, Any]) -> dict[str, dict[str, Timing]]:
    return {
        page: {server: Timing(**figures) for server, figures in by_server.items()}
        for page, by_server in report["pages"].items()
    }


def benchmark(
    work: Path, articles: int, claims: int, mentions: int, requests: int
) -> dict[str, Any]:
    """Generate the database in ``work``, serve it both ways and time the pages."""
    db = work / "citevault.db"
    started = time.perf_counter()
    counts = generate(db, articles, claims, mentions)
    generate_s = time.perf_counter() - started
    results = measure(db, work, claims, requests)
    return {
        "counts": asdict(counts),
        "db_mb": db.stat().st_size / 1e6,
        "generate_s": generate_s,
        "requests": requests,
        "cpus": os.cpu_count(),
        "pages": {
            page: {server: asdict(t) for server, t in by_server.items()}
            for page, by_server in results.items()
        },
    }


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__)
    parser.add_argument("--articles", type=int, default=1000, help="articles (1000)")
    parser.add_argument("--claims", type=int, default=100_000, help="claims (100000)")
    parser.add_argument("--mentions", type=int, default=1_000_000, help="mentions (1000000)")
    parser.add_argument(
        "--requests", type=int, default=50, help="timed requests per page and server (50)"
    )
    add_json_option(parser, "print the figures as JSON too")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark once and print its report."""
    args = _arguments(argv)
    if not 1 <= args.articles <= args.claims <= args.mentions or args.requests < 1:
        sys.exit("need 1 <= --articles <= --claims <= --mentions and --requests >= 1")
    report = run_in_temp_folder(
        "citevault-bench-serve-",
        lambda work: benchmark(work, args.articles, args.claims, args.mentions, args.requests),
    )
    if report is None:
        return INTERRUPTED
    print_report(report, render(report), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
