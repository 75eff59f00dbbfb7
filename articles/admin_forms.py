"""The article forms of the admin: an editor's mistake is a form error, never a traceback."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from therapyexplained import content_checks, markup
from therapyexplained.admin_mixins import VersionedModelForm

from .models import Article, Checklist, ChecklistItem


def link_problem(html, visible_at, extra_paths=()):
    """A form error for links that readers would find broken, listing them by URL."""
    paths = content_checks.internal_paths(html) + list(extra_paths)
    missing = content_checks.missing_pages(paths, visible_at)
    if missing:
        return "These links lead to pages that do not exist or are not published: " + ", ".join(
            missing
        )
    return None


class ArticleAdminForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = Article
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body", "")
        for problem in content_checks.marker_problems(body, available=None):
            self.add_error("body", problem[0].upper() + problem[1:] + ".")
        html = markup.render_document(body).html
        if missing_alt := content_checks.images_without_alt(html):
            self.add_error(
                "body",
                "Every image needs alt text describing it, e.g. ![A therapist's office](/x.jpg). "
                "Missing for: " + ", ".join(missing_alt),
            )
        if self.instance.pk and any(a.pk == self.instance.pk for a in cleaned.get("related", [])):
            self.add_error("related", "An article cannot be related to itself.")
        if bool(cleaned.get("reviewer")) != bool(cleaned.get("reviewed_on")):
            self.add_error("reviewed_on", "A clinical reviewer and the review date go together.")
        url = cleaned.get("cta_button_url", "")
        if (
            url
            and not (url.startswith("/") and not url.startswith("//"))
            and not (url.startswith("https://"))
        ):
            self.add_error(
                "cta_button_url", "Use a site path such as /treatments/ or an https URL."
            )
        if (
            self.instance.pk
            and "status" in self.changed_data
            and "published_at" not in self.changed_data
            and cleaned.get("status") == Article.Status.PUBLISHED
            and cleaned.get("published_at")
            and cleaned["published_at"] < timezone.now()
        ):
            # Publishing a draft now: its untouched publish time is when it was started,
            # which would backdate it in lists and feeds.
            cleaned["published_at"] = timezone.now()
        if cleaned.get("status") == "published" and cleaned.get("published_at"):
            visible_at = max(cleaned["published_at"], timezone.now())
            if problem := link_problem(html, visible_at):
                self.add_error("body", problem)
            cta_paths = [url] if url.startswith("/") else []
            cta_html = markup.render_markdown(cleaned.get("cta_text", ""))
            if problem := link_problem(cta_html, visible_at, cta_paths):
                self.add_error("cta_text", problem)
        return cleaned


class ParentBodyFormSet(BaseInlineFormSet):
    """An inline formset that checks itself against the article body posted with it."""

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]

    def posted_body(self):
        return self.data.get("body", "")


class EmbedFormSet(ParentBodyFormSet):
    """The data an embed marker shows: a [[marker]] needs at least one row of it."""

    embed = ""

    def clean(self):
        super().clean()
        if self.embed in markup.embed_markers(self.posted_body()) and not self.kept_forms():
            raise ValidationError(
                f"The body places [[{self.embed}]] but there is no {self.embed} to show. "
                f"Add one here, or remove the [[{self.embed}]] line from the body."
            )


class ChecklistFormSet(EmbedFormSet):
    embed = "checklist"


class ComparisonRowFormSet(EmbedFormSet):
    embed = "comparison"


class TimelineStepFormSet(EmbedFormSet):
    embed = "timeline"


class SourceFormSet(ParentBodyFormSet):
    def clean(self):
        super().clean()
        html = markup.render_document(self.posted_body()).html
        count = len(self.kept_forms())
        if uncited := content_checks.undefined_citations(html, count):
            raise ValidationError(
                f"The body cites [{uncited[0]}] but the article lists {count} source(s). "
                "Add the source, or correct the number."
            )


class FAQFormSet(ParentBodyFormSet):
    def clean(self):
        super().clean()
        if self.data.get("status") != "published":
            return
        for form in self.kept_forms():
            html = markup.render_markdown(form.cleaned_data.get("answer", ""))
            if problem := link_problem(html, timezone.now()):
                form.add_error("answer", problem)


class ChecklistItemFormSet(ParentBodyFormSet):
    def clean(self):
        super().clean()
        if not self.kept_forms():
            raise ValidationError("A checklist needs at least one item.")


class SourceForm(forms.ModelForm):
    def clean_url(self):
        url = self.cleaned_data["url"]
        if url and not url.startswith("https://"):
            raise ValidationError("Use an https address.")
        return url


class ComparisonRowForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modality"].error_messages["required"] = (
            "Choose the therapy this row describes."
        )


class ChecklistInlineForm(forms.ModelForm):
    """The checklist with its items as one list, one per line, in order."""

    items_text = forms.CharField(
        label="Items",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One item per line, in the order readers see them.",
        error_messages={"required": "A checklist needs at least one item, one per line."},
    )

    class Meta:
        model = Checklist
        fields = ["title", "note", "items_text", "interpretation", "threshold"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["items_text"].initial = "\n".join(
                self.instance.items.values_list("text", flat=True)
            )

    def clean_items_text(self):
        lines = [line.strip() for line in self.cleaned_data["items_text"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise ValidationError("A checklist needs at least one item, one per line.")
        limit = ChecklistItem._meta.get_field("text").max_length
        if too_long := [line for line in lines if len(line) > limit]:
            raise ValidationError(f"Items may be {limit} characters long at most: {too_long[0]}")
        return lines

    def save(self, commit=True):
        checklist = super().save(commit=commit)
        if commit:
            self.save_items(checklist)
        return checklist

    def save_items(self, checklist):
        """Update the items in place, so each keeps its history."""
        lines = self.cleaned_data["items_text"]
        existing = list(checklist.items.all())
        for order, text in enumerate(lines):
            item = existing[order] if order < len(existing) else ChecklistItem(checklist=checklist)
            if item.pk is None or (item.text, item.order) != (text, order):
                item.text, item.order = text, order
                item.save()
        for item in existing[len(lines) :]:
            item.delete()
