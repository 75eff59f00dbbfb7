"""How a ModelAdmin shows its fields, beyond what its options say."""

from django.contrib import admin

from .models import local_time_label


class FieldsWithInlinesMixin:
    """Fields of the object's form that an inline's template shows beside its rows (a
    table's title with the table's rows) instead of a fieldset.

    The admin builds its form from the fieldsets only; these are added to it, so they are
    still checked, saved and listed among the errors.
    """

    fields_with_inlines = ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        fields = kwargs.get("fields")
        editable = self.has_change_permission(request, obj) if obj else True
        if fields is not None and editable:
            kwargs["fields"] = [*fields, *(f for f in self.fields_with_inlines if f not in fields)]
        return super().get_form(request, obj, change, **kwargs)


def zoned_time(name, description):
    """A ModelAdmin method showing the time in field `name` as editors read it: in the
    site's zone, naming it. For list columns and read-only fields."""

    @admin.display(description=description, ordering=name)
    def show(self, obj):
        moment = getattr(obj, name)
        return local_time_label(moment) if moment else "—"

    return show
