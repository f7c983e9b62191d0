from __future__ import annotations

from django.urls import path

from galleries import topic_pages, views
from galleries.feeds import MissionFeed

app_name = "galleries"
urlpatterns = [
    path("", views.MissionListView.as_view(), name="mission-list"),
    path("missions/<slug:slug>/", views.MissionDetailView.as_view(), name="mission-detail"),
    path("missions/<slug:mission_slug>/photos/<int:pk>/", views.PhotoDetailView.as_view(), name="photo-detail"),
    path("crew/<slug:slug>/", views.CrewmemberDetailView.as_view(), name="crewmember-detail"),
    path("topics/<slug:slug>/", topic_pages.TopicDetailView.as_view(), name="topic-detail"),
    path("search/", views.search, name="search"),
    path("feed/", MissionFeed(), name="mission-feed"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("healthz", views.healthz, name="healthz"),
]
