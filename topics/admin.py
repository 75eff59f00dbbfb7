from django.contrib import admin

from core.admin_layout import zoned_time
from core.admin_mixins import RevisionAdminMixin, VersionedModelForm

from .models import Topic


class TopicAdminForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = Topic
        fields = ["name", "slug", "summary", "body", "order"]


@admin.register(Topic)
class TopicAdmin(RevisionAdminMixin, admin.ModelAdmin):
    form = TopicAdminForm
    list_display = ["name", "slug", "order", "last_saved"]
    list_editable = ["order"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["body_html", "last_saved"]
    last_saved = zoned_time("updated_at", "last saved")
    fields = ["name", "slug", "summary", "body", "order", "loaded_version", "body_html"]
