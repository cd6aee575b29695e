"""The demo command leaves the browser journey ready: one agreement to accept, one accepted and paid."""

from django.core.management import call_command

from grants.awards.models import Award, Payment


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
