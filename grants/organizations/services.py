"""Writes for organizations, their members and invitations: one keyword-only function per change."""

from __future__ import annotations

import datetime as dt
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.kernel.audit import audit
from grants.kernel.errors import ServiceError, TransitionError
from grants.kernel.timeutils import format_local
from grants.organizations import notifications
from grants.organizations.models import Invitation, Membership, Organization, User


class InvitationError(ServiceError):
    pass


# --- Organizations ------------------------------------------------------------------------------


# The profile fields people fill in (OrganizationForm); the attestation's who and when are the service's.
PROFILE_FIELDS = (
    "legal_name", "operating_name", "type", "registration_number", "street_address", "city", "postal_code",
    "region", "phone", "email", "website", "mandate", "indigenous_led",
)


def organization_register(*, by: User, data: dict) -> Organization:
    """Create an organization from its profile's cleaned data; its creator becomes its first owner."""
    with transaction.atomic():
        organization = Organization(**{name: data[name] for name in PROFILE_FIELDS if name in data})
        _record_attestation(organization=organization, by=by)
        organization.save()
        Membership.objects.create(organization=organization, user=by, role=Membership.Role.OWNER)
        by.current_organization = organization
        by.save(update_fields=["current_organization"])
        audit(actor=by, obj=organization, action="organization.registered")
    return organization


def organization_update(*, organization: Organization, by: User, data: dict) -> Organization:
    """Save the profile's cleaned data; the audit entry names the fields that changed."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        changed = [name for name in PROFILE_FIELDS if name in data and getattr(organization, name) != data[name]]
        for name in changed:
            setattr(organization, name, data[name])
        if "indigenous_led" in changed:
            _record_attestation(organization=organization, by=by)
        organization.save()
        audit(actor=by, obj=organization, action="organization.updated", fields=sorted(changed))
    return organization


def _record_attestation(*, organization: Organization, by: User) -> None:
    if organization.indigenous_led:
        organization.indigenous_led_attested_by, organization.indigenous_led_attested_at = by, timezone.now()
    else:
        organization.indigenous_led_attested_by, organization.indigenous_led_attested_at = None, None


# --- Publication: what the public directory and open data show, and consent (OCAP) ---------------------

# The settings an organization chooses for the public directory and open data (PublicationSettingsForm).
PUBLICATION_FIELDS = (
    "location_confidential", "public_description_en", "public_description_fr", "public_phone", "public_email",
    "public_website", "public_label", "public_label_en", "public_label_fr",
)


def publication_settings_update(*, organization_id: int, by: User, data: dict) -> Organization:
    """Save the publication settings' cleaned data; the audit entry names the fields that changed."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        changed = [name for name in PUBLICATION_FIELDS if name in data and getattr(organization, name) != data[name]]
        for name in changed:
            setattr(organization, name, data[name])
        organization.save()
        audit(actor=by, obj=organization, action="organization.publication_updated", fields=sorted(changed))
    return organization


def publication_consent_give(*, organization_id: int, by: User, now: dt.datetime | None = None) -> Organization:
    """An Indigenous organization consents to the publication of its awards; the members are told."""
    now = now or timezone.now()
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        if not organization.is_indigenous:
            raise ServiceError(_(
                "%(name)s's awards are published as the province's open data without a consent; only an "
                "Indigenous organization's awards wait for one."
            ) % {"name": organization.legal_name})
        if organization.publication_consent_at:
            raise TransitionError(_("Consent to publish was already given on %(when)s.") % {
                "when": format_local(organization.publication_consent_at)})
        organization.publication_consent_at, organization.publication_consent_by = now, by
        organization.save()
        audit(actor=by, obj=organization, action="organization.publication_consented",
              from_state="withheld", to_state="consented")
        notifications.notify_publication_consent(organization=organization, by=by, given=True)
    return organization


def publication_consent_revoke(*, organization_id: int, by: User) -> Organization:
    """Withdraw the consent: from the next request on, the organization's awards are in no public output."""
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization_id)
        if organization.publication_consent_at is None:
            raise TransitionError(_("There is no consent to withdraw: nothing about %(name)s's awards is "
                                    "published.") % {"name": organization.legal_name})
        given_at, given_by = organization.publication_consent_at, organization.publication_consent_by
        organization.publication_consent_at, organization.publication_consent_by = None, None
        organization.save()
        audit(actor=by, obj=organization, action="organization.publication_consent_revoked",
              from_state="consented", to_state="withheld", given_at=given_at.isoformat(),
              given_by=given_by.email if given_by else "")
        notifications.notify_publication_consent(organization=organization, by=by, given=False)
    return organization


def organization_switch(*, user: User, organization: Organization) -> None:
    if not Membership.objects.filter(user=user, organization=organization).exists():
        raise ServiceError(_("You are not a member of that organization."))
    user.current_organization = organization
    user.save(update_fields=["current_organization"])


def invitation_create(*, organization: Organization, email: str, role: str, by: User) -> Invitation:
    now = timezone.now()
    with transaction.atomic():
        # One valid invitation per address and organization: a new one replaces any pending one, and two owners
        # inviting the same address at once take turns on the organization's row (the constraint backs it).
        Organization.objects.select_for_update().get(pk=organization.pk)
        Invitation.objects.filter(
            organization=organization, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            organization=organization,
            email=email.lower(),
            role=role,
            token=secrets.token_urlsafe(32),
            invited_by=by,
            expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        audit(actor=by, obj=organization, action="invitation.sent", email=invitation.email, role=role)
        notifications.notify_invitation(invitation=invitation)
    return invitation


def invitation_problem(
    *, invitation: Invitation | None, user: User | None, now: dt.datetime | None = None
) -> str | None:
    """Why this person cannot accept this invitation, or None. Without a user (not signed in yet) the
    address is not checked. The link's page says it before anyone presses a button; accepting re-checks."""
    now = now or timezone.now()
    if invitation is None:
        return _("This invitation link is not valid. Ask the organization's owner to send a new one.")
    if invitation.accepted_at:
        return _(
            "This invitation has already been used. "
            "Sign in to reach the organization, or ask its owner for a new invitation."
        )
    if invitation.revoked_at:
        return _("This invitation was replaced by a newer one. Use the link in the most recent e-mail.")
    if invitation.expires_at <= now:
        return _("This invitation expired on %(when)s. Ask the organization's owner to send a new one.") % {
            "when": format_local(invitation.expires_at)}
    if user is not None and invitation.email.lower() != user.email.lower():
        return _(
            "This invitation was sent to %(email)s, but you are signed in as %(you)s. "
            "Sign in with the invited address to accept it."
        ) % {"email": invitation.email, "you": user.email}
    return None


def invitation_accept(*, token: str, user: User, now: dt.datetime | None = None) -> Membership:
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("organization").filter(token=token).first()
        problem = invitation_problem(invitation=invitation, user=user, now=now)
        if problem:
            raise InvitationError(problem)
        membership, created = Membership.objects.get_or_create(
            organization=invitation.organization, user=user, defaults={"role": invitation.role}
        )
        invitation.accepted_at, invitation.accepted_by = now, user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        user.current_organization = invitation.organization
        user.save(update_fields=["current_organization"])
        audit(actor=user, obj=invitation.organization, action="invitation.accepted", role=membership.role)
    return membership


def membership_remove(*, membership: Membership, by: User) -> None:
    with transaction.atomic():
        owners = Membership.objects.select_for_update().filter(
            organization=membership.organization, role=Membership.Role.OWNER
        )
        owner_ids = list(owners.values_list("pk", flat=True))
        # The role as it stands now, from the locked row, not the caller's copy.
        membership = Membership.objects.select_for_update().select_related("user", "organization").get(
            pk=membership.pk
        )
        if membership.role == Membership.Role.OWNER and owner_ids == [membership.pk]:
            raise ServiceError(_("An organization needs at least one owner. Make someone else an owner first."))
        membership.delete()
        audit(actor=by, obj=membership.organization, action="member.removed", email=membership.user.email)


