from __future__ import annotations

from django.urls import include, path

from galleries import embeds, iiif, manifests, topic_pages, views, views_downloads
from galleries.feeds import MissionFeed
from galleries.photo_feeds import CrewmemberPhotoFeed, MissionPhotoFeed

app_name = "galleries"
urlpatterns = [
    path("", views.MissionListView.as_view(), name="mission-list"),
    path("missions/<slug:slug>/", views.MissionDetailView.as_view(), name="mission-detail"),
    path("missions/<slug:mission_slug>/photos/<int:pk>/", views.PhotoDetailView.as_view(), name="photo-detail"),
    path(
        "missions/<slug:mission_slug>/photos/<int:pk>/download/<slug:size>/",
        views_downloads.photo_download,
        name="photo-download",
    ),
    path(
        "missions/<slug:mission_slug>/photos/<int:pk>/metadata.json",
        views_downloads.photo_metadata,
        name="photo-metadata",
    ),
    path("crew/<slug:slug>/", views.CrewmemberDetailView.as_view(), name="crewmember-detail"),
    path("topics/<slug:slug>/", topic_pages.TopicDetailView.as_view(), name="topic-detail"),
    path("search/", views.search, name="search"),
    path("feed/", MissionFeed(), name="mission-feed"),
    path("missions/<slug:slug>/feed/", MissionPhotoFeed(), name="mission-photo-feed"),
    path("crew/<slug:slug>/feed/", CrewmemberPhotoFeed(), name="crewmember-photo-feed"),
    path("oembed/", embeds.oembed, name="oembed"),
    path("embed/missions/<slug:slug>/", embeds.embed_mission, name="embed-mission"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("healthz", views.healthz, name="healthz"),
    path("iiif/3/missions/<slug:slug>/manifest.json", manifests.mission_manifest, name="mission-manifest"),
    path("iiif/3/", include(iiif.urlpatterns)),
]
