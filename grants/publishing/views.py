"""Public pages (the directory of funded services, the open-data page and its feeds), staff's open-data
downloads, and an organization's view of exactly what is published about it."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from grants.kernel.exports import csv_response
from grants.kernel.permissions import check
from grants.kernel.timeutils import fiscal_year_label, fiscal_year_of, local
from grants.organizations.models import Organization
from grants.organizations.selectors import consent_history
from grants.publishing import gc, giving360, selectors
from grants.publishing.forms import DirectoryFilterForm, ExportForm
from grants.publishing.summary import small_grants_summary

PER_PAGE = 20
LANGUAGES = {"json": "en", "fr.json": "fr"}


def _current_year() -> int:
    return fiscal_year_of(local(timezone.now()).date())


def directory(request):
    check(request.user, "publishing.view_directory")
    lists = selectors.reference_lists()
    form = DirectoryFilterForm(request.GET or None, lists=lists)
    filters = form.filters()
    page = Paginator(selectors.directory(filters=filters), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publishing/directory.html",
        {
            "form": form,
            "page": page,
            "entries": selectors.directory_entries(page.object_list),
            "query": query.urlencode(),
            "filtered": any(vars(filters).values()),
        },
    )


def open_data(request):
    check(request.user, "publishing.view_open_data")
    current = _current_year()
    years = selectors.published_years(today=local(timezone.now()).date())
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = years[0] if years else current
    if year not in years:
        year = years[0] if years else current
    lists = selectors.reference_lists()
    grants = selectors.public_grants(signed_in=year)
    return render(
        request,
        "publishing/open_data.html",
        {
            "years": [(y, fiscal_year_label(y)) for y in years],
            "year": year,
            "year_label": fiscal_year_label(year),
            "current": current,
            "individual": sum(1 for g in grants if g.is_individual),
            "summary": small_grants_summary(grants, regions=lists["regions"], funds=lists["funds"]),
            "threshold": settings.OPEN_DATA_INDIVIDUAL_THRESHOLD,
        },
    )


def _feed_year(year: int | None) -> int:
    return _current_year() if year is None else year


def _feed_last_modified(request, fmt: str, year: int | None = None):
    return selectors.last_modified(fiscal_year=_feed_year(year))


@condition(last_modified_func=_feed_last_modified)
def feed(request, fmt: str, year: int | None = None):
    """A fiscal year's open data: the Government of Canada CSV, or a 360Giving package in English or French.
    Conditional requests (If-Modified-Since) are answered 304 when nothing changed."""
    check(request.user, "publishing.view_open_data")
    year = _feed_year(year)
    if year > _current_year():
        raise Http404(_("That fiscal year has not started."))
    label = fiscal_year_label(year)
    if fmt == "csv":
        grants = selectors.public_grants(changed_in=year)
        if not any(True for _row in gc.rows(grants, fiscal_year=year)):
            raise Http404(_("Nothing is published for %(year)s yet.") % {"year": label})
        response = csv_response(gc.table(grants, fiscal_year=year), filename=f"ontario-aht-grants-{label}.csv")
    else:
        grants = [g for g in selectors.public_grants(signed_in=year) if g.is_individual]
        if not grants:
            raise Http404(_("Nothing is published for %(year)s yet.") % {"year": label})
        response = _json(grants, language=LANGUAGES[fmt], year=year, request=request)
    # Always revalidated, so that a withdrawn consent takes effect at the next request; 304s are cheap.
    response["Cache-Control"] = "no-cache"
    return response


def _json(grants, *, language: str, year: int | None, request, fund: str = "") -> JsonResponse:
    with translation.override(language):
        title = _("Ontario anti-human trafficking grants, %(year)s") % {"year": fiscal_year_label(year)}
        if fund:
            title = f"{title} ({fund})"
        data = giving360.package(
            grants, language=language, title=title, modified=max((g.modified for g in grants), default=None),
            url=request.build_absolute_uri(),
        )
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})


@login_required
def staff_exports(request):
    check(request.user, "publishing.export_open_data")
    current = _current_year()
    lists = selectors.reference_lists()
    years = list(range(current, current - 10, -1))
    form = ExportForm(request.GET or {"year": current}, funds=lists["funds"], years=years)
    grants, page = [], None
    if form.is_valid():
        grants = selectors.public_grants(
            fund=form.cleaned_data["fund"], signed_in=form.cleaned_data["year"], with_withheld=True
        )
        page = Paginator(grants, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "publishing/staff_exports.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": {
                "individual": sum(1 for g in grants if g.is_individual and not g.withheld),
                "small": sum(1 for g in grants if not g.is_individual and not g.withheld),
                "withheld": sum(1 for g in grants if g.withheld),
                "confidential": sum(1 for g in grants if g.recipient.confidential and not g.withheld),
            },
        },
    )


@login_required
def staff_export(request, fmt: str):
    """The files staff publish for a fund and fiscal year: the same rules as the public feeds."""
    check(request.user, "publishing.export_open_data")
    lists = selectors.reference_lists()
    current = _current_year()
    form = ExportForm(request.GET, funds=lists["funds"], years=list(range(current, current - 10, -1)))
    if not form.is_valid():
        raise Http404(_("Choose a fund and a fiscal year from the lists."))
    fund, year = form.cleaned_data["fund"], form.cleaned_data["year"]
    stem = f"ontario-aht-grants-{fund or 'all'}-{fiscal_year_label(year)}"
    if fmt == "csv":
        grants = selectors.public_grants(fund=fund, changed_in=year)
        return csv_response(gc.table(grants, fiscal_year=year), filename=f"{stem}.csv")
    grants = [g for g in selectors.public_grants(fund=fund, signed_in=year) if g.is_individual]
    response = _json(grants, language=LANGUAGES[fmt], year=year, request=request, fund=fund)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
def organization_publication(request, pk: int):
    """What the directory and the open data show about the organization, in English and in French: as published
    now, or, before an Indigenous organization's consent, as they would be once it is given."""
    organization = get_object_or_404(Organization.objects.select_related("region", "publication_consent_by"), pk=pk)
    check(request.user, "publishing.view_organization_publication", organization)
    grants = selectors.public_grants(organization_id=organization.pk, with_withheld=True)
    records = [
        {
            "grant": grant,
            "gc_rows": [gc.row(grant, version) for version in grant.versions] if grant.is_individual else [],
            "json": {
                language: json.dumps(giving360.grant_record(grant, language), ensure_ascii=False, indent=2)
                for language in ("en", "fr")
            }
            if grant.is_individual
            else {},
        }
        for grant in grants
    ]
    return render(
        request,
        "publishing/organization_publication.html",
        {
            "organization": organization,
            "entry": selectors.directory_entry(organization_id=organization.pk),
            "records": records,
            "gc_fields": gc.FIELDS,
            "history": consent_history(organization=organization)[:20],
            "can_change": request.user.has_perm("grants.change_publication", organization),
            "here": reverse("publishing:organization_publication", args=[organization.pk]),
            "threshold": settings.OPEN_DATA_INDIVIDUAL_THRESHOLD,
        },
    )
