from django import template

from ..crisis import is_crisis_query
from ..directory import directory

register = template.Library()


@register.inclusion_tag("helplines/includes/chooser.html")
def help_lines(kind, place):
    """The lines of one kind for the reader's country: every country is in the HTML (the page
    is the same for everyone, so it can be cached) and helplines.js shows the one they chose.
    Without JavaScript, the international lines show. `place` keeps the control's id unique."""
    found = directory()
    return {
        "kind": kind,
        "place": place,
        "countries": [
            {"country": entry.country, "lines": entry.of_kind(kind)}
            for entry in found.with_kind(kind)
        ],
        "international": found.international.of_kind(kind),
        "emergency": found.emergency_numbers(),
    }


@register.inclusion_tag("helplines/includes/crisis_search.html")
def crisis_help_for(query_text):
    """For a search that reads as someone in crisis: the crisis lines, before any results."""
    return {"show": is_crisis_query(query_text)}


@register.filter
def is_crisis(query_text):
    return is_crisis_query(query_text)
