"""The change form says who else has the page open, kept fresh by a heartbeat."""

import datetime
import re
from unittest import mock

from django.contrib.auth.models import Group, User
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from core.models import Presence
from tests.admin_form import fields_of


def login(username, **fields):
    client = Client()
    user = User.objects.create_superuser(username, f"{username}@example.org", "pw", **fields)
    client.force_login(user)
    return client, user


def note_of(page):
    found = re.search(r'<p class="presence-note"[^>]*>([^<]*)</p>', page)
    return found and found.group(1)


def test_the_second_editor_sees_who_has_the_article_open(make_article):
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    sam, sam_user = login("sam", first_name="Sam", last_name="Jones")
    sam_user.groups.add(Group.objects.get(name="Editor"))
    alex, _ = login("alex")

    assert note_of(sam.get(url).content.decode()) == ""  # nobody else yet
    page = alex.get(url).content.decode()
    assert re.fullmatch(
        r"Sam Jones \(editor\) has had this open since \d\d:\d\d (GMT|BST)\.", note_of(page)
    )
    assert '<script src="/static/js/admin_presence.js"' in page

    # Sam's heartbeat now names Alex.
    tab = Presence.objects.get(user=sam_user).tab
    beat = sam.post(f"/admin/articles/article/{article.pk}/presence/", {"tab": tab})
    assert beat.status_code == 200
    assert beat.json()["note"].startswith("alex has had this open since ")
    assert "no-store" in beat["Cache-Control"]


def test_a_second_tab_of_the_same_editor_says_so(make_article):
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    sam, _ = login("sam")
    sam.get(url)
    assert note_of(sam.get(url).content.decode()).startswith(
        "You also have this open in another tab (since "
    )


def test_a_refused_save_keeps_the_tab_and_shows_the_note(make_article):
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    sam, _ = login("sam")
    alex, _ = login("alex")
    data = fields_of(sam.get(url).content.decode())
    alex.get(url)
    data["title"] = ""  # a form error: the page comes back
    page = sam.post(url, data).content.decode()
    assert note_of(page).startswith("alex has had this open since ")  # not "another tab"
    assert Presence.objects.filter(user__username="sam").count() == 1


def test_presence_expires_and_leaving_ends_it(make_article):
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    beat_url = f"/admin/articles/article/{article.pk}/presence/"
    sam, _ = login("sam")
    alex, _ = login("alex")
    sam.get(url)
    alex_tab = fields_of(alex.get(url).content.decode())["_presence_tab"]

    Presence.objects.filter(user__username="sam").update(
        seen_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    assert alex.post(beat_url, {"tab": alex_tab}).json()["note"] == ""
    assert not Presence.objects.filter(user__username="sam").exists()

    assert alex.post(beat_url, {"tab": alex_tab, "leave": "1"}).json() == {"note": ""}
    assert not Presence.objects.exists()


def test_saving_and_leaving_the_form_ends_presence(make_article):
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    sam, _ = login("sam")
    data = fields_of(sam.get(url).content.decode())
    assert sam.post(url, {**data, "_save": "Save"}).status_code == 302
    assert not Presence.objects.exists()
    saved = sam.post(url, {**fields_of(sam.get(url).content.decode()), "_continue": "1"})
    assert saved["Location"] == url
    page = sam.get(saved["Location"]).content.decode()  # back on the form: one tab, not two
    assert note_of(page) == ""
    assert Presence.objects.count() == 1


def test_without_change_permission_no_presence_is_registered(make_article, make_staff):
    article = make_article()
    viewer = Client()
    viewer.force_login(make_staff("viewer", "view_article"))
    page = viewer.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "presence-note" not in page
    beat = viewer.post(f"/admin/articles/article/{article.pk}/presence/", {"tab": "a" * 16})
    assert beat.status_code == 403
    assert not Presence.objects.exists()


def test_a_bad_heartbeat_is_refused_plainly(make_article):
    article = make_article()
    sam, _ = login("sam")
    beat_url = f"/admin/articles/article/{article.pk}/presence/"
    assert sam.post(beat_url, {"tab": "<script>"}).status_code == 400
    assert sam.get(beat_url).status_code == 405
    gone = sam.post("/admin/articles/article/999999/presence/", {"tab": "a" * 16})
    assert gone.status_code == 403


def test_a_database_that_refuses_writes_leaves_the_form_working(make_article):
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    sam, _ = login("sam")
    refuse = mock.patch(
        "core.presence.Presence.objects.update_or_create",
        side_effect=OperationalError("attempt to write a readonly database"),
    )
    with refuse:
        response = sam.get(url)
    assert response.status_code == 200
    assert note_of(response.content.decode()) == ""
