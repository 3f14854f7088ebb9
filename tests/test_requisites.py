"""Page requisites: every image, stylesheet, script and font a page embeds, as absolute URLs in order."""

from __future__ import annotations

import time

import pytest

from archiver import find_css_requisites, find_requisites

PAGE_URL = "https://news.example.org/world/2024/story.html"

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A story</title>
  <link rel="stylesheet" href="/static/site.css">
  <link rel="alternate stylesheet" href="/static/contrast.css" title="High contrast">
  <link rel="shortcut icon" href="/favicon.ico">
  <link rel="apple-touch-icon" href="/touch-icon.png">
  <link rel="preload" href="/fonts/body.woff2" as="font" crossorigin>
  <link rel="preload" href="/data/feed.json" as="fetch">
  <link rel="canonical" href="https://news.example.org/world/2024/story.html">
  <link rel="alternate" type="application/rss+xml" href="/feed.xml">
  <link rel="dns-prefetch" href="//cdn.example.net">
  <script src="https://cdn.example.net/lib/app.js"></script>
  <script>var img = "<img src='/not-a-requisite.png'>";</script>
  <style>
    @import "print.css" print;
    @import url('/static/theme.css');
    /* .old { background: url(/commented-out.png) } */
    .hero { background-image: url("images/hero.jpg"); }
    .logo { background: url(data:image/png;base64,iVBORw0KGgo=); }
  </style>
</head>
<body>
  <header style="background: #fff url('/img/banner.png') no-repeat">
    <a href="/"><img src="/img/logo.svg" alt="Home"></a>
  </header>
  <article>
    <img src="photos/scene.jpg" srcset="photos/scene-1x.jpg 1x, photos/scene-2x.jpg 2x" alt="">
    <picture>
      <source srcset="photos/wide.webp 480w, photos/wider.webp 960w" type="image/webp">
      <img src="photos/wide.jpg">
    </picture>
    <p>Read the <a href="/report.pdf">full report</a>.</p>
    <video poster="/video/still.jpg" src="/video/clip.mp4"><source src="/video/clip.webm"></video>
    <form><input type="image" src="/img/search.png" alt="Search"><input type="text" src="/nope.png"></form>
    <object data="/media/chart.swf"></object>
    <iframe src="https://video.example.com/embed/1"></iframe>
    <img src="//cdn.example.net/img/shared.png">
    <img src="/img/logo.svg#mark">
  </article>
</body>
</html>
"""


def test_a_page_lists_each_kind_of_requisite_once_in_document_order():
    assert find_requisites(PAGE, PAGE_URL) == [
        "https://news.example.org/static/site.css",
        "https://news.example.org/static/contrast.css",
        "https://news.example.org/favicon.ico",
        "https://news.example.org/touch-icon.png",
        "https://news.example.org/fonts/body.woff2",
        "https://cdn.example.net/lib/app.js",
        "https://news.example.org/world/2024/print.css",
        "https://news.example.org/static/theme.css",
        "https://news.example.org/world/2024/images/hero.jpg",
        "https://news.example.org/img/banner.png",
        "https://news.example.org/img/logo.svg",
        "https://news.example.org/world/2024/photos/scene.jpg",
        "https://news.example.org/world/2024/photos/scene-1x.jpg",
        "https://news.example.org/world/2024/photos/scene-2x.jpg",
        "https://news.example.org/world/2024/photos/wide.webp",
        "https://news.example.org/world/2024/photos/wider.webp",
        "https://news.example.org/world/2024/photos/wide.jpg",
        "https://news.example.org/video/still.jpg",
        "https://news.example.org/img/search.png",
        "https://cdn.example.net/img/shared.png",
    ]


def test_links_media_frames_and_objects_are_not_requisites():
    found = find_requisites(PAGE, PAGE_URL)
    for url in (
        "https://news.example.org/report.pdf",
        "https://news.example.org/data/feed.json",
        "https://news.example.org/feed.xml",
        "https://news.example.org/video/clip.mp4",
        "https://news.example.org/video/clip.webm",
        "https://news.example.org/media/chart.swf",
        "https://video.example.com/embed/1",
        "https://news.example.org/not-a-requisite.png",
        "https://news.example.org/commented-out.png",
    ):
        assert url not in found


def test_base_href_decides_where_relative_urls_point():
    page = """<html><head><link rel=stylesheet href="a.css">
    <base href="https://static.example.com/assets/"><base href="/ignored/"></head>
    <body><img src="b.png"><img src="/c.png"><img src="https://other.example.com/d.png"></body></html>"""
    assert find_requisites(page, "https://www.example.com/news/1") == [
        "https://static.example.com/assets/a.css",
        "https://static.example.com/assets/b.png",
        "https://static.example.com/c.png",
        "https://other.example.com/d.png",
    ]


def test_a_relative_base_href_resolves_against_the_page():
    page = '<base href="../media/"><img src="x.png">'
    assert find_requisites(page, "http://example.com/a/b/page") == [
        "http://example.com/a/media/x.png"
    ]


def test_a_base_href_that_is_not_http_is_ignored():
    page = '<base href="javascript:void(0)"><img src="x.png">'
    assert find_requisites(page, "http://example.com/a/page") == ["http://example.com/a/x.png"]


def test_protocol_relative_urls_take_the_scheme_of_the_page():
    page = '<script src="//cdn.example.net/x.js"></script>'
    assert find_requisites(page, "http://example.com/") == ["http://cdn.example.net/x.js"]
    assert find_requisites(page, "https://example.com/") == ["https://cdn.example.net/x.js"]


@pytest.mark.parametrize(
    ("srcset", "urls"),
    [
        ("a.jpg 1x, b.jpg 2x", ["a.jpg", "b.jpg"]),
        ("c.jpg 480w", ["c.jpg"]),
        ("c.jpg 480w,d.jpg 800w", ["c.jpg", "d.jpg"]),
        ("  e.jpg  ,  f.jpg 1.5x  ", ["e.jpg", "f.jpg"]),
        ("g.jpg, h.jpg", ["g.jpg", "h.jpg"]),
        ("i.jpg?w=1,2 1x, j.jpg 2x", ["i.jpg?w=1%2C2", "j.jpg"]),
        ("k.jpg (a, b) 1x, l.jpg", ["k.jpg", "l.jpg"]),
        ("m.jpg 100w 50h, n.jpg", ["m.jpg", "n.jpg"]),
        (",,, ", []),
    ],
)
def test_srcset_gives_every_candidate_without_its_descriptors(srcset, urls):
    page = f'<img srcset="{srcset}">'
    assert find_requisites(page, "https://example.com/") == [
        f"https://example.com/{url}" for url in urls
    ]


def test_a_url_found_twice_is_listed_once_at_its_first_place():
    page = """<img src="/a.png"><img src="https://example.com/a.png#top">
    <img src="b.png" srcset="b.png 1x, /a.png 2x"><div style="background:url(HTTPS://EXAMPLE.COM:443/b.png)">"""
    assert find_requisites(page, "https://example.com/") == [
        "https://example.com/a.png",
        "https://example.com/b.png",
    ]


def test_data_javascript_blob_fragment_and_other_schemes_are_dropped():
    page = """<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
    <img src="javascript:alert(1)"><img src="JavaScript:void(0)"><img src="blob:https://example.com/1234">
    <img src="#section"><img src="mailto:desk@example.com"><img src="ftp://example.com/x.png">
    <img src=""><img src="   "><img><img src="http://[::1">
    <script src="about:blank"></script><link rel="icon" href="data:,">
    <img src="kept.png">"""
    assert find_requisites(page, "https://example.com/") == ["https://example.com/kept.png"]


def test_junk_markup_is_read_as_a_browser_reads_it():
    # "<img src='/three.png' <p <img src=...>" is one img whose first src wins; an unclosed last
    # tag at the end of the file is no tag at all.
    page = """<<img src=/one.png><img src = "/two.png" / ><img src='/three.png'
    <p <img src="/four.png">></p><![if !IE]><img src="/five.png"><![endif]>
    <IMG SRC="/Six.PNG"><img src="/seven.png" src="/not-seven.png"><img src=" /eight.png
    "><img src="/nine.png"""
    assert find_requisites(page, "http://example.com/") == [
        "http://example.com/one.png",
        "http://example.com/two.png",
        "http://example.com/three.png",
        "http://example.com/five.png",
        "http://example.com/Six.PNG",
        "http://example.com/seven.png",
        "http://example.com/eight.png",
    ]


def test_markup_the_parser_gives_up_on_keeps_what_came_before():
    page = '<img src="/before.png"><![bogus[ <img src="/after.png">'
    assert find_requisites(page, "http://example.com/")[:1] == ["http://example.com/before.png"]


def test_a_style_block_left_open_runs_to_the_end_of_the_page():
    page = '<img src="/a.png"><style>.x { background: url(/b.png) } .y { background: url(/c.png) }'
    assert find_requisites(page, "http://example.com/") == [
        "http://example.com/a.png",
        "http://example.com/b.png",
        "http://example.com/c.png",
    ]


def test_entities_in_attributes_are_decoded_and_spaces_escaped():
    page = '<img src="/a.png?x=1&amp;y=2"><img src="/my photo.jpg">'
    assert find_requisites(page, "http://example.com/") == [
        "http://example.com/a.png?x=1&y=2",
        "http://example.com/my%20photo.jpg",
    ]


def test_bytes_are_decoded_with_the_charset_of_the_content_type():
    page = '<img src="/caf\u00e9.png">'.encode("latin-1")
    assert find_requisites(page, "http://example.com/", "text/html; charset=ISO-8859-1") == [
        "http://example.com/caf%C3%A9.png"
    ]


def test_bytes_are_decoded_with_a_meta_charset_when_the_header_has_none():
    page = '<meta charset="windows-1252"><img src="/\u20ac.png">'.encode("cp1252")
    assert find_requisites(page, "http://example.com/") == ["http://example.com/%E2%82%AC.png"]


def test_a_response_that_is_not_html_has_no_requisites():
    assert find_requisites(b'<img src="/a.png">', "http://example.com/", "text/plain") == []
    assert find_requisites(b"\x89PNG\r\n\x1a\n", "http://example.com/x.png", "image/png") == []


def test_a_stylesheet_response_is_read_as_css():
    css = b"body { background: url(bg.png) }"
    assert find_requisites(css, "http://example.com/css/site.css", "text/css; charset=utf-8") == [
        "http://example.com/css/bg.png"
    ]


def test_stylesheet_references_resolve_against_the_stylesheet():
    css = """
    @import "base.css";
    @import url("/shared/reset.css") screen;
    @import 'print.css' print;
    /* @import "commented.css"; background: url(commented.png) */
    @font-face { font-family: Body; src: url(../fonts/body.woff2) format("woff2"), url('../fonts/body.woff') format("woff"); }
    .hero { background: url( "img/hero one.jpg" ) center / cover; }
    .icon { background-image: URL(//cdn.example.net/icons.svg#search); }
    .inline { background: url(data:image/svg+xml;utf8,<svg></svg>); }
    .empty { background: url(); }
    .escaped { background: url(img/a\\(1\\).png); }
    .again { background: url(img/hero%20one.jpg); }
    """
    assert find_css_requisites(css, "https://example.com/static/css/site.css") == [
        "https://example.com/static/css/base.css",
        "https://example.com/shared/reset.css",
        "https://example.com/static/css/print.css",
        "https://example.com/static/fonts/body.woff2",
        "https://example.com/static/fonts/body.woff",
        "https://example.com/static/css/img/hero%20one.jpg",
        "https://cdn.example.net/icons.svg",
        "https://example.com/static/css/img/a(1).png",
    ]


def test_stylesheet_bytes_are_accepted():
    assert find_css_requisites(b"a{background:url(x.gif)}", "http://example.com/") == [
        "http://example.com/x.gif"
    ]


def test_preload_counts_only_for_styles_scripts_images_and_fonts():
    page = """<link rel=preload as=style href=/a.css><link rel=preload as=script href=/b.js>
    <link rel=preload as=image href=/c.png imagesrcset="/c-1x.png 1x, /c-2x.png 2x">
    <link rel=preload as=font href=/d.woff2><link rel=preload as=fetch href=/e.json>
    <link rel=preload as=document href=/f.html><link rel=preload href=/g.bin>
    <link rel=modulepreload href=/h.mjs><link rel=prefetch href=/i.css><link rel=next href=/page2>"""
    assert find_requisites(page, "http://example.com/") == [
        "http://example.com/a.css",
        "http://example.com/b.js",
        "http://example.com/c.png",
        "http://example.com/c-1x.png",
        "http://example.com/c-2x.png",
        "http://example.com/d.woff2",
        "http://example.com/h.mjs",
    ]


def test_a_large_page_is_read_quickly():
    card = (
        '<div class="card" style="color:#333"><a href="/story/{i}">Headline number {i} of the day</a>'
        '<img src="/img/{i}.jpg" srcset="/img/{i}-2x.jpg 2x" alt="A picture">'
        "<p>" + "Some paragraph text that carries the story along. " * 30 + "</p></div>\n"
    )
    page = "<html><head><link rel=stylesheet href=/s.css></head><body>{}</body></html>".format(
        "".join(card.format(i=i) for i in range(120))
    ).encode()
    assert len(page) > 200_000
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        found = find_requisites(page, "https://example.com/", "text/html; charset=utf-8")
        timings.append(time.perf_counter() - start)
    assert len(found) == 241
    assert min(timings) < 0.05
