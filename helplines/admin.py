"""Help lines in the admin. Django's own add/change/delete permissions decide who may edit
them; a save moves the content version, so cached pages show the change at once."""

from django.contrib import admin
from django.db import models

from .models import Country, HelpLine

LINE_FIELDS = ["kind", "service", "phone", "text_number", "text_message", "hours", "url", "notes"]


HTTPS_FIRST = {models.URLField: {"assume_scheme": "https"}}


class HelpLineInline(admin.StackedInline):
    model = HelpLine
    formfield_overrides = HTTPS_FIRST
    fields = [*LINE_FIELDS, "order"]
    extra = 0


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "emergency_number", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    inlines = [HelpLineInline]


@admin.register(HelpLine)
class HelpLineAdmin(admin.ModelAdmin):
    list_display = ["service", "country", "kind", "phone", "text_number", "hours"]
    list_filter = ["kind", "country"]
    list_select_related = ["country"]
    search_fields = ["service", "phone", "notes"]
    fields = ["country", *LINE_FIELDS, "order"]
    formfield_overrides = HTTPS_FIRST
