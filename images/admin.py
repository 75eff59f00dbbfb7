"""The image library in the admin: upload, alt text, credit, focal point, renditions."""

import json

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.forms.utils import flatatt
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.views.decorators.http import require_POST

from core.models import placing

from .models import LICENCES, Image
from .uploads import ACCEPTED_TYPES

ACCEPT = ",".join(ACCEPTED_TYPES)


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt", "caption", "credit", "licence", "slug", "focal_x", "focal_y"]
        # A plain file field: the model's upload rule (images/uploads.py) names the problem,
        # rather than the form's generic "Upload a valid image".
        field_classes = {"file": forms.FileField}
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            "alt": forms.Textarea(attrs={"rows": 2}),
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 1}),
        }


CHOICES_SHOWN = 40
# What the drop dialog asks for; the slug comes from the file name, the focal point from
# the model's default (the centre), both changeable later on the image's own page.
DROP_FIELDS = ["file", "alt", "caption", "credit", "licence"]


def drop_target(kind):
    """Attributes that make a widget take a dropped picture (static/js/admin_image_drop.js):
    kind "marker" inserts [[image:slug]] into a textarea, "select" chooses the new image in
    a foreign-key field, "file" fills the file input of the library's own form, "library"
    is the changelist's drop zone."""
    config = {
        "url": reverse("admin:images_image_upload"),
        "maxBytes": settings.IMAGE_MAX_UPLOAD_BYTES,
        "types": ACCEPTED_TYPES,
        "licences": LICENCES,
    }
    return {"data-image-drop": kind, "data-image-upload": json.dumps(config)}


def preview_rendition(image, near=640):
    jpegs = image.renditions_of("width", "jpeg")
    return min(jpegs, key=lambda r: abs(r["width"] - near)) if jpegs else None


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "slug", "alt_start", "credit", "size", "uploaded_at"]
    list_display_links = ["thumbnail", "slug"]
    search_fields = ["alt", "caption", "slug"]
    list_filter = ["licence"]
    readonly_fields = ["preview", "size", "renditions_table"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "size"]}),
        ("Describe it", {"fields": ["alt", "caption", "credit", "licence", "slug"]}),
        (
            "Focal point",
            {
                "fields": ["focal_x", "focal_y"],
                "description": "The part of the image crops keep. Click the preview to set "
                "it, or type the numbers.",
            },
        ),
        ("Renditions", {"fields": ["renditions_table"]}),
    ]

    def get_deleted_objects(self, objs, request):
        """An image still placed in a text is protected, as a lead image is by its key."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for image in objs:
            protected += [
                f"{capfirst(obj._meta.verbose_name)}: {obj} (places [[image:{image.slug}]])"
                for obj in placing("image", image.slug)
            ]
        return deleted, counts, perms_needed, protected

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return self.fieldsets
        # Before the first save there is nothing to preview, measure or list.
        return [(None, {"fields": ["file"]}), *self.fieldsets[1:3]]

    class Media:
        css = {"all": ["css/admin_images.css", "css/admin_image_picker.css"]}
        js = ["js/admin_focal_point.js", "js/admin_image_drop.js"]

    def get_urls(self):
        choices = self.admin_site.admin_view(self.choices_view)
        upload = self.admin_site.admin_view(self.upload_view)
        return [
            path("choices/", choices, name="images_image_choices"),
            path("upload/", upload, name="images_image_upload"),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "file":
            field.widget.attrs.update(drop_target("file"))
        return field

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "image_drop_attrs": flatatt(drop_target("library")),
            "image_accept": ACCEPT,
        }
        return super().changelist_view(request, extra_context)

    @method_decorator(require_POST)
    def upload_view(self, request):
        """A picture dropped on a form (static/js/admin_image_drop.js): saved through the
        library's own form and rules, answered in JSON, the form's errors if refused."""
        if not self.has_add_permission(request):
            return JsonResponse({"error": "You may not add images to the library."}, status=403)
        form = self.get_form(request, fields=DROP_FIELDS)(request.POST, request.FILES)
        if not form.is_valid():
            # 200, as the admin answers a form with errors: an editor's mistake is not a
            # failed request (which the browser's console would log as one).
            return JsonResponse({"errors": form.errors.get_json_data()})
        with transaction.atomic():
            image = form.save(commit=False)
            self.save_model(request, image, form, change=False)
            message = self.construct_change_message(request, form, None, add=True)
            self.log_addition(request, image, message)
        return JsonResponse(
            {
                **self.choice(image),
                "id": image.pk,
                "change_url": reverse("admin:images_image_change", args=[image.pk]),
            },
            status=201,
        )

    def choices_view(self, request):
        """The library for the body's "Insert image" chooser: newest first, searchable."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()
        images, _ = self.get_search_results(request, self.get_queryset(request), query)
        return JsonResponse({"images": [self.choice(image) for image in images[:CHOICES_SHOWN]]})

    def choice(self, image):
        small = preview_rendition(image, near=0)
        return {
            "slug": image.slug,
            "alt": image.alt,
            "thumbnail": default_storage.url(small["name"]) if small else "",
            "width": small["width"] if small else 0,
            "height": small["height"] if small else 0,
        }

    @admin.display(description="image")
    def thumbnail(self, image):
        small = preview_rendition(image, near=0)
        if small is None:
            return "-"
        return format_html(
            '<img class="image-thumbnail" src="{}" alt="" width="80" height="{}">',
            default_storage.url(small["name"]),
            round(80 * small["height"] / small["width"]),
        )

    @admin.display(description="alt text", ordering="alt")
    def alt_start(self, image):
        # Whole alt texts made the list's rows a screen tall; the change page has it all.
        return Truncator(image.alt).words(12)

    @admin.display(description="size")
    def size(self, image):
        return f"{image.width} × {image.height} px" if image.width else "-"

    @admin.display(description="preview")
    def preview(self, image):
        shown = preview_rendition(image)
        if shown is None:
            return "Save the image to see it here and set its focal point."
        return format_html(
            '<div class="focal-point-preview"><img src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-point-marker" aria-hidden="true"></span></div>'
            '<p class="help">Click the part of the image that crops must keep.</p>',
            default_storage.url(shown["name"]),
            image.alt,
            shown["width"],
            shown["height"],
        )

    @admin.display(description="renditions")
    def renditions_table(self, image):
        if not image.renditions:
            return "-"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} × {}</td><td>{}</td>"
            '<td><a href="{}">{}</a></td></tr>',
            (
                (
                    r["kind"],
                    r["format"].upper(),
                    r["width"],
                    r["height"],
                    filesizeformat(default_storage.size(r["name"])),
                    default_storage.url(r["name"]),
                    r["name"].rsplit("/", 1)[-1],
                )
                for r in image.renditions
            ),
        )
        return format_html(
            '<table class="image-renditions"><thead><tr><th>use</th><th>format</th>'
            "<th>size</th><th>bytes</th><th>file</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )
