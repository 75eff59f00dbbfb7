from django.contrib import admin

from core.admin_mixins import RevisionAdminMixin, VersionedModelForm

from .models import Person


class PersonAdminForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = Person
        fields = ["name", "slug", "credentials", "bio"]


@admin.register(Person)
class PersonAdmin(RevisionAdminMixin, admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["name", "credentials", "slug"]
    search_fields = ["name", "credentials", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["bio_html"]
    fields = ["name", "slug", "credentials", "bio", "loaded_version", "bio_html"]
