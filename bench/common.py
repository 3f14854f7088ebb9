"""What every benchmark shares: where the data is, its temporary folder, options and figures."""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "bench" / "gold"
# The exit status of a run stopped with Ctrl-C, as a shell reports it.
INTERRUPTED = 130

Report = dict[str, Any]


def shared_dir() -> Path:
    """The shared test-data folder: $CITEVAULT_SHARED, else ../shared beside the repository."""
    return Path(os.environ.get("CITEVAULT_SHARED", ROOT.parent / "shared"))


def run_in_temp_folder(prefix: str, work: Callable[[Path], Report]) -> Report | None:
    """Run ``work`` in a fresh temporary folder, removed afterwards; None when Ctrl-C stopped it."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        return work(folder)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def print_report(report: Report, text: str, json_too: bool) -> None:
    """Print the report as text, then as JSON when asked."""
    print(text)
    if json_too:
        print(json.dumps(report, indent=2))


def add_json_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """The ``--json`` option every benchmark takes."""
    parser.add_argument("--json", action="store_true", help=help_text)


def add_gold_options(parser: argparse.ArgumentParser) -> None:
    """The options of the benchmarks scored against the hand-labelled gold files."""
    parser.add_argument("--article", metavar="NAME", help="only the gold file NAME")
    parser.add_argument("--gold", type=Path, default=GOLD_DIR, help="gold folder (bench/gold)")
    parser.add_argument("--no-speed", action="store_true", help="skip the throughput half")


def ratio(a: float, b: float) -> float:
    """``a / b``, infinite when ``b`` is zero."""
    return a / b if b else math.inf


def verdict(value: float, goal: float, higher_is_better: bool) -> str:
    """ "met", or by how much of the goal ``value`` falls short."""
    met = value >= goal if higher_is_better else value <= goal
    if met:
        return "met"
    shortfall = (goal - value) / goal if higher_is_better else (value - goal) / goal
    return f"missed by {shortfall:.0%}"


def figure(value: float | None) -> str:
    """A score with three decimals, or "-" when there is none."""
    return "-" if value is None else f"{value:.3f}"
