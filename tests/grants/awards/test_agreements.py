"""Agreements: accepted by an owner of the organization as its signing authority, once per version, the accepted
PDF stored unchanged (services/agreements.py)."""

import hashlib

import pytest

from grants.awards import services
from grants.awards.models import Agreement, Award
from grants.kernel.errors import ServiceError, TransitionError
from tests.factories import MembershipFactory, UserFactory
from tests.grants.awards.award_factories import terms_for


def test_the_owner_accepts_and_the_accepted_pdf_is_stored_unchanged(
    award, applicant, program_officer, mailoutbox, worker_after
):
    agreement = award.agreements.get()
    with worker_after():
        services.agreement_accept(
            agreement=agreement, by=applicant, signer_name="Alex Martin", signer_title="Executive Director"
        )
    agreement.refresh_from_db()
    award.refresh_from_db()
    assert award.status == Award.Status.ACTIVE
    assert (agreement.signer_name, agreement.signer_title, agreement.accepted_by) == (
        "Alex Martin",
        "Executive Director",
        applicant,
    )
    content = agreement.pdf.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == agreement.sha256
    assert {m.to[0] for m in mailoutbox} == {applicant.email, program_officer.email}
    with pytest.raises(ValueError, match="cannot be changed"):
        agreement.signer_title = "Someone else"
        agreement.save()


def test_an_editor_cannot_accept(award, organization):
    editor = MembershipFactory(organization=organization, role="editor").user
    with pytest.raises(TransitionError, match="Only an owner of the organization"):
        services.agreement_accept(
            agreement=award.agreements.get(), by=editor, signer_name="E", signer_title="T"
        )


def test_accepting_twice_or_an_old_version_is_refused(accepted_award, applicant, program_officer):
    first = accepted_award.agreements.get()
    with pytest.raises(TransitionError, match="was accepted on"):
        services.agreement_accept(agreement=first, by=applicant, signer_name="A", signer_title="B")
    services.award_amend(
        award=accepted_award,
        by=program_officer,
        reason="Add a condition.",
        terms=terms_for(accepted_award.application, conditions_en="Board resolution first."),
    )
    services.award_amend(
        award=accepted_award,
        by=program_officer,
        reason="And in French.",
        terms=terms_for(
            accepted_award.application,
            conditions_en="Board resolution first.",
            conditions_fr="La résolution d'abord.",
        ),
    )
    second = Agreement.objects.get(award=accepted_award, version=2)
    with pytest.raises(TransitionError, match="Version 2 was replaced by version 3"):
        services.agreement_accept(agreement=second, by=applicant, signer_name="A", signer_title="B")


def test_a_name_and_title_are_required(award, applicant):
    with pytest.raises(ServiceError, match="your name and title"):
        services.agreement_accept(
            agreement=award.agreements.get(), by=applicant, signer_name="", signer_title=""
        )


def test_an_offer_that_is_closed_is_no_longer_open_to_acceptance(award, program_officer, applicant):
    services.award_close(award=award, by=program_officer, reason="Declined by the organization.")
    with pytest.raises(TransitionError):
        services.agreement_accept(
            agreement=award.agreements.get(), by=applicant, signer_name="A", signer_title="B"
        )


def test_staff_who_are_not_members_cannot_accept(award, program_officer):
    officer = UserFactory(roles=["program_officer"])
    with pytest.raises(TransitionError, match="Only an owner"):
        services.agreement_accept(
            agreement=award.agreements.get(), by=officer, signer_name="A", signer_title="B"
        )
