"""import_content against hostile files: each is refused as `path: problem`, quickly,
in a short message, and nothing is imported (SQLite and PostgreSQL alike)."""

import io
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from contentfiles.models import ContentFileRecord
from contentfiles.reading import MAX_FILE_BYTES
from tests.test_import import snapshot
from topics.models import Topic

GOOD_TOPIC = "---\ntitle: Calm\nsummary: Feeling steady.\n---\nIntro.\n"


def article(front_matter, body="Body.\n"):
    """An article file with a title and summary on lines 2 and 3, then front_matter."""
    return f"---\ntitle: T\nsummary: S\n{front_matter}\n---\n{body}"


def bomb(key, levels, width):
    """A "billion laughs": `levels` anchors, each `width` aliases of the one before."""
    lines = [f"{key}:", "  - &l0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"  - &l{level} [" + ", ".join([f"*l{level - 1}"] * width) + "]")
    return "\n".join(lines)


def folder(path):
    path.mkdir()


def loop(path):
    path.symlink_to(path.name)


def link_outside(path):
    outside = path.parents[2] / f"{path.parents[1].name}-outside.md"
    outside.write_text(article(""), encoding="utf-8")
    path.symlink_to(outside)


def many_broken_links(path):
    links = " ".join(f"[x](/blog/{'x' * 250}-{n}/)" for n in range(30))
    path.write_text(article("status: published", links), encoding="utf-8")


def case(name, content, problem, relative="articles/bad.md"):
    """content: the file's text or bytes, or a function that makes the path."""
    return pytest.param(relative, content, problem, id=name)


HOSTILE = [
    # Characters no database stores, from YAML escapes or raw in the file.
    case("nul-escape-in-title", '---\ntitle: "a\\0b"\n---\n', "'title' contains U+0000 (NUL)"),
    case(
        "nul-escape-in-faq-question",
        article('faqs: [{question: "Q\\x00?", answer: A}]'),
        "'faqs' item 1 'question' contains U+0000 (NUL), which cannot be stored",
    ),
    case(
        "nul-escape-in-faq-answer",
        article('faqs: [{question: Q, answer: "A\\u0000"}]'),
        "'faqs' item 1 'answer' contains U+0000",
    ),
    case("nul-byte-in-body", article("", "Body \0 here\n").encode(), "line 6 contains U+0000"),
    case("nul-byte-in-front-matter", b"---\ntitle: T\0\n---\n", "line 2 contains U+0000 (NUL)"),
    case("nul-byte-in-topic", b"---\ntitle: T\n---\n\0", "line 4 contains U+0000", "topics/t.md"),
    case(
        "lone-surrogate",
        '---\ntitle: "a\\ud800b"\n---\n',
        "'title' contains U+D800, a lone surrogate that is not a character",
    ),
    case("lone-surrogate-in-a-key", article('"\\udfff": x'), "key contains U+DFFF"),
    case("control-character", b"---\ntitle: T\x01\n---\n", "U+0001 is a control character"),
    # Lengths the database would refuse.
    case(
        "slug-too-long", article("slug: " + "a" * 201), "'slug': Ensure this value has at most 200"
    ),
    case(
        "file-name-too-long",
        article(""),
        "'slug': Ensure this value has at most 200 characters",
        "articles/" + "a" * 240 + ".md",
    ),
    case(
        "huge-order",
        "---\ntitle: T\nsummary: S\norder: 1" + "0" * 40 + "\n---\n",
        "'order': Ensure this value is less than or equal to",
        "topics/t.md",
    ),
    case(
        "huge-year",
        article("sources: [{title: A, year: 1" + "0" * 30 + "}]"),
        "source 1: 'year': Ensure this value is less than or equal to",
    ),
    # Things that are not plain files inside the content folder.
    case("a-folder-named-md", folder, "is a folder, not a file", "articles/x.md"),
    case("symlink-loop", loop, "cannot be read: Too many levels of symbolic links"),
    case("symlink-outside", link_outside, "is a link to a file outside the content folder"),
    case("fifo", os.mkfifo, "is not a regular file"),
    # YAML that would crash or exhaust the reader.
    case(
        "nested-10000-deep",
        f"---\ntitle: {'[' * 10_000}{']' * 10_000}\n---\n",
        "front matter at line 2 is nested more than 20 levels deep",
    ),
    case("nested-mappings", f"---\nt: {'{a: ' * 5000}x{'}' * 5000}\n---\n", "more than 20 levels"),
    case(
        "bomb-10-to-the-6-in-published",
        article(bomb("published", 6, 10)),
        "front matter at line 5 uses YAML anchors or aliases (&l0), which content files may not",
    ),
    case("bomb-10-to-the-6-in-topics", article(bomb("topics", 6, 10)), "anchors or aliases (&l0)"),
    case("bomb-9-to-the-9", article(bomb("topics", 9, 9)), "anchors or aliases", "modalities/m.md"),
    case("alias-without-anchor", article("related: *nowhere"), "anchors or aliases (*nowhere)"),
    case(
        "hundreds-of-thousands-of-values",
        article("topics: [" + "a," * 400_000 + "]"),
        "front matter at line 4 holds more than 5,000 values",
    ),
    case(
        "duplicate-key",
        article("title: Again"),
        "front matter at line 4 has a duplicate key 'title'",
    ),
    case(
        "duplicate-nested-key",
        article("faqs: [{question: Q, question: R, answer: A}]"),
        "front matter at line 4 has a duplicate key 'question'",
    ),
    # Files that are not content files at all.
    case(
        "too-big", article("", "x" * MAX_FILE_BYTES), "is larger than 1 MB, the limit for a content"
    ),
    case("not-utf8", "---\ntitle: Café\n---\n".encode("latin-1"), "is not valid UTF-8"),
    case("utf16", article("").encode("utf-16"), "is not valid UTF-8"),
    case("empty", "", "is empty"),
    case("front-matter-a-list", "---\n- a\n- b\n---\n", "front matter must be a mapping"),
    case("front-matter-a-scalar", "---\njust words\n---\n", "front matter must be a mapping"),
    # Wrong types.
    case("title-a-list", "---\ntitle: [1, 2]\nsummary: S\n---\n", "'title' must be text"),
    case(
        "published-not-a-date",
        article("published: not a date"),
        "'published' must be a date such as 2026-06-11, not 'not a date'",
    ),
    case("topics-a-number", article("topics: 5"), "'topics' must be a list"),
    # Huge values are shown shortened.
    case("huge-date", article("published: " + "z" * 100_000), "must be a date such as 2026-06-11"),
    case(
        "huge-status",
        article("status: " + "s" * 100_000),
        "must be draft, in_review or published, not 'ss",
    ),
    case("huge-unknown-key", article("k" * 1000 + ": 1"), "unknown key(s) 'kkkkkkkkkk"),
    case("huge-slug-in-a-list", article("topics: [" + "Q" * 100_000 + "]"), "topic slugs, not 'QQ"),
    case("huge-tag", article("status: !" + "t" * 100_000 + " x"), "invalid YAML in front matter"),
    case("many-broken-links", many_broken_links, "'body': These links lead to pages that do not"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("relative", "content", "problem"), HOSTILE)
def test_a_hostile_file_is_named_with_its_problem_and_nothing_is_imported(
    tmp_path, relative, content, problem
):
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "calm.md").write_text(GOOD_TOPIC, encoding="utf-8")
    bad = tmp_path / relative
    bad.parent.mkdir(exist_ok=True)
    if callable(content):
        content(bad)
    elif isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")

    # CPU time: what a runaway file would burn, however busy the machine is otherwise.
    started = time.process_time()
    with pytest.raises(CommandError) as error:
        call_command("import_content", str(tmp_path), stdout=io.StringIO())
    cpu_seconds = time.process_time() - started

    message = str(error.value)
    assert message.startswith(f"{bad}: "), message[:500]
    assert problem in message, message[:500]
    assert message.endswith("\nNothing was imported.")
    assert len(message) < 1_500, len(message)
    assert cpu_seconds < 2, cpu_seconds
    assert not Topic.objects.exists()
    assert not ContentFileRecord.objects.exists()
    assert snapshot() == ([], [], [], [], [])


def test_the_command_exits_1_with_the_message_and_no_traceback(tmp_path):
    bad = tmp_path / "articles" / "bad.md"
    bad.parent.mkdir()
    bad.write_text(article(bomb("topics", 9, 9)), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_content", str(tmp_path)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"CommandError: {bad}: front matter at line 5 uses YAML anchors or aliases (&l0), "
        "which content files may not use\nNothing was imported.\n"
    )


@pytest.mark.django_db
def test_a_long_file_name_with_a_slug_of_its_own_is_imported_and_recorded(tmp_path):
    name = "a" * 250 + ".md"
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / name).write_text("---\ntitle: T\nslug: t\nsummary: S\n---\n")
    call_command("import_content", str(tmp_path), stdout=io.StringIO())
    assert ContentFileRecord.objects.get().path == f"topics/{name}"


@pytest.mark.django_db
def test_links_inside_the_content_folder_are_followed(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "calm.md").write_text(GOOD_TOPIC, encoding="utf-8")
    (tmp_path / "topics").mkdir()
    (tmp_path / "topics" / "calm.md").symlink_to("../drafts/calm.md")
    call_command("import_content", str(tmp_path), stdout=io.StringIO())
    assert Topic.objects.get().name == "Calm"


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["import_content", "export_content"])
def test_a_folder_whose_path_is_too_long_to_record_is_refused(tmp_path, command):
    root = tmp_path.joinpath(*["f" * 50] * 10)
    (root / "topics").mkdir(parents=True)
    (root / "topics" / "calm.md").write_text(GOOD_TOPIC, encoding="utf-8")
    with pytest.raises(CommandError, match="its full path is longer than 500 characters"):
        call_command(command, str(root), stdout=io.StringIO())
    assert not Topic.objects.exists()
    assert sorted(p.name for p in root.rglob("*")) == ["calm.md", "topics"]
