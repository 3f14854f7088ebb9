"""Run every check: lint, types, then the test suite; exit non-zero on the first failure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

SOURCES = [p for p in ("archiver", "claims", "tests", "scripts", "bench") if (ROOT / p).exists()]
CHECKS = [
    ("format", [str(BIN / "ruff"), "format", "--check", *SOURCES]),
    ("lint", [str(BIN / "ruff"), "check", *SOURCES]),
    ("types", [str(BIN / "mypy")]),
    ("tests", [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *sys.argv[1:]]),
]


def main() -> int:
    """Run each check in turn; report and stop at the first that fails."""
    for name, command in CHECKS:
        print(
            f"== {name}: {' '.join(Path(c).name if i == 0 else c for i, c in enumerate(command))}",
            flush=True,
        )
        result = subprocess.run(command, cwd=ROOT)
        if result.returncode != 0:
            print(f"== {name} failed (exit {result.returncode})", flush=True)
            return result.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
