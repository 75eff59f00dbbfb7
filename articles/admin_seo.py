"""The article form's "Search and sharing" fieldset: how the page shows in a search result
and as a shared link, previewed from what the form holds (static/js/admin_seo.js keeps the
preview in step with typing; this renders it first, so it works without the script)."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse

from core import seo

FIELDSET = (
    "Search and sharing",
    {"fields": ["seo_title", "meta_description", "search_preview"]},
)


class SearchAndSharingMixin:
    """The fieldset's widgets and read-only preview, for ArticleAdmin."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "meta_description":  # a sentence or two: a box, not a line
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Preview")
    def search_preview(self, article):
        title = article.search_title
        list_path = reverse("articles:list")
        context = {
            "host": urlsplit(settings.SITE_URL).netloc,
            "list_path": list_path,
            "path": list_path + (f"{article.slug}/" if article.slug else ""),
            "title": seo.shortened(seo.titled(title), seo.SEARCH_TITLE_LENGTH) if title else "",
            "title_suffix": seo.titled(""),
            "social_title": title,
            "description": seo.shortened(article.search_description, seo.SEARCH_DESCRIPTION_LENGTH),
            "title_limit": seo.SEARCH_TITLE_LENGTH,
            "description_limit": seo.SEARCH_DESCRIPTION_LENGTH,
        }
        return render_to_string("admin/articles/article/search_preview.html", context)
