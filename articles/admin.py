from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from faqs.models import FAQ
from modalities.models import ComparisonRow

from .models import Article, Checklist, ChecklistItem, TimelineStep


class ComparisonRowInline(admin.TabularInline):
    model = ComparisonRow
    extra = 0
    autocomplete_fields = ["modality"]


class TimelineStepInline(admin.TabularInline):
    model = TimelineStep
    extra = 0


class FAQInline(admin.StackedInline):
    model = FAQ
    extra = 0
    readonly_fields = ["answer_html"]


class ChecklistInline(admin.StackedInline):
    model = Checklist
    extra = 0
    fields = ["title", "note", "interpretation", "threshold", "items_link"]
    readonly_fields = ["items_link"]

    @admin.display(description="Items")
    def items_link(self, checklist):
        if not checklist.pk:
            return "Save the checklist first, then add its items."
        url = reverse("admin:articles_checklist_change", args=[checklist.pk])
        return format_html('<a href="{}">Edit the {} items</a>', url, checklist.items.count())


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "reading_minutes", "updated_at"]
    list_filter = ["status", "topics", "published_at"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    filter_horizontal = ["topics", "related"]
    readonly_fields = ["reading_minutes", "updated_at", "body_html", "toc_html"]
    inlines = [ChecklistInline, ComparisonRowInline, TimelineStepInline, FAQInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "author", "status", "published_at"]}),
        ("Body", {"fields": ["body", "comparison_title"]}),
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


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["title", "article", "threshold"]
    search_fields = ["title", "article__title"]
    inlines = [ChecklistItemInline]
