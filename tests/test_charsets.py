"""Charsets: pages read right from their BOM, header, <meta> or, failing those, detection."""

from __future__ import annotations

import time

import pytest

from claims.article import article_from_html
from claims.charsets import browser_encoding, choose_encoding, decode_text
from claims.sourcetext import page_text

RUSSIAN = (
    "Президент России заявил во вторник, что правительство подготовит новый закон о выборах. "
    "По словам представителя Кремля, документ будет опубликован в начале следующего месяца, "
    "а обсуждение в парламенте начнётся не раньше осени."
)
FRENCH_ENGLISH = (
    "The minister said on Tuesday that the “new rules” would take effect in March, according to "
    "the owner of a café near the ministry. Critics called the decision “premature” and said it’s "
    "unclear who would pay for the changes — or when the résumés of the new board would be public."
)


def html_page(paragraph: str, head: str = "") -> str:
    """An article page: a title and two paragraphs, with ``head`` inside <head>."""
    return (
        f"<!doctype html><html><head>{head}<title>News</title></head><body><article>"
        f"<p>{paragraph}</p><p>{paragraph}</p></article></body></html>"
    )


CASES = [
    pytest.param(RUSSIAN, "windows-1251", "cp1251", id="cyrillic-windows-1251"),
    pytest.param(FRENCH_ENGLISH, "windows-1252", "cp1252", id="latin-cp1252"),
]


@pytest.mark.parametrize(("paragraph", "label", "codec"), CASES)
def test_the_header_charset_is_used(paragraph: str, label: str, codec: str) -> None:
    page = html_page(paragraph)
    header = f"text/html; charset={label}"
    assert decode_text(page.encode(codec), header, is_html=True) == (page, codec)
    assert choose_encoding(page.encode(codec), header, is_html=True).source == "header"


@pytest.mark.parametrize(("paragraph", "label", "codec"), CASES)
@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="{label}">',
        '<meta http-equiv="Content-Type" content="text/html; charset={label}">',
    ],
    ids=["meta-charset", "meta-http-equiv"],
)
def test_a_meta_charset_is_used_when_the_header_has_none(
    paragraph: str, label: str, codec: str, meta: str
) -> None:
    page = html_page(paragraph, meta.format(label=label))
    assert decode_text(page.encode(codec), "text/html", is_html=True) == (page, codec)
    assert choose_encoding(page.encode(codec), "text/html", is_html=True).source == "meta"


@pytest.mark.parametrize(("paragraph", "label", "codec"), CASES)
def test_a_page_with_no_charset_anywhere_is_detected(
    paragraph: str, label: str, codec: str
) -> None:
    page = html_page(paragraph)
    assert decode_text(page.encode(codec), None, is_html=True) == (page, codec)
    assert choose_encoding(page.encode(codec), None, is_html=True).source == "detected"


def test_detection_reads_the_text_even_behind_a_long_inline_script() -> None:
    script = "<script>" + "var state = {ready: true};" * 12_000 + "</script>"
    page = html_page(RUSSIAN, script)
    assert decode_text(page.encode("cp1251"), None, is_html=True) == (page, "cp1251")


def test_a_byte_order_mark_wins_and_is_not_part_of_the_text() -> None:
    page = html_page(RUSSIAN, '<meta charset="windows-1251">')
    header = "text/html; charset=windows-1251"
    assert decode_text(page.encode("utf-8-sig"), header, is_html=True) == (page, "utf-8")
    assert decode_text(page.encode("utf-16"), header, is_html=True)[0] == page
    assert choose_encoding(b"\xfe\xff" + page.encode("utf-16-be"), None, True).source == "bom"


def test_a_header_that_contradicts_the_meta_wins_as_in_browsers() -> None:
    # The page is Cyrillic windows-1251 and says so in <meta>; the server says windows-1252.
    page = html_page(RUSSIAN, '<meta charset="windows-1251">')
    text, encoding = decode_text(page.encode("cp1251"), "text/html; charset=windows-1252", True)
    assert encoding == "cp1252"
    assert text == page.encode("cp1251").decode("cp1252")
    assert "Президент" not in text


def test_a_header_the_bytes_cannot_be_read_with_gives_way_to_the_meta() -> None:
    # A server's default "utf-8" on a windows-1252 page: most non-ASCII bytes are invalid UTF-8.
    page = html_page(FRENCH_ENGLISH, '<meta charset="windows-1252">')
    assert decode_text(page.encode("cp1252"), "text/html; charset=utf-8", True) == (page, "cp1252")


def test_a_utf8_page_cut_mid_character_keeps_its_declared_charset() -> None:
    payload = html_page(RUSSIAN).encode("utf-8")[:-30] + "Пре".encode()[:-1]
    text, encoding = decode_text(payload, "text/html; charset=utf-8", is_html=True)
    assert encoding == "utf-8"
    assert text.endswith("Пр\ufffd")


def test_a_meta_claiming_utf16_on_an_ascii_readable_page_means_utf8() -> None:
    payload = '<html><meta charset="utf-16"><p>café</p></html>'.encode()
    assert choose_encoding(payload, None, is_html=True) == ("utf-8", "meta")


def test_an_xml_declaration_names_the_encoding_of_xml_text() -> None:
    payload = f'<?xml version="1.0" encoding="windows-1251"?><feed>{RUSSIAN}</feed>'.encode(
        "cp1251"
    )
    assert decode_text(payload, "application/xml", is_html=False)[0].endswith(f"{RUSSIAN}</feed>")
    assert choose_encoding(payload, "application/xml", is_html=False).source == "meta"


def test_malformed_markup_is_scanned_in_linear_time() -> None:
    payload = b"<meta charset" * 20_000 + "Пр".encode("cp1251")
    started = time.perf_counter()
    choose_encoding(payload, None, is_html=True)
    assert time.perf_counter() - started < 1.0


def test_labels_are_read_as_browsers_read_them() -> None:
    assert browser_encoding("ISO-8859-1") == "cp1252"
    assert browser_encoding("us-ascii") == "cp1252"
    assert browser_encoding('"Windows-1251"') == "cp1251"
    assert browser_encoding("shift_jis") == "cp932"
    assert browser_encoding("utf-7") is None
    assert browser_encoding("base64") is None
    assert browser_encoding("no-such-charset") is None


def test_latin1_labelled_pages_get_their_curly_quotes() -> None:
    payload = html_page(FRENCH_ENGLISH).encode("cp1252")
    assert decode_text(payload, "text/html; charset=iso-8859-1", True)[0] == html_page(
        FRENCH_ENGLISH
    )


def test_unknown_labels_and_ascii_fall_through_to_utf8() -> None:
    assert decode_text(b"<p>plain</p>", "text/html; charset=klingon", True) == (
        "<p>plain</p>",
        "utf-8",
    )
    assert choose_encoding(b"", None, True) == ("utf-8", "detected")


def test_plain_text_is_detected_too() -> None:
    payload = (RUSSIAN + "\n\n" + RUSSIAN).encode("cp1251")
    assert decode_text(payload, "text/plain", is_html=False) == (
        RUSSIAN + "\n\n" + RUSSIAN,
        "cp1251",
    )


def test_stored_bytes_are_left_as_they_are() -> None:
    payload = bytearray(html_page(RUSSIAN).encode("cp1251"))
    before = bytes(payload)
    decode_text(bytes(payload), None, is_html=True)
    assert bytes(payload) == before


@pytest.mark.parametrize(("paragraph", "label", "codec"), CASES)
def test_articles_and_source_pages_are_read_through_the_charset_rules(
    paragraph: str, label: str, codec: str
) -> None:
    page = html_page(paragraph).replace("<p>", "<p>" + paragraph + " ")
    payload = page.encode(codec)
    for header in (f"text/html; charset={label}", "text/html", None):
        assert (
            article_from_html(payload, charset=label if header else None)
            .paragraphs[0]
            .startswith(paragraph)
        )
        assert page_text(payload, header, None).text.startswith(paragraph)
    meta_page = page.replace("<head>", f'<head><meta charset="{label}">')
    assert page_text(meta_page.encode(codec), "text/html", None).text.startswith(paragraph)


def test_plain_text_sources_are_decoded_by_detection() -> None:
    payload = (FRENCH_ENGLISH + "\n" + FRENCH_ENGLISH).encode("cp1252")
    assert page_text(payload, "text/plain", None).text == FRENCH_ENGLISH + "\n" + FRENCH_ENGLISH
