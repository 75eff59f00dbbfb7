"""The editorial roles, each signed in through the real login form as a member of the group the
migration made: what a writer, an editor and a clinical reviewer can and cannot do."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.utils import timezone

from articles import review
from articles.models import Article
from core.models import local_time_label
from tests.admin_form import errors_of, form_data

PASSWORD = "a-long-role-password"
CHANGELIST = "/admin/articles/article/"
QUEUE = "/admin/articles/article/queue/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def review_url(article):
    return f"/admin/articles/article/{article.pk}/clinical-review/"


@pytest.fixture
def signed_in(db):
    """A new browser session signed in through the login form as a new member of `group`."""

    def sign_in(group, username=None):
        username = username or group.lower().replace(" ", "-")
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client = Client()
        answer = client.post(
            "/admin/login/",
            {"username": username, "password": PASSWORD, "next": "/admin/"},
            REMOTE_ADDR="203.0.113.40",
        )
        assert answer.status_code == 302, "the login form refused the user"
        client.user = user
        return client

    return sign_in


@pytest.fixture
def writer(signed_in):
    return signed_in("Writer")


@pytest.fixture
def editor_(signed_in):
    return signed_in("Editor")


@pytest.fixture
def reviewer(signed_in, make_person):
    client = signed_in("Clinical reviewer")
    make_person(slug="dr-rivera", name="Ana Rivera", credentials="PsyD", user=client.user)
    return client


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def action(client, name, *articles, **extra):
    data = {"action": name, "_selected_action": [str(a.pk) for a in articles], **extra}
    return client.post(CHANGELIST, data, follow=True)


def log_of(article):
    return list(
        LogEntry.objects.filter(object_id=str(article.pk))
        .order_by("pk")
        .values_list("user__username", "change_message")
    )


# The admin's home page, per role


ADD_ARTICLE, ADD_THERAPY = "/admin/articles/article/add/", "/admin/modalities/modality/add/"


@pytest.mark.parametrize(
    ("group", "shown", "hidden"),
    [
        ("Writer", [ADD_ARTICLE, "/admin/modalities/modality/"], [ADD_THERAPY, QUEUE]),
        ("Editor", [ADD_ARTICLE, ADD_THERAPY, QUEUE, "0 articles in review"], []),
        ("Clinical reviewer", [CHANGELIST, QUEUE], [ADD_ARTICLE, ADD_THERAPY]),
    ],
)
def test_each_role_sees_its_own_admin_home(signed_in, group, shown, hidden):
    home = page(signed_in(group), "/admin/")
    for text in shown:
        assert text in home, text
    for text in [*hidden, "/admin/auth/", "/admin/core/"]:  # users, groups, redirects
        assert text not in home, text


# Writers


def test_a_writer_drafts_an_article_with_its_parts_and_submits_it_for_review(writer, make_modality):
    therapy = make_modality(slug="cbt", name="CBT")
    data = form_data(writer, "/admin/articles/article/add/")
    assert "status" not in data  # a writer's article starts as a draft
    data.update(
        title="Sleep and anxiety",
        slug="sleep-and-anxiety",
        summary="How they feed each other.",
        body="## Signs\n\n[[checklist]]\n\n[[comparison]]\n\nSee the study [1].",
        status="published",  # posted anyway: ignored
    )
    data.update(
        {
            "checklist-TOTAL_FORMS": "1",
            "checklist-0-title": "Signs",
            "checklist-0-note": "Not a diagnosis.",
            "checklist-0-items_text": "Waking early\nRacing thoughts",
            "checklist-0-threshold": "1",
            "comparison_rows-TOTAL_FORMS": "1",
            "comparison_rows-0-modality": str(therapy.pk),
            "comparison_rows-0-best_for": "Worry",
            "comparison_rows-0-format": "Weekly",
            "comparison_rows-0-evidence": "Strong",
            "comparison_rows-0-order": "0",
            "sources-TOTAL_FORMS": "1",
            "sources-0-title": "A study",
            "sources-0-order": "0",
            "faqs-TOTAL_FORMS": "1",
            "faqs-0-question": "Is it common?",
            "faqs-0-answer": "Yes.",
            "faqs-0-order": "0",
        }
    )
    saved = writer.post("/admin/articles/article/add/", data)
    assert saved.status_code == 302, errors_of(saved)
    article = Article.objects.get(slug="sleep-and-anxiety")
    assert article.status == Article.Status.DRAFT
    assert (article.checklist.items.count(), article.comparison_rows.count()) == (2, 1)
    assert (article.sources.count(), article.faqs.count()) == (1, 1)

    form = page(writer, change_url(article))
    assert 'name="_submit_for_review"' in form
    data = form_data(writer, change_url(article))
    refused = writer.post(change_url(article), {**data, "title": "", "_submit_for_review": "1"})
    assert refused.status_code == 200 and errors_of(refused)  # a form error: nothing moves
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    data.update(title="Sleep and anxiety, together", _submit_for_review="1")
    submitted = writer.post(change_url(article), data, follow=True)
    assert submitted.redirect_chain[-1][0] == change_url(article)
    shown = submitted.content.decode()
    assert "is in review now" in shown and "In review" in shown
    assert 'name="_submit_for_review"' not in shown  # once is enough
    article.refresh_from_db()
    assert (article.status, article.title) == ("in_review", "Sleep and anxiety, together")
    assert article.history.first().history_change_reason == (
        "Submitted for review (changed status, title)"
    )
    assert log_of(article)[-1] == ("writer", "Submitted for review")
    listing = page(writer, CHANGELIST)
    assert '<td class="field-status_column">In review</td>' in listing


def test_a_writer_submits_drafts_from_the_list_and_the_list_filters_by_status(writer, make_article):
    drafts = [make_article(slug=f"draft-{n}", status=Article.Status.DRAFT) for n in range(2)]
    live = make_article(slug="live")
    done = action(writer, "submit_for_review", *drafts, live).content.decode()
    assert "Submitted for review: 2 article(s)." in done
    assert "1 article(s) left as they were: only drafts can be submitted for review." in done
    assert [a.status for a in Article.objects.filter(slug__startswith="draft")] == [
        "in_review",
        "in_review",
    ]
    assert Article.objects.get(slug="live").status == "published"
    make_article(slug="still-draft", status=Article.Status.DRAFT)
    in_review = page(writer, CHANGELIST + "?state=in_review")
    assert "Draft 0" in in_review and "Still Draft" not in in_review and ">Live<" not in in_review
    draft_only = page(writer, CHANGELIST + "?state=draft")
    assert "Still Draft" in draft_only and "Draft 0" not in draft_only


def test_a_writer_cannot_publish_schedule_or_unpublish_on_any_path(writer, make_article):
    draft = make_article(slug="mine", status=Article.Status.IN_REVIEW)
    live = make_article(slug="theirs")
    listing = page(writer, CHANGELIST)
    for name in ("publish", "schedule", "unpublish", "return_to_writer"):
        assert f'value="{name}"' not in listing, name
    assert 'value="submit_for_review"' in listing
    action(writer, "publish", draft)
    action(writer, "schedule", draft, apply="1", at="2031-07-01T10:00")
    action(writer, "unpublish", live)
    action(writer, "return_to_writer", draft)
    assert Article.objects.get(pk=draft.pk).status == Article.Status.IN_REVIEW
    assert Article.objects.get(pk=live.pk).is_live
    data = form_data(writer, change_url(draft))
    assert "status" not in data and "published_at_0" not in data
    shown = page(writer, change_url(draft))
    assert local_time_label(draft.published_at) in shown  # read-only, naming its zone
    data.update(status="published", published_at_0="2020-01-01", published_at_1="09:00")
    assert writer.post(change_url(draft), data).status_code == 302
    assert Article.objects.get(pk=draft.pk).status == Article.Status.IN_REVIEW
    assert Client().get("/blog/mine/").status_code == 404


@pytest.mark.parametrize("days", [-1, 7], ids=["live", "scheduled"])
def test_a_writer_cannot_change_or_delete_a_published_article(
    writer, signed_in, rich_article, days
):
    signed_in("Editor", username="maria")
    article = rich_article(2)
    article.published_at = timezone.now() + datetime.timedelta(days=days)
    article.save()
    form = page(writer, change_url(article))
    assert "only an editor (someone who may publish) can make one" in form
    assert "ask maria" in form
    assert 'name="title"' not in form and 'name="_save"' not in form
    assert 'name="faqs-0-question"' not in form and 'name="checklist-0-items_text"' not in form
    assert 'name="_submit_for_review"' not in form
    data = {"title": "Taken over", "slug": article.slug, "summary": "S.", "body": "B."}
    assert writer.post(change_url(article), data).status_code == 403
    delete = f"/admin/articles/article/{article.pk}/delete/"
    assert writer.get(delete).status_code == 403
    action(writer, "delete_selected", article, post="yes")
    restore = f"/admin/articles/article/{article.pk}/history/{article.history.first().history_id}/"
    assert writer.post(restore, {"confirm": "1"}).status_code == 403
    article.refresh_from_db()
    assert article.title == "Rich" and article.faqs.count() == 2


def test_a_writer_cannot_delete_a_published_article_even_with_the_delete_permission(
    writer, make_article
):
    writer.user.user_permissions.add(Permission.objects.get(codename="delete_article"))
    live, draft = make_article(slug="live"), make_article(slug="draft", status="draft")
    assert action(writer, "delete_selected", live, draft, post="yes").status_code == 403
    assert Article.objects.filter(pk__in=[live.pk, draft.pk]).count() == 2
    action(writer, "delete_selected", draft, post="yes")
    assert not Article.objects.filter(pk=draft.pk).exists()  # a draft is theirs to delete


def test_only_a_sign_off_names_the_clinical_reviewer(writer, editor_, make_article, make_person):
    """Not the writer nor the editor: "Medically reviewed by" is the clinician's own claim."""
    clinician = make_person(slug="dr-who")
    draft = make_article(slug="claims", status=Article.Status.DRAFT)
    for client in (writer, editor_):
        data = form_data(client, change_url(draft))
        assert "reviewer" not in data and "reviewed_on" not in data
        data.update(reviewer=str(clinician.pk), reviewed_on="2026-01-01")
        assert client.post(change_url(draft), data).status_code == 302
    assert Article.objects.get(pk=draft.pk).reviewer is None


def test_an_editor_links_a_staff_login_to_a_person_page(editor_, signed_in, make_person):
    reviewer = signed_in("Clinical reviewer", username="ana")
    User.objects.create_user("reader", password=PASSWORD)  # not staff: no admin, no sign-off
    person = make_person(slug="ana-rivera")
    url = f"/admin/people/person/{person.pk}/change/"
    data = form_data(editor_, url)
    choices = page(editor_, url)
    assert ">ana</option>" in choices and ">reader</option>" not in choices
    data["user"] = str(reviewer.user.pk)
    assert editor_.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.user == reviewer.user


def test_a_writer_restores_a_version_from_before_the_article_was_returned(writer, make_article):
    article = make_article(slug="back-and-forth", title="Submitted", status="in_review")
    submitted = article.history.first()
    review.return_to_writer(article, None)
    article.title = "Reworked"
    article.save()
    restore = f"/admin/articles/article/{article.pk}/history/{submitted.history_id}/"
    writer.post(restore, {"confirm": "1"})
    article.refresh_from_db()
    assert (article.title, article.status) == ("Submitted", "in_review")  # readers see neither


def test_a_writer_cannot_sign_off_see_the_queue_or_change_other_pages(
    writer, make_article, make_modality, make_person
):
    article = make_article(slug="drafty", status=Article.Status.DRAFT)
    assert review_url(article) not in page(writer, change_url(article))
    assert writer.get(review_url(article)).status_code == 403
    assert writer.post(review_url(article), {"confirm": "on"}).status_code == 403
    assert writer.get(QUEUE).status_code == 403
    assert "Review queue" not in page(writer, CHANGELIST)
    therapy, person = make_modality(), make_person()
    for url in (
        f"/admin/modalities/modality/{therapy.pk}/change/",
        f"/admin/people/person/{person.pk}/change/",
    ):
        assert 'name="_save"' not in page(writer, url)  # view only
        assert writer.post(url, {"name": "Renamed"}).status_code == 403
    assert writer.get("/admin/topics/topic/add/").status_code == 403
    assert writer.get("/admin/auth/user/").status_code == 403


# Editors


def test_an_editor_publishes_schedules_unpublishes_and_returns_articles(editor_, make_article):
    submitted = make_article(slug="submitted", status=Article.Status.IN_REVIEW)
    other = make_article(slug="other", status=Article.Status.IN_REVIEW)
    listing = page(editor_, CHANGELIST)
    for name in ("publish", "schedule", "unpublish", "return_to_writer"):
        assert f'value="{name}"' in listing, name
    assert "Review queue" in listing
    action(editor_, "publish", submitted)
    assert Client().get("/blog/submitted/").status_code == 200
    action(editor_, "unpublish", submitted)
    assert Client().get("/blog/submitted/").status_code == 404
    action(editor_, "schedule", submitted, apply="1", at="2031-07-01T10:00")
    assert Article.objects.get(pk=submitted.pk).is_scheduled
    asked = action(editor_, "return_to_writer", other).content.decode()
    assert "Note to the writer" in asked
    assert Article.objects.get(pk=other.pk).status == Article.Status.IN_REVIEW  # not yet
    action(editor_, "return_to_writer", other, apply="1", note="Cite the <NICE> guideline")
    assert Article.objects.get(pk=other.pk).status == Article.Status.DRAFT
    reason = "Returned to the writer: Cite the <NICE> guideline"
    assert other.history.first().history_change_reason == reason
    assert log_of(other)[-1] == ("editor", reason)
    # An editor may change a live article, and its parts.
    form = page(editor_, change_url(make_article(slug="live-one")))
    assert 'name="title"' in form and 'name="status"' in form


def test_an_editor_publishes_or_returns_from_the_queue(editor_, make_article):
    first = make_article(slug="first", title="First", status=Article.Status.IN_REVIEW)
    second = make_article(slug="second", title="Second", status=Article.Status.IN_REVIEW)
    queue = page(editor_, QUEUE)
    assert queue.count('value="publish"') == queue.count('value="return_to_writer"') == 2
    decide = {"_from_queue": "1"}
    published = action(editor_, "publish", first, **decide)
    assert published.redirect_chain[-1][0] == QUEUE
    assert "Published 1 article(s)." in published.content.decode()
    asked = action(editor_, "return_to_writer", second, **decide).content.decode()
    assert 'name="_from_queue"' in asked and f'href="{QUEUE}"' in asked  # and back
    returned = action(editor_, "return_to_writer", second, apply="1", **decide)
    assert returned.redirect_chain[-1][0] == QUEUE
    returned = returned.content.decode()
    assert "Returned to the writer: 1 article(s)." in returned
    assert Client().get("/blog/first/").status_code == 200
    assert Article.objects.get(pk=second.pk).status == Article.Status.DRAFT
    assert "No article is waiting for review." in returned


def test_a_writer_sees_why_their_article_was_returned_until_they_submit_it_again(
    writer, editor_, make_article
):
    article = make_article(slug="returned", status=Article.Status.IN_REVIEW)
    too_long = "x" * (review.NOTE_LENGTH + 1)
    refused = action(editor_, "return_to_writer", article, apply="1", note=too_long)
    assert too_long in refused.content.decode()  # a form error that keeps the note
    assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW
    action(editor_, "return_to_writer", article, apply="1", note="Add a <b>source</b> for [2]")
    form = page(writer, change_url(article))
    assert "returned this article to draft on" in form
    assert "“Add a &lt;b&gt;source&lt;/b&gt; for [2]”" in form
    action(writer, "submit_for_review", article)
    review.return_to_writer(Article.objects.get(pk=article.pk), None)
    assert "with no note" in page(writer, change_url(article))  # only the latest return


def test_the_queue_lists_articles_in_review_and_reviews_due(editor_, writer, make_article):
    today = timezone.localdate()
    draft = make_article(slug="waiting", title="Waiting", status=Article.Status.DRAFT)
    action(writer, "submit_for_review", draft)
    make_article(slug="overdue", title="Overdue one", next_review_due=today - datetime.timedelta(1))
    make_article(slug="soon", title="Soon one", next_review_due=today + datetime.timedelta(20))
    make_article(slug="later", title="Later one", next_review_due=today + datetime.timedelta(90))
    queue = page(editor_, QUEUE)
    in_review, due = queue.split('id="due-for-review"')
    assert "Waiting" in in_review and "by writer" in in_review
    assert "Overdue one" in due and "Soon one" in due and "Later one" not in queue
    assert "<strong>Overdue</strong>" in due
    assert due.index("Overdue one") < due.index("Soon one")
    home = page(editor_, "/admin/")
    assert "1 article in review, 2 clinical re-reviews" in home


def test_the_queue_takes_a_fixed_number_of_queries(
    editor_, make_article, make_person, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for i in range(n):
            reviewer = make_person(slug=f"reviewer-{n}-{i}")
            make_article(
                slug=f"in-review-{n}-{i}",
                status=Article.Status.IN_REVIEW,
                author=make_person(slug=f"author-{n}-{i}"),
                reviewer=reviewer,
                reviewed_on=timezone.localdate(),
                next_review_due=timezone.localdate(),
            )

    add(1)
    editor_.get(QUEUE)  # sessions and permissions cached as in any later request
    with CaptureQueriesContext(connection) as few:
        editor_.get(QUEUE)
    add(5)
    with django_assert_num_queries(len(few.captured_queries)):
        page(editor_, QUEUE)


# Clinical reviewers


def test_a_reviewer_signs_off_with_a_note_without_publishing(reviewer, make_article):
    article = make_article(slug="to-check", status=Article.Status.IN_REVIEW)
    before = article.version
    shown = page(reviewer, review_url(article))
    assert "Sign off as Ana Rivera, PsyD" in shown and "/blog/to-check/" in shown
    refused = reviewer.post(review_url(article), {"note": "x", "version": before})
    assert "Tick the box to confirm" in refused.content.decode()
    data = {"confirm": "on", "note": "Checked the <b>dosage</b> section", "version": before}
    done = reviewer.post(review_url(article), data, follow=True).content.decode()
    assert "Signed off" in done and "when it is published" in done
    assert "Checked the &lt;b&gt;dosage&lt;/b&gt; section" in done  # the note, escaped
    article.refresh_from_db()
    assert article.reviewer.name == "Ana Rivera"
    assert article.reviewed_on == timezone.localdate()
    assert article.next_review_due == timezone.localdate() + review.REVIEW_INTERVAL
    assert article.status == Article.Status.IN_REVIEW  # never published by a sign-off
    reason = "Clinical sign-off: Checked the <b>dosage</b> section"
    assert article.history.first().history_change_reason == reason
    assert log_of(article) == [("clinical-reviewer", reason)]


def test_a_long_note_is_kept_whole_and_a_too_long_one_is_a_form_error(reviewer, make_article):
    article = make_article(slug="wordy")
    too_long = "x" * (review.NOTE_LENGTH + 1)
    data = {"confirm": "on", "note": too_long, "version": article.version}
    answer = reviewer.post(review_url(article), data).content.decode()
    assert f"at most {review.NOTE_LENGTH} characters" in answer
    assert too_long in answer  # the note stays in the form, not lost
    assert not Article.objects.get(pk=article.pk).reviewer
    note = "Checked every dose and interaction against the current guidance. " * 6  # ~400
    data = {"confirm": "on", "note": note.strip(), "version": article.version}
    reviewer.post(review_url(article), data)
    assert (
        Article.objects.get(pk=article.pk)
        .history.first()
        .history_change_reason.endswith(note.strip())
    )


def test_a_re_review_shows_what_changed_since_the_last_sign_off(reviewer, make_article):
    article = make_article(slug="re-review", body="## Dose\n\nTake 10 mg.")
    reviewer.post(review_url(article), {"confirm": "on", "version": article.version})
    signed = article.history.first()
    article.refresh_from_db()
    article.body = "## Dose\n\nTake 20 mg."
    article.save()
    shown = page(reviewer, review_url(article))
    link = f"/admin/articles/article/{article.pk}/history/{signed.history_id}/"
    assert f'href="{link}">What changed since the last sign-off' in shown
    changes = page(reviewer, link)
    assert "Take 10 mg." in changes and "Take 20 mg." in changes


def test_a_sign_off_on_a_live_article_shows_readers_at_once(reviewer, make_article):
    article = make_article(slug="live-guide")
    assert "Medically reviewed" not in Client().get("/blog/live-guide/").content.decode()
    reviewer.post(review_url(article), {"confirm": "on", "version": article.version})
    public = Client().get("/blog/live-guide/").content.decode()
    assert "Medically reviewed by" in public and "Ana Rivera, PsyD" in public


def test_a_sign_off_refuses_an_article_changed_since_the_reviewer_opened_it(reviewer, make_article):
    article = make_article(slug="moving")
    opened_at = article.version
    article.body = "## New\n\nChanged since."
    article.save()
    answer = reviewer.post(
        review_url(article), {"confirm": "on", "version": opened_at}, follow=True
    )
    assert "changed after you opened this page" in answer.content.decode()
    assert Article.objects.get(pk=article.pk).reviewer is None


def test_a_reviewer_without_a_person_page_is_told_to_ask_an_editor(signed_in, make_article):
    client = signed_in("Clinical reviewer")
    article = make_article(slug="unsigned")
    shown = page(client, review_url(article))
    assert "Ask an editor to link your login to your person page" in shown
    assert 'value="Sign off"' not in shown
    client.post(review_url(article), {"confirm": "on", "version": article.version})
    assert Article.objects.get(pk=article.pk).reviewer is None


def test_a_reviewer_reads_but_cannot_change_or_publish(reviewer, make_article):
    draft = make_article(slug="read-only", status=Article.Status.IN_REVIEW)
    form = page(reviewer, change_url(draft))
    assert "Clinical review</a>" in form
    assert 'name="title"' not in form and 'name="_submit_for_review"' not in form
    assert reviewer.post(change_url(draft), {"title": "Mine"}).status_code == 403
    action(reviewer, "publish", draft)
    assert Article.objects.get(pk=draft.pk).status == Article.Status.IN_REVIEW
    assert "Draft preview" in page(reviewer, "/blog/read-only/")
    assert "Review and sign off" in page(reviewer, QUEUE)
    assert reviewer.get("/admin/articles/article/nope/clinical-review/").status_code == 404
