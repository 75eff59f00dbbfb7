"""The change form's preview: the unsaved form, checked exactly as saving it would be,
rendered as the public article page, with every problem that save would refuse.

Nothing is written: the forms are validated inside a transaction that is rolled back,
and the page is rendered from unsaved objects built from what was posted.
"""

import copy

from django.contrib.admin.utils import flatten_fieldsets
from django.db import transaction
from django.forms import all_valid
from django.forms.utils import ErrorDict
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.text import capfirst

from .models import Article
from .views import ArticleDetailView, ArticleParts, images_placed

BANNER = "Preview of unsaved changes: nothing shown here is saved yet."
UNTITLED_SLUG = "untitled"


class UnsavedArticlePage(ArticleDetailView):
    """The public article page, given its parts instead of reading them from the database."""

    preview_banner = BANNER
    posted_parts = None

    def get_parts(self):
        return self.posted_parts

    def get_canonical_path(self, page_number):
        return self.object.path  # the page's own address, not the preview endpoint's


def preview(model_admin, request, obj):
    """{"page": html, "problems": [...], "reading_minutes": n} for the posted change form.

    `obj` is the saved article the form edits, or None on the add form.
    """
    change = obj is not None
    with transaction.atomic():
        # The stale-save check locks the row (select_for_update), as a save would.
        fieldsets = model_admin.get_fieldsets(request, obj)
        form_class = model_admin.get_form(
            request, obj, change=change, fields=flatten_fieldsets(fieldsets)
        )
        if change:
            _forget_markdown(obj, form_class.base_fields)
        form = form_class(request.POST, request.FILES, instance=obj)
        formsets, inlines = model_admin._create_formsets(request, form.instance, change=change)
        form.is_valid()
        all_valid(formsets)
        article = form.instance
        problems = form_problems(form) + inline_problems(formsets, inlines)
        problems += _when_published(form, article, problems)
        page = _render_page(request, article, _posted_parts(form, formsets, article))
        transaction.set_rollback(True)  # nothing the checks did is kept
    return {"page": page, "problems": problems, "reading_minutes": article.reading_minutes}


def _forget_markdown(article, form_fields):
    """Blank the stored markdown the form edits, and what was rendered from it.

    Validating the form renders what was posted; a source the form refuses (an empty
    body) then renders as nothing instead of as the stored copy.
    """
    for spec in article.markdown_fields:
        if spec.source in form_fields:
            setattr(article, spec.source, "")
            for name in spec.derived:
                setattr(article, name, 0 if name == spec.minutes else "")


def _when_published(form, article, found):
    """What publishing a draft would refuse that saving it does not (links to pages
    that are not published): said now, while the editor is writing."""
    if article.is_published:
        return []
    probe = copy.copy(article)
    probe.status = Article.Status.PUBLISHED
    probe.published_at = timezone.now()
    messages = {p["message"] for p in found}
    return [
        _problem(f"{form[name].label} (when published)", message, form[name].auto_id)
        for name, errors in probe.content_problems().items()
        if name in form.fields
        for message in errors
        if message not in messages
    ]


def _problem(where, message, target=""):
    """One thing a save would refuse; `target` is the id of the element it is about."""
    return {"where": where, "message": message, "target": target}


def form_problems(form):
    problems = []
    for name, errors in form.errors.items():
        if name in form.fields:
            field = form[name]
            where = capfirst(str(field.label))
            target = "" if field.is_hidden else field.auto_id
        else:
            where, target = "", ""
        problems += [_problem(where, message, target) for message in errors]
    return problems


def inline_problems(formsets, inlines):
    problems = []
    for formset, inline in zip(formsets, inlines, strict=True):
        group = f"{formset.prefix}-group"  # the admin's id for the inline's box
        name = capfirst(str(inline.verbose_name))
        problems += [
            _problem(capfirst(str(formset.model._meta.verbose_name_plural)), message, group)
            for message in formset.non_form_errors()
        ]
        for index, row in enumerate(formset.forms):
            if formset._should_delete_form(row):
                continue  # a deleted row's errors do not stop a save
            for field_name, errors in (row.errors or ErrorDict()).items():
                where = f"{name} {index + 1}"
                target = f"{formset.prefix}-{index}"  # the admin's id for the row
                if field_name in row.fields and not row[field_name].is_hidden:
                    where = f"{where}: {row[field_name].label}"
                    target = row[field_name].auto_id
                problems += [_problem(where, message, target) for message in errors]
    return problems


def _posted_parts(form, formsets, article):
    """The article's parts as posted, unsaved, in the order readers would see them."""
    rows = {}
    checklist_items = []
    for formset in formsets:
        kept = [row for row in formset.forms if _kept(formset, row)]
        kept.sort(key=lambda row: getattr(row.instance, "order", 0))  # stable: ties keep form order
        rows[formset.fk.remote_field.get_accessor_name()] = [row.instance for row in kept]
        for row in kept:
            if hasattr(row, "posted_items"):  # the checklist's items, typed one per line
                checklist_items = row.posted_items()
    checklist = rows.get("checklist") or [None]
    related = [other.pk for other in _chosen(form, "related", article)]
    return ArticleParts(
        checklist=checklist[0],
        checklist_items=checklist_items,
        comparison_rows=rows.get("comparison_rows", []),
        timeline_steps=rows.get("timeline_steps", []),
        faqs=rows.get("faqs", []),
        sources=rows.get("sources", []),
        topics=_chosen(form, "topics", article),
        related=list(Article.objects.published().for_cards().filter(pk__in=related)),
        images=images_placed(article),
    )


def _kept(formset, row):
    """A row that a save would keep: not deleted, and not an untouched blank extra row."""
    if formset._should_delete_form(row):
        return False
    return row.instance.pk is not None or row.has_changed()


def _chosen(form, name, article):
    """A many-to-many choice as posted, or as saved when the form does not offer it."""
    if name in form.fields:
        return list(form.cleaned_data.get(name) or [])
    return list(getattr(article, name).all()) if article.pk else []


def _render_page(request, article, parts):
    try:
        article.get_absolute_url()
    except NoReverseMatch:  # no usable slug yet: the page needs an address to render
        article.slug = UNTITLED_SLUG
    view = UnsavedArticlePage(posted_parts=parts)
    view.setup(request)
    view.object = article
    return render_to_string(view.template_name, view.get_context_data(object=article), request)
