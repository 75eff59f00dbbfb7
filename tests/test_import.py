"""import_content: idempotent, atomic, and clear about malformed files."""

import io
import textwrap

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Checklist, ComparisonRow
from faqs.models import FAQ
from modalities.models import Modality
from topics.models import Topic

MODALITY = """\
---
title: Emotionally Focused Therapy
short_name: EFT
summary: A therapy for couples.
---
## About

EFT text.
"""

ARTICLE = """\
---
title: A guide
summary: A standfirst.
published: 2026-06-11
status: published
checklist:
  title: Signs
  note: Not a diagnosis.
  items: [One, Two, Three]
comparison:
  title: At a glance
  rows:
    - {modality: eft, best_for: couples, format: weekly, evidence: strong}
faqs:
  - {question: "Does it work?", answer: "Often, *yes*."}
---
## Signs

[[checklist]]

## Options

[[comparison]]
"""


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run_import(root):
    call_command("import_content", str(root), stdout=io.StringIO())


@pytest.fixture
def content(tmp_path):
    write(tmp_path, "modalities/eft.md", MODALITY)
    write(tmp_path, "articles/guide.md", ARTICLE)
    return tmp_path


def snapshot():
    return (
        list(Modality.objects.values()),
        list(Article.objects.values()),
        list(Checklist.objects.values()),
        list(ComparisonRow.objects.values()),
        list(FAQ.objects.values()),
    )


@pytest.mark.django_db
def test_import_creates_everything_from_the_files(content):
    run_import(content)
    article = Article.objects.get(slug="guide")
    assert article.title == "A guide"
    assert article.published_at.date().isoformat() == "2026-06-11"
    assert list(article.checklist.items.values_list("text", flat=True)) == ["One", "Two", "Three"]
    assert article.comparison_rows.get().modality.short_name == "EFT"
    assert article.faqs.get().answer_html == "<p>Often, <em>yes</em>.</p>"
    assert (
        Modality.objects.get(slug="eft").body_html == '<h2 id="about">About</h2>\n<p>EFT text.</p>'
    )


@pytest.mark.django_db
def test_import_twice_changes_nothing(content):
    run_import(content)
    first = snapshot()
    run_import(content)
    assert snapshot() == first


@pytest.mark.django_db
def test_import_updates_by_slug(content):
    run_import(content)
    write(content, "articles/guide.md", ARTICLE.replace("items: [One, Two, Three]", "items: [Uno]"))
    run_import(content)
    assert Article.objects.count() == 1
    assert list(Checklist.objects.get().items.values_list("text", flat=True)) == ["Uno"]


@pytest.mark.django_db
def test_the_command_reports_what_it_did(content, capsys):
    call_command("import_content", str(content))
    assert "2 created, 0 updated, 0 unchanged" in capsys.readouterr().out


MALFORMED = [
    ("title: [unclosed", "invalid YAML in front matter"),
    ("summary: no title here", "'title' is required"),
    ("title: T\nsummary: S\nstatus: live", "'status' must be draft, in_review or published"),
    ("title: T\nsummary: S\npublished: 2026-13-45", "invalid value in front matter"),
    ("title: " + "x" * 201 + "\nsummary: S", "'title': Ensure this value has at most 200"),
    (
        "title: T\nsummary: S\nchecklist: {title: C, note: N, items: [" + "y" * 301 + "]}",
        "checklist item: 'text': Ensure this value has at most 300",
    ),
    ("title: T\nsummary: S\nfaqs: [{question: " + "q" * 301 + ", answer: A}]", "faq 1: 'question'"),
    ("title: T\nsummary: S\ntitel: typo", "unknown key(s) 'titel'"),
    ("title: T\nsummary: S\npublished: next tuesday", "'published' must be a date"),
    (
        "title: T\nsummary: S\ncomparison:\n  title: C\n  rows:\n"
        "    - {modality: nope, best_for: a, format: b, evidence: c}",
        "comparison row names unknown modality 'nope'",
    ),
    ("title: T\nsummary: S\nrelated: [missing]", "'related' names unknown article 'missing'"),
    ("title: T\nsummary: S\nchecklist:\n  title: C\n  note: N\n  items: []", "non-empty list"),
    ("title: T\nsummary: S\ncta:\n  title: C\n  button_url: 'javascript:x'", "button_url"),
    ("title: T\nsummary: S\nauthor: nobody", "'author' names unknown person 'nobody'"),
    ("title: T\nsummary: S\nreviewer: dr-who", "'reviewed': A clinical reviewer and the review"),
    ("title: T\nsummary: S\nreviewed: 2026-01-01", "'reviewed': A clinical reviewer and"),
    ("title: T\nsummary: S\nnext_review: soon", "'next_review' must be a date"),
    ("title: T\nsummary: S\nupdated: 2026-01-01 10:00", "'updated' must be a date"),
    ("title: T\nsummary: S\nsources: {title: x}", "'sources' must be a list"),
    ("title: T\nsummary: S\nsources: [just a title]", "source 1: must be a mapping"),
    ("title: T\nsummary: S\nsources: [{year: 1987}]", "source 1: 'title' is required"),
    ("title: T\nsummary: S\nsources: [{title: A, year: nineteen}]", "'year' must be a year"),
    ("title: T\nsummary: S\nsources: [{title: A, url: 'http://x.org'}]", "Use an https address."),
    ("title: T\nsummary: S\nsources: [{title: A, doi: 'doi:10.1/x'}]", "A DOI looks like 10.1037/"),
    ("title: T\nsummary: S\nsources: [{title: A, pmid: PMC123}]", "PubMed ID is digits only"),
    ("title: T\nsummary: S\nsources: [{title: A, isbn: '1'}]", "unknown key(s) 'isbn'"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("front_matter", "problem"), MALFORMED)
def test_a_malformed_file_names_itself_and_imports_nothing(content, front_matter, problem):
    bad = write(content, "articles/bad.md", f"---\n{front_matter}\n---\nBody\n")
    with pytest.raises(CommandError) as error:
        run_import(content)
    assert str(bad) in str(error.value)
    assert problem in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert snapshot() == ([], [], [], [], [])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("[[checklist]]", "The body places [[checklist]] but there is no checklist to show"),
        ("[[timeline]]", "The body places [[timeline]] but there is no timeline to show"),
        ("[[quiz]]", "Unknown marker [[quiz]]"),
        ("As shown [2].", "The body cites [2] but the article lists 0 source"),
        ("![](/static/x.png)", "'body': Every image needs alt text"),
    ],
)
def test_markers_need_their_data(content, body, problem):
    write(content, "articles/bad.md", f"---\ntitle: T\nsummary: S\n---\nText\n\n{body}\n")
    with pytest.raises(CommandError, match=problem.replace("[", r"\[").replace("]", r"\]")):
        run_import(content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no front matter at all\n", "must start with a '---' line"),
        ("---\ntitle: T\n", "front matter is not closed"),
        ("---\n- a list\n---\n", "front matter must be a mapping"),
    ],
)
def test_files_without_proper_front_matter(content, text, problem):
    write(content, "articles/bad.md", text)
    with pytest.raises(CommandError, match=problem):
        run_import(content)


@pytest.mark.django_db
def test_a_bad_file_leaves_existing_content_untouched(content):
    run_import(content)
    before = snapshot()
    write(content, "articles/guide.md", ARTICLE.replace("A guide", "Changed"))
    write(content, "articles/zzz.md", "---\ntitle: T\nsummary: S\n---\n[[comparison]]\n")
    with pytest.raises(CommandError):
        run_import(content)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        run_import(tmp_path / "nowhere")


@pytest.mark.django_db
def test_the_sites_own_content_imports(site_content):
    assert Modality.objects.count() == 7
    assert Article.objects.published().count() >= 4


TOPIC = """\
---
title: Calm
summary: Feeling steady.
order: 2
---
A short *introduction*.
"""

PERSON = """\
---
name: Ada Reviewer
credentials: PsyD
---
A *short* bio.
"""


@pytest.mark.django_db
def test_topics_are_imported_and_attached(content):
    write(content, "topics/calm.md", TOPIC)
    write(content, "modalities/eft.md", MODALITY.replace("summary:", "topics: [calm]\nsummary:"))
    write(content, "articles/guide.md", ARTICLE.replace("status:", "topics: [calm]\nstatus:"))
    run_import(content)
    topic = Topic.objects.get(slug="calm")
    assert (topic.name, topic.summary, topic.order) == ("Calm", "Feeling steady.", 2)
    assert topic.body_html == "<p>A short <em>introduction</em>.</p>"
    assert list(topic.articles.values_list("slug", flat=True)) == ["guide"]
    assert list(topic.modalities.values_list("slug", flat=True)) == ["eft"]
    first = snapshot(), list(Topic.objects.values()), list(topic.articles.values("pk"))
    run_import(content)
    assert (snapshot(), list(Topic.objects.values()), list(topic.articles.values("pk"))) == first
    write(content, "articles/guide.md", ARTICLE)
    run_import(content)
    assert not topic.articles.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("relative", "text", "problem"),
    [
        ("topics/bad.md", "---\nsummary: S\n---\n", "'title' is required"),
        ("topics/bad.md", "---\ntitle: T\n---\n", "'summary' is required"),
        ("topics/bad.md", "---\ntitle: T\nsummary: S\ncolour: red\n---\n", "unknown key(s)"),
        (
            "topics/bad.md",
            "---\ntitle: T\nsummary: S\norder: -1\n---\n",
            "'order': Ensure this value is",
        ),
        ("articles/bad.md", "---\ntitle: T\nsummary: S\ntopics: [nope]\n---\n", "unknown topic"),
        ("articles/bad.md", "---\ntitle: T\nsummary: S\ntopics: calm\n---\n", "must be a list"),
        ("articles/bad.md", "---\ntitle: T\nsummary: S\ntopics: [Calm!]\n---\n", "topic slugs"),
        ("modalities/bad.md", "---\ntitle: T\nsummary: S\ntopics: [1]\n---\n", "topic slugs"),
        (
            "modalities/bad.md",
            "---\ntitle: T\nsummary: S\ntopics: [calm, calm]\n---\n",
            "more than once",
        ),
    ],
)
def test_malformed_topics_name_the_file_and_import_nothing(content, relative, text, problem):
    write(content, "topics/calm.md", TOPIC)
    bad = write(content, relative, text)
    with pytest.raises(CommandError) as error:
        run_import(content)
    assert str(bad) in str(error.value)
    assert problem in str(error.value)
    assert not Topic.objects.exists()
    assert snapshot() == ([], [], [], [], [])


@pytest.mark.django_db
def test_people_review_data_and_sources_are_imported(content):
    write(content, "people/ada-reviewer.md", PERSON)
    write(
        content,
        "articles/guide.md",
        ARTICLE.replace(
            "status: published\n",
            "status: published\nauthor: ada-reviewer\nreviewer: ada-reviewer\n"
            "reviewed: 2026-06-10\nnext_review: 2027-06-10\nupdated: 2026-07-01\n"
            "sources:\n  - {authors: 'Hazan, C., Shaver, P.', title: Romantic love, "
            "publisher: J Pers Soc Psychol, year: 1987, doi: 10.1037/0022-3514.52.3.511}\n",
        ).replace("## Options", "Cited [1].\n\n## Options"),
    )
    run_import(content)
    article = Article.objects.get(slug="guide")
    assert article.author.name_with_credentials == "Ada Reviewer, PsyD"
    assert article.author.bio_html == "<p>A <em>short</em> bio.</p>"
    assert article.reviewer == article.author
    assert str(article.reviewed_on) == "2026-06-10"
    assert str(article.next_review_due) == "2027-06-10"
    assert str(article.updated_on) == "2026-07-01"
    source = article.sources.get()
    assert (source.year, source.doi_url) == (1987, "https://doi.org/10.1037/0022-3514.52.3.511")
    assert '<sup>[<a href="#source-1">1</a>]</sup>' in article.body_html


@pytest.mark.django_db
def test_a_published_article_linking_to_a_missing_page_imports_nothing(content):
    write(
        content,
        "articles/linker.md",
        "---\ntitle: T\nsummary: S\nstatus: published\n---\n"
        "[gone](/blog/nowhere/) and [fine](/blog/guide/)\n",
    )
    with pytest.raises(
        CommandError,
        match="linker.md: 'body': These links lead to pages that do not exist or are not "
        "published: /blog/nowhere/",
    ):
        run_import(content)
    assert Article.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "---\ntitle: T\nsummary: [unclosed\n---\nBody\n",
            "invalid YAML in front matter at line 4",
        ),
        ("---\ntitle: !!python/object/apply:os.system [echo]\n---\n", "invalid YAML"),
        ("---\n---\nOnly a body.\n", "'title' is required"),
        (b"---\ntitle: \xff\n---\n", "is not valid UTF-8"),
    ],
)
def test_front_matter_is_read_safely_and_problems_name_the_line(content, text, problem):
    path = content / "articles" / "bad.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run_import(content)
    assert f"{path}: " in str(error.value)
    assert problem in str(error.value)
    assert snapshot() == ([], [], [], [], [])
