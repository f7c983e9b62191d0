from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete


class GalleriesConfig(AppConfig):
    name = "galleries"
    verbose_name = "Galleries"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db import connection

        if connection.vendor == "postgresql":
            from expedition import database

            database.install()
        from django.db.backends.signals import connection_created

        from galleries import search, search_index, small_pictures
        from galleries.models import Credit, Crewmember, Mission, Photo
        from galleries.signals import delete_photo_files

        pre_delete.connect(delete_photo_files, sender=Photo, dispatch_uid="galleries_delete_photo_files")
        for pictured in (Mission, Crewmember):  # patches and portraits: renditions made, and deleted, with them
            post_save.connect(small_pictures.picture_saved, sender=pictured, dispatch_uid="galleries_pictures")
            post_delete.connect(small_pictures.picture_deleted, sender=pictured, dispatch_uid="galleries_pictures")
        # Photos' search documents copy these rows: they follow them.
        post_save.connect(search_index.credit_saved, sender=Credit, dispatch_uid="galleries_search_credit")
        post_save.connect(search_index.mission_saved, sender=Mission, dispatch_uid="galleries_search_mission")
        post_save.connect(search_index.crewmember_saved, sender=Crewmember, dispatch_uid="galleries_search_crew")
        pre_delete.connect(search_index.crewmember_deleting, sender=Crewmember, dispatch_uid="galleries_search_crew")
        post_delete.connect(search_index.crewmember_deleted, sender=Crewmember, dispatch_uid="galleries_search_crew")
        m2m_changed.connect(search_index.people_changed, sender=Photo.people.through, dispatch_uid="galleries_search")
        connection_created.connect(search.register_sqlite_functions, dispatch_uid="galleries_search_functions")
        post_migrate.connect(search_index.ensure_sqlite_index, sender=self, dispatch_uid="galleries_search_sqlite")
