"""The call's ranking, in one SQL statement.

It aggregates at two levels (review totals, stored on each submitted review, into each reviewer's mean and
spread; normalized totals into each application's statistics) and ranks with window functions; the ORM
cannot group over a windowed derived table, so the statement is written out with common table expressions. It
runs unchanged on SQLite and PostgreSQL: standard deviations are sqrt(avg(x²) - avg(x)²) because SQLite has no
STDDEV, and medians come from ROW_NUMBER because it has no PERCENTILE_CONT. Statuses reach the statement as
parameters taken from the enums, never as literals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import connection

from grants.applications.enums import ApplicationStatus
from grants.applications.models import Application, BudgetLine, Call
from grants.kernel import versions
from grants.organizations.models import Organization
from scoring.enums import AssignmentStatus, ReviewStatus, ScreeningDecision
from scoring.models import Assignment, Moderation, Review, ReviewerPool, Screening
from scoring.selectors.reviewable import reviewable_applications
from scoring.selectors.staff import pool_of

BASES = {"mean": "p.mean", "normalized": "p.normalized"}


@dataclass(frozen=True)
class RankingRow:
    id: int
    reference: str
    title: str
    organization: str
    requested: Decimal
    review_count: int
    mean: float | None
    median: float | None
    spread: float | None
    normalized: float | None
    consensus: Decimal | None
    consensus_reason: str | None
    review_score: float | None
    final_score: float | None
    review_rank: int | None
    final_rank: int | None
    place: int
    cumulative: Decimal
    above_line: bool
    disagreement: bool
    moved: int  # places gained (+) or lost (-) through moderation


@dataclass(frozen=True)
class RankingPage:
    """One page of the ranking plus the call-wide figures, all from the same query."""

    rows: list[RankingRow]
    number: int
    per_page: int
    count: int  # rows matching the filters
    ranked: int  # applications with at least one submitted review (whole call)
    eligible: int  # applications in the ranking (whole call)
    funded_count: int  # applications above the funding line (whole call)
    funded_amount: Decimal
    envelope: Decimal

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page)) if self.per_page else 1

    @property
    def paginator(self) -> RankingPage:
        """Templates read page.paginator.num_pages, as with Django's Page."""
        return self

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def remaining(self) -> Decimal:
        return self.envelope - self.funded_amount


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _ranking_sql(*, basis: str, filters: list[str], not_reviewable: list[str], paginate: bool) -> str:
    """The statement, with named parameters: %(call)s, the statuses (%(eligible)s, %(counted)s,
    %(submitted)s and one per name in `not_reviewable`), %(envelope)s, %(threshold)s, the filters' own and,
    when paginated, %(offset)s and %(per_page)s."""
    application = _table(Application)
    review, assignment = _table(Review), _table(Assignment)
    screening, moderation = _table(Screening), _table(Moderation)
    organization, budget = _table(Organization), _table(BudgetLine)
    where = " AND ".join(filters) or "1 = 1"
    excluded = ", ".join(f"%({name})s" for name in not_reviewable)
    # A page past the end gives the last page, as Django's Paginator.get_page does, in the same query.
    window = (
        (
            "WHERE position > CASE WHEN %(offset)s >= row_count "
            "THEN ((row_count - 1) / %(per_page)s) * %(per_page)s ELSE %(offset)s END "
            "ORDER BY position LIMIT %(per_page)s"
        )
        if paginate
        else "ORDER BY position"
    )
    return f"""
WITH eligible AS (
    SELECT app.id AS id
    FROM {application} app JOIN {screening} sc ON sc.application_id = app.id
    WHERE app.call_id = %(call)s AND sc.decision = %(eligible)s
          AND app.status NOT IN ({excluded})
),
review_totals AS (
    -- each submitted review's weighted total out of 100, stored when it was submitted (scoring/services/totals.py)
    SELECT a.application_id AS application_id, a.reviewer_id AS reviewer_id, r.total AS total
    FROM {review} r
    JOIN {assignment} a ON a.id = r.assignment_id
    JOIN eligible e ON e.id = a.application_id
    WHERE a.call_id = %(call)s AND a.status = %(counted)s AND r.status = %(submitted)s AND r.total IS NOT NULL
),
review_stats AS (
    SELECT application_id, total,
           AVG(total) OVER (PARTITION BY reviewer_id) AS reviewer_mean,
           AVG(total * total) OVER (PARTITION BY reviewer_id)
             - AVG(total) OVER (PARTITION BY reviewer_id) * AVG(total) OVER (PARTITION BY reviewer_id)
             AS reviewer_var,
           AVG(total) OVER () AS call_mean,
           AVG(total * total) OVER () - AVG(total) OVER () * AVG(total) OVER () AS call_var,
           ROW_NUMBER() OVER (PARTITION BY application_id ORDER BY total) AS position,
           COUNT(*) OVER (PARTITION BY application_id) AS n
    FROM review_totals
),
rescaled AS (
    -- each total as its reviewer's z-score, put back on the whole call's mean and spread
    SELECT application_id, total, position, n,
           call_mean + CASE WHEN call_var > 0 THEN SQRT(call_var) ELSE 0 END
                     * CASE WHEN reviewer_var > 1e-9 THEN (total - reviewer_mean) / SQRT(reviewer_var)
                            ELSE 0 END
             AS normalized
    FROM review_stats
),
per_application AS (
    SELECT application_id,
           COUNT(*) AS review_count,
           AVG(total) AS mean,
           AVG(CASE WHEN position IN ((n + 1) / 2, (n + 2) / 2) THEN total END) AS median,
           AVG(total * total) - AVG(total) * AVG(total) AS variance,
           AVG(CASE WHEN normalized < 0 THEN 0 WHEN normalized > 100 THEN 100 ELSE normalized END)
             AS normalized
    FROM rescaled
    GROUP BY application_id
),
requested AS (
    SELECT b.application_id AS application_id, SUM(b.amount) AS requested
    FROM {budget} b JOIN eligible e ON e.id = b.application_id
    GROUP BY b.application_id
),
scored AS (
    SELECT app.id AS id, app.reference AS reference, app.title AS title, org.legal_name AS organization,
           COALESCE(rq.requested, 0) AS requested,
           COALESCE(p.review_count, 0) AS review_count, p.mean AS mean, p.median AS median,
           CASE WHEN p.variance IS NULL THEN NULL WHEN p.variance > 0 THEN SQRT(p.variance) ELSE 0 END
             AS spread,
           p.normalized AS normalized,
           m.consensus_score AS consensus, m.reason AS consensus_reason,
           {BASES[basis]} AS review_score,
           COALESCE(CAST(m.consensus_score AS DOUBLE PRECISION), {BASES[basis]}) AS final_score
    FROM eligible e
    JOIN {application} app ON app.id = e.id
    JOIN {organization} org ON org.id = app.organization_id
    LEFT JOIN per_application p ON p.application_id = app.id
    LEFT JOIN requested rq ON rq.application_id = app.id
    LEFT JOIN {moderation} m ON m.application_id = app.id
),
ranked AS (
    SELECT scored.*,
           CASE WHEN review_score IS NULL THEN NULL ELSE
             RANK() OVER (ORDER BY CASE WHEN review_score IS NULL THEN 1 ELSE 0 END, review_score DESC)
           END AS review_rank,
           CASE WHEN final_score IS NULL THEN NULL ELSE
             RANK() OVER (ORDER BY CASE WHEN final_score IS NULL THEN 1 ELSE 0 END, final_score DESC)
           END AS final_rank,
           ROW_NUMBER() OVER (ORDER BY CASE WHEN final_score IS NULL THEN 1 ELSE 0 END, final_score DESC,
                                       review_score DESC, reference) AS place,
           SUM(CASE WHEN final_score IS NULL THEN 0 ELSE requested END) OVER (
               ORDER BY CASE WHEN final_score IS NULL THEN 1 ELSE 0 END, final_score DESC, review_score DESC,
                        reference
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative
    FROM scored
),
lined AS (
    -- the funding line falls where the cumulative request first exceeds the envelope
    SELECT ranked.*,
           CASE WHEN final_score IS NOT NULL AND cumulative <= CAST(%(envelope)s AS DOUBLE PRECISION) + 0.005
                THEN 1 ELSE 0 END AS above_line,
           CASE WHEN review_count >= 2 AND spread > CAST(%(threshold)s AS DOUBLE PRECISION) THEN 1 ELSE 0 END
             AS disagreement
    FROM ranked
),
call_wide AS (
    SELECT lined.*,
           COUNT(*) OVER () AS eligible_count,
           SUM(CASE WHEN final_score IS NULL THEN 0 ELSE 1 END) OVER () AS ranked_count,
           SUM(above_line) OVER () AS funded_count,
           SUM(CASE WHEN above_line = 1 THEN requested ELSE 0 END) OVER () AS funded_amount
    FROM lined
),
shown AS (
    SELECT call_wide.*, ROW_NUMBER() OVER (ORDER BY place) AS position, COUNT(*) OVER () AS row_count
    FROM call_wide
    WHERE {where}
)
SELECT * FROM shown
{window}
"""


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _float(value) -> float | None:
    return None if value is None else float(value)


# A cached page is never served after a change the services made (grants.kernel.versions); the time limit only
# bounds what the back office could change without a service (a reference list's names).
CACHE_SECONDS = 600


def ranking(
    *,
    call: Call,
    basis: str = "mean",
    pillar: int | None = None,
    region: int | None = None,
    population: int | None = None,
    page: int = 1,
    per_page: int | None = 50,
) -> RankingPage:
    """The call's ranking, or one page of it: computed in a single query, and a page kept in the cache until the
    next change any service makes, so that its cost does not grow with the call.

    Ranks, the cumulative request and the funding line are computed over the whole call; the filters
    only choose which rows are shown. `per_page=None` returns every row (CSV export), never from the cache.
    """
    if basis not in BASES:
        raise ValueError(basis)
    pool = pool_of(call=call)
    if per_page is None:
        return compute_ranking(
            call=call,
            pool=pool,
            basis=basis,
            pillar=pillar,
            region=region,
            population=population,
            page=page,
            per_page=None,
        )
    key = (
        f"scoring:ranking:{versions.current()}:{call.pk}:{call.envelope}:{pool.disagreement_threshold}:"
        f"{basis}:{pillar}:{region}:{population}:{page}:{per_page}"
    )
    found = cache.get(key)
    if found is None:
        found = compute_ranking(
            call=call,
            pool=pool,
            basis=basis,
            pillar=pillar,
            region=region,
            population=population,
            page=page,
            per_page=per_page,
        )
        cache.set(key, found, CACHE_SECONDS)
    return found


def compute_ranking(
    *,
    call: Call,
    pool: ReviewerPool,
    basis: str,
    pillar: int | None,
    region: int | None,
    population: int | None,
    page: int,
    per_page: int | None,
) -> RankingPage:
    """The ranking's one statement (ranking() without the cache)."""
    not_reviewable = {f"not_reviewable_{i}": status for i, status in enumerate(ApplicationStatus.NOT_REVIEWABLE)}
    params = {
        "call": call.pk,
        "eligible": ScreeningDecision.ELIGIBLE.value,
        # a review counts once submitted, as long as its reviewer declared no conflict and is still assigned
        "counted": AssignmentStatus.ACCEPTED.value,
        "submitted": ReviewStatus.SUBMITTED.value,
        **{name: status.value for name, status in not_reviewable.items()},
        "envelope": str(call.envelope),
        "threshold": str(pool.disagreement_threshold),
    }
    filters = []
    for value, model_field in ((pillar, "pillar"), (region, "region"), (population, "population")):
        if value is not None:
            field = Application._meta.get_field(f"{model_field}s")
            filters.append(
                f"EXISTS (SELECT 1 FROM {_table(field.remote_field.through)} x "
                f"WHERE x.application_id = call_wide.id AND x.{field.m2m_reverse_name()} = %({model_field})s)"
            )
            params[model_field] = value
    if per_page:
        params["offset"] = (max(1, page) - 1) * per_page
        params["per_page"] = per_page
    sql = _ranking_sql(basis=basis, filters=filters, not_reviewable=list(not_reviewable), paginate=bool(per_page))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c[0] for c in cursor.description]
        raw = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    rows = [
        RankingRow(
            id=r["id"],
            reference=r["reference"],
            title=r["title"],
            organization=r["organization"],
            requested=_money(r["requested"]),
            review_count=int(r["review_count"]),
            mean=_float(r["mean"]),
            median=_float(r["median"]),
            spread=_float(r["spread"]),
            normalized=_float(r["normalized"]),
            consensus=None if r["consensus"] is None else Decimal(str(r["consensus"])).quantize(Decimal("0.01")),
            consensus_reason=r["consensus_reason"],
            review_score=_float(r["review_score"]),
            final_score=_float(r["final_score"]),
            review_rank=r["review_rank"],
            final_rank=r["final_rank"],
            place=int(r["place"]),
            cumulative=_money(r["cumulative"]),
            above_line=bool(r["above_line"]),
            disagreement=bool(r["disagreement"]),
            moved=(r["review_rank"] - r["final_rank"]) if r["review_rank"] and r["final_rank"] else 0,
        )
        for r in raw
    ]
    head = raw[0] if raw else {}
    number = (int(head["position"]) - 1) // per_page + 1 if raw and per_page else 1
    return RankingPage(
        rows=rows,
        number=number,
        per_page=per_page or max(1, len(rows)),
        count=int(head.get("row_count") or 0),
        ranked=int(head.get("ranked_count") or 0),
        eligible=int(head.get("eligible_count") or 0),
        funded_count=int(head.get("funded_count") or 0),
        funded_amount=_money(head.get("funded_amount")),
        envelope=call.envelope,
    )


def ranking_filters(*, call: Call) -> dict[str, list]:
    """The pillars, regions and populations that occur in the call's eligible applications (cached as the
    ranking's pages are)."""
    key = f"scoring:ranking-filters:{versions.current()}:{call.pk}"
    found = cache.get(key)
    if found is None:
        found = _ranking_filters(call=call)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _ranking_filters(*, call: Call) -> dict[str, list]:
    apps = reviewable_applications(call=call)
    return {
        name: list(model.objects.filter(applications__in=apps).distinct().order_by("position", "code"))
        for name, model in (
            ("pillars", Application._meta.get_field("pillars").related_model),
            ("regions", Application._meta.get_field("regions").related_model),
            ("populations", Application._meta.get_field("populations").related_model),
        )
    }
