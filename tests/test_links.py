"""No published link may 404: walk the whole public site from the home page."""

import re
from urllib.parse import urldefrag, urlsplit

from django.conf import settings

# Links a reader can follow; <link rel="canonical"> and og:url are checked in test_meta.py.
HREF = re.compile(r'<a\s[^>]*?href="([^"]+)"')
ID = re.compile(r'id="([^"]+)"')


def crawl(client):
    seen, queue, anchors, pages = set(), ["/"], [], {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        pages[url] = set(ID.findall(page))
        for href in HREF.findall(page):
            href = href.replace("&amp;", "&")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                assert parts.scheme in {"https", "mailto", "tel", "sms"}, f"{url} links to {href}"
                continue
            target, fragment = urldefrag(href)
            target = target or url
            if target.startswith("?"):
                target = urlsplit(url).path + target
            if target.startswith("/static/"):
                continue
            if fragment:
                anchors.append((url, target, fragment))
            queue.append(target)
    return pages, anchors


def test_every_internal_link_and_anchor_resolves(client, site_content):
    pages, anchors = crawl(client)
    assert "/blog/anxious-attachment-therapy/" in pages
    assert "/treatments/psychodynamic-therapy/" in pages
    assert "/blog/anxious-vs-avoidant-attachment/" in pages
    assert len(pages) >= 14
    for source, target, fragment in anchors:
        assert fragment in pages[target], f"{source} links to missing #{fragment} on {target}"


def test_no_link_to_this_site_by_absolute_url(client, site_content):
    pages, _ = crawl(client)
    for url in pages:
        hrefs = HREF.findall(client.get(url).content.decode())
        assert not [href for href in hrefs if href.startswith(settings.SITE_URL)], url
