"""Django's admin audits its views of personal data like the workspace does.

`AuditedViews` mixed into a ModelAdmin records ONE VIEW event per page shown:
- a list (the changelist, with or without a search or filters): the kind of query and
  how many were found, never the text searched for;
- a record's page: left to the ModelAdmin's `change_view` (it names the record, e.g.
  `people.services.record_view`);
- a delete confirmation (one record's, or the bulk action's): what would be deleted, by id.

Only pages actually shown count (a GET answered 200, or the bulk action's confirmation):
a POST that saves or deletes is audited by the services that do it.
"""

from django.contrib.admin.views.main import SEARCH_VAR

from .events import AuditAction
from .services import record

# Filter parameters that are not filters (paging, ordering, the admin's own switches).
_NOT_FILTERS = {"p", "o", "all", "_popup", "_to_field", "e", SEARCH_VAR}


class AuditedViews:
    # What the rows are, in the event's words: "people".
    audit_noun = "records"

    def audit_query_kind(self, search_term: str) -> str:
        """The kind of a search (e.g. "email"), never its text."""
        return "text"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code != 200 or not hasattr(response, "context_data"):
            return response
        context = response.context_data
        if "delete_selected_confirmation" in str(getattr(response, "template_name", "")):
            self._record_delete_confirmation(request, list(context.get("queryset", [])))
        elif context.get("cl") is not None and request.method == "GET":
            self._record_list(request, context["cl"])
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = response.context_data.get("object")
            if obj is not None:
                self._record_delete_confirmation(request, [obj])
        return response

    def _record_list(self, request, changelist) -> None:
        term = (changelist.query or "").strip()
        filters = sorted({name.split("__")[0] for name in request.GET if name not in _NOT_FILTERS})
        how = (
            f"searched {self.audit_noun} by {self.audit_query_kind(term)}"
            if term
            else (f"listed {self.audit_noun}")
        )
        if filters:
            how += f" (filtered by {', '.join(filters)})"
        found = changelist.result_count
        shown = len(changelist.result_list)
        record(
            AuditAction.VIEW,
            actor=request.user,
            summary=f"admin: {how}: {found} found, {shown} shown",
        )

    def _record_delete_confirmation(self, request, objects) -> None:
        if not objects:
            return
        ids = ", ".join(str(obj.pk) for obj in objects)
        single = objects[0] if len(objects) == 1 else None
        record(
            AuditAction.VIEW,
            actor=request.user,
            target=single,
            summary=f"admin: asked to confirm deleting {self.audit_noun} {ids}",
        )
