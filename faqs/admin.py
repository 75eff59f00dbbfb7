from django.contrib import admin

from therapyexplained.admin_mixins import RevisionAdminMixin

from .models import FAQ


@admin.register(FAQ)
class FAQAdmin(RevisionAdminMixin, admin.ModelAdmin):
    list_display = ["question", "article", "order"]
    list_filter = ["article"]
    search_fields = ["question", "answer"]
    readonly_fields = ["answer_html"]
