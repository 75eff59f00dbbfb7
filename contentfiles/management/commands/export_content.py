from django.conf import settings
from django.core.management.base import BaseCommand

from contentfiles.exporter import export_content


class Command(BaseCommand):
    help = (
        "Write people, modalities and articles from the database as content files "
        "(default: content/). Files there that match nothing in the database are removed."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(settings.CONTENT_DIR))

    def handle(self, directory, **options):
        written, removed = export_content(directory)
        for path in removed:
            self.stdout.write(f"Removed {path} (not in the database)")
        self.stdout.write(self.style.SUCCESS(f"Exported {len(written)} files to {directory}."))
