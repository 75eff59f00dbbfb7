from django.contrib import admin

from .models import Modality


@admin.register(Modality)
class ModalityAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "order", "updated_at"]
    list_editable = ["order"]
    search_fields = ["name", "short_name", "summary", "body"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["topics"]
    readonly_fields = ["body_html", "updated_at"]
