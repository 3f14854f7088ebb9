"""What every citevault command shares: settings, error reporting, crawl options, progress."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from archiver import ArchiverError, Capture, CrawlOptions

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


def crawl_options(func: F) -> F:
    """The options every fetching command shares, collected into a CrawlOptions."""
    decorators = [
        click.option(
            "--allow-private",
            is_flag=True,
            help="Allow private, loopback and link-local addresses (off: SSRF guard).",
        ),
        click.option(
            "--concurrency",
            type=click.IntRange(1),
            default=8,
            show_default=True,
            help="Requests in flight overall.",
        ),
        click.option(
            "--host-concurrency",
            type=click.IntRange(1),
            default=1,
            show_default=True,
            help="Requests in flight per host.",
        ),
        click.option(
            "--host-delay",
            type=click.FloatRange(0),
            default=1.0,
            show_default=True,
            help="Seconds between two requests to the same host.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(0.1),
            default=120.0,
            show_default=True,
            help="Seconds allowed for one URL, redirects included.",
        ),
        click.option("--user-agent", help="User-Agent header to send."),
        click.option(
            "--connect-to",
            multiple=True,
            metavar="HOST:PORT:HOST2:PORT2",
            help="Connect to HOST2:PORT2 when a URL names HOST:PORT (as curl does).",
        ),
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        options = CrawlOptions(
            allow_private=kwargs.pop("allow_private"),
            concurrency=kwargs.pop("concurrency"),
            host_concurrency=kwargs.pop("host_concurrency"),
            host_delay=kwargs.pop("host_delay"),
            total_timeout=kwargs.pop("timeout"),
            connect_to=_parse_connect_to(kwargs.pop("connect_to")),
        )
        user_agent = kwargs.pop("user_agent")
        if user_agent:
            options.user_agent = user_agent
        return func(*args, crawl=options, **kwargs)

    for decorator in reversed(decorators):
        wrapper = decorator(wrapper)
    return wrapper  # type: ignore[return-value]


silent_option = click.option("-s", "--silent", is_flag=True, help="Hide the progress bar.")
published_option = click.option(
    "--published",
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) for a text article that carries none.",
)


@contextmanager
def progress_bar(
    silent: bool, label: str
) -> Iterator[tuple[Callable[[int], None], Callable[[str, Capture], None]]]:
    """A progress bar on stderr (hidden by --silent), as (set total, advance) callbacks."""
    state: dict[str, Any] = {"bar": None}

    def set_total(total: int) -> None:
        if not silent and total:
            state["bar"] = click.progressbar(
                length=total, label=label, file=sys.stderr, show_pos=True
            ).__enter__()

    def advance(url: str, capture: Capture) -> None:
        if state["bar"] is not None:
            state["bar"].update(1)

    try:
        yield set_total, advance
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)


def table(rows: list[tuple[str, Any]]) -> str:
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label.ljust(width)}  {value}" for label, value in rows)
