"""Documentation that cannot drift from the code."""

from __future__ import annotations

from pathlib import Path

from claims.cli import cli
from scripts.cli_docs import DOCS, render

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_cli_reference_is_current():
    assert DOCS.read_text() == render(), "run: .venv/bin/python scripts/cli_docs.py"


def test_the_readme_names_every_command():
    readme = README.read_text()
    for name in cli.commands:
        assert f"citevault {name}" in readme, f"README does not document 'citevault {name}'"


def test_the_readme_quick_start_has_the_two_set_up_commands():
    readme = README.read_text()
    assert "make demo" in readme and "make test" in readme
