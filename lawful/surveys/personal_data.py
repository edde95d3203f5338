"""Survey responses linked to a person, in the registry.

Erasure deletes the person's responses with their answers (the survey's results then no
longer count them). Restriction needs nothing here: the results never count a restricted
person's responses (services.counted_responses) and no response can be recorded for them.
"""

from lawful.registry import ErasureOutcome, PersonalDataSource

from . import services
from .models import Answer, Response


class SurveyResponseSource(PersonalDataSource):
    key = "surveys"
    label = "Survey responses"
    models = (Response, Answer)

    def find(self, organisation, person):
        return list(
            Response.objects.for_org(organisation)
            .filter(person=person)
            .select_related("survey")
            .prefetch_related("answers__question")
            .order_by("recorded_at", "pk")
        )

    def describe(self, record):
        fields = {"Survey": record.survey.title, "Given": record.get_via_display()}
        for answer in record.answers.all():
            fields[answer.question.text] = answer.choice or answer.text
        return "Survey response", fields, record.recorded_at

    def export(self, organisation, person):
        return [
            {
                "survey": r.survey.title,
                "purpose": r.survey.purpose_id,
                "given": r.via,
                "recorded_at": r.recorded_at.isoformat(),
                "answers": [
                    {"question": a.question.text, "answer": a.choice or a.text}
                    for a in r.answers.all()
                ],
            }
            for r in self.find(organisation, person)
        ]

    def erase(self, organisation, person, actor):
        erased = services.erase_responses_of(organisation, person, actor=actor)
        if not erased:
            return ErasureOutcome()
        return ErasureOutcome(erased=[f"{erased} survey response(s) with their answers"])

    def restrict(self, organisation, person, actor):
        return None
