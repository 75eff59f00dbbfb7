"""Admin building blocks shared by the content apps: optimistic locking and revisions."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from . import markup, permissions, revisions


class MarkdownSourceField(forms.CharField):
    """A markdown body as content files store it: LF line endings, one final newline.

    Browsers post CRLF; normalizing keeps an unchanged body unchanged.
    """

    def to_python(self, value):
        return markup.normalize_source(super().to_python(value))


class VersionedModelForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened (optimistic locking).

    The form carries the version it was opened at; every save raises the version.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        field_classes = {"body": MarkdownSourceField, "bio": MarkdownSourceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        model = type(self.instance)
        # Locked until the admin's transaction ends, so two saves cannot both pass.
        current = (
            model._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current is not None and cleaned.get("loaded_version") != current:
            latest = self.instance.history.select_related("history_user").first()
            who = ""
            if latest:
                when = timezone.localtime(latest.history_date).strftime("%H:%M on %d %b %Y")
                who = f" ({latest.history_user or 'someone'} saved it at {when})"
            raise ValidationError(
                f"This {model._meta.verbose_name} was changed by someone else after you opened "
                f"it{who}. Your changes have not been saved, so theirs are kept. Open it again "
                "in a new tab to see the current version, then re-apply your edits there.",
                code="stale",
            )
        return cleaned


class RevisionAdminMixin:
    """Revision history with compare and restore, replacing the admin's History page.

    revision_children lists the inline children (revisions.Children) restored with a revision.
    """

    revision_children = ()

    def save_model(self, request, obj, form, change):
        # The revision is recorded in save_related, once the inlines are saved too;
        # what it changed is read by comparing the saved versions, not the form.
        if change:
            saved = type(obj)._default_manager.get(pk=obj.pk)
            obj._revision_before = revisions.snapshot(saved, self.revision_children)
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        del obj.skip_history_when_saving
        if not change:
            reason = self.revision_reason(request, obj, "Created")
            revisions.record(obj, user=request.user, reason=reason, created=True)
            return
        after = revisions.snapshot(obj, self.revision_children)
        changed = [_lower_first(c.label) for c in revisions.compare(obj._revision_before, after)]
        # Many-to-many choices (topics, related posts) are not in the snapshot: the form says.
        changed += [
            str(form.fields[name].label or name).lower()
            for name in form.changed_data
            if name in {f.name for f in obj._meta.many_to_many}
        ]
        reason = ("Changed " + ", ".join(changed)) if changed else "Saved without changes"
        revisions.record(obj, user=request.user, reason=self.revision_reason(request, obj, reason))

    def revision_reason(self, request, obj, reason):
        """The reason a save's revision gives: what it changed. A step of a workflow the save
        took (submitting for review) is named by the admin that knows it."""
        return reason

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/history/<int:history_id>/",
                self.admin_site.admin_view(self.revision_view),
                name="{}_{}_revision".format(*info),
            ),
            *super().get_urls(),
        ]

    def _revision_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self._revision_object(request, object_id)
        records = list(obj.history.select_related("history_user").order_by("-history_date"))
        rows = [
            {"record": record, "previous": records[i + 1] if i + 1 < len(records) else None}
            for i, record in enumerate(records)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revisions: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "rows": rows,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/revisions/history.html", context)

    def revision_view(self, request, object_id, history_id):
        obj = self._revision_object(request, object_id)
        record = get_object_or_404(obj.history, history_id=history_id)
        tree = self.revision_children
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        consequences = revisions.restore_consequences(obj, record)
        if request.method == "POST":
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            if revisions.changes_publication(obj, record) and not permissions.may_publish(
                request.user, self.model
            ):
                messages.error(
                    request,
                    "Restoring this version would change when readers see the page (its status "
                    "or publish time), which needs the permission to publish and unpublish.",
                )
                return HttpResponseRedirect(request.path)
            try:
                revisions.check_restorable(obj, record, tree)
                if consequences and not request.POST.get("confirm"):
                    messages.error(request, "Confirm that you mean it: " + consequences[0])
                    return HttpResponseRedirect(request.path)
                revisions.restore(obj, record, tree, user=request.user)
            except revisions.RestoreError as problem:
                messages.error(request, f"This version cannot be restored: {problem}")
                return HttpResponseRedirect(request.path)
            when = timezone.localtime(record.history_date).strftime("%d %b %Y %H:%M")
            self.log_change(request, obj, f"Restored the version of {when}")
            messages.success(request, f"Restored the version of {when}.")
            return HttpResponseRedirect(change_url)
        against_id = request.GET.get("against")
        against = obj.history.filter(history_id=against_id).first() if against_id else None
        if against is None:
            old, new = (
                revisions.snapshot(record, tree, record.history_date),
                revisions.snapshot(obj, tree),
            )
            against_label = "the current version"
        else:
            old = revisions.snapshot(against, tree, against.history_date)
            new = revisions.snapshot(record, tree, record.history_date)
            against_label = f"the version of {against.history_date:%d %b %Y %H:%M}"
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revision of {record.history_date:%d %b %Y %H:%M}: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "record": record,
            "against": against,
            "against_label": against_label,
            "changes": revisions.compare(old, new),
            "can_restore": self.has_change_permission(request, obj),
            "consequences": consequences,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/revisions/revision.html", context)


def _lower_first(label):
    """ "Title" -> "title", as in a sentence; "FAQs" stays as it is."""
    return ": ".join(
        part[:1].lower() + part[1:] if part[1:2].islower() else part for part in label.split(": ")
    )
