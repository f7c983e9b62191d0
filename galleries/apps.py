from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import pre_delete


class GalleriesConfig(AppConfig):
    name = "galleries"
    verbose_name = "Galleries"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db import connection

        if connection.vendor == "postgresql":
            from expedition import database

            database.install()
        from galleries.models import Photo
        from galleries.signals import delete_photo_files

        pre_delete.connect(delete_photo_files, sender=Photo, dispatch_uid="galleries_delete_photo_files")
