"""What machines read about a page: title, description, canonical URL, social
cards, breadcrumbs and JSON-LD structured data.

Views mix in PageMixin; base.html renders `meta`. Every URL given to machines
is SITE_URL + the page's path, so canonical links, sitemap entries and feed
entries agree.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString

from . import markup

SITE_DESCRIPTION = "Clear, clinically grounded guides to therapy and mental health."

# About as much of a page's title and description as a search result shows; the admin's
# counters and previews warn past them (static/js/admin_seo.js uses the same numbers).
SEARCH_TITLE_LENGTH = 60
SEARCH_DESCRIPTION_LENGTH = 155


def absolute(path):
    return settings.SITE_URL + path


@dataclass(frozen=True)
class ShareImage:
    """The picture a shared link shows (og:image): an absolute URL and its size."""

    url: str
    width: int
    height: int
    alt: str


def default_share_image():
    """The site's card (static/img/share-default.png, drawn by scripts/make_share_default.py)
    for a page without an image of its own."""
    url = static("img/share-default.png")
    return ShareImage(
        url if "://" in url else absolute(url),
        1200,
        630,
        f"{settings.SITE_NAME}: {SITE_DESCRIPTION}",
    )


@dataclass(frozen=True)
class Crumb:
    name: str
    path: str


@dataclass
class PageMeta:
    title: str  # without the site name; empty for the home page
    description: str
    path: str | None  # canonical path, None for pages that have no canonical form (404)
    breadcrumbs: list = field(default_factory=list)  # Home first, this page last
    og_type: str = "website"
    noindex: bool = False
    structured_data: list = field(default_factory=list)
    share_image: ShareImage | None = None

    @property
    def full_title(self):
        if not self.title:
            return f"{settings.SITE_NAME}: clear guides to therapy and mental health"
        return titled(self.title)

    @property
    def social_title(self):
        return self.title or settings.SITE_NAME

    @property
    def canonical_url(self):
        return absolute(self.path) if self.path is not None else ""

    @property
    def json_ld(self):
        if self.path is None:  # not a real page: nothing for machines to describe
            return SafeString()
        data = list(self.structured_data)
        if len(self.breadcrumbs) > 1:
            data.append(breadcrumb_list(self.breadcrumbs))
        return SafeString("".join(markup.json_ld(item) for item in data))


class PageMixin:
    """Builds `meta` for base.html from a few per-view hooks."""

    page_title = ""
    page_description = SITE_DESCRIPTION
    og_type = "website"
    noindex = False

    def get_page_title(self):
        return self.page_title

    def get_page_description(self):
        return self.page_description

    def get_breadcrumbs(self):
        """The trail after Home, ending with this page."""
        return []

    def get_structured_data(self):
        return []

    def get_share_image(self):
        return default_share_image()

    def get_canonical_path(self, page_number):
        path = self.request.path
        return f"{path}?page={page_number}" if page_number > 1 else path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        number = page.number if page is not None else 1
        title = self.get_page_title()
        if number > 1:
            title = f"{title} (page {number})"
        context["meta"] = PageMeta(
            title=title,
            description=self.get_page_description(),
            path=self.get_canonical_path(number),
            breadcrumbs=home_trail(self.get_breadcrumbs()),
            og_type=self.og_type,
            noindex=self.noindex,
            structured_data=self.get_structured_data(),
            share_image=self.get_share_image(),
        )
        return context


def titled(title):
    """A page's <title>: its own title, then the site's name."""
    return f"{title} | {settings.SITE_NAME}"


def shortened(text, limit):
    """Text as a search result shows it: whitespace collapsed, cut at a word near `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–|") + " …"


def home_trail(crumbs):
    return [Crumb("Home", reverse("home")), *crumbs] if crumbs else []


def organization():
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")}


def breadcrumb_list(crumbs):
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.name,
             "item": absolute(crumb.path)}
            for position, crumb in enumerate(crumbs, 1)
        ],
    }  # fmt: skip


def website():
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "description": SITE_DESCRIPTION,
        "inLanguage": "en-GB",
        "publisher": organization(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute(reverse("search:results")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }


def article_page(article, topics):
    """An article: Article for its content, MedicalWebPage for the page (which is
    where reviewedBy and lastReviewed belong)."""
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": ["MedicalWebPage", "Article"],
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": article.title,
        "name": article.title,
        "description": article.search_description,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.last_updated.isoformat(),  # the date readers see
        "publisher": organization(),
        "inLanguage": "en-GB",
    }
    if article.author:
        data["author"] = person(article.author)
    if article.reviewer and article.reviewed_on:
        data["reviewedBy"] = person(article.reviewer)
        data["lastReviewed"] = article.reviewed_on.isoformat()
    elif article.checked_on:  # checked against its sources by the editors
        data["lastReviewed"] = article.checked_on.isoformat()
    if topics:
        data["keywords"] = [topic.name for topic in topics]
    return data


def person(someone):
    editorial = someone.name.startswith(settings.SITE_NAME)  # the editorial team, not a person
    data = {
        "@type": "Organization" if editorial else "Person",
        "name": someone.name,
        "url": absolute(someone.get_absolute_url()),
    }
    if someone.credentials and not editorial:
        data["honorificSuffix"] = someone.credentials
    return data


def faq_page(faqs):
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": faq.question,
                "acceptedAnswer": {"@type": "Answer", "text": markup.plain_text(faq.answer_html)},
            }
            for faq in faqs
        ],
    }


def therapy_page(modality):
    url = absolute(modality.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": modality.display_name,
        "description": modality.summary,
        "dateModified": modality.last_updated.isoformat(),  # the date readers see
        "about": {"@type": "MedicalTherapy", "name": modality.display_name},
        "publisher": organization(),
        "inLanguage": "en-GB",
    }
    if modality.checked_on:
        data["lastReviewed"] = modality.checked_on.isoformat()
    return data
