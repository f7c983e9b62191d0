from __future__ import annotations

from django.urls import path

from galleries import views

app_name = "galleries"
urlpatterns = [
    path("", views.MissionListView.as_view(), name="mission-list"),
    path("missions/<slug:slug>/", views.MissionDetailView.as_view(), name="mission-detail"),
    path("missions/<slug:mission_slug>/photos/<int:pk>/", views.PhotoDetailView.as_view(), name="photo-detail"),
    path("crew/<slug:slug>/", views.CrewmemberDetailView.as_view(), name="crewmember-detail"),
    path("healthz", views.healthz, name="healthz"),
]
