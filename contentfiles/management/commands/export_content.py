from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contentfiles.exporter import export_content
from contentfiles.reading import ContentError


class Command(BaseCommand):
    help = (
        "Write images, topics, people, modalities, articles and site pages from the database "
        "as content files (default: content/). Files there that match nothing in the database "
        "are removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(settings.CONTENT_DIR))

    def handle(self, directory, **options):
        try:
            written, removed = export_content(directory)
        except ContentError as error:
            raise CommandError(str(error)) from None
        for path in removed:
            self.stdout.write(f"Removed {path} (not in the database)")
        self.stdout.write(self.style.SUCCESS(f"Exported {len(written)} files to {directory}."))
