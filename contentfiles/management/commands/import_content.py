from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contentfiles.importer import ContentError, import_content


class Command(BaseCommand):
    help = "Import topics, modalities and articles from markdown files (default: content/)."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(settings.CONTENT_DIR))

    def handle(self, directory, **options):
        try:
            report = import_content(directory)
        except ContentError as error:
            raise CommandError(f"{error}\nNothing was imported.") from None
        counts = report.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {counts['topics']} topics, {counts['people']} people, "
                f"{counts['modalities']} modalities and "
                f"{counts['articles']} articles "
                f"from {directory}: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged."
            )
        )
