"""The demo command leaves the browser journey ready: one agreement to accept, one accepted and paid."""

from django.core.management import call_command

from grants.awards.models import Award, Payment
from grants.organizations.models import Organization


def test_demo_awards_is_ready_for_the_journey_and_safe_to_run_again(db, capsys):
    call_command("demo_data")
    call_command("demo_awards")
    call_command("demo_awards")
    awards = {
        a.application.organization.legal_name: a
        for a in Award.objects.select_related("application__organization")
    }
    assert set(awards) == {"Safe Harbour Youth Services", "Centre d'aide Horizon"}
    assert awards["Safe Harbour Youth Services"].status == Award.Status.OFFERED
    assert awards["Centre d'aide Horizon"].status == Award.Status.ACTIVE
    released = Payment.objects.filter(status=Payment.Status.RELEASED)
    assert [p.award_id for p in released] == [awards["Centre d'aide Horizon"].pk]
    assert "agreement to accept" in capsys.readouterr().out


def test_each_demo_award_names_its_own_organizations_signing_authority(db):
    call_command("demo_data")
    call_command("demo_awards")

    signers = {
        a.application.organization.legal_name: a.signing_name
        for a in Award.objects.select_related("application__organization")
    }
    owners = {
        o.legal_name: o.memberships.get(role="owner").user.get_full_name()
        for o in Organization.objects.filter(legal_name__in=signers)
    }
    assert signers == owners
    assert signers == {"Safe Harbour Youth Services": "Alex Martin", "Centre d'aide Horizon": "Camille Tremblay"}
    closed = Award.objects.first().application.call
    assert set(closed.required_document_types.values_list("used_for", flat=True)) == {"application"}
