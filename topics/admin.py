from django.contrib import admin

from core.admin_mixins import RevisionAdminMixin, VersionedModelForm

from .models import Topic


class TopicAdminForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = Topic
        fields = ["name", "slug", "summary", "body", "order"]


@admin.register(Topic)
class TopicAdmin(RevisionAdminMixin, admin.ModelAdmin):
    form = TopicAdminForm
    list_display = ["name", "slug", "order", "updated_at"]
    list_editable = ["order"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["body_html", "updated_at"]
    fields = ["name", "slug", "summary", "body", "order", "loaded_version", "body_html"]
