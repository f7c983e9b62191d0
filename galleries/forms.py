from __future__ import annotations

import hashlib
import uuid

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from galleries import imaging, services
from galleries.models import Crewmember, Mission, Photo
from galleries.models.photo import FORMAT_EXTENSIONS


def inspected(upload: UploadedFile) -> imaging.ImageInfo:
    """Run the image pipeline's checks; a refusal becomes a form error naming the file."""
    try:
        return services.upload_inspect(upload)
    except imaging.ImageRejected as exc:
        raise ValidationError(f"“{upload.name}”: {exc}", code="invalid_image") from exc


class ImageUploadField(forms.FileField):
    """A file field whose every complaint names the file."""

    def to_python(self, data):
        if data and getattr(data, "size", None) == 0:
            raise ValidationError(f"“{data.name}”: the file is empty.", code="empty")
        return super().to_python(data)


class CheckedImageField(ImageUploadField):
    """An image field for small pictures (mission patches, portraits): the same checks as photos,
    and a generated name with the extension of the detected format, never the uploader's."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged, or cleared
        info = inspected(upload)
        upload.name = f"{uuid.uuid4().hex}{FORMAT_EXTENSIONS.get(info.format, '.bin')}"
        return upload


class MissionForm(forms.ModelForm):
    patch = CheckedImageField(required=False, help_text="Optional mission patch.", widget=forms.ClearableFileInput)

    class Meta:
        model = Mission
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown


class CrewmemberForm(forms.ModelForm):
    portrait = CheckedImageField(
        required=False, help_text="Optional official portrait.", widget=forms.ClearableFileInput
    )

    class Meta:
        model = Crewmember
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown


class OriginalFileInput(forms.ClearableFileInput):
    """Show the name the editor uploaded rather than the generated storage name."""

    template_name = "galleries/admin/original_file_input.html"
    display_name = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["display_name"] = self.display_name or (value.name if value else "")
        return context


class PhotoForm(forms.ModelForm):
    """Admin form for one photo: the upload goes through the image pipeline, and what the file
    says about itself (headline, caption, date, photographer, keywords) fills the fields the
    editor left empty — never the ones they typed."""

    # A plain FileField: forms.ImageField only runs Pillow's verify(), which passes truncated
    # files and formats we refuse; imaging.inspect() decodes fully and names the problem.
    image = ImageUploadField(
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
            "keywords",
            "is_hidden",
        ]

    add_suggested_people = forms.BooleanField(required=False, label="Add the crewmembers named in the caption")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.suggested_people = self.people_to_suggest()
        if "add_suggested_people" in self.fields:
            if self.suggested_people:
                names = ", ".join(person.name for person in self.suggested_people)
                self.fields["add_suggested_people"].label = f"Also tag {names}"
                self.fields["add_suggested_people"].help_text = "Named in the caption but not tagged yet."
            else:
                self.fields["add_suggested_people"].widget = forms.HiddenInput()
        self.image_info: imaging.ImageInfo | None = None
        self.pending_credit: tuple[str, str] | None = None
        self.fields["image"].widget.display_name = self.instance.original_filename
        if "credit" in self.fields:
            self.fields["credit"].required = False
            self.fields["credit"].help_text += " Leave empty to use the photographer named in the file."

    def people_to_suggest(self) -> list:
        if not self.instance.pk or not self.instance.caption:
            return []
        tagged = set(self.instance.people.values_list("pk", flat=True))
        return [person for person in services.people_mentioned(self.instance.caption) if person.pk not in tagged]

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if "image" not in self.changed_data:
            return upload
        self.image_info = inspected(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.image_info is not None and "credit" in self.fields and not cleaned.get("credit"):
            self.suggest_credit(cleaned, self.image_info.metadata)
        if "credit" in self.fields and not cleaned.get("credit") and not self.pending_credit:
            self.add_error("credit", "Choose who took the photo; the file does not say.")
        return cleaned

    def suggest_credit(self, cleaned: dict, metadata: imaging.Metadata) -> None:
        """Use the credit the file names: an existing one now, a new one only once the form saves."""
        suggestion = services.credit_suggestion(metadata)
        if suggestion is None:
            return
        photographer, organization = suggestion
        found = services.credit_find(photographer=photographer, organization=organization)
        if found:
            cleaned["credit"] = found
        else:
            self.pending_credit = suggestion

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        if self.pending_credit:  # created in save(), once everything else is valid
            exclusions.add("credit")
        return exclusions

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.image_info is not None and not self.has_error("image"):
            self.instance.attach_original(upload=self.cleaned_data["image"], info=self.image_info)
            # Only fields the editor left empty are filled; what they typed stays.
            services.photo_fill_from_metadata(self.instance, self.image_info.metadata)

    def save(self, commit: bool = True) -> Photo:
        if self.pending_credit:
            photographer, organization = self.pending_credit
            self.instance.credit = services.credit_for(photographer=photographer, organization=organization)
        return super().save(commit=commit)

    @property
    def original_changed(self) -> bool:
        return "image" in self.changed_data

    @property
    def rights_changed(self) -> bool:
        return bool(self.instance.pk) and bool({"credit", "license"} & set(self.changed_data))


class PhotoInlineForm(PhotoForm):
    def people_to_suggest(self) -> list:
        return []  # one look-up per row would make a long gallery slow; the photo's own page suggests

    def validate_constraints(self) -> None:
        # Inside the mission's photo list, positions are checked across the whole formset and
        # saved by services.photos_save, so two photos may swap places in one save.
        try:
            self.instance.validate_constraints(exclude={*self._get_validation_exclusions(), "position"})
        except ValidationError as exc:
            self._update_errors(exc)


class ThrottledAuthenticationForm(AdminAuthenticationForm):
    """The admin login, refusing further attempts after repeated failures for a name or an address.

    Counts live in the shared cache, so every app server sees them; a success clears the name's count.
    """

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed sign-in attempts. Please wait %(minutes)s minutes and try again.",
    }

    def clean(self):
        keys = self.throttle_keys()
        limit, window = settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_WINDOW_SECONDS
        if any((cache.get(key) or 0) >= limit * (4 if key.endswith(":address") else 1) for key in keys):
            raise ValidationError(self.error_messages["throttled"], code="throttled", params={"minutes": window // 60})
        try:
            return super().clean()
        except ValidationError:
            for key in keys:
                if not cache.add(key, 1, timeout=window):
                    try:
                        cache.incr(key)
                    except ValueError:
                        cache.set(key, 1, timeout=window)
            raise

    def throttle_keys(self) -> list[str]:
        username = (self.data.get("username") or "").strip().casefold()
        # Behind a proxy REMOTE_ADDR is the proxy's: read the client's address from the header the
        # proxy sets (e.g. X-Real-IP), named by LOGIN_CLIENT_ADDRESS_HEADER.
        meta = self.request.META if self.request else {}
        address = meta.get(settings.LOGIN_CLIENT_ADDRESS_HEADER or "REMOTE_ADDR") or meta.get("REMOTE_ADDR", "")
        return [
            f"galleries:login-failures:{hashlib.sha256(username.encode()).hexdigest()[:24]}:name",
            f"galleries:login-failures:{address}:address",
        ]
