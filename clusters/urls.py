from django.urls import path

from clusters import views

app_name = "clusters"

urlpatterns = [
    path("hubs/", views.hub_list, name="hub_list"),
    path("hubs/<slug:slug>/", views.cluster_detail, {"hub": True}, name="hub_detail"),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/<slug:slug>/", views.cluster_detail, name="cluster_detail"),
]
