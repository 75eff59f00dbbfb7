"""Where a ModelAdmin's form fields are shown, beyond its fieldsets."""


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
