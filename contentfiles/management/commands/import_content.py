from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contentfiles.importer import Conflicts, ContentError, import_content


class Command(BaseCommand):
    help = (
        "Import images, topics, people, modalities, articles and site pages from markdown "
        "files (default: content/). Stops, changing nothing, if that would replace changes saved "
        "in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=str(settings.CONTENT_DIR))
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace objects changed in the admin since they were last imported or "
            "exported with their files (the admin version stays in their history).",
        )

    def handle(self, directory, overwrite, **options):
        try:
            report = import_content(directory, overwrite=overwrite)
        except (ContentError, Conflicts) as error:
            raise CommandError(f"{error}\nNothing was imported.") from None
        for conflict in report.overwritten:
            self.stdout.write(
                f"Overwrote {conflict}; the admin version stays in its history.",
            )
        counts = report.counts
        conflicts = len(report.overwritten)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {counts['images']} images, {counts['topics']} topics, "
                f"{counts['people']} people, {counts['modalities']} modalities, "
                f"{counts['articles']} articles and {counts['pages']} site pages "
                f"from {directory}: {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {conflicts} conflict{'' if conflicts == 1 else 's'}"
                f"{' overwritten' if conflicts else ''}."
            )
        )
