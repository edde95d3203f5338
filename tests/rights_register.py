"""A register with a purpose for each basis the rights desk treats differently, and two
recipients, for the fulfilment, suppression and disclosure tests."""

import pytest

RIGHTS_REGISTER = """
controller: {name: C, address: A, ico_registration: Z1, data_protection_lead: {name: L}}
notice: {review_cycle: yearly, next_review: 2030-01-01,
         versions: [{version: "1", status: adopted, date: 2020-01-01, minute: "1"}]}
recipients:
  - {id: district-council, name: Ashdale District Council, role: controller,
     why: To pass on matters that are theirs.}
  - {id: mailing-service, name: Our mailing-list provider, role: processor,
     why: To send our emails.}
purposes:
  - id: newsletters
    name: Newsletters
    description: Our newsletter.
    data_subjects: [residents]
    data_categories: [name, address, contact-details]
    sources: [data-subject]
    direct_marketing: true
    marketing_channels: [email, post]
    lawful_basis:
      - {basis: consent, applies_to: newsletters by email, channels: [email]}
      - {basis: public-task, applies_to: newsletters by post, channels: [post]}
    requirement: {kind: voluntary, consequence: We will not send you the newsletter.}
    retention: {trigger: opt-out}
    recipients: [mailing-service]
  - id: finance
    name: Finance
    description: Our accounts.
    data_subjects: [residents]
    data_categories: [name, financial]
    sources: [data-subject, representative]
    lawful_basis: legal-obligation
    requirement: {kind: contractual, consequence: We cannot pay you.}
    retention: {period: 6 years, trigger: end-of-financial-year}
  - id: consultations
    name: Consultations
    description: Asking residents about local plans.
    data_subjects: [residents]
    data_categories: [name, address]
    sources: [data-subject]
    lawful_basis: public-task
    requirement: {kind: voluntary, consequence: We cannot count your view.}
    retention: {period: 2 years, trigger: collection}
    recipients: [district-council]
  - id: hall-hire
    name: Hall hire
    description: Hiring the village hall.
    data_subjects: [residents]
    data_categories: [name, contact-details]
    sources: [data-subject]
    lawful_basis: contract
    requirement: {kind: contractual, consequence: We cannot hire you the hall.}
    retention: {period: 1 year, trigger: end-of-contract}
  - id: events
    name: Events
    description: Telling past attendees about similar events.
    data_subjects: [residents]
    data_categories: [name, contact-details]
    sources: [data-subject]
    lawful_basis: legitimate-interests
    legitimate_interest: Running community events that attendees expect to hear of.
    requirement: {kind: voluntary, consequence: None.}
    retention: {period: 1 year, trigger: collection}
"""


@pytest.fixture
def rights_org(db):
    from tests.organisations.factories import OrganisationFactory

    return OrganisationFactory(
        slug="ashdale", name="Ashdale Town Council", register=RIGHTS_REGISTER
    )
