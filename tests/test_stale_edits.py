"""A save refused because someone else saved first shows what they changed, and the
editor applies their own changes on top in one step: nothing either typed is lost."""

from django.contrib.auth.models import User
from django.test import Client

from articles.models import Article
from tests.admin_form import errors_of, fields_of, form_data

APPLY = {"_continue": "apply-on-top"}


def login(username):
    client = Client()
    client.force_login(User.objects.create_superuser(username, f"{username}@example.org", "pw"))
    return client


def both_open(article):
    url = f"/admin/articles/article/{article.pk}/change/"
    sam, alex = login("sam"), login("alex")
    return url, sam, alex, form_data(sam, url), form_data(alex, url)


def test_a_refused_save_shows_their_change_and_applies_mine_on_top(make_article):
    article = make_article(summary="The first summary.", body="## One\n\nFirst body.")
    url, sam, alex, sams, alexs = both_open(article)
    revisions_before = article.history.count()

    alexs["summary"] = "Alex's summary."
    assert alex.post(url, alexs).status_code == 302

    sams["body"] = "## One\n\nSam's body."
    refused = sam.post(url, sams)
    assert refused.status_code == 200
    [error] = errors_of(refused)
    assert "changed by someone else after you opened it (alex saved it at " in error
    assert "Nothing you typed is lost" in error
    page = refused.content.decode()
    assert "Alex saved this at " in page and ("GMT" in page or "BST" in page)
    assert "<h3>Summary</h3>" in page
    assert "<del>− The first summary.</del>" in page and "<ins>+ Alex&#x27;s summary.</ins>" in page
    assert "stale-conflict" not in page  # they changed the summary, Sam the body
    assert Article.objects.get(pk=article.pk).summary == "Alex's summary."

    # What the refused page holds is what Sam typed; one click applies it on top.
    again = fields_of(page)
    assert again["body"] == "## One\n\nSam's body."
    applied = sam.post(url, {**again, **APPLY})
    assert applied.status_code == 302
    assert applied["Location"] == url  # back to the form, to see the result
    article.refresh_from_db()
    assert (article.summary, article.body) == ("Alex's summary.", "## One\n\nSam's body.\n")
    assert article.history.count() == revisions_before + 2  # Alex's save and Sam's
    assert article.history.first().history_change_reason == "Changed body"
    assert article.history.first().history_user.username == "sam"
    assert form_data(sam, url)["loaded_version"] == str(article.version)


def test_when_both_changed_a_field_both_texts_are_shown_and_the_editor_chooses(make_article):
    article = make_article(summary="The first summary.")
    url, sam, alex, sams, alexs = both_open(article)
    alexs["summary"] = "Alex's <b>summary</b>."
    assert alex.post(url, alexs).status_code == 302

    sams["summary"] = "Sam's summary."
    sams["title"] = "Sam's title"
    page = sam.post(url, sams).content.decode()
    assert '<fieldset class="stale-conflict">' in page
    assert "<pre>Alex&#x27;s &lt;b&gt;summary&lt;/b&gt;.</pre>" in page  # escaped
    assert "<pre>Sam&#x27;s summary.</pre>" in page

    # Applying without choosing is refused and loses nothing.
    unchosen = sam.post(url, {**fields_of(page), **APPLY})
    assert unchosen.status_code == 200
    assert "You both changed the summary: choose whose to keep above" in " ".join(
        errors_of(unchosen)
    )
    assert fields_of(unchosen.content.decode())["summary"] == "Sam's summary."
    assert Article.objects.get(pk=article.pk).summary == "Alex's <b>summary</b>."

    chosen = {**fields_of(unchosen.content.decode()), **APPLY, "_keep_summary": "theirs"}
    assert sam.post(url, chosen).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Sam's title", "Alex's <b>summary</b>.")


def test_keeping_mine_in_a_conflict(make_article):
    article = make_article(summary="The first summary.")
    url, sam, alex, sams, alexs = both_open(article)
    alexs["summary"] = "Alex's summary."
    alex.post(url, alexs)
    sams["summary"] = "Sam's summary."
    page = sam.post(url, sams).content.decode()
    assert sam.post(url, {**fields_of(page), **APPLY, "_keep_summary": "mine"}).status_code == 302
    assert Article.objects.get(pk=article.pk).summary == "Sam's summary."


def test_a_third_save_while_comparing_is_shown_before_applying(make_article):
    article = make_article(summary="The first summary.", title="First title")
    url, sam, alex, sams, alexs = both_open(article)
    alexs["summary"] = "Alex's summary."
    alex.post(url, alexs)
    sams["body"] = "## New\n\nSam's body."
    page = sam.post(url, sams).content.decode()

    later = form_data(alex, url)
    later["title"] = "Alex's later title"
    alex.post(url, later)

    again = sam.post(url, {**fields_of(page), **APPLY})
    assert again.status_code == 200
    assert "was saved again while you were comparing" in " ".join(errors_of(again))
    assert "<ins>+ Alex&#x27;s later title</ins>" in again.content.decode()
    assert sam.post(url, {**fields_of(again.content.decode()), **APPLY}).status_code == 302
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Alex's later title", "Alex's summary.")
    assert article.body == "## New\n\nSam's body.\n"


def test_other_content_types_recover_the_same_way(make_modality):
    modality = make_modality(summary="First.")
    url = f"/admin/modalities/modality/{modality.pk}/change/"
    sam, alex = login("sam"), login("alex")
    sams, alexs = form_data(sam, url), form_data(alex, url)
    alexs["name"] = "Renamed by Alex"
    alex.post(url, alexs)
    sams["summary"] = "Sam's summary."
    page = sam.post(url, sams).content.decode()
    assert "<h3>Name</h3>" in page
    assert sam.post(url, {**fields_of(page), **APPLY}).status_code == 302
    modality.refresh_from_db()
    assert (modality.name, modality.summary) == ("Renamed by Alex", "Sam's summary.")


def test_rows_the_editor_added_are_saved_when_applying(make_article):
    """Inline rows are not merged but never lost: the editor's rows are saved as posted."""
    article = make_article(summary="The first summary.")
    url, sam, alex, sams, alexs = both_open(article)
    alexs["summary"] = "Alex's summary."
    alex.post(url, alexs)

    sams.update({"sources-TOTAL_FORMS": "1", "sources-0-title": "Sam's new source"})
    sams.update({"sources-0-order": "0", "sources-0-year": "2001"})
    page = sam.post(url, sams).content.decode()
    assert "sources are saved as your form has them below" in page
    assert sam.post(url, {**fields_of(page), **APPLY}).status_code == 302
    article.refresh_from_db()
    assert article.summary == "Alex's summary."
    assert list(article.sources.values_list("title", flat=True)) == ["Sam's new source"]
