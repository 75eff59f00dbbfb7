from django.contrib import admin

from core.admin_mixins import RevisionAdminMixin, VersionedModelForm

from .models import Person


class PersonAdminForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = Person
        fields = ["name", "slug", "credentials", "photo", "bio", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:  # only staff sign in to the admin, where sign-offs are made
            users = self.fields["user"].queryset
            self.fields["user"].queryset = users.filter(is_staff=True, is_active=True)


@admin.register(Person)
class PersonAdmin(RevisionAdminMixin, admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["name", "credentials", "slug"]
    search_fields = ["name", "credentials", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["bio_html"]
    fields = [
        "name",
        "slug",
        "credentials",
        "photo",
        "bio",
        "user",
        "loaded_version",
        "bio_html",
    ]
    autocomplete_fields = ["photo"]
