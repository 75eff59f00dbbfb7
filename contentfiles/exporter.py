"""Write the database back as content files (the format import_content reads).

Import → export → import is lossless; exporting twice writes the same bytes.
"""

import datetime
from pathlib import Path

import yaml

from articles.models import Article
from images.models import Image
from modalities.models import Modality
from pages.models import SitePage
from people.models import Person
from topics.models import Topic

from . import records
from .parsing import SOURCE_KEYS_IN_ORDER
from .reading import fingerprint

# A date alone in a file means this time of day (see parsing.parse_published).
DEFAULT_PUBLISH_TIME = datetime.time(9, 0)


class _Dumper(yaml.SafeDumper):
    """Readable YAML: multi-line texts as literal blocks, keys in the order given, and
    no anchors or aliases for a value met twice (the import refuses them)."""

    def ignore_aliases(self, data):
        return True


def _represent_text(dumper, text):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def _compact(mapping):
    """Leave out empty optional values, as a writer would."""
    return {key: value for key, value in mapping.items() if value not in ("", None, [], {})}


def _document(meta, body):
    front = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)
    return f"---\n{front}---\n{body.strip()}\n"


def _published(moment):
    moment = moment.astimezone(datetime.UTC)
    if moment.time() == DEFAULT_PUBLISH_TIME:
        return moment.date()
    return moment


def topic_file(topic):
    meta = {"title": topic.name, "summary": topic.summary, "order": topic.order or None}
    return _document(_compact(meta), topic.body)


def person_file(person):
    meta = {
        "name": person.name,
        "credentials": person.credentials,
        "photo": person.photo.slug if person.photo else None,
    }
    return _document(_compact(meta), person.bio)


def picture_name(image):
    """The picture's file name in content/images: the slug, with the stored extension."""
    return f"{image.slug}{Path(image.file.name).suffix}"


def image_file(image):
    meta = {
        "file": picture_name(image),
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "licence": image.licence,
        # The centre is the default: only a point an editor chose is written.
        "focal_x": image.focal_x if image.focal_x != 0.5 else None,
        "focal_y": image.focal_y if image.focal_y != 0.5 else None,
    }
    return _document(_compact(meta), "")


def modality_file(modality):
    meta = {
        "title": modality.name,
        "short_name": modality.short_name,
        "summary": modality.summary,
        "order": modality.order or None,
        "topics": [topic.slug for topic in modality.topics.all()],
        "checked": modality.checked_on,
        "updated": modality.updated_on,
        "next_review": modality.next_review_due,
        "sources": _sources(modality),
        "abuse_help": modality.abuse_help or None,
    }
    return _document(_compact(meta), modality.body)


def _sources(page):
    """An article's or a therapy page's sources, in order, each with the fields it has."""
    return [
        _compact({key: getattr(source, key) for key in SOURCE_KEYS_IN_ORDER})
        for source in page.sources.all()
    ]


def site_page_file(page):
    meta = {
        "title": page.title,
        "summary": page.summary,
        "published": _published(page.published_at),
        "status": page.status,
    }
    return _document(_compact(meta), page.body)


def article_file(article):
    checklist = getattr(article, "checklist", None)
    meta = {
        "title": article.title,
        "summary": article.summary,
        "key_points": article.key_points_list,
        "seo_title": article.seo_title,
        "description": article.meta_description,
        "lead_image": article.lead_image.slug if article.lead_image else None,
        "author": article.author.slug if article.author else None,
        "reviewer": article.reviewer.slug if article.reviewer else None,
        "reviewed": article.reviewed_on,
        "checked": article.checked_on,
        "next_review": article.next_review_due,
        "published": _published(article.published_at),
        "updated": article.updated_on,
        "status": article.status,
        "related": sorted(related.slug for related in article.related.all()),
        "topics": [topic.slug for topic in article.topics.all()],
        "abuse_help": article.abuse_help or None,
        "checklist": checklist
        and _compact(
            {
                "title": checklist.title,
                "note": checklist.note,
                "items": [item.text for item in checklist.items.all()],
                "interpretation": checklist.interpretation,
                "threshold": checklist.threshold,
            }
        ),
        "comparison": _compact(
            {
                "title": article.comparison_title,
                "rows": [
                    {
                        "modality": row.modality.slug,
                        "best_for": row.best_for,
                        "format": row.format,
                        "evidence": row.evidence,
                    }
                    for row in article.comparison_rows.all()
                ],
            }
        ),
        "timeline": [
            {"title": step.title, "period": step.period, "text": step.text}
            for step in article.timeline_steps.all()
        ],
        "faqs": [{"question": faq.question, "answer": faq.answer} for faq in article.faqs.all()],
        "cta": _compact(
            {
                "title": article.cta_title,
                "text": article.cta_text,
                "button_label": article.cta_button_label,
                "button_url": article.cta_button_url,
            }
        ),
        "sources": _sources(article),
    }
    return _document(_compact(meta), article.body)


def export_content(root):
    """Write root/images, topics, people, modalities, articles and pages; return (written, removed)
    paths (written: the markdown files; each image's picture is written beside its file).

    Files in those folders that match nothing in the database are removed, so that
    importing the folder again gives back exactly this database.
    """
    root = Path(root)
    records.folder_key(root)  # checked before anything is written
    articles = Article.objects.select_related("author", "reviewer", "checklist").prefetch_related(
        "checklist__items",
        "comparison_rows__modality",
        "timeline_steps",
        "faqs",
        "sources",
        "related",
        "topics",
    )
    groups = [
        ("images", Image.objects.order_by("slug"), image_file),
        ("topics", Topic.objects.all(), topic_file),
        ("people", Person.objects.select_related("photo"), person_file),
        ("modalities", Modality.objects.prefetch_related("topics", "sources"), modality_file),
        ("articles", articles.select_related("lead_image"), article_file),
        ("pages", SitePage.objects.order_by("slug"), site_page_file),
    ]
    written, removed, exported = [], [], []
    for folder_name, objects, render in groups:
        folder = root / folder_name
        folder.mkdir(parents=True, exist_ok=True)
        wanted = set()
        for obj in objects:
            path = folder / f"{obj.slug}.md"
            data = render(obj).encode("utf-8")
            _write_if_changed(path, data)
            wanted.add(path)
            written.append(path)
            if isinstance(obj, Image):
                # The stored original, as it is; importing it back into this database re-encodes
                # nothing (the records remember its hash).
                picture = folder / picture_name(obj)
                with obj.file.open("rb") as stored:
                    data = stored.read()
                _write_if_changed(picture, data)
                wanted.add(picture)
            exported.append((obj, path.relative_to(root).as_posix(), fingerprint(data)))
        # Pictures too: an image no longer in the library leaves no file behind.
        pattern = "*" if folder_name == "images" else "*.md"
        for path in sorted(folder.glob(pattern)):
            if path not in wanted and path.is_file():
                path.unlink()
                removed.append(path)
    # Each object now matches its file: a later import finds nothing to overwrite.
    records.remember(exported, root, reread=False)
    return written, removed


def _write_if_changed(path, data):
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
