from __future__ import annotations

import hashlib
import logging
import unicodedata
import uuid
from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile

from galleries import imaging, ingest
from galleries.models import Crewmember, Mission, Photo
from galleries.models.framing import FRAMING_FIELDS

# A focal point or crop side, as a fraction of the picture: the editor's click fills it in.
FRACTION_INPUT = forms.NumberInput(attrs={"step": "any", "min": "0", "max": "1", "class": "focal-input"})

logger = logging.getLogger(__name__)


def inspected(upload: UploadedFile) -> imaging.ImageInfo:
    """Run the image pipeline's checks; a refusal becomes a form error naming the file."""
    try:
        return ingest.upload_inspect(upload)
    except imaging.ImageRejected as exc:
        raise ValidationError(f"“{upload.name}”: {exc}", code="invalid_image") from exc


class InspectedUpload(File):
    """An upload the image pipeline accepted, carrying what the checks read from it to photo_ingest."""

    def __init__(self, upload: UploadedFile, info: imaging.ImageInfo):
        super().__init__(upload, name=upload.name)
        self.info = info


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
        upload.name = f"{uuid.uuid4().hex}{imaging.EXTENSIONS.get(info.format, '.bin')}"
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


class OriginalImageField(ImageUploadField):
    """A photo's original: refused, with a message naming the file, unless the image pipeline
    accepts it. forms.ImageField is not used: it only runs Pillow's verify(), which passes
    truncated files and formats we refuse, while imaging.inspect() decodes fully and says why."""

    def to_python(self, data):
        upload = super().to_python(data)
        return None if upload is None else InspectedUpload(upload, inspected(upload))


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

    image = OriginalImageField(
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
            *FRAMING_FIELDS,
        ]
        widgets = {name: FRACTION_INPUT for name in FRAMING_FIELDS}

    add_suggested_people = forms.BooleanField(required=False, label="Add the crewmembers named in the caption")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.suggested_people = self.people_to_suggest()
        if "add_suggested_people" in self.fields:
            if self.suggested_people:
                names = ", ".join(person.name for person in self.suggested_people)
                self.fields["add_suggested_people"].label = f"Also tag {names}"
                self.fields["add_suggested_people"].help_text = "Named in the caption but not tagged yet."
            else:
                self.fields["add_suggested_people"].widget = forms.HiddenInput()
        self.fields["image"].widget.display_name = self.instance.original_filename
        if "credit" in self.fields:
            self.fields["credit"].required = False
            self.fields["credit"].help_text += " Leave empty to use the photographer named in the file."

    def people_to_suggest(self) -> list[Crewmember]:
        if not self.instance.pk or not self.instance.caption:
            return []
        tagged = set(self.instance.people.values_list("pk", flat=True))
        return [person for person in Crewmember.objects.mentioned_in(self.instance.caption) if person.pk not in tagged]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "credit" in self.fields and not cleaned.get("credit") and not self.has_error("image"):
            upload = cleaned.get("image")
            # An empty credit is resolved by photo_ingest from the file, when the file names someone.
            if not isinstance(upload, InspectedUpload) or imaging.credit_names(upload.info.metadata) is None:
                self.add_error("credit", "Choose who took the photo; the file does not say.")
        return cleaned

    def save_photo(self) -> Photo:
        """Save the photo: a new original goes through photo_ingest, anything else is an edit."""
        upload = self.cleaned_data.get("image")
        if "image" in self.changed_data and isinstance(upload, InspectedUpload):
            return ingest.photo_ingest(photo=self.instance, upload=upload, info=upload.info)
        return ingest.photo_save(photo=self.instance, rights_changed=self.rights_changed)

    @property
    def rights_changed(self) -> bool:
        return bool(self.instance.pk) and bool({"credit", "license"} & set(self.changed_data))


class PhotoInlineForm(PhotoForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget: forms.Widget = self.fields["credit"].widget
        select = getattr(widget, "widget", widget)  # the admin wraps it with add/change links
        if self.instance.credit_id and hasattr(select, "known"):
            select.known = {str(self.instance.credit_id): str(self.instance.credit)}

    def people_to_suggest(self) -> list[Crewmember]:
        return []  # one look-up per row would make a long gallery slow; the photo's own page suggests

    def validate_constraints(self) -> None:
        # Photo's one constraint, a unique position in its mission, is checked across the whole
        # photo list by the formset and saved inside ingest.photos_reordering, so two photos may
        # swap places in one save; row by row, each would collide with the other's old position.
        pass


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
        try:
            counts = cache.get_many(keys)
        except Exception:  # any cache backend's outage: sign-in works, unthrottled
            logger.exception("Sign-in throttle unavailable: the cache does not answer")
            return super().clean()
        if any((counts.get(key) or 0) >= limit * (4 if key.endswith(":address") else 1) for key in keys):
            raise ValidationError(self.error_messages["throttled"], code="throttled", params={"minutes": window // 60})
        try:
            cleaned = super().clean()
        except ValidationError:
            self.count_failure(keys, window)
            raise
        try:
            cache.delete(keys[0])  # the name's count: its owner signed in
        except Exception:  # as below: signing in matters more than the count
            logger.exception("Sign-in throttle unavailable: the cache does not answer")
        return cleaned

    @staticmethod
    def count_failure(keys: list[str], window: int) -> None:
        try:
            for key in keys:
                if not cache.add(key, 1, timeout=window):
                    try:
                        cache.incr(key)
                    except ValueError:  # expired between add() and incr()
                        cache.set(key, 1, timeout=window)
        except Exception:  # as above: a failed sign-in is still refused
            logger.exception("Sign-in throttle unavailable: the cache does not answer")

    def throttle_keys(self) -> list[str]:
        # NFKC first: "ｅｄｎａ" (full-width) is the same name as "edna" to the user table.
        username = unicodedata.normalize("NFKC", self.data.get("username") or "").strip().casefold()
        address = client_address(self.request.META if self.request else {})
        return [
            f"galleries:login-failures:{hashlib.sha256(username.encode()).hexdigest()[:24]}:name",
            f"galleries:login-failures:{address}:address",
        ]


def client_address(meta: Mapping[str, Any]) -> str:
    """The client's address in a request's META. Behind a proxy REMOTE_ADDR is the proxy's: read
    the header the proxy sets (e.g. X-Real-IP), named by LOGIN_CLIENT_ADDRESS_HEADER."""
    return meta.get(settings.LOGIN_CLIENT_ADDRESS_HEADER or "REMOTE_ADDR") or meta.get("REMOTE_ADDR", "")
