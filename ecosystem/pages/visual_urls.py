from django.urls import path

from ecosystem.pages import visuals as visual_views

app_name = "visuals"

urlpatterns = [
    path("map/", visual_views.map_view, name="map"),
    path("graph/<slug:kind>/<slug:slug>/", visual_views.graph_view, name="graph"),
]
