"""Organization pages: register, profile, members and invitations, and the organization in use."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.kernel.permissions import check
from grants.kernel.views import safe_next, service_errors
from grants.organizations import selectors, services
from grants.organizations.forms import (
    InvitationForm,
    OrganizationForm,
    OrganizationSwitchForm,
    PublicationSettingsForm,
)
from grants.organizations.models import Invitation, Membership, Organization
from grants.organizations.rules import is_member


@login_required
def organization_register(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = services.organization_register(by=request.user, data=form.cleaned_data)
        messages.success(request, _("%(name)s is registered. You are its owner.") % {"name": organization.legal_name})
        return redirect("grants:organization_detail", pk=organization.pk)
    return render(request, "grants/organization_form.html", {"form": form, "creating": True})


@login_required
def organization_detail(request, pk: int):
    organization = get_object_or_404(Organization.objects.select_related("region"), pk=pk)
    check(request.user, "grants.view_organization", organization)
    return render(
        request,
        "grants/organization_detail.html",
        {
            "organization": organization,
            "members": selectors.members_of(organization=organization),
            "invitations": organization.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True,
                                                           expires_at__gt=timezone.now()),
            "can_manage": request.user.has_perm("grants.manage_members", organization),
        },
    )


@login_required
def organization_edit(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "grants.change_organization", organization)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.organization_update(organization=organization, by=request.user, data=form.cleaned_data)
        messages.success(request, _("The organization's profile is saved."))
        return redirect("grants:organization_detail", pk=organization.pk)
    return render(request, "grants/organization_form.html", {"form": form, "organization": organization})


@login_required
def organization_invite(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "grants.manage_members", organization)
    form = InvitationForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        services.invitation_create(
            organization=organization, email=form.cleaned_data["email"], role=form.cleaned_data["role"], by=request.user
        )
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("grants:organization_detail", pk=organization.pk)
    return render(request, "grants/invitation_form.html", {"form": form, "organization": organization})


def _back(request, pk: int) -> str:
    """Where a publication change returns: the page it came from (the publishing preview sends `next`), else
    the organization's page."""
    return safe_next(request, request.POST.get("next") or request.GET.get("next"),
                     reverse("grants:organization_detail", kwargs={"pk": pk}))


@login_required
def organization_publication_edit(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "grants.change_publication", organization)
    form = PublicationSettingsForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        services.publication_settings_update(organization_id=organization.pk, by=request.user, data=form.cleaned_data)
        messages.success(request, _("The publication settings are saved."))
        return redirect(_back(request, pk))
    return render(
        request,
        "grants/organization_publication_form.html",
        {"form": form, "organization": organization, "next": _back(request, pk)},
    )


@login_required
@require_POST
@service_errors(_back)
def organization_publication_consent(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "grants.change_publication", organization)
    services.publication_consent_give(organization_id=organization.pk, by=request.user)
    messages.success(request, _("Thank you. %(name)s's awards are now published as shown below.")
                     % {"name": organization.legal_name})
    return redirect(_back(request, pk))


@login_required
@require_POST
@service_errors(_back)
def organization_publication_revoke(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "grants.change_publication", organization)
    services.publication_consent_revoke(organization_id=organization.pk, by=request.user)
    messages.success(request, _("The consent is withdrawn: %(name)s's awards are no longer published.")
                     % {"name": organization.legal_name})
    return redirect(_back(request, pk))


def organization_page(request, pk: int, **kwargs) -> str:
    """Where a refused change to the members goes: the organization's page, which lists them."""
    return reverse("grants:organization_detail", kwargs={"pk": pk})


@login_required
@require_POST
@service_errors(organization_page)
def membership_remove(request, pk: int, membership_pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    check(request.user, "grants.manage_members", organization)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_pk, organization=organization
    )
    services.membership_remove(membership=membership, by=request.user)
    messages.success(request, _("%(email)s no longer has access.") % {"email": membership.user.email})
    return redirect("grants:organization_detail", pk=organization.pk)


def invitation_accept(request, token: str):
    invitation = Invitation.objects.select_related("organization").filter(token=token).first()
    user = request.user if request.user.is_authenticated else None
    if request.method != "POST" or user is None:
        problem = services.invitation_problem(invitation=invitation, user=user)
        if problem:
            return render(request, "grants/invitation_accept.html", {"error": problem, "token": token}, status=400)
    if user is None:
        return render(request, "grants/invitation_accept.html", {"invitation": invitation, "token": token}, status=200)
    if request.method == "POST":
        try:
            membership = services.invitation_accept(token=token, user=request.user)
        except services.InvitationError as error:  # the link's page says why, as it does before signing in
            return render(
                request,
                "grants/invitation_accept.html",
                {"error": error.message, "token": token},
                status=400,
            )
        messages.success(request, _("You are now a member of %(name)s.") % {"name": membership.organization.legal_name})
        return redirect("grants:dashboard")
    return render(request, "grants/invitation_accept.html", {"invitation": invitation, "token": token})


@login_required
@require_POST
@service_errors("grants:dashboard")  # the membership ended while the page was open
def organization_switch(request):
    organization = posted_organization(request)
    if not is_member(request.user, organization):
        raise PermissionDenied
    services.organization_switch(user=request.user, organization=organization)
    messages.success(request, _("You are now working for %(name)s.") % {"name": organization.legal_name})
    return redirect(safe_next(request, request.POST.get("next"), "grants:dashboard"))


def posted_organization(request) -> Organization:
    """The organization a form names; a missing or malformed number is a 404, never a server error."""
    form = OrganizationSwitchForm(request.POST)
    return get_object_or_404(Organization, pk=form.cleaned_data["organization"] if form.is_valid() else 0)
