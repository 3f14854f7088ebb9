"""Headless chromium for tests: the DOM after scripts ran, and screenshots, of loopback pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

TIMEOUT = 30.0
WINDOW_SIZE = "1280,1600"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

# Everything that would make the browser call home on its own: tests never leave loopback.
_QUIET_FLAGS = (
    "--headless=new",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
)


class BrowserError(RuntimeError):
    """Chromium failed, timed out or produced nothing for a page."""


def find_chromium() -> str | None:
    """The chromium executable on PATH (Debian names it ``chromium``), or None."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def dump_dom(url: str, timeout: float = TIMEOUT) -> str:
    """The page's DOM, serialized after its scripts (if any were allowed) ran."""
    return _run_chromium(["--dump-dom", url], url, timeout).stdout


def screenshot(url: str, path: Path, timeout: float = TIMEOUT) -> Path:
    """Save a PNG of the page at ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    _run_chromium([f"--screenshot={path}", f"--window-size={WINDOW_SIZE}", url], url, timeout)
    if not path.is_file() or path.stat().st_size == 0:
        raise BrowserError(f"chromium wrote no screenshot of {url} to {path}")
    return path


def _run_chromium(args: list[str], url: str, timeout: float) -> subprocess.CompletedProcess[str]:
    _require_loopback(url)
    chromium = find_chromium()
    if chromium is None:
        raise BrowserError("chromium is not installed: apt-get install chromium")
    with tempfile.TemporaryDirectory(prefix="citevault-chromium-") as profile:
        command = [chromium, *_QUIET_FLAGS, f"--user-data-dir={profile}", *_sandbox_flags()]
        try:
            result = subprocess.run(
                [*command, *args],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=_quiet_environment(profile),
            )
        except subprocess.TimeoutExpired:
            raise BrowserError(f"chromium took more than {timeout:g} s on {url}") from None
    if result.returncode != 0:
        last_line = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise BrowserError(f"chromium exited {result.returncode} on {url}: {last_line}")
    return result


def _require_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK_HOSTS:
        raise BrowserError(f"tests only browse loopback addresses, not {url}")


def _sandbox_flags() -> list[str]:
    # Chromium refuses to start its own sandbox as root (containers, CI runners).
    return ["--no-sandbox"] if os.geteuid() == 0 else []


def _quiet_environment(profile: str) -> dict[str, str]:
    # A private HOME keeps crash reports and caches out of the user's files.
    return {**os.environ, "HOME": profile}
