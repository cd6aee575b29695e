"""The audit log in words: every action the portal records has a label in each language, and an entry's states
read as their model's choices name them."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from grants.awards.enums import Outcome
from grants.kernel.audit import audit
from grants.kernel.auditlog import action_label, action_labels, describe
from tests.factories import ApplicationFactory, OrganizationFactory

ROOT = Path(__file__).resolve().parents[3]


def actions_written() -> set[str]:
    """Every action code the portal's code passes to audit() or transition()."""
    codes = set()
    for path in [*ROOT.glob("grants/**/*.py"), *ROOT.glob("scoring/**/*.py"), *ROOT.glob("reporting/**/*.py")]:
        codes.update(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text()))
    return codes | {f"decision.{outcome}" for outcome in Outcome.values}  # "decision." + the outcome


def test_every_action_the_portal_records_has_a_label_in_english_and_french():
    written = actions_written()

    assert len(written) > 40
    assert written - set(action_labels()) == set()
    labels = {}
    for language in ("en", "fr"):
        with translation.override(language):
            labels[language] = {code: action_label(code) for code in written}
    assert [code for code in written if labels["fr"][code] == labels["en"][code]] == []


def test_an_entry_reads_as_its_action_and_its_models_states(db):
    application = ApplicationFactory()
    entry = audit(actor=None, obj=application, action="application.submitted", from_state="draft",
                  to_state="submitted")

    assert describe(entry) == "Application submitted: Draft → Submitted"
    with translation.override("fr"):
        assert describe(entry) == "Demande soumise\u00a0: Ébauche → Soumise"


def test_an_entry_without_states_or_with_states_no_choice_names_reads_as_its_action(db):
    organization = OrganizationFactory()

    assert describe(audit(actor=None, obj=organization, action="organization.updated")) == (
        "Organization profile updated"
    )
    assert describe(audit(actor=None, obj=organization, action="organization.updated", to_state="accepted")) == (
        "Organization profile updated"
    )


def test_an_action_no_app_names_shows_its_code(db):
    entry = audit(actor=None, obj=OrganizationFactory(), action="legacy.thing_done")

    assert describe(entry) == "legacy.thing_done"
