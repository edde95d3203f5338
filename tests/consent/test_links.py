"""Signed links: they open only what they were made for, refuse tampering, and expire."""

import pytest
from django.core import signing
from django.test import override_settings

from lawful.consent import links


def token_of(url):
    return url.rstrip("/").rsplit("/", 1)[1]


def test_preferences_link_opens_the_persons_page_only(network, make_person):
    person = make_person()
    url = links.preferences_url(network, person)
    assert url.startswith("http://testserver/o/riverside/preferences/") or "/o/riverside/" in url
    found = links.read_link("preferences", token_of(url), network)
    assert (found.organisation_id, found.person_id) == (network.pk, person.pk)


def test_a_changed_link_is_refused(network, make_person):
    token = token_of(links.preferences_url(network, make_person()))
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    with pytest.raises(links.BadLink) as refused:
        links.read_link("preferences", tampered, network)
    assert not refused.value.expired


def test_a_link_of_one_kind_is_not_a_link_of_another(network, make_person):
    person = make_person()
    token = token_of(links.unsubscribe_url(network, person, "keeping-in-touch", "email"))
    with pytest.raises(links.BadLink):
        links.read_link("preferences", token, network)


def test_a_link_for_one_organisation_is_refused_by_another(network, make_person, org):
    token = token_of(links.preferences_url(network, make_person()))
    with pytest.raises(links.BadLink, match="not valid for this organisation"):
        links.read_link("preferences", token, org)


def test_links_expire(network, make_person, monkeypatch):
    person = make_person()
    token = token_of(links.preferences_url(network, person))
    with override_settings(LAWFUL_PREFERENCES_LINK_DAYS=0):
        original = signing.loads

        def later(*args, **kwargs):  # as if read a second after it was made
            kwargs["max_age"] = -1
            return original(*args, **kwargs)

        monkeypatch.setattr(signing, "loads", later)
        with pytest.raises(links.BadLink) as refused:
            links.read_link("preferences", token, network)
    assert refused.value.expired


def test_list_unsubscribe_headers_follow_rfc_8058(network, make_person):
    person = make_person()
    headers = links.list_unsubscribe_headers(network, person, "keeping-in-touch", "email")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    value = headers["List-Unsubscribe"]
    assert value.startswith("<") and value.endswith(">")
    found = links.read_link("unsubscribe", token_of(value.strip("<>")), network)
    assert (found.person_id, found.purpose, found.channel) == (
        person.pk,
        "keeping-in-touch",
        "email",
    )


def test_a_sends_links_are_the_addresses_reverse_gives_and_open_for_each_person(
    network, make_person
):
    from django.urls import reverse

    first, second = make_person(), make_person()
    made = links.MessageLinks(network, "keeping-in-touch", "email")
    for person in (first, second):
        url = made.unsubscribe(person.pk)
        token = token_of(url)
        path = reverse(
            "public:consent-unsubscribe",
            kwargs={"slug": network.slug, "unsubscribe_token": token},
        )
        assert url.endswith(path)
        found = links.read_link("unsubscribe", token, network)
        assert (found.person_id, found.purpose, found.channel) == (
            person.pk,
            "keeping-in-touch",
            "email",
        )
        preferences = links.read_link("preferences", token_of(made.preferences(person.pk)), network)
        assert preferences.person_id == person.pk
    assert made.headers(url) == {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
