"""Two editors on one article, as they would work: each sees the other is there, and the
one whose save is refused sees what changed and applies their own edit on top."""

import re
from unittest import mock

import pytest
from django.contrib.auth.models import Group, User

from articles.models import Article
from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser

SLUG = "anxious-attachment-therapy"


def sign_in(visit, username, first_name):
    user = User.objects.create_superuser(
        username, f"{username}@example.org", "a-long-password", first_name=first_name
    )
    user.groups.add(Group.objects.get_or_create(name="Editor")[0])  # flushed after a live test
    visit.sign_in(username, "a-long-password")


@pytest.fixture
def second(browser, live_server, visit):
    """Another editor's browser, with its own cookies, watched like the first."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(5000)
    other = Visit(context.new_page(), live_server.url)
    yield other
    other.leave()
    context.close()
    assert other.foreign_requests() == []
    assert other.errors == []


def test_a_refused_save_shows_their_change_and_applies_mine_on_top(visit, second):
    article = Article.objects.get(slug=SLUG)
    change = f"/admin/articles/article/{article.pk}/change/"
    alex, sam = visit, second
    sign_in(alex, "alex", "Alex")
    sign_in(sam, "sam", "Sam")

    alex.goto(change)
    sam.goto(change)
    assert (
        sam.page.locator(".presence-note")
        .inner_text()
        .startswith("Alex (editor) has had this open since ")
    )

    # Sam rewrites the summary and saves, staying on the form.
    sam.page.fill("#id_summary", "Sam's new standfirst.")
    sam.page.click("input[name=_continue]")
    sam.page.locator(".messagelist .success").wait_for()

    # Alex, still on the old form, edits the body and saves: refused, with what Sam did.
    body = alex.page.locator("#id_body")
    body.fill(body.input_value() + "\n\nAlex's closing paragraph.\n")
    alex.page.click("input[name=_save]")
    panel = alex.page.locator(".stale-edit")
    panel.wait_for()
    assert panel.locator("h2").inner_text().startswith("Sam saved this at ")
    assert "Summary" in panel.locator(".stale-diff h3").all_inner_texts()
    assert "+ Sam's new standfirst." in panel.locator(".stale-diff ins").all_inner_texts()
    assert (
        alex.page.locator(".presence-note")
        .inner_text()
        .startswith("Sam (editor) has had this open since ")
    )
    assert "Alex's closing paragraph." in alex.page.locator("#id_body").input_value()

    alex.page.click("button[value=apply-on-top]")
    alex.page.locator(".messagelist .success").wait_for()
    assert alex.page.locator(".stale-edit").count() == 0

    alex.goto(f"/blog/{SLUG}/")  # the page readers get, as staff preview it
    text = alex.page.locator("main").inner_text()
    assert "Sam's new standfirst." in text
    assert "Alex's closing paragraph." in text
    saved = Article.objects.get(pk=article.pk)
    assert saved.history.first().history_user.username == "alex"


def test_when_both_changed_the_summary_the_editor_chooses(visit, second):
    article = Article.objects.get(slug=SLUG)
    change = f"/admin/articles/article/{article.pk}/change/"
    alex, sam = visit, second
    sign_in(alex, "alex", "Alex")
    sign_in(sam, "sam", "Sam")
    alex.goto(change)
    sam.goto(change)
    sam.page.fill("#id_summary", "Sam's standfirst.")
    sam.page.click("input[name=_save]")
    sam.page.locator(".messagelist .success").wait_for()

    alex.page.fill("#id_summary", "Alex's standfirst.")
    alex.page.click("input[name=_save]")
    conflict = alex.page.locator(".stale-conflict")
    conflict.wait_for()
    assert conflict.locator("pre").all_inner_texts() == ["Sam's standfirst.", "Alex's standfirst."]

    alex.page.click("button[value=apply-on-top]")  # without choosing: asked again
    alex.page.locator(".stale-conflict").wait_for()
    assert "You both changed the summary" in alex.page.locator(".errorlist").first.inner_text()
    alex.page.get_by_label("Keep mine").check()
    alex.page.click("button[value=apply-on-top]")
    alex.page.locator(".messagelist .success").wait_for()
    assert Article.objects.get(pk=article.pk).summary == "Alex's standfirst."


def test_the_heartbeat_brings_the_note_up_to_date(visit, second):
    """Alex opened the form first; Sam's arrival appears in Alex's note by itself."""
    from playwright.sync_api import expect  # where the browser fixture found Playwright

    article = Article.objects.get(slug=SLUG)
    change = f"/admin/articles/article/{article.pk}/change/"
    alex, sam = visit, second
    sign_in(alex, "alex", "Alex")
    sign_in(sam, "sam", "Sam")
    with mock.patch("core.presence.HEARTBEAT_SECONDS", 1):
        alex.goto(change)
        note = alex.page.locator(".presence-note")
        assert note.inner_text() == ""
        assert not note.is_visible()  # an empty note takes no room
        sam.goto(change)
        expect(note).to_have_text(re.compile(r"^Sam \(editor\) has had this open since "))
        assert note.is_visible()
        sam.page.goto("about:blank")  # Sam leaves: the tab says goodbye
        expect(note).to_have_text("")
