"""FAQs are edited with their article: an inline on the article form.

There is no standalone FAQ admin, so an answer is always saved through the
article's form, with its checks, revision and lock.
"""

from django.contrib import admin

from articles.admin import ARTICLE_CHILDREN, ArticleAdmin
from core.revisions import Children

from .models import FAQ


class FAQInline(admin.StackedInline):
    model = FAQ
    fields = ["order", "question", "answer"]
    extra = 0


# faqs depends on articles, never the reverse: it adds its part to the article's form
# and to the revisions restored with an article.
ArticleAdmin.inlines = [*ArticleAdmin.inlines[:3], FAQInline, *ArticleAdmin.inlines[3:]]
ARTICLE_CHILDREN.insert(3, Children(FAQ, "article"))
