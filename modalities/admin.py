from django.contrib import admin

from articles.admin import SourceInline as ArticleSourceInline
from articles.admin_forms import SourceFormSet
from core.admin_layout import zoned_time
from core.admin_mixins import RevisionAdminMixin, VersionedModelForm

from .models import Modality, Source

DATES = ["checked_on", "updated_on", "next_review_due"]


class ModalityAdminForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = Modality
        fields = [
            "name", "short_name", "slug", "summary", "body", "abuse_help", "order", "topics",
            *DATES,
        ]  # fmt: skip


class ModalitySourceFormSet(SourceFormSet):
    page = "therapy page"


class SourceInline(ArticleSourceInline):
    """The page's numbered sources, sortable as an article's are."""

    model = Source
    formset = ModalitySourceFormSet


@admin.register(Modality)
class ModalityAdmin(RevisionAdminMixin, admin.ModelAdmin):
    form = ModalityAdminForm
    list_display = ["name", "short_name", "slug", "order", "last_saved"]
    list_editable = ["order"]
    search_fields = ["name", "short_name", "summary", "body"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["topics"]
    inlines = [SourceInline]
    readonly_fields = ["body_html", "last_saved"]
    last_saved = zoned_time("updated_at", "last saved")
    fields = [
        "name",
        "short_name",
        "slug",
        "summary",
        "body",
        "abuse_help",
        "order",
        "topics",
        *DATES,
        "loaded_version",
        "body_html",
    ]

    class Media:
        js = ["js/admin_editor.js"]  # the markdown toolbar the article body has
        css = {"all": ["css/admin_editor.css"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            field.widget.attrs["data-markdown-toolbar"] = "document"
        return field
