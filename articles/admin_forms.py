"""The article forms of the admin: an editor's mistake is a form error, never a traceback."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from core import checks, embeds, markup, render_limits
from core.admin_mixins import VersionedModelForm

from .models import EMBEDS, Article, Checklist, ChecklistItem


class ArticleAdminForm(VersionedModelForm):
    """The article's own fields; the model's clean() holds the content checks."""

    class Meta(VersionedModelForm.Meta):
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "published_at" in self.fields:  # read-only without the publish permission
            self.fields["published_at"].help_text += f" {zone_note()}"

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and any(a.pk == self.instance.pk for a in cleaned.get("related", [])):
            self.add_error("related", "An article cannot be related to itself.")
        if (
            "status" in self.changed_data
            and cleaned.get("status") == Article.Status.PUBLISHED
            and cleaned.get("published_at")
            and "published_at" not in self.changed_data
        ):
            # Publishing from the form follows the publish rule: an untouched, past
            # publish time is when the draft was started, so it becomes now.
            cleaned["published_at"] = Article.publish_time(cleaned["published_at"])
        return cleaned


def zone_note():
    """Which zone the admin's times are in, named as editors know it."""
    return f"Times are {settings.TIME_ZONE} time ({timezone.localtime():%Z} now)."


class ScheduleForm(forms.Form):
    """The "Schedule" action's one question: when the selected articles go live."""

    at = forms.DateTimeField(
        label="Publish at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].help_text = zone_note()

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at <= timezone.now():
            raise ValidationError("Choose a time in the future; to publish now, use “Publish”.")
        return at


class ParentBodyFormSet(BaseInlineFormSet):
    """An inline formset that checks itself against the article body posted with it."""

    def kept_forms(self):
        return [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]

    def posted_body(self):
        # As the body field reads it: browsers post CRLF, and a marker line ends at LF.
        return markup.normalize_source(self.data.get("body", ""))


class EmbedFormSet(ParentBodyFormSet):
    """The data an embed marker shows: a [[marker]] needs at least one row of it."""

    embed = ""

    def clean(self):
        super().clean()
        if self.embed in embeds.markers(self.posted_body()):
            available = dict.fromkeys(EMBEDS, True) | {self.embed: bool(self.kept_forms())}
            problems = checks.marker_problems(self.posted_body(), EMBEDS, available)
            if problems:
                raise ValidationError(problems[0])


class ChecklistFormSet(EmbedFormSet):
    embed = "checklist"


class ComparisonRowFormSet(EmbedFormSet):
    embed = "comparison"


class TimelineStepFormSet(EmbedFormSet):
    embed = "timeline"


class SourceFormSet(ParentBodyFormSet):
    """The sources posted with a body: every [n] the body cites is one of them."""

    page = "article"  # as the message names the page

    def clean(self):
        super().clean()
        try:
            html = markup.render_document(self.posted_body()).html
        except render_limits.Unrenderable:
            return  # the body's own field error says why
        if problems := checks.citation_problems(html, len(self.kept_forms()), self.page):
            raise ValidationError(problems)


class ComparisonRowForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modality"].label = "Therapy"  # as the site says
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

    def posted_items(self):
        """The items as typed, unsaved: what the preview shows."""
        lines = self.cleaned_data.get("items_text") or []
        return [ChecklistItem(text=text, order=order) for order, text in enumerate(lines)]

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
