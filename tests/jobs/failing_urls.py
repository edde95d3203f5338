"""A page that breaks, for the error-logging test."""

from django.urls import include, path


def broken_page(request):
    raise RuntimeError("the page broke")


urlpatterns = [
    path("people/42/edit", broken_page),
    path("", include("lawful.urls")),
]
