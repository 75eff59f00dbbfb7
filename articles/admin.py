import datetime

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
from core.admin_mixins import RevisionAdminMixin
from core.models import local_time_label
from core.revisions import Children

from . import admin_forms, admin_preview, review_links
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


class TimelineStepInline(admin.TabularInline):
    model = TimelineStep
    formset = admin_forms.TimelineStepFormSet
    fields = ["order", "title", "period", "text"]
    extra = 0


class SourceInline(admin.TabularInline):
    model = Source
    formset = admin_forms.SourceFormSet
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["order", "authors", "title", "publisher", "year", "url", "doi", "pmid"]
    extra = 0
    verbose_name_plural = "sources (the body cites them as [1], [2], … in this order)"


class ChecklistInline(admin.StackedInline):
    model = Checklist
    form = admin_forms.ChecklistInlineForm
    formset = admin_forms.ChecklistFormSet
    extra = 0


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("scheduled", "Scheduled"), ("live", "Published")]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Article.Status.PUBLISHED
        if self.value() == "draft":
            return queryset.exclude(status=published)
        if self.value() == "scheduled":
            return queryset.filter(status=published, published_at__gt=now)
        if self.value() == "live":
            return queryset.published()
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", "Due in the next 30 days"),
            ("unset", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(next_review_due__lt=today)
        if self.value() == "soon":
            soon = today + datetime.timedelta(days=30)
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
class ArticleAdmin(RevisionAdminMixin, admin.ModelAdmin):
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
    autocomplete_fields = ["author", "reviewer"]
    readonly_fields = ["publication", "reading_minutes", "updated_at", "body_html", "toc_html"]
    # Apps that add parts of their own (faqs) append their inline from their AppConfig.
    inlines = [ChecklistInline, ComparisonRowInline, TimelineStepInline, SourceInline]
    actions = ["publish", "schedule", "unpublish"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "publication",
                    "status",
                    "published_at",
                    "loaded_version",
                ]
            },
        ),
        ("Body", {"fields": ["body", "comparison_title"]}),
        (
            "Authorship and clinical review",
            {"fields": ["author", "reviewer", "reviewed_on", "next_review_due", "updated_on"]},
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
                "fields": ["reading_minutes", "updated_at", "toc_html", "body_html"],
            },
        ),
    ]

    class Media:
        js = ["js/admin_editor.js", "js/admin_preview.js"]
        css = {"all": ["css/admin_preview.css", "css/admin_editor.css"]}

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

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            fields += ["status", "published_at"]  # what readers see is the publisher's call
        return fields

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
            field.widget.attrs["rows"] = 30
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
