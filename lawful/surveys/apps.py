from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "lawful.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self):
        from lawful.registry import register_source

        from .personal_data import SurveyResponseSource

        register_source(SurveyResponseSource())
