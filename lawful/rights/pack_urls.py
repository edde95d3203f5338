"""The pack's and letters' staff pages, included by the staff URLs (namespace "staff")."""

from django.urls import path

from . import pack_views

urlpatterns = [
    path("<slug:org>/requests/<int:request_id>/pack", pack_views.pack, name="request-pack"),
    path(
        "<slug:org>/requests/<int:request_id>/pack/download",
        pack_views.pack_download,
        name="request-pack-download",
    ),
    path(
        "<slug:org>/requests/<int:request_id>/pack/flags",
        pack_views.pack_flags,
        name="request-pack-flags",
    ),
    path(
        "<slug:org>/requests/<int:request_id>/letters",
        pack_views.request_letters,
        name="request-letters",
    ),
    path("<slug:org>/letters/", pack_views.letter_templates, name="letter-templates"),
]
