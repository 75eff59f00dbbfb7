from django.views.generic import TemplateView

from core import seo

from .directory import directory


class HelpView(seo.PageMixin, TemplateView):
    """/help/: every country's crisis and domestic-abuse lines, one tap from every page."""

    template_name = "helplines/help.html"
    page_title = "Get help now"
    page_description = (
        "Free, confidential crisis and domestic-abuse help lines, country by country, and "
        "how to find one anywhere else."
    )

    def get_breadcrumbs(self):
        return [seo.Crumb(self.page_title, self.request.path)]

    def get_context_data(self, **kwargs):
        found = directory()
        return super().get_context_data(
            directory=found, emergency=found.emergency_numbers(), **kwargs
        )
