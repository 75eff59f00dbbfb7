"""Admin building blocks shared by the content apps: optimistic locking and revisions."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from . import markup, permissions, presence, revisions, stale_edits
from .models import local_time_label

PRESENCE_TAB = "_presence_tab"


class MarkdownSourceField(forms.CharField):
    """A markdown body as content files store it: LF line endings, one final newline.

    Browsers post CRLF; normalizing keeps an unchanged body unchanged.
    """

    def to_python(self, value):
        return markup.normalize_source(super().to_python(value))


class VersionedModelForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened (optimistic locking),
    and lets the editor apply their changes on top (see stale_edits).

    The form carries the version it was opened at and the revision it showed; every
    save raises the version. `revision_children` (set by RevisionAdminMixin) is what
    the diff of a refused save covers besides the fields.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    loaded_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    revision_children = ()
    stale = None  # a stale_edits.StaleEdit once a save was refused

    class Meta:
        field_classes = {"body": MarkdownSourceField, "bio": MarkdownSourceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version
        if self.instance.pk is not None and not self.is_bound:
            latest = self.instance.history.values_list("history_id", flat=True).first()
            self.fields["loaded_revision"].initial = latest

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None:
            return cleaned
        model = type(self.instance)
        # Locked until the admin's transaction ends, so two saves cannot both pass.
        current = model._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if current is None or cleaned.get("loaded_version") == current.version:
            return cleaned
        base_id = cleaned.get("loaded_revision")
        base = self.instance.history.filter(history_id=base_id).first() if base_id else None
        self.stale = stale_edits.describe(self, current, base, self.revision_children)
        merged = dict(cleaned)  # shown before applying, so the editor sees the conflicts
        taken = stale_edits.merge(self, merged, current, base, self.stale)
        noun = model._meta.verbose_name
        if not stale_edits.applying(self):
            raise ValidationError(
                f"This {noun} was changed by someone else after you opened it "
                f"({self.stale.saved_by} saved it at {self.stale.saved_at}). Your changes have "
                "not been saved, so theirs are kept. Nothing you typed is lost: see what they "
                "changed above, then apply your changes on top of theirs.",
                code="stale",
            )
        if self.data.get(stale_edits.THEIRS_VERSION) != str(current.version):
            raise ValidationError(
                f"This {noun} was saved again while you were comparing. See the latest "
                "changes above, then apply yours on top again.",
                code="stale",
            )
        if conflicts := stale_edits.unresolved(self.stale):
            labels = ", ".join(revisions.in_sentence(c.label) for c in conflicts)
            raise ValidationError(
                f"You both changed the {labels}: choose whose to keep above, then apply again.",
                code="conflict",
            )
        # What the form changes is now measured against their version.
        self.changed_data = [name for name in self.changed_data if name not in taken]
        return merged


class RevisionAdminMixin:
    """Revision history with compare and restore, replacing the admin's History page.

    revision_children lists the inline children (revisions.Children) restored with a revision.
    """

    revision_children = ()

    @property
    def change_form_template(self):
        # The model's own change form if it has one (it includes the editing notes),
        # otherwise one that adds them to the admin's.
        info = self.opts.app_label, self.opts.model_name
        return ["admin/{}/{}/change_form.html".format(*info), "admin/revisions/change_form.html"]

    @property
    def media(self):
        return super().media + forms.Media(
            css={"all": ["css/admin_editing.css"]}, js=["js/admin_presence.js"]
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.revision_children = self.revision_children  # what a stale save's diff covers
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and self.has_change_permission(request, obj):
            # A tab keeps its id across a refused save, so it is not "another tab".
            tab = request.POST.get(PRESENCE_TAB)
            tab = tab if presence.valid_tab(tab) else presence.new_tab()
            context["presence"] = {
                "tab": tab,
                "field": PRESENCE_TAB,
                "note": presence.beat(request.user, obj, tab),
                "seconds": presence.HEARTBEAT_SECONDS,
                "url": reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_presence", args=[obj.pk]
                ),
            }
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        tab = request.POST.get(PRESENCE_TAB)
        if presence.valid_tab(tab):
            # Saved: this page is left; the form it leads to, if any, registers anew.
            presence.leave(request.user, obj, tab)
        return response

    def presence_view(self, request, object_id):
        """The heartbeat of an open change form: renew (or, leaving, end) its presence."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        tab = request.POST.get("tab")
        if not presence.valid_tab(tab):
            return JsonResponse({"note": ""}, status=400)
        if request.POST.get("leave"):
            presence.leave(request.user, obj, tab)
            note = ""
        else:
            note = presence.beat(request.user, obj, tab)
        return JsonResponse({"note": note})  # admin_view marks it never cached

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
        changes = revisions.compare(obj._revision_before, after)
        changed = [revisions.in_sentence(change.label) for change in changes]
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
                "<path:object_id>/presence/",
                self.admin_site.admin_view(self.presence_view),
                name="{}_{}_presence".format(*info),
            ),
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
            return self._restore(request, obj, record, consequences, change_url)
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
            against_label = f"the version of {local_time_label(against.history_date)}"
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revision of {local_time_label(record.history_date)}: {obj}",
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

    def _restore(self, request, obj, record, consequences, change_url):
        """Restore on confirmation; first a page that says what restoring would change."""
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        tree = self.revision_children
        when = local_time_label(record.history_date)
        problem, status = None, 200
        if revisions.changes_publication(obj, record) and not permissions.may_publish(
            request.user, self.model
        ):
            problem, status = (
                "Restoring this version would change when readers see the page (its status "
                "or publish time), which needs the permission to publish and unpublish.",
                403,
            )
        else:
            try:
                revisions.check_restorable(obj, record, tree)
                if request.POST.get("confirm"):
                    revisions.restore(obj, record, tree, user=request.user)
                    self.log_change(request, obj, f"Restored the version of {when}")
                    messages.success(request, f"Restored the version of {when}.")
                    return HttpResponseRedirect(change_url)
            except revisions.RestoreError as error:
                problem = f"This version cannot be restored: {error}"
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restore the version of {when}?",
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "record": record,
            "when": when,
            "summary": revisions.restore_summary(obj, record, tree),
            "consequences": consequences,
            "problem": problem,
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/revisions/restore_confirm.html", context, status=status
        )
