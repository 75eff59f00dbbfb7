"""One URL per public page type, checked in a browser, by axe, by vnu and by Lighthouse.

Add a page type here and every one of those checks covers it.
"""

# name -> (path on the site with the content/ folder imported, expected status)
PAGE_TYPES = {
    "home": ("/", 200),
    "article list": ("/blog/", 200),
    "article": ("/blog/anxious-attachment-therapy/", 200),
    "modality list": ("/treatments/", 200),
    "modality": ("/treatments/emotionally-focused-therapy-eft/", 200),
    "faq": ("/faq/", 200),
    "search": ("/search/?q=attachment+therapy", 200),
    "topic list": ("/topics/", 200),
    "topic": ("/topics/attachment/", 200),
    "person": ("/people/therapyexplained-editorial/", 200),
    "help": ("/help/", 200),
    "people": ("/people/", 200),
    "site page": ("/editorial-policy/", 200),
    "404": ("/no-such-page/", 404),
}

ARTICLE = PAGE_TYPES["article"][0]
