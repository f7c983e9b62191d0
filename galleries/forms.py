from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from galleries import imaging
from galleries.models import Photo


class OriginalFileInput(forms.ClearableFileInput):
    """Show the name the editor uploaded rather than the generated storage name."""

    template_name = "galleries/admin/original_file_input.html"
    display_name = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["display_name"] = self.display_name or (value.name if value else "")
        return context


class PhotoForm(forms.ModelForm):
    """Admin form for one photo: the upload is checked by the image pipeline, not only by Django."""

    # A plain FileField: forms.ImageField only runs Pillow's verify(), which passes truncated
    # files and formats we refuse; imaging.inspect() decodes fully and names the problem.
    image = forms.FileField(
        label="Image",
        help_text=Photo._meta.get_field("image").help_text,
        widget=OriginalFileInput(attrs={"accept": "image/*,.heic,.heif"}),
    )

    class Meta:
        model = Photo
        fields = [
            "mission",
            "position",
            "image",
            "title",
            "caption",
            "alt_text",
            "long_description",
            "credit",
            "license",
            "taken_at",
            "location",
            "people",
            "is_hidden",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.image_info: imaging.ImageInfo | None = None
        self.fields["image"].widget.display_name = self.instance.original_filename

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if "image" not in self.changed_data:
            return upload
        try:
            self.image_info = imaging.inspect(
                upload,
                size=upload.size,
                max_bytes=settings.GALLERIES_MAX_UPLOAD_BYTES,
                max_pixels=settings.GALLERIES_MAX_PIXELS,
            )
        except imaging.ImageRejected as exc:
            raise ValidationError(f"“{upload.name}”: {exc}", code="invalid_image") from exc
        return upload

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.image_info is not None and not self.has_error("image"):
            self.instance.attach_original(upload=self.cleaned_data["image"], info=self.image_info)


class PhotoInlineForm(PhotoForm):
    def validate_constraints(self) -> None:
        # Inside the mission's photo list, positions are checked across the whole formset and
        # saved by services.photos_save, so two photos may swap places in one save.
        try:
            self.instance.validate_constraints(exclude={*self._get_validation_exclusions(), "position"})
        except ValidationError as exc:
            self._update_errors(exc)
