"""Make the stored image files match the library again.

Remakes renditions whose files are missing (after a restore that brought back only the
originals, say) and removes files no image names: left by an upload whose transaction
failed after its files were written, or by a crash. A file younger than --grace is kept,
since an upload in progress writes its files before its row is committed.
"""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from images import renditions
from images.models import Image

FOLDERS = ("images/originals/", "images/renditions/")


def stored_files():
    for folder in FOLDERS:
        try:
            _, files = default_storage.listdir(folder)
        except FileNotFoundError:  # the filesystem has no folder until the first upload
            continue
        yield from (folder + name for name in files)


class Command(BaseCommand):
    help = "Remake missing renditions and remove image files no image names."

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace", type=int, default=60, help="Keep unnamed files younger than this (min)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")

    def handle(self, *args, grace, dry_run, **options):
        named, remade, unrepairable = set(), 0, 0
        for image in Image.objects.order_by("pk").iterator():
            named.update(image.stored_names())
            missing = [n for n in image.stored_names() if not default_storage.exists(n)]
            if not missing:
                continue
            if image.file.name in missing:
                unrepairable += 1
                self.stderr.write(
                    f"{image.slug}: the original {image.file.name} is missing; "
                    "upload the picture again."
                )
                continue
            self.stdout.write(f"{image.slug}: {len(missing)} missing rendition file(s)")
            if not dry_run:
                # Files still stored are kept as they are: only the missing are encoded.
                made = renditions.make(
                    image.open_pixels(), image.slug, image.focal_x, image.focal_y, []
                )
                Image.objects.filter(pk=image.pk).update(renditions=made)
                named.update(r["name"] for r in made)
            remade += 1
        cutoff = timezone.now() - datetime.timedelta(minutes=grace)
        orphans = [
            name
            for name in stored_files()
            if name not in named and default_storage.get_modified_time(name) < cutoff
        ]
        for name in orphans:
            self.stdout.write(f"unnamed: {name}")
        if not dry_run:
            renditions.delete_files(orphans)
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{remade} image(s) {verb} repaired, {len(orphans)} unnamed file(s) {verb} removed."
        )
        if unrepairable:
            raise CommandError(f"{unrepairable} image(s) need their picture uploaded again.")
