"""Staff release an award's next payment from the award's page (before its due date, with a reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants.awards import forms, services
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
    form = forms.EarlyReleaseForm(request.POST)
    form.is_valid()  # the reason is optional on the form; the service says when it is needed
    services.payment_release(payment=payment, by=request.user, early_reason=form.cleaned_data.get("reason", ""))
    following = award.payments.filter(status=Payment.Status.SCHEDULED).order_by("number").first()
    next_step = (
        _("Payment %(n)s is next: due %(due)s.") % {"n": following.number, "due": date_format(following.due_date)}
        if following
        else _("Nothing more is scheduled.")
    )
    messages.success(
        request, _("Payment %(n)s released. The organization was told. %(next)s") % {"n": number, "next": next_step}
    )
    return redirect(_payments_of(request, pk=pk))
