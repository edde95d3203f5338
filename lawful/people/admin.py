"""The people admin: every save, delete and opening of a record goes through the services.

Django's admin would save models directly; here `save_model`, `save_related`,
`save_formset` and `delete_model` hand each change to `lawful.people.services`, so it is
normalised, checked against the register and audited like any other change, and
`change_view` records that the user opened the person's record. The admin wraps each
request's saving in one transaction, so a person and their inlines commit together.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError

from lawful.notices.registry import NoRegisterInForce, register_in_force
from lawful.policy.register import RegisterError
from lawful.security.admin_log import NoAdminLog
from lawful.security.sqlite import forget_erased_pages

from . import services
from .models import Alias, ContactPoint, Person, PurposeLink
from .normalise import InvalidValue


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ("organisation", "title", "given_name", "family_name", "ward")

    def clean(self):
        cleaned = super().clean()
        names = (cleaned.get("given_name", ""), cleaned.get("family_name", ""))
        if not any(name.strip() for name in names if name):
            raise ValidationError("Give a given name or a family name.")
        return cleaned


class ContactPointForm(forms.ModelForm):
    class Meta:
        model = ContactPoint
        fields = ("kind", "value", "address_lines", "is_primary")
        widgets = {"address_lines": forms.Textarea(attrs={"rows": 2, "cols": 30})}

    def clean_value(self):
        value = self.cleaned_data.get("value", "")
        kind = self.cleaned_data.get("kind")
        if kind:
            try:
                services.normalise_contact(kind, value)
            except InvalidValue as exc:
                raise ValidationError(str(exc), code="invalid") from None
        return value.strip()

    def clean(self):
        cleaned = super().clean()
        kind, lines = cleaned.get("kind"), (cleaned.get("address_lines") or "").strip()
        if kind == ContactPoint.Kind.POSTAL and not lines:
            self.add_error("address_lines", "A postal address needs its address lines.")
        elif kind and kind != ContactPoint.Kind.POSTAL and lines:
            self.add_error("address_lines", "Only a postal address has address lines.")
        return cleaned


class ContactPointFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            kind, value = form.cleaned_data.get("kind"), form.cleaned_data.get("value")
            if not (kind and value):
                continue
            try:
                key = (kind, services.normalise_contact(kind, value))
            except InvalidValue:
                continue  # already shown against the field
            if key in seen:
                form.add_error("value", "This person already has this contact point.")
            seen.add(key)


class ContactPointInline(admin.TabularInline):
    model = ContactPoint
    form = ContactPointForm
    formset = ContactPointFormSet
    fields = ("kind", "value", "address_lines", "is_primary", "normalised")
    readonly_fields = ("normalised",)
    extra = 1


class AliasInline(admin.TabularInline):
    model = Alias
    fields = ("name", "kind")
    extra = 0


def _register(organisation):
    try:
        return register_in_force(organisation)
    except (NoRegisterInForce, RegisterError):
        return None


class PurposeLinkForm(forms.ModelForm):
    # The person's organisation, set by PurposeLinkInline.get_formset for the page.
    organisation = None

    class Meta:
        model = PurposeLink
        fields = ("purpose_id", "basis", "source", "since", "ended")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = _register(self.organisation)
        if self.register is not None:
            choices = [(p.id, f"{p.name} ({p.id})") for p in self.register.purposes]
            current = self.instance.purpose_id
            if current and current not in {c[0] for c in choices}:
                choices.append((current, f"{current} (no longer in the register)"))
            self.fields["purpose_id"] = forms.ChoiceField(
                choices=[("", "---------"), *choices], label="Purpose"
            )

    def clean(self):
        cleaned = super().clean()
        if self.register is None:
            raise ValidationError("The organisation has no register in force: adopt one first.")
        fields = ("purpose_id", "basis", "source")
        if all(cleaned.get(name) for name in fields):
            claim = tuple(cleaned[name] for name in fields) + (cleaned.get("since"),)
            try:
                services.check_purpose(self.register, claim)
            except InvalidValue as exc:
                raise ValidationError(str(exc)) from None
        since, ended = cleaned.get("since"), cleaned.get("ended")
        if since and ended and ended < since:
            self.add_error("ended", "A link cannot end before it begins.")
        return cleaned


class PurposeLinkInline(admin.TabularInline):
    model = PurposeLink
    form = PurposeLinkForm
    extra = 0
    # Links are ended, not deleted: their history is part of an access request's answer.
    can_delete = False

    def get_formset(self, request, obj=None, **kwargs):
        # Purposes are checked against the register in force of the person's organisation.
        form = type("PurposeLinkForm", (PurposeLinkForm,), {"organisation": obj.organisation})
        return super().get_formset(request, obj, form=form, **kwargs)


@admin.register(Person)
class PersonAdmin(NoAdminLog, admin.ModelAdmin):
    form = PersonForm
    list_display = ("name", "organisation", "ward", "created_at")
    list_filter = ("organisation", "restricted")
    list_select_related = ("organisation",)
    search_fields = ("given_name", "family_name", "aliases__name", "contact_points__normalised")
    fields = (
        "organisation",
        "title",
        "given_name",
        "family_name",
        "ward",
        "restricted",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("restricted", "created_at", "updated_at")
    inlines = (AliasInline, ContactPointInline, PurposeLinkInline)

    def get_readonly_fields(self, request, obj=None):
        # A person stays in the organisation that holds their data.
        return (*self.readonly_fields, "organisation") if obj else self.readonly_fields

    def get_inlines(self, request, obj):
        # Purposes are linked once the person exists, against their organisation's
        # register in force.
        return self.inlines if obj else (AliasInline, ContactPointInline)

    @admin.display(description="name", ordering="family_name")
    def name(self, person):
        return person.display_name

    def get_search_results(self, request, queryset, search_term):
        """Also match an email address, phone number or postcode however it is written."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            try:
                kind, normalised = services.contact_lookup(search_term)
            except InvalidValue:
                pass
            else:
                matches = ContactPoint.objects.filter(kind=kind, normalised=normalised)
                results = results | queryset.filter(pk__in=matches.values("person_id"))
        return results, may_have_duplicates

    # --- Opening a record -----------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # One event per opening of the record: a POST that shows the form again (with
        # errors) is the same view continued, not another.
        if request.method == "GET" and response.status_code == 200:
            person = self.get_object(request, unquote(object_id))
            if person is not None:
                services.record_view(person, actor=request.user)
        return response

    # --- Saving through the services ------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            return  # created with its inlines in save_related, as one audited CREATE
        person = Person.objects.get(pk=obj.pk)
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.PERSON_FIELDS
        }
        services.update_person(person, actor=request.user, **changes)
        obj.updated_at = person.updated_at

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)
            return
        obj = form.instance
        rows = {formset.model: formset.save(commit=False) for formset in formsets}
        points = sorted(rows.get(ContactPoint, []), key=lambda p: not p.is_primary)
        person = services.create_person(
            organisation=form.cleaned_data["organisation"],
            actor=request.user,
            **{name: form.cleaned_data.get(name, "") for name in services.PERSON_FIELDS},
            emails=[p.value for p in points if p.kind == ContactPoint.Kind.EMAIL],
            phones=[p.value for p in points if p.kind == ContactPoint.Kind.PHONE],
            postal=[
                services.PostalAddress(p.address_lines, p.value)
                for p in points
                if p.kind == ContactPoint.Kind.POSTAL
            ],
            aliases=[(a.name, a.kind) for a in rows.get(Alias, [])],
        )
        # The admin goes on to log and redirect with the instance its form built.
        obj.pk = person.pk
        obj._state.adding = False
        obj._state.db = person._state.db
        obj.created_at, obj.updated_at = person.created_at, person.updated_at

    def save_formset(self, request, form, formset, change):
        actor = request.user
        formset.save(commit=False)  # sorts the rows into new, changed and deleted
        for row in formset.deleted_objects:
            if isinstance(row, ContactPoint):
                services.remove_contact_point(row, actor=actor)
            elif isinstance(row, Alias):
                services.remove_alias(row, actor=actor)
        saved = []
        person = form.instance
        for row in formset.new_objects:
            if isinstance(row, ContactPoint):
                saved.append(
                    services.add_contact_point(
                        person,
                        actor=actor,
                        kind=row.kind,
                        value=row.value,
                        address_lines=row.address_lines,
                        is_primary=row.is_primary,
                    )
                )
            elif isinstance(row, Alias):
                saved.append(services.add_alias(person, actor=actor, name=row.name, kind=row.kind))
            elif isinstance(row, PurposeLink):
                link = services.link_purpose(
                    person,
                    actor=actor,
                    purpose_id=row.purpose_id,
                    basis=row.basis,
                    source=row.source,
                    since=row.since,
                )
                if row.ended:
                    link = services.end_purpose(
                        person, actor=actor, purpose_id=row.purpose_id, ended=row.ended
                    )
                saved.append(link)
        formset.new_objects = saved
        for row, changed in formset.changed_objects:
            current = type(row).objects.get(pk=row.pk)
            changes = {name: getattr(row, name) for name in changed}
            if isinstance(row, ContactPoint):
                services.update_contact_point(current, actor=actor, **changes)
            elif isinstance(row, Alias):
                services.update_alias(current, actor=actor, **changes)
            elif isinstance(row, PurposeLink):
                services.update_purpose_link(current, actor=actor, **changes)

    def delete_model(self, request, obj):
        services.delete_person(obj, actor=request.user)
        forget_erased_pages()

    def delete_queryset(self, request, queryset):
        for person in queryset:
            services.delete_person(person, actor=request.user)
        forget_erased_pages()
