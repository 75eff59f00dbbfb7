"""The review workflow in a browser, each role signing in through the login form: a writer
submits a draft, an editor finds it in the queue and publishes it, a clinical reviewer signs
it off, and readers see who reviewed it."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission, User

from people.models import Person
from tests.browser import test_browser_accessibility as accessibility

pytestmark = pytest.mark.browser
axe = accessibility.axe  # the fixture, shared
violations = accessibility.violations

PASSWORD = "a-long-role-password"
ROLES = importlib.import_module("articles.migrations.0003_roles")


@pytest.fixture
def staff(live_server, site_content):
    """A writer, an editor and a clinical reviewer (with a person page), in the migration's
    groups. The live server's tests empty every table between tests, groups included, so
    the groups are made again here as the migration made them."""
    users = {}
    for name, wanted in ROLES.GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        username = name.split()[-1].lower()
        users[name] = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        users[name].groups.add(group)
    Person.objects.create(
        slug="rita-reviewer",
        name="Rita Reviewer",
        credentials="PsyD",
        user=users["Clinical reviewer"],
    )
    return users


def sign_in(visit, username):
    visit.sign_in(username, PASSWORD)


def sign_out(visit):
    visit.page.click("#logout-form button")
    visit.page.get_by_text("Logged out").wait_for()


def test_a_draft_goes_from_writer_to_editor_to_clinical_reviewer(visit, staff, axe):
    page = visit.page

    sign_in(visit, "writer")
    visit.goto("/admin/articles/article/add/")
    page.fill("#id_title", "Night worries")
    page.fill("#id_summary", "Why worries come at night, and what helps.")
    assert page.input_value("#id_slug") == "night-worries"  # made from the title
    page.fill("#id_body", "## Why at night\n\nThe day's noise is gone.\n")
    assert page.locator("input[name=_publish], #id_status").count() == 0
    page.click("input[name=_submit_for_review]")
    page.get_by_text("is in review now").wait_for()
    assert "In review" in page.locator(".field-status").inner_text()
    sign_out(visit)

    sign_in(visit, "editor")
    assert violations(axe, page) == []  # the home page, with its review box
    page.get_by_role("link", name="Review queue").click()
    row = page.locator("#in-review tr", has_text="Night worries")
    assert "by writer" in row.inner_text()
    assert violations(axe, page) == []
    row.get_by_role("button", name="Publish").click()
    page.get_by_text("Published 1 article(s)").wait_for()
    assert page.locator("#in-review").get_by_text("Night worries").count() == 0
    sign_out(visit)

    sign_in(visit, "reviewer")
    visit.goto("/admin/articles/article/?q=Night+worries")
    page.get_by_role("link", name="Night worries").click()
    page.get_by_role("link", name="Clinical review").click()
    page.get_by_text("Sign off as Rita Reviewer, PsyD").wait_for()
    assert violations(axe, page) == []
    page.check("#id_confirm")
    page.fill("#id_note", "Checked the sleep advice against NICE guidance")
    page.click("input[value='Sign off']")
    page.get_by_text("Signed off.").wait_for()
    assert "Checked the sleep advice" in page.locator("#sign-offs").inner_text()
    sign_out(visit)

    visit.goto("/blog/night-worries/")
    review_note = " ".join(page.locator(".review-note").inner_text().split())
    assert "Medically reviewed by Rita Reviewer, PsyD" in review_note


def test_a_writer_reads_a_published_article_and_is_told_whom_to_ask(visit, staff):
    sign_in(visit, "writer")
    visit.goto("/admin/articles/article/?state=live")
    visit.page.locator("#result_list tbody a").first.click()
    page = visit.page
    page.get_by_text("only an editor (someone who may publish) can make one").wait_for()
    assert "ask editor" in page.locator(".messagelist").inner_text()
    assert page.locator("input[type=submit], textarea, #id_title").count() == 0
    assert page.get_by_role("link", name="Clinical review").count() == 0
