"""The agreement pages: an owner of the organization accepts the version waiting for acceptance; anyone who may
see the award downloads any version's PDF."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from grants.awards import forms, selectors, services
from grants.awards.models import Agreement, Award
from grants.awards.views.awards import award_or_404
from grants.documents.store import StoreUnavailable, store_errors
from grants.kernel.errors import ServiceError
from grants.kernel.permissions import check
from grants.kernel.responses import private_file
from grants.kernel.views import service_errors

logger = logging.getLogger(__name__)


@login_required
@service_errors("grants:award_detail")
def agreement_accept(request, pk: int):
    award = award_or_404(pk)
    check(request.user, "grants.view_award", award)
    check(request.user, "grants.accept_agreement", award)
    position = selectors.award_position(award=award, today=services.today())
    pending = position.pending_agreement
    form = forms.AcceptanceForm(
        request.POST or None,
        initial={
            "version": pending.version if pending else None,
            "signer_name": request.user.get_full_name(),
            "signer_title": award.signing_title
            if request.user.email.lower() == award.signing_email.lower()
            else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        agreement = Agreement.objects.filter(award=award, version=form.cleaned_data["version"]).first()
        if agreement is None:
            raise Http404
        try:
            _agreement, released = services.agreement_accept(
                agreement=agreement,
                by=request.user,
                signer_name=form.cleaned_data["signer_name"],
                signer_title=form.cleaned_data["signer_title"],
            )
        except StoreUnavailable as error:  # the page again, with what was typed
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                " ".join(
                    [
                        _("Thank you. Version %(v)s of the agreement is accepted; the accepted PDF is kept below.")
                        % {"v": agreement.version},
                        services.describe(released),
                    ]
                ).strip(),
            )
            return redirect("grants:award_detail", pk=pk)
    if pending is None:
        messages.info(request, _("There is no agreement waiting for acceptance."))
        return redirect("grants:award_detail", pk=pk)
    return render(
        request,
        "grants/awards/agreement_accept.html",
        {"award": award, "agreement": pending, "form": form, "position": position},
    )


def _award_page(request, pk: int, **kwargs) -> str:
    return reverse("grants:award_detail", args=[pk])


@login_required
@service_errors(_award_page)  # the document store does not answer
def agreement_pdf(request, pk: int, version: int):
    # Imported here, not at the top: reportlab is slow to import and only the PDF needs it.
    from grants.awards.pdf import agreement_pdf as draw

    award = get_object_or_404(Award.objects.select_related("application__organization"), pk=pk)
    check(request.user, "grants.view_award", award)
    agreement = get_object_or_404(
        Agreement.objects.select_related("accepted_by"), award=award, version=version
    )
    filename = f"{award.reference}-agreement-v{version}.pdf"
    if not agreement.accepted_at:
        drawn = HttpResponse(draw(terms=agreement.terms), content_type="application/pdf")
        return private_file(drawn, filename=filename)
    # The accepted PDF exactly as it was stored, never drawn again.
    try:
        with store_errors():
            stored = agreement.pdf.storage.open(agreement.pdf.name, "rb")
    except FileNotFoundError as error:
        logger.error("Accepted agreement %s has no object at %s", agreement.pk, agreement.pdf.name)
        raise ServiceError(
            _(
                "The accepted PDF of version %(v)s cannot be found in the document store. Ask the coordination "
                "office: they keep its checksum and can restore it."
            )
            % {"v": version}
        ) from error
    return private_file(FileResponse(stored, content_type="application/pdf"), filename=filename)
