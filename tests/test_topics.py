"""Topics, topic pages, related posts and the guides listed on therapy pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ComparisonRow
from topics.models import Topic


@pytest.fixture
def make_topic(db):
    def make(slug="calm", **fields):
        fields.setdefault("name", slug.title())
        fields.setdefault("summary", f"About {slug}.")
        return Topic.objects.create(slug=slug, **fields)

    return make


def test_site_content_has_described_topics(client, site_content):
    assert Topic.objects.count() >= 5
    for topic in Topic.objects.all():
        assert topic.summary and topic.body_html
        assert topic.articles.exists() or topic.modalities.exists(), topic.slug
    page = client.get("/topics/attachment/").content.decode()
    assert "<h1>Attachment</h1>" in page
    assert 'href="/blog/anxious-attachment-therapy/"' in page
    assert 'href="/treatments/emotionally-focused-therapy-eft/"' in page


def test_topic_page_lists_only_published_articles(client, make_topic, make_article):
    topic = make_topic()
    make_article(slug="shown", title="Shown guide").topics.add(topic)
    draft = make_article(slug="hidden", title="Hidden draft", status=Article.Status.DRAFT)
    draft.topics.add(topic)
    page = client.get("/topics/calm/").content.decode()
    assert "Shown guide" in page and "Hidden draft" not in page
    listing = client.get("/topics/").content.decode()
    assert 'href="/topics/calm/"' in listing and "1 guide<" in listing


def test_unknown_topic_is_404(client, db):
    assert client.get("/topics/nothing-here/").status_code == 404


def test_article_shows_its_topics(client, make_topic, make_article):
    article = make_article()
    article.topics.add(make_topic())
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/topics/calm/">Calm</a>' in page


def related_hrefs(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    if '<section class="related"' not in page:
        return []
    section = page.split('<section class="related"', 1)[1].split("</section>", 1)[0]
    return [href for href in section.split('href="')[1:] for href in [href.split('"')[0]]]


def test_related_by_shared_topics_most_shared_first(client, make_topic, make_article):
    calm, sleep = make_topic("calm"), make_topic("sleep")
    article = make_article(slug="me")
    article.topics.add(calm, sleep)
    make_article(slug="one-topic").topics.add(calm)
    make_article(slug="two-topics").topics.add(calm, sleep)
    make_article(slug="unrelated")
    make_article(slug="draft", status=Article.Status.DRAFT).topics.add(calm, sleep)
    assert related_hrefs(client, article) == ["/blog/two-topics/", "/blog/one-topic/"]


def test_editor_list_overrides_topics(client, make_topic, make_article):
    calm = make_topic()
    article = make_article(slug="me")
    article.topics.add(calm)
    make_article(slug="same-topic").topics.add(calm)
    chosen = make_article(slug="chosen")
    article.related.add(chosen)
    assert related_hrefs(client, article) == ["/blog/chosen/"]
    chosen.status = Article.Status.DRAFT
    chosen.save()
    assert related_hrefs(client, article) == ["/blog/same-topic/"]


def test_an_article_never_lists_itself_as_related(client, make_topic, make_article):
    calm = make_topic()
    article = make_article(slug="me")
    article.topics.add(calm)
    make_article(slug="same-topic").topics.add(calm)
    article.related.add(article)  # e.g. picked by mistake before the form refused it
    assert related_hrefs(client, article) == ["/blog/same-topic/"]


def test_no_topics_and_no_list_means_no_related_section(client, make_topic, make_article):
    article = make_article(slug="alone")
    make_article(slug="other")
    assert related_hrefs(client, article) == []


def test_related_by_topic_keeps_the_article_query_budget(client, make_topic, make_article):
    counts = {}
    client.get("/")  # what is cached per content version (the help lines) is warm
    for n in (2, 30):
        topic = make_topic(f"topic-{n}")
        article = make_article(slug=f"article-{n}")
        article.topics.add(topic)
        for i in range(n):
            make_article(slug=f"peer-{n}-{i}").topics.add(topic)
        with CaptureQueriesContext(connection) as queries:
            client.get(article.get_absolute_url())
        counts[n] = len(queries)
    assert counts[2] == counts[30] <= 8


def test_therapy_page_lists_published_articles_that_discuss_it(client, make_modality, make_article):
    therapy = make_modality(slug="eft")
    compared = make_article(slug="compared", title="Compared guide")
    ComparisonRow.objects.create(
        article=compared, modality=therapy, best_for="b", format="f", evidence="e"
    )
    make_article(slug="linked", title="Linked guide", body="See [EFT](/treatments/eft/).")
    make_article(slug="other", title="Other guide", body="See [x](/treatments/eft-like/).")
    make_article(slug="draft", title="Draft guide", body="[EFT](/treatments/eft/)", status="draft")
    page = client.get("/treatments/eft/").content.decode()
    assert "Compared guide" in page and "Linked guide" in page
    assert "Other guide" not in page and "Draft guide" not in page
    assert page.count("Compared guide") == 1


@pytest.mark.parametrize("url", ["/topics/{slug}/", "/treatments/{slug}/"])
def test_topic_and_therapy_pages_have_a_fixed_query_budget(
    client, make_topic, make_article, make_modality, url
):
    counts = {}
    client.get("/")  # what is cached per content version (the help lines) is warm
    for n in (2, 30):
        topic = make_topic(f"t-{n}")
        therapy = make_modality(slug=f"t-{n}")
        therapy.topics.add(topic)
        for i in range(n):
            article = make_article(slug=f"a-{n}-{i}", body=f"[x](/treatments/t-{n}/)")
            article.topics.add(topic)
            make_modality(slug=f"m-{n}-{i}").topics.add(topic)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url.format(slug=f"t-{n}")).status_code == 200
        counts[n] = len(queries)
    assert counts[2] == counts[30] <= 4
