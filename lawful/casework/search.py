"""Search of cases by the words of their encrypted text, through keyed tokens.

A case's description, its notes and its correspondence's subjects and bodies are
encrypted, so SQL cannot look into them. Each of their words is kept instead as a token
(HMAC under the organisation's search key, derived from its data key: see
lawful.policy.search and lawful.crypto.envelope) in CaseSearchToken, and a search looks
the tokens of its words up in an index. Search is therefore by whole words: "bedroom"
finds "Bedroom," but "bed" does not find "bedroom".

The tokens are written by the casework services in the transaction that writes the text
(`add_text` for a new case, note or email; `forget` where the text is deleted), and
rebuilt under the new key by `lawful keys rotate` (`rekey_batch`, registered with
lawful.crypto.services), which also runs it under the active key for `lawful keys reindex`
(after an upgrade, or to repair).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from lawful.crypto import envelope
from lawful.policy import search as words_of
from lawful.sql import sets_are_cheap

from .models import Case, CaseSearchToken, Correspondence, Note

__all__ = ["add_text", "forget", "matching", "rebuild", "rekey_batch"]


def _key(organisation_id) -> bytes:
    return envelope.active_key(organisation_id).search_key


def _insert(organisation_id, case_id, tokens) -> None:
    CaseSearchToken.objects.bulk_create(
        [
            CaseSearchToken(organisation_id=organisation_id, case_id=case_id, token=t)
            for t in tokens
        ],
        ignore_conflicts=True,
        batch_size=500,
    )


def add_text(case, *texts: str) -> None:
    """Add the tokens of new text on the case (a note, an email): in the caller's
    transaction, under the organisation's active key."""
    if not any(words_of.words(text) for text in texts):
        return  # nothing to index (and no key to make for it)
    found = words_of.text_tokens(_key(case.organisation_id), *texts)
    _insert(case.organisation_id, case.pk, found)


def case_texts(case_id) -> list[str]:
    """Every text of the case that search covers, decrypted."""
    texts = [Case.objects.filter(pk=case_id).values_list("description", flat=True).first()]
    texts += Note.objects.filter(case_id=case_id).values_list("text", flat=True)
    for subject, body in Correspondence.objects.filter(case_id=case_id).values_list(
        "subject", "body"
    ):
        texts += [subject, body]
    return [t for t in texts if t]


def forget(case) -> None:
    """Remove every token of the case (its text is deleted: minimised, erased)."""
    CaseSearchToken.objects.filter(case_id=case.pk).delete()


def rebuild(case, key: bytes | None = None) -> int:
    """Replace the case's tokens by those of the text it holds now (after a change or a
    removal of text; under `key`, else the active key's search key). Returns how many."""
    key = key if key is not None else _key(case.organisation_id)
    found = words_of.text_tokens(key, *case_texts(case.pk))
    with transaction.atomic():
        CaseSearchToken.objects.filter(case_id=case.pk).delete()
        _insert(case.organisation_id, case.pk, found)
    return len(found)


def rekey_batch(organisation_id, after_pk: int, batch_size: int, key) -> tuple[int | None, int]:
    """Rebuild the tokens of the next `batch_size` cases of the organisation after
    `after_pk` under `key` (a DataKey), in the caller's transaction, the cases locked
    against a writer meanwhile. Returns (last case pk, or None when there are no more;
    tokens written)."""
    cases = list(
        Case.objects.filter(organisation_id=organisation_id, pk__gt=after_pk)
        .order_by("pk")
        .select_for_update()
        .values_list("pk", flat=True)[:batch_size]
    )
    if not cases:
        return None, 0
    texts: dict[int, list[str]] = {pk: [] for pk in cases}
    low, high = cases[0], cases[-1]
    for pk, description in Case.objects.filter(pk__in=cases).values_list("pk", "description"):
        texts[pk].append(description)
    for case_id, text in Note.objects.filter(
        case_id__gte=low, case_id__lte=high, organisation_id=organisation_id
    ).values_list("case_id", "text"):
        if case_id in texts:
            texts[case_id].append(text)
    for case_id, subject, body in Correspondence.objects.filter(
        case_id__gte=low, case_id__lte=high, organisation_id=organisation_id
    ).values_list("case_id", "subject", "body"):
        if case_id in texts:
            texts[case_id] += [subject, body]
    CaseSearchToken.objects.filter(case_id__in=cases).delete()
    rows = [
        CaseSearchToken(organisation_id=organisation_id, case_id=pk, token=t)
        for pk, found in texts.items()
        for t in words_of.text_tokens(key.search_key, *found)
    ]
    CaseSearchToken.objects.bulk_create(rows, batch_size=1000)
    return (None if len(cases) < batch_size else cases[-1]), len(rows)


def matching(cases, q: str):
    """The cases of the queryset `cases` (already in the caller's scope: this only ever
    narrows it) having every word of `q` in their encrypted text, or `q` in their subject
    (in any case). Whole words: see the module's docstring."""
    q = (q or "").strip()
    if not q:
        return cases
    subject = Q(subject__icontains=q)
    wanted = words_of.words(q)
    # A scope is one organisation's cases (Case.objects.visible_to): its key is the one
    # to look up with. (Cases of another organisation in `cases` would match by subject
    # only: the tokens looked up are this organisation's.)
    org_id = next(iter(cases.order_by().values_list("organisation_id", flat=True)[:1]), None)
    keys = envelope.search_keys(org_id) if org_id is not None and wanted else []
    if not keys:
        # No word to look up (each too short or too common), no case, or no key yet
        # (nothing encrypted, so no tokens): subjects only.
        return cases.filter(subject)
    every_word = Q()
    for word in wanted:
        having = CaseSearchToken.objects.filter(
            organisation_id=org_id, token__in=[words_of.token(k, word) for k in keys]
        )
        if sets_are_cheap():
            every_word &= Q(pk__in=having.values("case_id"))
        else:  # a common word's cases may not fit PostgreSQL's work_mem: one lookup a case
            every_word &= Q(Exists(having.filter(case_id=OuterRef("pk"))))
    return cases.filter(subject | every_word)
