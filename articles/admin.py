import functools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from core import permissions
from core.admin_layout import FieldsWithInlinesMixin, zoned_time
from core.admin_mixins import RevisionAdminMixin
from core.models import local_time_label
from core.revisions import Children
from images.admin import drop_target

from . import admin_forms, admin_preview, admin_review, admin_seo, review, review_links
from .models import Article, Checklist, ChecklistItem, ComparisonRow, Source, TimelineStep

# The parts of an article that its revisions cover. Apps that add parts of their
# own (faqs) extend this tuple from their AppConfig, so articles never imports them.
ARTICLE_CHILDREN = [
    Children(Checklist, "article", (Children(ChecklistItem, "checklist"),)),
    Children(ComparisonRow, "article"),
    Children(TimelineStep, "article"),
    Children(Source, "article"),
]


class ComparisonRowInline(admin.TabularInline):
    model = ComparisonRow
    form = admin_forms.ComparisonRowForm
    formset = admin_forms.ComparisonRowFormSet
    fields = ["order", "modality", "best_for", "format", "evidence"]
    extra = 0
    autocomplete_fields = ["modality"]
    classes = ["sortable"]
    # Shows the article's comparison_title above the rows (ArticleAdmin.fields_with_inlines).
    template = "admin/articles/article/comparison_inline.html"


class TimelineStepInline(admin.TabularInline):
    model = TimelineStep
    formset = admin_forms.TimelineStepFormSet
    fields = ["order", "title", "period", "text"]
    extra = 0
    classes = ["sortable"]


class SourceInline(admin.StackedInline):
    model = Source
    formset = admin_forms.SourceFormSet
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["order", "authors", "title", "publisher", "year", "url", "doi", "pmid"]
    extra = 0
    # Seven short fields: side by side in a grid rather than a table wider than the page;
    # each row's position is its number, shown as [n] by its handle.
    classes = ["sortable", "sortable-cited", "compact-grid"]
    verbose_name_plural = "sources (the body cites them as [1], [2], … in this order)"


class ChecklistInline(admin.StackedInline):
    model = Checklist
    form = admin_forms.ChecklistInlineForm
    formset = admin_forms.ChecklistFormSet
    verbose_name_plural = "checklist"  # one per article: "Checklists" would promise more
    extra = 0


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("in_review", "In review"),
            ("scheduled", "Scheduled"),
            ("live", "Published"),
        ]

    def queryset(self, request, queryset):
        if self.value() in {Article.Status.DRAFT, Article.Status.IN_REVIEW}:
            return queryset.filter(status=self.value())
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "live":
            return queryset.published()
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due in the next {review.QUEUE_DAYS} days"),
            ("unset", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            soon = review.queue_horizon()  # as the review queue counts it
            return queryset.filter(next_review_due__gte=today, next_review_due__lte=soon)
        if self.value() == "unset":
            return queryset.filter(next_review_due__isnull=True)
        return queryset


class ReviewLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Valid for",
        coerce=int,
        choices=[(1, "1 day"), (3, "3 days"), (7, "7 days"), (14, "14 days"), (30, "30 days")],
        initial=review_links.DEFAULT_DAYS,
    )


@admin.register(Article)
class ArticleAdmin(
    FieldsWithInlinesMixin,
    admin_seo.SearchAndSharingMixin,
    RevisionAdminMixin,
    admin.ModelAdmin,
):
    form = admin_forms.ArticleAdminForm
    revision_children = ARTICLE_CHILDREN
    list_display = [
        "title",
        "status_column",
        "publish_time_column",
        "reviewer",
        "next_review_column",
        "reading_minutes",
    ]
    list_select_related = ["reviewer"]
    list_filter = [StatusFilter, ReviewDueFilter, "reviewer", "author", "topics"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    filter_horizontal = ["topics", "related"]
    autocomplete_fields = ["author", "reviewer", "lead_image"]
    readonly_fields = [
        "publication",
        "reading_minutes",
        "last_saved",
        "body_html",
        "toc_html",
        "search_preview",
    ]
    fields_with_inlines = ["comparison_title"]  # shown with the comparison rows
    # Apps that add parts of their own (faqs) append their inline from their AppConfig.
    inlines = [ChecklistInline, ComparisonRowInline, TimelineStepInline, SourceInline]
    actions = ["submit_for_review", "return_to_writer", "publish", "schedule", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "key_points",
                    "publication",
                    "status",
                    "published_at",
                    "loaded_version",
                ]
            },
        ),
        ("Body", {"fields": ["body"]}),
        ("Reader help", {"fields": ["abuse_help"]}),
        ("Lead image", {"fields": ["lead_image"]}),
        admin_seo.FIELDSET,
        (
            "Authorship and clinical review",
            {
                "fields": [
                    "author",
                    "reviewer",
                    "reviewed_on",
                    "checked_on",
                    "next_review_due",
                    "updated_on",
                ]
            },
        ),
        (
            "Call to action",
            {"fields": ["cta_title", "cta_text", "cta_button_label", "cta_button_url"]},
        ),
        ("Topics and related posts", {"fields": ["topics", "related"]}),
        (
            "Stored output",
            {
                "classes": ["collapse"],
                "fields": ["reading_minutes", "last_saved", "toc_html", "body_html"],
            },
        ),
    ]

    class Media:
        js = [
            "js/admin_editor.js",
            "js/admin_image_picker.js",
            "js/admin_image_drop.js",
            "js/admin_preview.js",
            "js/admin_seo.js",
        ]
        css = {
            "all": [
                "css/admin_preview.css",
                "css/admin_editor.css",
                "css/admin_image_picker.css",
                "css/admin_seo.css",
            ]
        }

    last_saved = zoned_time("updated_at", "last saved")
    publish_time = zoned_time("published_at", "publish time")

    @admin.display(description="status", ordering="status")
    def status_column(self, article):
        return article.status_label

    @admin.display(description="publish time", ordering="published_at")
    def publish_time_column(self, article):
        return local_time_label(article.published_at)

    @admin.display(description="Readers see it")
    def publication(self, article):
        if not article.pk:
            return "Not yet: a new article starts as a draft unless you publish it."
        if article.is_live:
            return "Now (published)"
        return article.status_label  # "Draft", or "Scheduled for <time, zone>"

    @admin.display(description="next review", ordering="next_review_due")
    def next_review_column(self, article):
        if not article.next_review_due:
            return "—"
        if article.review_overdue:
            return format_html("<strong>Overdue</strong> since {}", article.next_review_due)
        return article.next_review_due

    def has_publish_permission(self, request, obj=None):
        return permissions.may_publish(request.user, self.model)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or permissions.may_change_page(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or permissions.may_change_page(request.user, obj)
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_save = self.has_change_permission(request, obj) if obj else add
        context["can_submit_for_review"] = may_save and (
            obj is None or obj.status == Article.Status.DRAFT
        )
        context["can_sign_off"] = obj is not None and admin_review.may_sign_off(request.user)
        if obj and request.method == "GET":
            # A writer, who may change articles but not this one: say why, and whom to ask.
            if not may_save and super().has_change_permission(request, obj):
                messages.warning(request, admin_review.locked_note(obj))
            elif may_save and (returned := admin_review.returned_note(obj)):
                messages.warning(request, returned)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if "_submit_for_review" in request.POST and review.mark_submitted(obj):
            obj._submitted_for_review = True
        super().save_model(request, obj, form, change)

    def revision_reason(self, request, obj, reason):
        if getattr(obj, "_submitted_for_review", False):
            return f"{review.SUBMITTED} ({reason[:1].lower()}{reason[1:]})"
        return reason

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(obj, "_submitted_for_review", False):
            return self._submitted(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(obj, "_submitted_for_review", False):
            return self._submitted(request, obj)
        return super().response_change(request, obj)

    def _submitted(self, request, obj):
        self.log_change(request, obj, review.SUBMITTED)
        return admin_review.submitted_response(request, obj)

    def response_action(self, request, queryset):
        return admin_review.after_action(request, super().response_action(request, queryset))

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "can_see_queue": admin_review.may_see_queue(request.user),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def queue_view(self, request):
        return admin_review.queue_view(self, request)

    def clinical_review_view(self, request, object_id):
        return admin_review.clinical_review_view(self, request, object_id)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_publish_permission(request, obj):
            return fieldsets
        # Read-only, the publish time is shown as the admin's times are: naming its zone.
        return [
            (name, {**options, "fields": [_shown(field) for field in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            fields += ["status", "publish_time"]  # what readers see is the publisher's call
        if not admin_review.may_sign_off(request.user):
            # "Medically reviewed by" is a clinician's claim: only their sign-off makes it.
            fields += ["reviewer", "reviewed_on"]
        return fields

    @admin.action(description="Submit the selected drafts for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._move(
            request, queryset, review.submit_for_review, review.SUBMITTED,
            "only drafts can be submitted for review",
        )  # fmt: skip

    @admin.action(
        description="Return the selected articles to their writers (back to draft)…",
        permissions=["publish"],
    )
    def return_to_writer(self, request, queryset):
        form = admin_review.ReturnForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return admin_review.return_page(self, request, queryset, form)
        note = form.cleaned_data["note"]
        self._move(
            request, queryset, functools.partial(review.return_to_writer, note=note),
            review.RETURNED, "only articles in review can be returned",
            log=review.with_note(review.RETURNED, note),
        )  # fmt: skip
        return None

    def _move(self, request, queryset, step, done, why_not, log=None):
        """Take the selected articles one step of the review (`step` returns False for an
        article the step does not apply to) and say how many moved and how many did not."""
        moved = 0
        for article in queryset:
            if step(article, request.user):
                self.log_change(request, article, log or done)
                moved += 1
        if moved:
            messages.success(request, f"{done}: {moved} article(s).")
        if skipped := len(queryset) - moved:
            messages.warning(request, f"{skipped} article(s) left as they were: {why_not}.")

    @admin.action(
        description="Publish the selected articles (now, or at a future publish time)",
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        published = scheduled = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            try:
                article.publish()
            except ValidationError as error:
                messages.error(
                    request, f"“{article.title}” was not published: {' '.join(error.messages)}"
                )
                continue
            self.log_change(request, article, "Published")
            published += 1
            scheduled += article.is_scheduled
        if published:
            note = f"; {scheduled} will appear at their scheduled time" if scheduled else ""
            messages.success(request, f"Published {published} article(s){note}.")

    @admin.action(description="Schedule the selected articles…", permissions=["publish"])
    def schedule(self, request, queryset):
        form = admin_forms.ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            at = form.cleaned_data["at"]
            scheduled = 0
            for article in queryset:
                try:
                    article.publish(at)
                except ValidationError as error:
                    messages.error(
                        request, f"“{article.title}” was not scheduled: {' '.join(error.messages)}"
                    )
                    continue
                self.log_change(request, article, article.status_label)
                scheduled += 1
            if scheduled:
                messages.success(
                    request, f"{scheduled} article(s) scheduled for {local_time_label(at)}."
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Schedule articles",
            "opts": self.opts,
            "form": form,
            "articles": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/article/schedule.html", context)

    @admin.action(
        description="Unpublish the selected articles (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.unpublish()
            self.log_change(request, article, "Unpublished")
        messages.success(
            request, "The selected articles are drafts again; readers no longer see them."
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("body", "cta_text"):
            field.widget.attrs["data-markdown-toolbar"] = db_field.name
        if db_field.name == "body":
            field.widget.attrs["data-preview-url"] = self.preview_url(request)
            field.widget.attrs["data-image-choices-url"] = reverse("admin:images_image_choices")
            field.widget.attrs["data-image-upload-url"] = reverse("admin:images_image_add")
            field.widget.attrs.update(drop_target("marker"))
            # Said here, not in the model's help_text, which would need a migration.
            field.help_text += (
                " A line [[image:slug]] places an image from the library (the Image button "
                "chooses one)."
            )
            field.widget.attrs["rows"] = 30
        if db_field.name == "lead_image":
            # The autocomplete select, inside the admin's add/change-links wrapper.
            field.widget.widget.attrs.update(drop_target("select"))
        return field

    def preview_url(self, request):
        """The preview of this form: of the article it edits, or of a new one."""
        match = request.resolver_match if request else None
        object_id = match.kwargs.get("object_id") if match else None
        if object_id:
            return reverse("admin:articles_article_preview", args=[object_id])
        return reverse("admin:articles_article_preview")

    def get_urls(self):
        return [
            path(
                "preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/review-link/",
                self.admin_site.admin_view(self.review_link_view),
                name="articles_article_review_link",
            ),
            path(
                "queue/",
                self.admin_site.admin_view(self.queue_view),
                name="articles_article_queue",
            ),
            path(
                "<path:object_id>/clinical-review/",
                self.admin_site.admin_view(self.clinical_review_view),
                name="articles_article_clinical_review",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id=None):
        """The posted change form as the public page would show it, and what a save would
        refuse in it (admin_preview). Saves nothing."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404("No such article.")
        # Rendering costs CPU: only those who may write this article get it.
        allowed = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        return JsonResponse(admin_preview.preview(self, request, obj))

    def review_link_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        form = ReviewLinkForm(request.POST or None)
        link = expires = None
        if request.method == "POST" and form.is_valid():
            days = form.cleaned_data["days"]
            path_, expires = review_links.create(article, days=days)
            link = request.build_absolute_uri(path_)
            # Who showed a draft outside the site, and until when.
            self.log_change(request, article, f"Created a review link valid for {days} day(s)")
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review link: {article}",
            "subtitle": None,
            "opts": self.opts,
            "original": article,
            "form": form,
            "link": link,
            "expires": expires,
        }
        response = TemplateResponse(request, "admin/articles/article/review_link.html", context)
        response["Cache-Control"] = "no-store"
        return response


def _shown(field):
    return "publish_time" if field == "published_at" else field
