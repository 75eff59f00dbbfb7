from django.contrib import admin

from .models import FAQ


@admin.register(FAQ)
class FAQAdmin(admin.ModelAdmin):
    list_display = ["question", "article", "order"]
    list_filter = ["article"]
    search_fields = ["question", "answer"]
    readonly_fields = ["answer_html"]
