"""One list of everything that stopped an admin save, for the summary at the top of the form.

The admin shows each error beside its field, and an inline's errors beside that inline,
which can be thousands of pixels below the banner. The summary names each error with its
field and links to it, so an editor sees every problem at once and can go to each.
"""

from dataclasses import dataclass

from django.forms.utils import pretty_name


@dataclass(frozen=True)
class FormError:
    where: str  # "Title", "Source 2: URL"; empty for an error about the whole form
    message: str
    target: str  # the id of the element to go to; empty when there is none


def error_summary(adminform, inline_admin_formsets):
    """Every error of a refused save, in the order the form shows its fields."""
    form = adminform.form
    found = [FormError("", str(message), "") for message in form.non_field_errors()]
    found += _field_errors(form, "")
    for inline in inline_admin_formsets:
        found += _formset_errors(inline)
    return found


def _field_errors(form, where):
    found = []
    for name, messages in form.errors.items():
        if name not in form.fields:  # "__all__": the form's own errors, listed first
            continue
        field = form[name]
        label = f"{where}: {field.label}" if where else str(field.label)
        found += [FormError(label, str(message), field.auto_id or "") for message in messages]
    return found


def _formset_errors(inline):
    formset = inline.formset
    group = f"{formset.prefix}-group"  # the id the admin's inline templates give the group
    plural = pretty_name(str(inline.opts.verbose_name_plural))
    singular = pretty_name(str(inline.opts.verbose_name))
    found = [FormError(plural, str(message), group) for message in formset.non_form_errors()]
    for number, form in enumerate(formset.forms, 1):
        if not form.errors or (formset.can_delete and formset._should_delete_form(form)):
            continue  # a row marked for deletion is not saved, so its errors do not matter
        row = f"{singular} {number}" if len(formset.forms) > 1 else singular
        row_id = f"{formset.prefix}-{number - 1}"  # the admin's id for the row
        found += [FormError(row, str(message), row_id) for message in form.non_field_errors()]
        found += _field_errors(form, row)
    return found
