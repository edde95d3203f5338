"""The survey pages, included by the staff URLs (namespace "staff")."""

from django.urls import path

from . import views

urlpatterns = [
    path("<slug:org>/surveys/", views.surveys_list, name="surveys"),
    path("<slug:org>/surveys/new", views.survey_new, name="survey-new"),
    path("<slug:org>/surveys/<int:survey_id>/", views.survey_detail, name="survey"),
    path(
        "<slug:org>/surveys/<int:survey_id>/respond",
        views.survey_respond,
        name="survey-respond",
    ),
    path(
        "<slug:org>/surveys/<int:survey_id>/responses",
        views.survey_responses,
        name="survey-responses",
    ),
]
