"""What every citevault command shares: settings, error reporting, crawl options, progress."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from archiver import DEFAULT_USER_AGENT, ArchiverError, CrawlOptions
from archiver.options import DEFAULT_MAX_SIZE

from .errors import CitevaultError

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_ARCHIVE_DIR = Path("archives")


class Settings:
    """The global options, shared by every command."""

    def __init__(self, db: Path | None, archive_dir: Path) -> None:
        self.archive_dir = archive_dir
        self.db = db if db is not None else archive_dir / "citevault.db"


def _fail(message: str) -> click.ClickException:
    return click.ClickException(message.splitlines()[0] if message else "failed")


def reports_errors(func: F) -> F:
    """Turn library errors into one-line messages and a non-zero exit, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (CitevaultError, ArchiverError) as exc:
            raise _fail(str(exc)) from exc
        except OSError as exc:
            raise _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")) from exc

    return wrapper  # type: ignore[return-value]


def _parse_connect_to(values: tuple[str, ...]) -> dict[tuple[str, int], tuple[str, int]]:
    mapping = {}
    for value in values:
        parts = value.rsplit(":", 3)
        if len(parts) != 4 or not parts[1].isdigit() or not parts[3].isdigit():
            raise click.BadParameter(
                f"{value!r} is not HOST:PORT:CONNECT_HOST:CONNECT_PORT", param_hint="--connect-to"
            )
        mapping[(parts[0].lower(), int(parts[1]))] = (parts[2], int(parts[3]))
    return mapping


# (option, CrawlOptions field, click settings) for every option that shapes a crawl.
CRAWL_OPTIONS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "--allow-private",
        "allow_private",
        {
            "is_flag": True,
            "help": "Allow private, loopback and link-local addresses (off: SSRF guard).",
        },
    ),
    (
        "--concurrency",
        "concurrency",
        {"type": click.IntRange(1), "default": 8, "help": "Requests in flight overall."},
    ),
    (
        "--host-concurrency",
        "host_concurrency",
        {"type": click.IntRange(1), "default": 1, "help": "Requests in flight per host."},
    ),
    (
        "--host-delay",
        "host_delay",
        {
            "type": click.FloatRange(0),
            "default": 1.0,
            "help": "Seconds between two requests to the same host.",
        },
    ),
    (
        "--timeout",
        "total_timeout",
        {
            "type": click.FloatRange(0.1),
            "default": 120.0,
            "help": "Seconds allowed for one URL, redirects and retries included.",
        },
    ),
    (
        "--connect-timeout",
        "connect_timeout",
        {"type": click.FloatRange(0.1), "default": 10.0, "help": "Seconds allowed to connect."},
    ),
    (
        "--read-timeout",
        "read_timeout",
        {
            "type": click.FloatRange(0.1),
            "default": 30.0,
            "help": "Seconds allowed between two reads.",
        },
    ),
    (
        "--retries",
        "retries",
        {
            "type": click.IntRange(0),
            "default": 3,
            "help": "Retries of connection errors, 429 and 5xx (backoff; Retry-After honoured).",
        },
    ),
    (
        "--max-bytes",
        "max_bytes",
        {
            "type": click.IntRange(1),
            "default": 100_000_000,
            "help": "Cap on one response body; a longer one is truncated and named too_large.",
        },
    ),
    (
        "--ignore-robots",
        "obey_robots",
        {"is_flag": True, "help": "Fetch what robots.txt disallows (obeyed by default)."},
    ),
    (
        "--requisites",
        "requisites",
        {
            "is_flag": True,
            "help": "Also archive the images, stylesheets and scripts each page embeds.",
        },
    ),
    (
        "--user-agent",
        "user_agent",
        {"default": DEFAULT_USER_AGENT, "help": "User-Agent header to send."},
    ),
    ("--operator", "operator", {"help": "Who runs the crawl (written in each WARC's warcinfo)."}),
    (
        "--warc-prefix",
        "warc_prefix",
        {"default": "citevault", "help": "WARC file names start with this."},
    ),
    (
        "--warc-size",
        "warc_max_size",
        {
            "type": click.IntRange(1),
            "default": DEFAULT_MAX_SIZE,
            "help": "Start a new WARC file past this many bytes.",
        },
    ),
    (
        "--connect-to",
        "connect_to",
        {
            "multiple": True,
            "metavar": "HOST:PORT:HOST2:PORT2",
            "help": "Connect to HOST2:PORT2 when a URL names HOST:PORT (as curl does).",
        },
    ),
]


def crawl_options(func: F) -> F:
    """The options every fetching command shares, collected into a CrawlOptions."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {field: kwargs.pop(field) for _, field, _ in CRAWL_OPTIONS}
        values["obey_robots"] = not values["obey_robots"]
        values["connect_to"] = _parse_connect_to(values["connect_to"])
        return func(*args, crawl=CrawlOptions(**values), **kwargs)

    for name, field, settings in reversed(CRAWL_OPTIONS):
        show = "default" in settings and not settings.get("is_flag")
        wrapper = click.option(name, field, show_default=show, **settings)(wrapper)
    return wrapper  # type: ignore[return-value]


silent_option = click.option("-s", "--silent", is_flag=True, help="Hide the progress bar.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
published_option = click.option(
    "--published",
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) for a text article that carries none.",
)


@contextmanager
def progress_bar(
    silent: bool, label: str
) -> Iterator[tuple[Callable[[int], None], Callable[..., None]]]:
    """A progress bar on stderr (hidden by --silent), as (set total, advance) callbacks."""
    state: dict[str, Any] = {"bar": None}

    def set_total(total: int) -> None:
        if not silent and total:
            state["bar"] = click.progressbar(
                length=total, label=label, file=sys.stderr, show_pos=True
            ).__enter__()

    def advance(*_: object) -> None:
        if state["bar"] is not None:
            state["bar"].update(1)

    try:
        yield set_total, advance
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)


def table(rows: list[tuple[str, Any]]) -> str:
    """Label and value rows as two aligned columns."""
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)


def grid(header: list[str], rows: list[list[Any]]) -> str:
    """Rows under a header, each column as wide as its widest cell; the last column left ragged."""
    cells = [header, *([str(value) for value in row] for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(line[:-1], widths, strict=True)), line[-1]])
        for line in cells
    )
