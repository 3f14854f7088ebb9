"""PDF sources: their text in paragraphs for verification, and nothing at all from a broken file."""

from __future__ import annotations

import io
import logging
import warnings

import pytest
from pypdf import PdfReader, PdfWriter

from claims.pdftext import is_pdf, pdf_text
from claims.sourcetext import page_text

LINE_HEIGHT = 14
Column = list[str | None]


def make_pdf(pages: list[list[Column]]) -> bytes:
    """A PDF 1.4 file written by hand: each page holds columns of Helvetica lines, drawn one
    column after the other; None in a column leaves a blank line (a gap between paragraphs) and
    a line starting with a tab is indented."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, written once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids = []
    for columns in pages:
        stream = _content_stream(columns)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _content_stream(columns: list[Column]) -> bytes:
    parts = []
    for index, column in enumerate(columns):
        y = 740
        for line in column:
            if line is not None:
                x = 60 + index * 280 + (15 if line.startswith("\t") else 0)
                parts.append(
                    b"BT /F1 10 Tf %d %d Td (%s) Tj ET" % (x, y, _pdf_string(line.strip()))
                )
            y -= LINE_HEIGHT
    return b"\n".join(parts)


def _pdf_string(text: str) -> bytes:
    return text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


REPORT = [
    "Annual report on the regional water supply",
    None,
    "The regional authority said on March 14 that reservoir levels had fallen to 41 percent",
    "of capacity, the lowest figure recorded since the drought, and warned of restrictions",
    "that could follow if the spring rains did not arrive.",
    None,
    "According to the chief engineer, María Delgado, the shortfall affected roughly 1.2",
    "million residents across eleven municipalities. She said the “emergency pipelines”",
    "would be completed before the summer (weather permitting).",
]


def test_paragraphs_come_out_separated_by_blank_lines_with_their_lines_joined() -> None:
    assert pdf_text(make_pdf([[REPORT]])) == (
        "Annual report on the regional water supply\n\n"
        "The regional authority said on March 14 that reservoir levels had fallen to 41 percent "
        "of capacity, the lowest figure recorded since the drought, and warned of restrictions "
        "that could follow if the spring rains did not arrive.\n\n"
        "According to the chief engineer, María Delgado, the shortfall affected roughly 1.2 "
        "million residents across eleven municipalities. She said the “emergency pipelines” "
        "would be completed before the summer (weather permitting)."
    )


def test_a_short_last_line_ends_a_paragraph_even_without_a_gap() -> None:
    lines: Column = [line for line in REPORT if line is not None]
    paragraphs = pdf_text(make_pdf([[lines]])).split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[1].endswith("if the spring rains did not arrive.")
    assert paragraphs[2].startswith("According to the chief engineer")


def test_a_gap_ends_a_paragraph_whose_last_line_is_full() -> None:
    full = "The figures were published by the agency on its website on the morning of the vote."
    column: Column = [full, full, None, full.upper(), full, None, full]
    assert pdf_text(make_pdf([[column]])).split("\n\n") == [
        f"{full} {full}",
        f"{full.upper()} {full}",
        full,
    ]


def test_an_indented_first_line_opens_a_paragraph() -> None:
    full = "The figures were published by the agency on its website on the morning of the vote."
    column: Column = [f"\t{full}", full, f"\t{full.upper()}", full]
    assert pdf_text(make_pdf([[column]])).split("\n\n") == [
        f"{full} {full}",
        f"{full.upper()} {full}",
    ]


def test_a_paragraph_running_onto_the_next_page_stays_whole_and_page_numbers_go() -> None:
    first: Column = [*REPORT[:4], None, "1"]
    second: Column = [*REPORT[4:], None, "Page 2 of 2"]
    text = pdf_text(make_pdf([[first], [second]]))
    assert "warned of restrictions that could follow if the spring rains" in text
    assert "1" not in text.split("\n\n")
    assert "Page 2 of 2" not in text
    assert text.count("\n\n") == 2


def test_two_columns_are_read_one_after_the_other() -> None:
    left: Column = [
        "Left column first line of a story that goes on for a while,",
        "and its second line, which ends the first column of the page.",
    ]
    right: Column = [
        "Right column first line of another story that goes on and on,",
        "and its second line, which ends the second column of the page.",
    ]
    text = pdf_text(make_pdf([[left, right]]))
    assert text.index("ends the first column") < text.index("Right column first line")
    assert "first line of a story that goes on for a while, and its second line" in text


def test_a_truncated_pdf_gives_no_text() -> None:
    pdf = make_pdf([[REPORT]])
    assert pdf_text(pdf[: len(pdf) // 2]) == ""
    assert pdf_text(pdf[:-40]) == ""


def test_a_damaged_pdf_gives_no_text_and_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert pdf_text(b"%PDF-1.4\nthis is not a PDF at all\n%%EOF\n") == ""
        assert pdf_text(make_pdf([[REPORT]]).replace(b"/Pages 2 0 R", b"/Pages 9 0 R")) == ""
        assert pdf_text(b"") == ""
    assert caught == []
    assert caplog.records == []


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([[REPORT]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_that_needs_a_password_gives_no_text() -> None:
    assert pdf_text(_encrypted("secret")) == ""


def test_a_pdf_locked_only_against_editing_is_still_read() -> None:
    assert "41 percent" in pdf_text(_encrypted(""))


def test_a_pdf_is_known_by_its_type_or_its_first_bytes() -> None:
    pdf = make_pdf([[REPORT]])
    assert is_pdf("application/pdf", b"")
    assert is_pdf("application/octet-stream", pdf)
    assert is_pdf(None, b"\r\n" + pdf)
    assert not is_pdf("text/html", b"<html>%PDF-</html>")


def test_a_pdf_type_is_known_whatever_its_case_and_parameters() -> None:
    assert is_pdf("Application/PDF; name=report.pdf", b"")
    assert not is_pdf("", b"")


@pytest.mark.parametrize(
    "content_type", ["application/pdf", "application/octet-stream", "text/html", None]
)
def test_source_pages_that_are_pdfs_give_their_text(content_type: str | None) -> None:
    text = page_text(make_pdf([[REPORT]]), content_type, "https://agency.example/report.pdf").text
    assert text.startswith("Annual report on the regional water supply\n\nThe regional authority")
