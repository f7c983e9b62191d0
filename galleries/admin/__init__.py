"""The editors' admin, one module per concern; importing them registers the model admins."""

from __future__ import annotations

from galleries.admin import catalogue, missions, photos

__all__ = ["catalogue", "missions", "photos"]
