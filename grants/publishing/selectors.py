"""Reads for the public directory, the open data and an organization's view of what is published about it.

Every public read goes through `publishable()` (an Indigenous organization's awards need its consent) and the
records of records.py (a confidential location keeps only its region). Rows are plain values: the free text of
applications (title, summary, answers), reports and indicators is never selected. Each read costs a fixed
number of queries, whatever the number of awards.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from grants.applications.models import Application, BudgetLine, Fund
from grants.awards.enums import AwardStatus, PaymentStatus
from grants.awards.models import Agreement, Amendment, Award, AwardYear, Payment
from grants.awards.selectors import AMOUNT, ZERO, award_total
from grants.kernel.timeutils import TORONTO, fiscal_year_of, local
from grants.organizations.models import INDIGENOUS_TYPES, Organization, Pillar, Population, Region
from grants.organizations.selectors import publishable
from grants.publishing.records import (
    Fund as PublicFund,
)
from grants.publishing.records import (
    PublicGrant,
    Ref,
    ServiceEntry,
    recipient_from,
    versions_of,
)

ORG = "application__organization__"


def fiscal_year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """April 1 of `year` to April 1 of the next, midnight in Toronto."""
    return (dt.datetime(year, 4, 1, tzinfo=TORONTO), dt.datetime(year + 1, 4, 1, tzinfo=TORONTO))


def _is_indigenous(prefix: str = ""):
    return Case(
        When(Q(**{f"{prefix}type__in": INDIGENOUS_TYPES}) | Q(**{f"{prefix}indigenous_led": True}), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def signed_awards() -> QuerySet[Award]:
    """Awards whose agreement the organization accepted: a grant exists. `signed_at` is the first acceptance."""
    first_acceptance = (
        Agreement.objects.filter(award=OuterRef("pk"), accepted_at__isnull=False)
        .order_by("accepted_at")
        .values("accepted_at")[:1]
    )
    return Award.objects.annotate(signed_at=Subquery(first_acceptance)).filter(signed_at__isnull=False)


def _changed_in(year: int) -> Q:
    """Signed, amended or closed in the fiscal year: the awards with a row in that year's disclosure."""
    start, end = fiscal_year_bounds(year)
    return (
        Q(signed_at__gte=start, signed_at__lt=end)
        | Exists(Amendment.objects.filter(award=OuterRef("pk"), created_at__gte=start, created_at__lt=end))
        | Q(status=AwardStatus.CLOSED, status_changed_at__gte=start, status_changed_at__lt=end)
    )


def _scoped(*, fund: str = "", signed_in: int | None = None, changed_in: int | None = None,
            organization_id: int | None = None, with_withheld: bool = False) -> QuerySet[Award]:
    awards = signed_awards()
    if not with_withheld:
        awards = awards.filter(publishable(ORG))
    if fund:
        awards = awards.filter(application__call__fund__code=fund)
    if organization_id is not None:
        awards = awards.filter(application__organization_id=organization_id)
    if signed_in is not None:
        start, end = fiscal_year_bounds(signed_in)
        awards = awards.filter(signed_at__gte=start, signed_at__lt=end)
    if changed_in is not None:
        awards = awards.filter(_changed_in(changed_in))
    return awards


GRANT_VALUES = {
    "award_id": F("pk"),
    "agreement_number": F("application__reference"),
    "fund_code": F("application__call__fund__code"),
    "fund_en": F("application__call__fund__name_en"),
    "fund_fr": F("application__call__fund__name_fr"),
    "purpose_en": F("application__call__fund__description_en"),
    "purpose_fr": F("application__call__fund__description_fr"),
    "decided_at": F("application__decision__released_at"),
    "org_updated_at": F(f"{ORG}updated_at"),
}
ORGANIZATION_FIELDS = (
    "id", "legal_name", "operating_name", "type", "registration_number", "location_confidential", "city",
    "postal_code", "region__code", "region__name_en", "region__name_fr", "publication_consent_at",
)


def public_grants(
    *,
    fund: str = "",
    signed_in: int | None = None,
    changed_in: int | None = None,
    organization_id: int | None = None,
    with_withheld: bool = False,
) -> list[PublicGrant]:
    """The signed awards as they may be published, oldest agreement first, in six queries: signed in a fiscal
    year (360Giving), or with a row in its disclosure (signed, amended or closed in it: Government of Canada),
    for a fund or an organization. `with_withheld` keeps the awards an Indigenous organization has not consented
    to publish, marked `withheld`: only for that organization's own view of what would be published."""
    rows = list(
        _scoped(fund=fund, signed_in=signed_in, changed_in=changed_in, organization_id=organization_id,
                with_withheld=with_withheld)
        .annotate(
            **GRANT_VALUES,
            **{f"org_{name}": F(f"{ORG}{name}") for name in ORGANIZATION_FIELDS},
            org_is_indigenous=_is_indigenous(ORG),
            value=award_total(AwardYear.objects.filter(award=OuterRef("pk"))),
            disbursed=award_total(Payment.objects.filter(award=OuterRef("pk"), status=PaymentStatus.RELEASED)),
            requested=Coalesce(
                Subquery(
                    BudgetLine.objects.filter(application=OuterRef("application_id"))
                    .order_by().values("application").annotate(total=Sum("amount")).values("total"),
                    output_field=AMOUNT,
                ),
                ZERO,
                output_field=AMOUNT,
            ),
        )
        .order_by("signed_at", "pk")
        .values(
            *GRANT_VALUES, *(f"org_{name}" for name in ORGANIZATION_FIELDS), "org_is_indigenous", "application_id",
            "value", "disbursed", "requested", "signed_at", "start_date", "end_date", "status", "status_changed_at",
            "created_at",
        )
    )
    if not rows:
        return []
    award_ids = [row["award_id"] for row in rows]
    application_ids = [row["application_id"] for row in rows]
    pillars = _refs(Application.pillars.through, "pillar", application_ids)
    populations = _refs(Application.populations.through, "population", application_ids)
    regions = _refs(Application.regions.through, "region", application_ids)
    amendments = defaultdict(list)
    for amendment in Amendment.objects.filter(award_id__in=award_ids).order_by("award_id", "number").values(
        "award_id", "number", "created_at", "previous_total", "new_total", "changes"
    ):
        amendments[amendment["award_id"]].append(amendment)
    grants = []
    for row in rows:
        grants.append(_grant(row, amendments[row["award_id"]], pillars, populations, regions))
    return grants


def _refs(through, name: str, application_ids: list[int]) -> dict[int, tuple[Ref, ...]]:
    found = defaultdict(list)
    for row in (
        through.objects.filter(application_id__in=application_ids)
        .order_by(f"{name}__position", f"{name}__code")
        .values("application_id", f"{name}__code", f"{name}__name_en", f"{name}__name_fr")
    ):
        found[row["application_id"]].append(Ref(row[f"{name}__code"], row[f"{name}__name_en"], row[f"{name}__name_fr"]))
    return {key: tuple(value) for key, value in found.items()}


def _grant(row: dict, amendments: list[dict], pillars, populations, regions) -> PublicGrant:
    signed_on = local(row["signed_at"]).date()
    closed = row["status"] == AwardStatus.CLOSED and row["status_changed_at"]
    closed_on = local(row["status_changed_at"]).date() if closed else None
    for amendment in amendments:
        amendment["date"] = local(amendment["created_at"]).date()
        amendment["at_closure"] = bool(closed) and amendment["created_at"] == row["status_changed_at"]
    moments = [row["signed_at"], row["created_at"], row["org_updated_at"], row["status_changed_at"],
               *(a["created_at"] for a in amendments)]
    application_id = row["application_id"]
    return PublicGrant(
        award_id=row["award_id"],
        agreement_number=row["agreement_number"],
        fund=PublicFund(Ref(row["fund_code"], row["fund_en"], row["fund_fr"]), row["purpose_en"], row["purpose_fr"]),
        recipient=recipient_from(row, "org_"),
        value=row["value"],
        requested=row["requested"],
        disbursed=row["disbursed"],
        signed_on=signed_on,
        decided_on=local(row["decided_at"]).date() if row["decided_at"] else None,
        start_date=row["start_date"],
        end_date=row["end_date"],
        modified=max(moment for moment in moments if moment),
        withheld=row["org_is_indigenous"] and row["org_publication_consent_at"] is None,
        versions=versions_of(
            value=row["value"], start_date=row["start_date"], end_date=row["end_date"],
            signed_at=row["signed_at"], signed_on=signed_on,
            amendments=amendments, closed_on=closed_on,
        ),
        pillars=pillars.get(application_id, ()),
        populations=populations.get(application_id, ()),
        regions_served=regions.get(application_id, ()),
    )


def last_modified(*, fiscal_year: int) -> dt.datetime | None:
    """When anything a fiscal year's files show last changed, in one query: agreements, amendments, closures,
    payments, and the organizations' settings and consent. Awards withheld from the files count too, so that a
    consent withdrawn (which removes rows) moves the date forward as well."""
    found = _scoped(changed_in=fiscal_year, with_withheld=True).aggregate(
        signed=Max("agreements__accepted_at"),
        created=Max("created_at"),
        status=Max("status_changed_at"),
        amended=Max("amendments__created_at"),
        paid=Max("payments__released_at"),
        organization=Max(f"{ORG}updated_at"),
    )
    moments = [moment for moment in found.values() if moment]
    return max(moments) if moments else None


def published_years(*, today: dt.date) -> list[int]:
    """The fiscal years with a file to publish, newest first, up to the current one."""
    earliest = signed_awards().filter(publishable(ORG)).aggregate(first=Min("signed_at"))["first"]
    if earliest is None:
        return []
    return list(range(fiscal_year_of(today), fiscal_year_of(local(earliest).date()) - 1, -1))


# --- The directory of funded services -------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    fund: str = ""
    region: str = ""
    pillar: str = ""
    population: str = ""


def reference_lists() -> dict[str, list[Ref]]:
    """The directory's filter choices, in four small queries."""
    def refs(model):
        rows = model.objects.order_by(*model._meta.ordering).values_list("code", "name_en", "name_fr")
        return [Ref(*row) for row in rows]

    return {"funds": refs(Fund), "regions": refs(Region), "pillars": refs(Pillar), "populations": refs(Population)}


def _active_awards(filters: DirectoryFilters) -> QuerySet[Award]:
    awards = Award.objects.filter(status=AwardStatus.ACTIVE)
    if filters.fund:
        awards = awards.filter(application__call__fund__code=filters.fund)
    if filters.pillar:
        awards = awards.filter(application__pillars__code=filters.pillar)
    if filters.population:
        awards = awards.filter(application__populations__code=filters.population)
    if filters.region:
        awards = awards.filter(
            Q(application__organization__region__code=filters.region) | Q(application__regions__code=filters.region)
        )
    return awards


DIRECTORY_FIELDS = (
    "id", "legal_name", "operating_name", "public_description_en", "public_description_fr", "public_phone",
    "public_email", "public_website", "public_label", "public_label_en", "public_label_fr", "city",
    "location_confidential", "region__code", "region__name_en", "region__name_fr", "is_indigenous",
)


def directory(*, filters: DirectoryFilters) -> QuerySet:
    """Organizations with an active award matching the filters that may be published, by public name, as
    plain values (paginate, then call directory_entries on the page)."""
    return (
        Organization.objects.filter(publishable())
        # IN (one subquery) rather than EXISTS per organization: the database reads the active awards once.
        .filter(pk__in=_active_awards(filters).values("application__organization_id"))
        .annotate(
            is_indigenous=_is_indigenous(),
            public_name=Case(When(operating_name="", then=F("legal_name")), default=F("operating_name")),
        )
        .order_by("public_name", "pk")
        .values(*DIRECTORY_FIELDS, "public_name")
    )


def directory_entries(rows) -> list[ServiceEntry]:
    """The page's organizations with the funds, pillars, populations and regions of their active awards (four
    queries whatever the page's length)."""
    rows = list(rows)
    ids = [row["id"] for row in rows]
    active = {"application__award__status": AwardStatus.ACTIVE, "application__organization_id__in": ids}
    funds = defaultdict(list)
    for org_id, code, en, fr in (
        Award.objects.filter(status=AwardStatus.ACTIVE, application__organization_id__in=ids)
        .values_list(f"{ORG}id", "application__call__fund__code", "application__call__fund__name_en",
                     "application__call__fund__name_fr")
        .distinct()
        .order_by(f"{ORG}id", "application__call__fund__code")
    ):
        funds[org_id].append(Ref(code, en, fr))

    def listed(through, name):
        found = defaultdict(list)
        for org_id, code, en, fr in (
            through.objects.filter(**active)
            .values_list("application__organization_id", f"{name}__code", f"{name}__name_en", f"{name}__name_fr")
            .distinct()
            .order_by("application__organization_id", f"{name}__position", f"{name}__code")
        ):
            found[org_id].append(Ref(code, en, fr))
        return found

    pillars = listed(Application.pillars.through, "pillar")
    populations = listed(Application.populations.through, "population")
    regions = listed(Application.regions.through, "region")
    return [
        ServiceEntry(
            organization_id=row["id"],
            name=row["public_name"],
            description_en=row["public_description_en"],
            description_fr=row["public_description_fr"],
            phone=row["public_phone"],
            email=row["public_email"],
            website=row["public_website"],
            label_choice=row["public_label"] if row["is_indigenous"] else "",
            label_en=row["public_label_en"],
            label_fr=row["public_label_fr"],
            city="" if row["location_confidential"] else row["city"].strip(),
            region=Ref(row["region__code"], row["region__name_en"], row["region__name_fr"]),
            confidential=row["location_confidential"],
            funds=funds[row["id"]],
            pillars=pillars[row["id"]],
            populations=populations[row["id"]],
            regions_served=regions[row["id"]],
        )
        for row in rows
    ]


def directory_entry(*, organization_id: int) -> ServiceEntry | None:
    """The organization's directory entry as it is (or, before its consent, would be) shown; None without an
    active award."""
    rows = (
        Organization.objects.filter(pk=organization_id)
        .filter(Exists(Award.objects.filter(status=AwardStatus.ACTIVE, application__organization=OuterRef("pk"))))
        .annotate(
            is_indigenous=_is_indigenous(),
            public_name=Case(When(operating_name="", then=F("legal_name")), default=F("operating_name")),
        )
        .values(*DIRECTORY_FIELDS, "public_name")
    )
    entries = directory_entries(rows)
    return entries[0] if entries else None

