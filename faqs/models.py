from django.db import models
from simple_history.models import HistoricalRecords

from articles.parts import PartOfArticle
from core import markup
from core.models import MarkdownModel, Rendered
from core.search_fields import SearchableManager, SearchVectorField


class FAQ(PartOfArticle, MarkdownModel):
    """A question and its answer, shown on its article and on /faq/."""

    markdown_fields = (Rendered("answer", "answer_html", "answer_text"),)

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown.")
    answer_html = models.TextField(editable=False, default="")
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    answer_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField()
    history = HistoricalRecords(excluded_fields=["answer_html", "answer_text", "search_vector"])

    # Below a guide's title: a guide on the subject comes before one of its questions.
    SEARCH_WEIGHTS = {"question": "B", "answer_text": "C"}
    SEARCH_ONLY_FIELDS = ("answer_text", "search_vector")

    objects = SearchableManager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question

    def visible_at(self):
        """An answer's links must hold from when its article is public."""
        # The article may be unsaved yet (an FAQ added with it on the add form).
        article = getattr(self, "article", None)
        return article.visible_at() if article is not None else None

    @property
    def answer_safe(self):
        return markup.stored(self.answer_html)
