from django.db import models, transaction


class PathRedirect(models.Model):
    """A page that moved: requests for old_path get a 301 to new_path."""

    old_path = models.CharField(max_length=300, unique=True)
    new_path = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"


def record_move(old_path, new_path):
    """Remember that a page moved, keeping every redirect one hop long.

    A→B then B→C leaves A→C and B→C; moving back (B→A) drops the redirect from A,
    which is a live page again.
    """
    if old_path == new_path:
        return
    with transaction.atomic():
        PathRedirect.objects.filter(new_path=old_path).update(new_path=new_path)
        PathRedirect.objects.filter(old_path=new_path).delete()
        PathRedirect.objects.filter(old_path=models.F("new_path")).delete()
        PathRedirect.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})
