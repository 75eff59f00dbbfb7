"""The one sanitizing pipeline, tested with hostile input and exact output."""

import pytest

from core.markup import render_document, render_markdown, split_embeds


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>Hi", "<p>Hi</p>"),
        ('<img src="x.png" alt="a" onerror="alert(1)">', '<p><img src="x.png" alt="a"></p>'),
        ("[click](javascript:alert(1))", "<p><a>click</a></p>"),
        ('<a href="jav&#x61;script:alert(1)">x</a>', "<p><a>x</a></p>"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "<p><a>x</a></p>"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "<p><a>x</a></p>"),
        ('<a href="data:text/html,<b>x</b>">x</a>', "<p><a>x</a></p>"),
        ('<p style="position:fixed" onclick="x()">styled</p>', "<p>styled</p>"),
        ("<iframe src='https://evil.example'></iframe>", ""),
        ("<style>body{display:none}</style>ok", "<p>ok</p>"),
        ("<!-- hidden -->shown", "<p>shown</p>"),
        ('<form action="/x"><input name="q"></form>', ""),
    ],
)
def test_hostile_html_is_neutralised(source, expected):
    assert render_markdown(source).strip() == expected


def test_code_spans_keep_their_text_escaped():
    html = render_markdown("Type `<script>alert(1)</script>` and `a & b`.")
    assert html == (
        "<p>Type <code>&lt;script&gt;alert(1)&lt;/script&gt;</code> and <code>a &amp; b</code>.</p>"
    )


def test_fenced_code_keeps_its_text():
    html = render_markdown('```\n<img src=x onerror="alert(1)">\n```')
    assert '&lt;img src=x onerror="alert(1)"&gt;' in html
    assert "<img" not in html


def test_external_links_get_rel_and_internal_links_do_not():
    html = render_markdown(
        "[out](https://example.org/a?b=1&c=2) [in](/blog/) [self](http://127.0.0.1:8000/faq/) "
        "[mail](mailto:help@example.org) [proto](//evil.example/)"
    )
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">out</a>' in html
    assert '<a href="/blog/">in</a>' in html
    assert '<a href="http://127.0.0.1:8000/faq/">self</a>' in html
    assert '<a href="mailto:help@example.org">mail</a>' in html
    assert '<a href="//evil.example/" rel="noopener noreferrer">proto</a>' in html


def test_an_editor_cannot_smuggle_their_own_rel_or_target():
    html = render_markdown('<a href="/x" rel="opener" target="_blank">x</a>')
    assert html == '<p><a href="/x">x</a></p>'


def test_document_has_toc_from_h2_and_h3_only():
    doc = render_document("# Not allowed\n\n## One\n\n### One point one\n\n#### Deep\n\n## Two")
    assert '<h2 id="one">One</h2>' in doc.html
    assert "<h1" not in doc.html  # the page title is the only h1
    assert '<a href="#one">One</a>' in doc.toc_html
    assert '<a href="#one-point-one">One point one</a>' in doc.toc_html
    assert "Deep" not in doc.toc_html


def test_toc_is_sanitized_too():
    doc = render_document("## <img src=x onerror=alert(1)>Title & <b>more</b>")
    assert "onerror" not in doc.toc_html
    assert "onerror" not in doc.html


def test_reading_time_is_computed_from_the_words():
    assert render_document("word " * 230).reading_minutes == 1
    assert render_document("word " * 231).reading_minutes == 2
    assert render_document("").reading_minutes == 1


def test_embed_markers_split_the_body_into_parts():
    doc = render_document("Intro\n\n[[checklist]]\n\nOutro")
    assert [part.kind for part in split_embeds(doc.html)] == ["html", "checklist", "html"]


def test_a_marker_inside_text_is_not_an_embed():
    doc = render_document("See `[[checklist]]` and the words [[checklist]] inline.")
    assert [part.kind for part in split_embeds(doc.html)] == ["html"]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Known [1].", '<p>Known <sup>[<a href="#source-1">1</a>]</sup>.</p>'),
        (
            "Both [2, 3].",
            '<p>Both <sup>[<a href="#source-2">2</a>, <a href="#source-3">3</a>]</sup>.</p>',
        ),
        (
            "A [link](/blog/) and [1](/faq/).",
            '<p>A <a href="/blog/">link</a> and <a href="/faq/">1</a>.</p>',
        ),
        ("Code `[1]` stays.", "<p>Code <code>[1]</code> stays.</p>"),
        ("Not a number [a].", "<p>Not a number [a].</p>"),
    ],
)
def test_bodies_cite_sources_by_number(source, expected):
    assert render_document(source).html == expected


def test_citations_are_only_for_article_bodies():
    assert render_markdown("An answer [1].") == "<p>An answer [1].</p>"


def test_a_body_heading_never_takes_an_id_the_page_uses():
    doc = render_document("## Sources\n\n## FAQ\n\n## Source 2\n\n## Sources section\n\n## Signs")
    assert '<h2 id="sources-section">Sources</h2>' in doc.html
    assert '<h2 id="faq-section">FAQ</h2>' in doc.html
    assert '<h2 id="source-2-section">Source 2</h2>' in doc.html
    assert '<h2 id="sources-section_1">Sources section</h2>' in doc.html
    assert '<h2 id="signs">Signs</h2>' in doc.html  # an ordinary heading keeps its slug
    assert '<a href="#sources-section">Sources</a>' in doc.toc_html
