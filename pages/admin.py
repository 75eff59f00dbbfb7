from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from core import permissions
from core.admin_layout import zoned_time
from core.admin_mixins import RevisionAdminMixin, VersionedModelForm

from .models import SitePage


class SitePageAdminForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = SitePage
        fields = ["title", "slug", "summary", "status", "published_at", "body"]


@admin.register(SitePage)
class SitePageAdmin(RevisionAdminMixin, admin.ModelAdmin):
    """Site pages change what every reader sees: status and publish time, and any change to
    a published page, are for those with publish_sitepage (core.permissions)."""

    form = SitePageAdminForm
    list_display = ["title", "slug", "status_column", "last_saved"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["last_saved", "body_html"]
    fields = [
        "title",
        "slug",
        "summary",
        "status",
        "published_at",
        "body",
        "loaded_version",
        "last_saved",
        "body_html",
    ]
    actions = ["publish", "unpublish"]
    last_saved = zoned_time("updated_at", "last saved")

    class Media:
        js = ["js/admin_editor.js"]  # the markdown toolbar the article body has
        css = {"all": ["css/admin_editor.css"]}

    @admin.display(description="status", ordering="status")
    def status_column(self, page):
        return page.status_label

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

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request, obj):
            fields += ["status", "published_at"]  # what readers see is the publisher's call
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            field.widget.attrs["data-markdown-toolbar"] = "document"
        return field

    @admin.action(description="Publish the selected site pages", permissions=["publish"])
    def publish(self, request, queryset):
        published = 0
        for page in queryset.exclude(status=SitePage.Status.PUBLISHED):
            try:
                page.publish()
            except ValidationError as error:
                messages.error(request, f"“{page}” was not published: {' '.join(error.messages)}")
                continue
            self.log_change(request, page, page.status_label)
            published += 1
        if published:
            messages.success(request, f"Published {published} site page(s).")

    @admin.action(
        description="Unpublish the selected site pages (back to draft)", permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        for page in queryset.filter(status=SitePage.Status.PUBLISHED):
            page.unpublish()
            self.log_change(request, page, "Unpublished")
        messages.success(request, "The selected site pages are drafts again.")
