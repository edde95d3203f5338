from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "lawful.geography"
    label = "geography"
    verbose_name = "Postcodes, wards and constituencies"
