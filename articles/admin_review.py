"""The admin's review pages (the editors' queue, a clinical reviewer's sign-off, the note
before returning articles) and what the article form says about review and roles."""

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from core import permissions
from core.models import local_time_label

from . import review
from .models import Article

SIGN_OFF = "articles.sign_off_article"
NO_PERSON = (
    "Your login is not linked to a person page, and a sign-off names the reviewer readers "
    "see. Ask an editor to link your login to your person page (People › your page › Login)."
)


def may_sign_off(user):
    return user.has_perm(SIGN_OFF)


def may_see_queue(user):
    """Editors (who publish) and clinical reviewers (who sign off) work from the queue."""
    return permissions.may_publish(user, Article) or may_sign_off(user)


def person_of(user):
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


class SignOffForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have reviewed this article's clinical content",
        error_messages={"required": "Tick the box to confirm you have reviewed the article."},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=review.NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "class": "review-note"}),
        help_text="Plain text, kept with the revision, e.g. “Checked the dosage section”.",
    )
    # The version the reviewer read: a change made since then has not been reviewed.
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    """The "Return to writer" action's one question: what the writer should do."""

    note = forms.CharField(
        label="Note to the writer (optional)",
        required=False,
        max_length=review.NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "class": "review-note"}),
        help_text="Plain text. The writer sees it when they open the article, and it is kept "
        f"with the revision. Up to {review.NOTE_LENGTH} characters.",
    )


def return_page(model_admin, request, queryset, form):
    """Asks for the note before articles go back to their writers."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Return articles to their writers",
        "subtitle": None,
        "opts": model_admin.opts,
        "form": form,
        "articles": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "from_queue": "_from_queue" in request.POST,
    }
    return TemplateResponse(request, "admin/articles/article/return_to_writer.html", context)


def returned_note(article):
    """What the writer is told on opening a draft an editor returned to them, or None."""
    step = review.last_return(article)
    if step is None:
        return None
    who = step.history_user or "An editor"
    when = date_format(timezone.localtime(step.history_date), "j F Y, H:i")
    note = review.note_of(step)
    said = f": “{note}”" if note else ", with no note."
    return f"{who} returned this article to draft on {when}{said}"


def locked_note(article):
    """Why a writer may not change this article, and whom to ask."""
    names = [user.get_full_name() or user.username for user in permissions.publishers(Article)[:5]]
    when = local_time_label(article.published_at)
    state = "published" if article.is_live else f"scheduled for {when}"
    ask = f" To suggest a change, ask {' or '.join(names)}." if names else ""
    return (
        f"This article is {state}, so a change to it reaches readers: only an editor "
        f"(someone who may publish) can make one.{ask}"
    )


def submitted_response(request, article):
    """After "Save and submit for review": the article again, saying where it went."""
    messages.success(
        request, f"“{article}” is in review now: editors see it in their review queue."
    )
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


def after_action(request, response):
    """A list action taken from the queue's buttons answers with the queue (and its note)."""
    if "_from_queue" in request.POST and isinstance(response, HttpResponseRedirect):
        return HttpResponseRedirect(reverse("admin:articles_article_queue"))
    return response


def queue_view(model_admin, request):
    if not may_see_queue(request.user):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Review queue",
        "subtitle": None,
        "opts": model_admin.opts,
        "in_review": review.in_review(),
        "due": review.due_for_review(),
        "queue_days": review.QUEUE_DAYS,
        "can_sign_off": may_sign_off(request.user),
        "can_publish": permissions.may_publish(request.user, Article),
        # Each posts the list's own action, so the queue adds no path of its own to publish.
        "decisions": [("publish", "Publish"), ("return_to_writer", "Return to writer")],
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/articles/article/queue.html", context)


def clinical_review_view(model_admin, request, object_id):
    if not may_sign_off(request.user):
        raise PermissionDenied
    article = model_admin.get_object(request, unquote(object_id))
    if article is None:
        raise Http404("No article with that ID.")
    person = person_of(request.user)
    form = SignOffForm(request.POST or None, initial={"version": article.version})
    if request.method == "POST" and person is None:
        messages.error(request, NO_PERSON)
    elif request.method == "POST" and form.is_valid():
        if form.cleaned_data["version"] != article.version:
            messages.error(
                request,
                "The article was changed after you opened this page, so you have not seen "
                "the current version. Read it again (the link below), then sign off.",
            )
            return HttpResponseRedirect(request.path)
        note = form.cleaned_data["note"]
        review.sign_off(article, person, request.user, note)
        model_admin.log_change(request, article, review.with_note(review.SIGNED_OFF, note))
        messages.success(
            request,
            f"Signed off. The article shows “Medically reviewed by {person} on "
            f"{date_format(article.reviewed_on, 'j F Y')}”"
            + (" to readers now." if article.is_live else " when it is published."),
        )
        return HttpResponseRedirect(request.path)
    elif request.method == "GET" and person is None:
        messages.warning(request, NO_PERSON)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Clinical review: {article}",
        "subtitle": None,
        "opts": model_admin.opts,
        "original": article,
        "form": form,
        "person": person,
        "sign_offs": [(r, review.note_of(r)) for r in review.sign_offs(article)[:10]],
        "can_change": model_admin.has_change_permission(request, article),
    }
    response = TemplateResponse(request, "admin/articles/article/clinical_review.html", context)
    response["Cache-Control"] = "no-store"
    return response
