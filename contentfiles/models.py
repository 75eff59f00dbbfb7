from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ContentFileRecord(models.Model):
    """Which content file an object was last imported from or exported to, and when.

    `fingerprint` is the sha256 of the file's bytes then; `version` is the object's
    lock version once that import or export was done. A different version now means
    someone saved the object since (in the admin), so an import would discard it.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("content_type", "object_id")
    # Each folder keeps its own records: exporting a backup elsewhere must not make the
    # next import of content/ believe that content/ holds the editor's version.
    folder = models.CharField(max_length=500, help_text="The content folder, resolved.")
    path = models.CharField(max_length=300, help_text="Relative to the content folder.")
    fingerprint = models.CharField(max_length=64, help_text="sha256 of the file's bytes.")
    version = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "folder"],
                name="one_content_file_record_per_object_and_folder",
            )
        ]

    def __str__(self):
        return f"{self.path} (version {self.version})"
