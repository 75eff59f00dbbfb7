from django.apps import AppConfig


class ImagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "images"

    def ready(self):
        from core import checks

        from .models import Image

        # [[image:slug]] places an image from the library: the checks ask us which exist.
        checks.NAMED_EMBEDS["image"] = lambda slugs: set(
            Image.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        )
