from django.contrib import admin

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "slug"]
    search_fields = ["name", "credentials", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["bio_html"]
