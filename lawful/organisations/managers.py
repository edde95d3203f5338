"""The one query-layer filter by organisation: `Model.objects.for_org(org)`."""

from django.db import models


class OrganisationScopedQuerySet(models.QuerySet):
    def for_org(self, organisation):
        """Only this organisation's rows (an Organisation or its pk)."""
        if organisation is None:
            raise ValueError("organisation: a scoped query needs an organisation")
        return self.filter(organisation=organisation)
