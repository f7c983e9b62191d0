"""What one desk card edits in place: the description, and the focal point when the card sends it."""

from __future__ import annotations

from typing import Any

from django import forms

from galleries.forms import FRACTION_INPUT
from galleries.models import Photo

FOCAL_FIELDS = ("focal_x", "focal_y")


class DeskPhotoForm(forms.ModelForm):
    """A card's title, caption, alt text and people, and its focal point. A post without the focal
    point (an older page, a script) leaves it as it is rather than clearing it."""

    class Meta:
        model = Photo
        fields = ["title", "caption", "alt_text", "people", *FOCAL_FIELDS]
        widgets = {name: FRACTION_INPUT for name in FOCAL_FIELDS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "focal_x" not in self.data and "focal_y" not in self.data:
            for name in FOCAL_FIELDS:
                del self.fields[name]

    @property
    def saved_fields(self) -> list[str]:
        """The row's columns this form changes (people are a relation, saved apart)."""
        return [name for name in ("title", "caption", "alt_text", *FOCAL_FIELDS) if name in self.fields]
