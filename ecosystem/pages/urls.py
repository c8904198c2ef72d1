from django.urls import path

from ecosystem.pages import search as search_views
from ecosystem.pages import views

app_name = "ecosystem"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_views.search, name="search"),
    path("pillars/", views.pillar_balance, name="pillars"),
    path("about/", views.about, name="about"),
    path("domains/", views.domain_list, name="domain_list"),
    path("domains/<slug:slug>/", views.domain_detail, name="domain_detail"),
    path("territories/", views.territory_list, name="territory_list"),
    path("territories/<slug:slug>/", views.territory_detail, name="territory_detail"),
    path("concepts/", views.concept_list, name="concept_list"),
    path("concepts/<slug:slug>/", views.concept_detail, name="concept_detail"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/<slug:slug>/", views.policy_detail, name="policy_detail"),
    path("key-figures/", views.keyfigure_list, name="keyfigure_list"),
    path("key-figures/<slug:slug>/", views.keyfigure_detail, name="keyfigure_detail"),
    path("events/", views.event_list, name="event_list"),
    path("events/calendar.ics", views.event_calendar, name="event_calendar"),
    path("events/<slug:slug>.ics", views.event_ics, name="event_ics"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("milestones/", views.milestone_list, name="milestone_list"),
    path("milestones/<slug:slug>/", views.milestone_detail, name="milestone_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("history/<slug:model_name>/<slug:slug>/", views.record_history, name="record_history"),
]
