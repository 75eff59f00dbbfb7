from django import template

from core.admin_errors import error_summary

register = template.Library()


@register.inclusion_tag("admin/includes/error_summary.html")
def admin_error_summary(adminform, inline_admin_formsets):
    return {"errors": error_summary(adminform, inline_admin_formsets)}
