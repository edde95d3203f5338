"""The registry of personal data: every app that holds records about a person joins it.

Each app declares, in its AppConfig.ready(), a `PersonalDataSource` saying how to find,
describe, export, erase and restrict its records of one person of one organisation.
The person page, the access pack, erasure and restriction all go through `sources()`,
so a new app cannot be forgotten by any of them; a test fails if an app has a model
pointing at Person that no source covers.

    from lawful import registry
    registry.records_for(org, person)   # {source key: [RecordView, ...]}, every app
    registry.export_for(org, person)    # {source key: [JSON-able dict, ...]}
    registry.erase(org, person, actor)  # every source erases, in one transaction
    registry.restrict(org, person, actor)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction


@dataclass(frozen=True)
class RecordView:
    """One record as the person page shows it: a label, its fields in the user's words,
    and the date it is about (made, changed or happened)."""

    source: str
    label: str
    fields: dict[str, Any]
    date: date | datetime | None
    record: Any = field(repr=False, compare=False, default=None)


@dataclass(frozen=True)
class ErasureOutcome:
    """What a source did when asked to erase: what it erased, and what it kept and why
    (the reply to the person names both)."""

    erased: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


class PersonalDataSource:
    """How one app's records of a person are found, shown, exported, erased, restricted.

    key: a short stable name ("people", "audit"); label: the heading the person page
    shows; models: the models whose rows the source covers (the completeness test checks
    that every model with a foreign key to Person is covered by a source).
    """

    key: str = ""
    label: str = ""
    models: tuple = ()
    # Where the source comes on the person page: the person first (people, 0), the
    # audit log last (1000), every other app between (100).
    order: int = 100

    def find(self, organisation, person) -> list:
        """The source's records of this person of this organisation, in display order."""
        raise NotImplementedError

    def describe(self, record) -> tuple[str, dict[str, Any], date | datetime | None]:
        """(label, fields in the user's words, date) of one record found."""
        raise NotImplementedError

    def export(self, organisation, person) -> list[dict[str, Any]]:
        """The records as JSON-able dicts, for an access pack or portability: by default
        each record found as `describe` gives it (a source whose fields are not already
        JSON-able, or that exports more than it shows, overrides this)."""
        rows = []
        for found in self.find(organisation, person):
            label, fields, when = self.describe(found)
            rows.append(
                {
                    "type": found._meta.label_lower,
                    "id": found.pk,
                    "label": label,
                    "fields": fields,
                    "date": when.isoformat() if when else None,
                }
            )
        return rows

    def erase(self, organisation, person, actor) -> ErasureOutcome:
        """Erase what may be erased, audited; say what was kept and why."""
        raise NotImplementedError

    def restrict(self, organisation, person, actor) -> None:
        """Stop every use but storage of the person's records, audited."""
        raise NotImplementedError


_SOURCES: dict[str, PersonalDataSource] = {}


def register_source(source: PersonalDataSource) -> PersonalDataSource:
    """Join the registry (call from AppConfig.ready()); registering a key twice replaces
    it, so a reloaded app does not appear twice."""
    if not source.key:
        raise ValueError("a personal data source needs a key")
    _SOURCES[source.key] = source
    return source


def sources() -> list[PersonalDataSource]:
    """Every source, by `order` (then key)."""
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


def source(key: str) -> PersonalDataSource:
    return _SOURCES[key]


def covered_models() -> set:
    return {model for s in _SOURCES.values() for model in s.models}


def _check_person(organisation, person) -> None:
    # The one guard every entry point shares: a person is only ever reached through the
    # organisation that holds their data.
    if person.organisation_id != getattr(organisation, "pk", organisation):
        raise LookupError("this person is not a person of that organisation")


def records_for(organisation, person) -> dict[str, list[RecordView]]:
    """Everything held about the person, by source (every source listed, even empty)."""
    _check_person(organisation, person)
    grouped: dict[str, list[RecordView]] = {}
    for s in sources():
        views = []
        for found in s.find(organisation, person):
            label, fields, when = s.describe(found)
            views.append(RecordView(s.key, label, fields, when, found))
        grouped[s.key] = views
    return grouped


def export_for(organisation, person) -> dict[str, list[dict[str, Any]]]:
    _check_person(organisation, person)
    return {s.key: s.export(organisation, person) for s in sources()}


def erase(organisation, person, actor) -> dict[str, ErasureOutcome]:
    """Erase the person from every source in one transaction (all or nothing).

    The sources run in reverse `order`, so that the app holding the person (people,
    order 0) goes last, after everything that points at them.
    """
    from lawful.security.sqlite import forget_erased_pages

    _check_person(organisation, person)
    with transaction.atomic():
        outcome = {s.key: s.erase(organisation, person, actor) for s in reversed(sources())}
        forget_erased_pages()  # SQLite: no copy left in the write-ahead log
        return outcome


def restrict(organisation, person, actor) -> None:
    _check_person(organisation, person)
    with transaction.atomic():
        for s in sources():
            s.restrict(organisation, person, actor)
