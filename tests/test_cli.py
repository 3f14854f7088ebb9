"""The command line: bad input gives one line of error and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claims.cli import cli
from claims.demo import example_article_path

from .sites import send, serve

CITEVAULT = str(Path(sys.executable).parent / "citevault")


def citevault(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    return subprocess.run([CITEVAULT, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert expected in lines[0]


def test_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("run", "extract", "archive", "serve", "demo"):
        assert f"  {command} " in result.output


def test_every_command_has_an_example_in_its_help():
    for command in ("run", "extract", "archive", "serve", "demo"):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output


def test_a_missing_file_is_named(tmp_path):
    result = citevault("extract", "nowhere.html", cwd=tmp_path)
    assert_one_line_error(result, "file not found: nowhere.html")


def test_an_empty_file_is_named(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = citevault("run", "empty.txt", cwd=tmp_path)
    assert_one_line_error(result, "empty.txt is empty")
    assert not (tmp_path / "archives").exists(), (
        "nothing is written for input that is not an article"
    )


def test_a_binary_file_is_named(tmp_path):
    (tmp_path / "data.bin").write_bytes(b"\x00\x01\x02" + bytes(range(256)))
    result = citevault("extract", "data.bin", cwd=tmp_path)
    assert_one_line_error(result, "data.bin is a binary file")


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64)),
            "is an image (PNG)",
        ),
        ("report.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\n", "is a PDF document"),
        (
            "front.html",
            b"<html><body>"
            + b"".join(b"<a href='/s%d'>Story number %d</a> " % (i, i) for i in range(60))
            + b"<p>Top stories today.</p></body></html>",
            "is a page of links (60 links, 1 paragraphs): a home or section page",
        ),
        (
            "wall.html",
            b"<html><head><title>Sign in</title></head><body><form><input name=user>"
            b"<input type=password name=pw><button>Log in</button></form></body></html>",
            "is a login page (page titled 'Sign in'), not the article",
        ),
    ],
)
def test_a_file_that_is_no_article_says_what_it_is(tmp_path, name, content, found):
    (tmp_path / name).write_bytes(content)
    result = citevault("run", name, cwd=tmp_path)
    assert_one_line_error(result, f"{name} {found}")
    assert not (tmp_path / "archives").exists(), "nothing is written for it"


def test_an_article_url_that_serves_a_pdf_says_so_and_writes_nothing(tmp_path):
    site = serve(
        {
            "/story": lambda h: send(
                h, 200, b"%PDF-1.4\n%%EOF\n", {"Content-Type": "application/pdf"}
            )
        }
    )
    try:
        result = citevault(
            "run", site.url("/story"), "--allow-private", "--host-delay", "0", cwd=tmp_path
        )
        assert_one_line_error(result, f"{site.url('/story')} is a PDF document")
        assert not (tmp_path / "archives").exists(), "nothing is written for it"
    finally:
        site.close()


def test_a_page_without_an_article_is_named(tmp_path):
    (tmp_path / "home.html").write_text(
        "<html><body><nav><a href='/a'>A</a> <a href='/b'>B</a></nav><p>Welcome!</p></body></html>"
    )
    result = citevault("extract", "home.html", cwd=tmp_path)
    assert_one_line_error(result, "no article text found")


def test_an_unreachable_url_is_named(tmp_path):
    site = serve({})
    port = site.port
    site.close()
    result = citevault(
        "extract",
        f"http://127.0.0.1:{port}/story",
        "--allow-private",
        "--retries",
        "0",
        cwd=tmp_path,
    )
    assert_one_line_error(result, f"cannot fetch article http://127.0.0.1:{port}/story")


def test_a_loopback_article_url_is_refused_without_allow_private(tmp_path):
    site = serve({"/story": lambda h: send(h, 200, example_article_path().read_bytes())})
    try:
        result = citevault("extract", site.url("/story"), cwd=tmp_path)
        assert_one_line_error(result, "--allow-private")
        assert site.hits == {}
    finally:
        site.close()


def test_a_bad_connect_to_value_is_refused(tmp_path):
    result = citevault("extract", "x.html", "--connect-to", "nonsense", cwd=tmp_path)
    assert result.returncode == 2
    assert "HOST:PORT:CONNECT_HOST:CONNECT_PORT" in result.stderr


def test_archive_needs_a_url(tmp_path):
    result = citevault("archive", cwd=tmp_path)
    assert result.returncode == 2
    assert "give at least one URL" in result.stderr


def test_serve_without_a_database_says_what_to_run(tmp_path):
    result = citevault("--db", "missing.db", "serve", cwd=tmp_path)
    assert_one_line_error(
        result, "database not found: missing.db (run 'citevault run SOURCE' first)"
    )


def test_extract_json_from_an_html_file(tmp_path):
    result = citevault("extract", str(example_article_path()), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"article", "links", "claims"}
    assert set(data["article"]) == {"url", "title", "author", "published"}
    assert data["article"]["published"].startswith("2019-10-31")
    for link in data["links"]:
        assert set(link) >= {"url", "anchor_text", "sentence"}
    assert data["claims"]
    for claim in data["claims"]:
        assert set(claim) >= {"sentence", "text", "kinds", "mentions", "sources"}
        for mention in claim["mentions"]:
            assert set(mention) >= {"kind", "text", "value", "precision"}
        for source in claim["sources"]:
            assert set(source) >= {"url", "via", "anchor_text"}
    assert not (tmp_path / "archives").exists(), "extract archives nothing"


def test_extract_a_text_file_with_its_publication_date(tmp_path, shared):
    seed = next((shared / "seed").glob("*.txt"))
    result = citevault("extract", str(seed), "--json", "--published", "2019-10-31", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["article"]["published"] == "2019-10-31"
    values = {m["value"] for c in data["claims"] for m in c["mentions"] if m["kind"] == "date"}
    assert "2019-10-29" in values


@pytest.mark.parametrize("flag", ["-s", "--silent"])
def test_silent_hides_the_progress_bar(tmp_path, flag):
    site = serve({"/a": lambda h: send(h, 200, b"<p>hello</p>")})
    try:
        result = citevault(
            "archive", site.url("/a"), "--allow-private", "--host-delay", "0", flag, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert "captured  1" in result.stdout
    finally:
        site.close()


def test_archive_shows_a_progress_bar_and_names_failures(tmp_path):
    site = serve({"/a": lambda h: send(h, 200, b"<p>hello</p>")})
    try:
        result = citevault(
            "archive",
            site.url("/a"),
            site.url("/gone"),
            "--allow-private",
            "--host-delay",
            "0",
            cwd=tmp_path,
        )
        assert result.returncode == 0
        assert "Archiving" in result.stderr
        assert f"failed  {site.url('/gone')}  [http_4xx] HTTP 404" in result.stderr
        assert "captured  1\nfailed    1" in result.stdout
    finally:
        site.close()


def test_fixity_without_a_database_says_so_and_creates_nothing(tmp_path):
    result = citevault("--db", "missing.db", "fixity", cwd=tmp_path)
    assert_one_line_error(result, "database not found: missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_sources_add_gives_a_plain_text_attribution_its_url(tmp_path, shared):
    seed = next((shared / "seed").glob("*.txt"))
    ran = citevault("run", str(seed), "--published", "2019-10-31", "-s", cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    url = "http://www.rferl.org/a/story/1.html"
    added = citevault("sources", "add", "RFE/RL", url, cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert f"claims now cite {url}" in added.stdout
    import sqlite3

    with sqlite3.connect(tmp_path / "archives" / "citevault.db") as conn:
        rows = conn.execute(
            "select c.attribution, cs.via from claim_sources cs join claims c on c.id = cs.claim_id "
            "join sources s on s.id = cs.source_id where s.url = ?",
            [url],
        ).fetchall()
    assert rows and all(
        "RFE/RL" in attribution and via == "attribution" for attribution, via in rows
    )
    missing = citevault("sources", "add", "Nobody Newspaper", url, cwd=tmp_path)
    assert_one_line_error(missing, "no claim's attribution names 'Nobody Newspaper'")


def test_serve_on_a_port_in_use_says_so(tmp_path):
    import socket

    (tmp_path / "archives").mkdir()
    sqlite3_db = tmp_path / "archives" / "citevault.db"
    import sqlite3

    sqlite3.connect(sqlite3_db).close()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = citevault("serve", "--port", str(port), cwd=tmp_path)
    assert_one_line_error(result, f"cannot serve on 127.0.0.1:{port}")
    assert "choose another --port" in result.stderr
