"""The image library: each image with its alt text, credit, licence, focal point and
renditions."""

import hashlib
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.text import slugify
from PIL import Image as PillowImage

from core.models import placing

from . import renditions, uploads

ALT_HELP = (
    "What the image shows, for readers who cannot see it, in one or two sentences: say what "
    'matters for the guide ("Two people on a sofa, turned away from each other"), not '
    '"image of". Decorative images do not belong in the library: every image here needs '
    "alt text."
)
LICENCES = [
    ("own-work", "Own work (made by or for TherapyExplained)"),
    ("cc0", "CC0 / public domain"),
    ("cc-by-4.0", "CC BY 4.0"),
    ("cc-by-sa-4.0", "CC BY-SA 4.0"),
    ("licensed", "Licensed (stock or agreement on file)"),
]
FOCAL = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Image(models.Model):
    file = models.ImageField(
        upload_to="images/originals/",
        max_length=255,
        help_text="JPEG, PNG, WebP, AVIF or GIF (first frame), at least 200 px wide. "
        "Location and camera data are removed.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        blank=True,
        help_text="How the image is named in content, in lowercase. Left empty, it is made from "
        "the file name.",
    )
    alt = models.CharField("alt text", max_length=250, help_text=ALT_HELP)
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(
        max_length=200, blank=True, help_text="Who made it, as it should be credited."
    )
    licence = models.CharField(max_length=20, choices=LICENCES)
    focal_x = models.FloatField(
        "focal point x",
        default=0.5,
        validators=FOCAL,
        help_text="0 is the left edge, 1 the right. Or click the preview to set the point.",
    )
    focal_y = models.FloatField(
        "focal point y", default=0.5, validators=FOCAL, help_text="0 is the top, 1 the bottom."
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    renditions = models.JSONField(editable=False, default=list)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    _pixels = None  # the cleaned upload, between clean() and save()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.slug

    def save(self, *args, **kwargs):
        # Every path (admin, shell, importer) gets the same checks: clean() is the rule.
        self.clean()
        old = Image.objects.filter(pk=self.pk).first() if self.pk else None
        # The slug and focal point are in the files' names: a change to either remakes them.
        moved = old is not None and (old.slug, old.focal_x, old.focal_y) != (
            self.slug,
            self.focal_x,
            self.focal_y,
        )
        if not (self._pixels is not None or moved or not self.renditions):
            return super().save(*args, **kwargs)
        written = []
        try:
            pixels = self._pixels if self._pixels is not None else self.open_pixels()
            if self._pixels is not None:
                self.store_original(pixels, written)
                self.width, self.height = pixels.size
            elif old is not None and old.slug != self.slug:
                self.rename_original(old.slug, written)
            self.renditions = renditions.make(
                pixels, self.slug, self.focal_x, self.focal_y, written
            )
            with transaction.atomic():
                super().save(*args, **kwargs)
        except BaseException:
            renditions.delete_files(written)
            raise
        self._pixels = None
        if old is not None:
            stale = set(old.stored_names()) - set(self.stored_names())
            transaction.on_commit(lambda: renditions.delete_files(stale))

    def store_original(self, pixels, written):
        """Store the original, named by its slug and a hash of its pixels (so a picture
        stored already, by an earlier save or import, is not encoded again)."""
        digest = hashlib.sha256(pixels.tobytes()).hexdigest()[:10]
        name = f"{self.slug}-{digest}.{uploads.original_extension(pixels)}"
        self.save_file(name, lambda: uploads.encode_original(pixels), written)

    def rename_original(self, old_slug, written):
        """The original under the new slug: the same bytes, copied."""
        stem = os.path.basename(self.file.name).removeprefix(f"{old_slug}-")

        def data():
            with default_storage.open(self.file.name) as stored:
                return stored.read()

        self.save_file(f"{self.slug}-{stem}", data, written)

    def save_file(self, file_name, data, written):
        name = self.file.field.generate_filename(self, file_name)
        if default_storage.exists(name):
            self.file.name = name
        else:
            self.file.save(file_name, ContentFile(data()), save=False)
            written.append(self.file.name)

    def has_new_upload(self):
        return bool(self.file) and not self.file._committed

    def clean(self):
        if self.has_new_upload() and self._pixels is None:
            try:
                self._pixels = uploads.clean_upload(self.file)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from None
        if not self.slug and self.file:
            self.slug = self.unique_slug(os.path.basename(self.file.name))
        # Markers are read without regard to case ([[image:Cycle]] names "cycle").
        self.slug = self.slug.lower()
        old_slug = Image.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        if old_slug and old_slug != self.slug and (users := placed_by(old_slug)):
            raise ValidationError(
                {
                    "slug": f"[[image:{old_slug}]] is placed in {users}: change those markers "
                    "to the new name first, or keep this one."
                }
            )

    def unique_slug(self, file_name):
        base = slugify(os.path.splitext(file_name)[0])[:70] or "image"
        slug, n = base, 1
        while Image.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def stored_names(self):
        return [n for n in [self.file.name, *(r["name"] for r in self.renditions)] if n]

    def open_pixels(self):
        with default_storage.open(self.file.name) as stored:
            picture = PillowImage.open(stored)
            picture.load()
        return picture

    def renditions_of(self, kind="width", fmt=None):
        return [r for r in self.renditions if r["kind"] == kind and fmt in (None, r["format"])]

    @property
    def share(self):
        return next(iter(self.renditions_of("share")), None)


def placed_by(slug):
    """What places [[image:slug]], named for an editor ("" when nothing does)."""
    users = placing("image", slug)
    return ", ".join(f"{obj._meta.verbose_name} “{obj}”" for obj in users)


@receiver(post_delete, sender=Image)
def delete_image_files(sender, instance, **kwargs):
    """Deleting an image (one or in bulk) removes its files once the delete is committed."""
    names = instance.stored_names()
    transaction.on_commit(lambda: renditions.delete_files(names))
