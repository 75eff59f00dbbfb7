"""import_content never silently discards what an editor saved in the admin."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from articles.models import Article
from contentfiles.models import ContentFileRecord
from modalities.models import Modality
from tests.admin_form import form_data
from tests.test_import import ARTICLE, MODALITY, snapshot, write


def run(command, root, *args):
    out = io.StringIO()
    call_command(command, str(root), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def imported(tmp_path, db):
    write(tmp_path, "modalities/eft.md", MODALITY)
    write(tmp_path, "articles/guide.md", ARTICLE)
    run("import_content", tmp_path)
    return tmp_path


def edit_in_admin(client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_data(client, url)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_importing_twice_reports_everything_unchanged(imported):
    assert "0 created, 0 updated, 2 unchanged, 0 conflicts." in run("import_content", imported)


def test_a_new_file_is_created_and_an_edited_file_updated(imported):
    write(imported, "modalities/ifs.md", MODALITY.replace("EFT", "IFS"))
    write(imported, "articles/guide.md", ARTICLE.replace("title: A guide", "title: A new title"))
    output = run("import_content", imported)
    assert "1 created, 1 updated, 1 unchanged, 0 conflicts." in output
    assert Article.objects.get(slug="guide").title == "A new title"
    assert "0 created, 0 updated, 3 unchanged, 0 conflicts." in run("import_content", imported)


def test_an_article_edited_in_the_admin_stops_the_import(imported, editor):
    edit_in_admin(editor, Article.objects.get(slug="guide"), title="The editor's title")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run("import_content", imported)
    message = str(error.value)
    assert "articles/guide.md: “The editor's title” was changed in the admin by editor at " in (
        message
    )
    assert "since it was last imported; run import_content --overwrite to replace it" in message
    assert "or export_content to keep it." in message
    assert message.endswith("Nothing was imported.")
    assert "eft.md" not in message
    assert snapshot() == before
    assert Article.objects.get(slug="guide").title == "The editor's title"


def test_a_therapy_edited_in_the_admin_stops_the_import(imported, editor):
    edit_in_admin(editor, Modality.objects.get(slug="eft"), summary="The editor's summary.")
    write(imported, "modalities/eft.md", MODALITY.replace("EFT text.", "New text."))
    with pytest.raises(CommandError) as error:
        run("import_content", imported)
    message = str(error.value)
    assert (
        "modalities/eft.md: “Emotionally Focused Therapy” was changed in the admin by editor"
        in (message)
    )
    assert "(and the file changed too)" in message
    modality = Modality.objects.get(slug="eft")
    assert modality.summary == "The editor's summary."
    assert "New text." not in modality.body


def test_a_part_saved_on_its_own_counts_as_a_change_to_its_article(imported):
    faq = Article.objects.get(slug="guide").faqs.get()
    faq.answer = "Edited on its own."
    faq.save()
    with pytest.raises(CommandError, match="articles/guide.md: “A guide” was changed"):
        run("import_content", imported)
    assert Article.objects.get(slug="guide").faqs.get().answer == "Edited on its own.\n"


def test_overwrite_lets_the_file_win_and_keeps_the_admin_version_in_history(imported, editor):
    edit_in_admin(editor, Article.objects.get(slug="guide"), title="The editor's title")
    output = run("import_content", imported, "--overwrite")
    assert (
        "Overwrote articles/guide.md: “The editor's title” was changed in the admin by editor"
        in (output)
    )
    assert "0 created, 1 updated, 1 unchanged, 1 conflict overwritten." in output
    article = Article.objects.get(slug="guide")
    assert article.title == "A guide"
    titles = list(article.history.values_list("title", flat=True))
    assert titles[0] == "A guide"
    assert "The editor's title" in titles
    assert "0 created, 0 updated, 2 unchanged, 0 conflicts." in run("import_content", imported)


def test_export_after_an_admin_edit_keeps_it_and_the_next_import_changes_nothing(imported, editor):
    edit_in_admin(editor, Article.objects.get(slug="guide"), title="The editor's title")
    run("export_content", imported)
    assert "title: The editor's title" in (imported / "articles/guide.md").read_text()
    before = snapshot()
    assert "0 created, 0 updated, 2 unchanged, 0 conflicts." in run("import_content", imported)
    assert snapshot() == before


def test_a_backup_exported_elsewhere_does_not_hide_an_edit_from_the_next_import(
    imported, editor, tmp_path_factory
):
    edit_in_admin(editor, Article.objects.get(slug="guide"), title="The editor's title")
    run("export_content", tmp_path_factory.mktemp("backup"))
    with pytest.raises(CommandError, match="The editor's title"):
        run("import_content", imported)
    assert Article.objects.get(slug="guide").title == "The editor's title"


def test_a_save_that_changes_nothing_is_no_conflict(imported):
    Article.objects.get(slug="guide").save()
    assert "0 updated, 2 unchanged, 0 conflicts." in run("import_content", imported)


def test_objects_never_imported_that_differ_from_their_files_are_conflicts(tmp_path, make_modality):
    make_modality(slug="eft", name="Made in the admin")
    write(tmp_path, "modalities/eft.md", MODALITY)
    with pytest.raises(CommandError, match="“Made in the admin” differs from the file and was"):
        run("import_content", tmp_path)
    assert "0 created, 1 updated, 0 unchanged, 1 conflict overwritten." in run(
        "import_content", tmp_path, "--overwrite"
    )
    modality = Modality.objects.get(slug="eft")
    assert modality.name == "Emotionally Focused Therapy"
    assert "Made in the admin" in modality.history.values_list("name", flat=True)


def test_records_hold_the_fingerprint_and_the_version_after_the_import(imported):
    article = Article.objects.get(slug="guide")
    record = ContentFileRecord.objects.get(object_id=article.pk, path="articles/guide.md")
    assert record.version == article.version  # after its parts raised it
    assert len(record.fingerprint) == 64
