"""Telling what a payload is when it holds no article, from its Content-Type and first bytes."""

from __future__ import annotations

import pytest

from claims.inputs import image_kind, what_it_is


def test_an_image_is_known_by_its_magic_number_whatever_its_type() -> None:
    assert image_kind(b"\x89PNG\r\n\x1a\n...", "application/octet-stream") == "PNG"


@pytest.mark.parametrize("content_type", ["image/avif", "Image/AVIF; q=0.9", " image/avif "])
def test_an_image_type_names_the_format_whatever_its_case_and_parameters(
    content_type: str,
) -> None:
    assert image_kind(b"????", content_type) == "AVIF"


@pytest.mark.parametrize("content_type", [None, "", "text/html; charset=utf-8"])
def test_no_image_without_magic_or_image_type(content_type: str | None) -> None:
    assert image_kind(b"<p>hello</p>", content_type) is None


def test_a_binary_payload_is_named_with_its_bare_media_type() -> None:
    found = what_it_is(b"\x00\x01\x02", "Application/Zip; name=a.zip")
    assert found == "a binary file (application/zip), not an HTML or text article"


def test_a_non_text_type_is_named() -> None:
    found = what_it_is(b"{}", "Application/JSON; charset=utf-8")
    assert found is not None and found.endswith("application/json file, not an article")


@pytest.mark.parametrize(
    "content_type", ["text/html; charset=utf-8", "Application/XHTML+XML", "text/plain", None]
)
def test_html_and_plain_text_are_not_named_by_their_type(content_type: str | None) -> None:
    assert what_it_is(b"<p>A short page.</p>", content_type) is None
