from django.urls import path

from proposals import views

app_name = "proposals"

urlpatterns = [
    path("propose/organisation/", views.propose_organisation, name="organisation"),
    path("propose/thanks/<int:number>/", views.thanks, name="thanks"),
    path("propose/<slug:model_name>/<slug:slug>/", views.propose_correction, name="correction"),
]
