"""Staff release an award's next payment from the award's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.awards import services
from grants.awards.models import Award, Payment
from grants.kernel.permissions import check
from grants.kernel.views import service_errors


def _payments_of(request, pk: int, **kwargs) -> str:
    return reverse("grants:award_detail", args=[pk]) + "#payments"


@login_required
@require_POST
@service_errors(_payments_of)
def payment_release(request, pk: int, number: int):
    award = get_object_or_404(Award.objects.select_related("application__organization"), pk=pk)
    check(request.user, "grants.release_payment", award)
    payment = get_object_or_404(Payment, award=award, number=number)
    services.payment_release(payment=payment, by=request.user)
    messages.success(request, _("Payment %(n)s released. The organization was told.") % {"n": number})
    return redirect(_payments_of(request, pk=pk))
