"""An award's agreement: each version's terms frozen as data when it is generated, and its acceptance by an
owner of the organization, which stores the accepted PDF unchanged."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.awards import notifications
from grants.awards.enums import AwardStatus, PaymentStatus
from grants.awards.models import Agreement, Award
from grants.awards.selectors import requested_by_year
from grants.awards.services.payments import Released, payments_release_ready
from grants.awards.services.plan import today, years_of
from grants.documents.store import StoreUnavailable, store_errors
from grants.kernel.audit import audit
from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.timeutils import format_local, local
from grants.organizations.models import Membership, User


def agreement_terms(*, award: Award, version: int, by: User | None) -> dict:
    """Everything the agreement says, frozen as data: the PDF is drawn from this alone."""
    application = award.application
    organization, call = application.organization, application.call
    snapshot = application.snapshot or {}
    project = next((s for s in snapshot.get("sections", []) if s.get("step") == "project"), {"fields": []})
    requested = requested_by_year(application=application)
    years = years_of(award=award)
    periods = list(award.reporting_periods.order_by("number"))
    return {
        "reference": application.reference,
        "version": version,
        "generated_on": today().isoformat(),
        "fund": {"code": call.fund.code, "name_en": call.fund.name_en, "name_fr": call.fund.name_fr},
        "call": {"title_en": call.title_en, "title_fr": call.title_fr},
        "organization": {
            "legal_name": organization.legal_name,
            "operating_name": organization.operating_name,
            "street_address": organization.street_address,
            "city": organization.city,
            "postal_code": organization.postal_code,
        },
        "project": {
            "title": application.title,
            "fields": [
                {k: f[k] for k in ("name", "label_en", "label_fr", "value_en", "value_fr")}
                for f in project["fields"]
            ],
        },
        "term": {"start": award.start_date.isoformat(), "end": award.end_date.isoformat()},
        "risk_level": award.risk_level,
        "years": [
            {"fiscal_year": year, "requested": str(requested.get(year, Decimal(0))), "approved": str(amount)}
            for year, amount in sorted({**{y: Decimal(0) for y in requested}, **years}.items())
        ],
        "requested_total": str(sum(requested.values(), Decimal(0))),
        "approved_total": str(sum(years.values(), Decimal(0))),
        "difference_reason_en": award.difference_reason_en,
        "difference_reason_fr": award.difference_reason_fr,
        "payments": [
            {
                "number": p.number,
                "kind": p.kind,
                "due": p.due_date.isoformat(),
                "amount": str(p.amount),
                "fiscal_year": p.fiscal_year,
                "status": p.status,
                "report": next((r.number for r in periods if r.pk == p.report_period_id), None),
            }
            for p in award.payments.exclude(status=PaymentStatus.CANCELLED).order_by("number")
        ],
        "reports": [
            {
                "number": r.number,
                "start": r.start_date.isoformat(),
                "end": r.end_date.isoformat(),
                "due": r.due_date.isoformat(),
                "final": r.is_final,
            }
            for r in periods
        ],
        "conditions_en": award.conditions_en,
        "conditions_fr": award.conditions_fr,
        "signing_authority": {
            "name": award.signing_name,
            "title": award.signing_title,
            "email": award.signing_email,
        },
        "officer": {"name": (by.get_full_name() or by.email) if by else "", "email": by.email if by else ""},
    }


def new_agreement(*, award: Award, by: User | None, now: dt.datetime) -> Agreement:
    """The next version of the agreement, from the award as it now stands; a version still waiting for
    acceptance is superseded by it."""
    Agreement.objects.filter(award=award, accepted_at__isnull=True, superseded_at__isnull=True).update(
        superseded_at=now
    )
    version = (award.agreements.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    return Agreement.objects.create(
        award=award,
        version=version,
        created_by=by,
        created_at=now,
        terms=agreement_terms(award=award, version=version, by=by),
    )


def agreement_accept(
    *, agreement: Agreement, by: User, signer_name: str, signer_title: str, now: dt.datetime | None = None
) -> tuple[Agreement, Released]:
    """The organization's signing authority accepts this version; the PDF accepted is stored and never
    changes. The first acceptance makes an offered award active; every acceptance releases the payments now
    ready (the advance, once its date has come). Returns the agreement and what was released."""
    # Imported here, not at the top: reportlab is slow to import and only this write and the PDF view need it.
    from grants.awards.pdf import agreement_pdf

    now = now or timezone.now()
    signer_name, signer_title = signer_name.strip(), signer_title.strip()
    if not signer_name or not signer_title:
        raise ServiceError(_("Give your name and title as the organization's signing authority."))
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("application__organization")
            .get(pk=agreement.award_id)
        )
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.accepted_at:
            raise TransitionError(
                _("Version %(v)s of this agreement was accepted on %(when)s by %(name)s.")
                % {
                    "v": agreement.version,
                    "when": format_local(agreement.accepted_at),
                    "name": agreement.signer_name,
                }
            )
        if agreement.superseded_at:
            newer = award.agreements.order_by("-version").first()
            raise TransitionError(
                _(
                    "Version %(v)s was replaced by version %(new)s after an amendment; read the new "
                    "version before accepting it."
                )
                % {"v": agreement.version, "new": newer.version}
            )
        if award.status not in AwardStatus.OPEN:
            raise TransitionError(_("This award is closed."))
        if not Membership.objects.filter(
            organization=award.application.organization, user=by, role=Membership.Role.OWNER
        ).exists():
            raise TransitionError(
                _("Only an owner of the organization, as its signing authority, can accept the agreement.")
            )
        agreement.accepted_at, agreement.accepted_by = now, by
        agreement.signer_name, agreement.signer_title = signer_name, signer_title
        content = agreement_pdf(terms=agreement.terms, acceptance=acceptance_of(agreement=agreement))
        agreement.sha256 = hashlib.sha256(content).hexdigest()
        try:
            with store_errors():
                agreement.pdf.save(
                    f"agreements/{agreement.terms['reference']}/v{agreement.version}-{agreement.sha256[:16]}.pdf",
                    ContentFile(content),
                    save=False,
                )
        except StoreUnavailable as error:  # the transaction rolls back: nothing is accepted
            raise StoreUnavailable(
                _(
                    "Documents are temporarily unavailable, so the accepted agreement cannot be stored: it is "
                    "not accepted yet. What you typed is kept; try again in a few minutes."
                )
            ) from error
        agreement.save()
        previous = award.status
        # Accepting an amended version leaves the award's status as it is; the entry records the acceptance.
        if award.status == AwardStatus.OFFERED:
            award.status, award.status_changed_at = AwardStatus.ACTIVE, now
            award.save(update_fields=["status", "status_changed_at"])
        audit(
            actor=by,
            obj=award,
            action="agreement.accepted",
            from_state=previous,
            to_state=award.status,
            version=agreement.version,
            signer_name=signer_name,
            signer_title=signer_title,
            sha256=agreement.sha256,
        )
        notifications.notify_agreement_accepted(award=award, agreement=agreement)
        # The payments are the portal's to release, not the signer's: no person is named as releasing them.
        released = payments_release_ready(award=award, by=None, trigger="agreement.accepted", now=now)
    return agreement, released


def acceptance_of(*, agreement: Agreement) -> dict | None:
    """Who accepted the agreement and when, as the PDF prints it; None while it waits."""
    if not agreement.accepted_at:
        return None
    return {
        "name": agreement.signer_name,
        "title": agreement.signer_title,
        "at": local(agreement.accepted_at).isoformat(),
        "email": agreement.accepted_by.email if agreement.accepted_by else "",
    }
