"""The API's URLs: ninja's, each giving JSON for its errors, then a JSON 404 for any
other address under /api/v1/ (never Django's HTML pages)."""

from django.urls import re_path

from .api import api
from .errors import api_root, json_errors, unknown_path

_patterns, app_name, _namespace = api.urls
for _pattern in _patterns:
    # ninja's root view only raises Http404 (an HTML page): say where the docs are.
    _pattern.callback = api_root if _pattern.name == "api-root" else json_errors(_pattern.callback)

urlpatterns = [*_patterns, re_path(r"^.*$", unknown_path, name="unknown")]
