"""Reads for the review: querysets with the annotations their pages need, and the ranking.

The ranking is one SQL statement. It aggregates at three levels (criterion scores into review
totals, review totals into each reviewer's mean and spread, normalized totals into each
application's statistics) and ranks with window functions; the ORM cannot group over a windowed
derived table, so the statement is written out with common table expressions. It runs unchanged on
SQLite and PostgreSQL: standard deviations are sqrt(avg(x²) - avg(x)²) because SQLite has no
STDDEV, and medians come from ROW_NUMBER because it has no PERCENTILE_CONT.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from grants.applications.models import Application, BudgetLine, Call
from grants.applications.selectors import requested_total_subquery
from grants.kernel.roles import Role
from grants.organizations.models import Organization, User
from scoring.models import (
    Assignment,
    Criterion,
    Moderation,
    PoolMember,
    Review,
    ReviewerPool,
    Rubric,
    Score,
    Screening,
)
from scoring.services import REVIEWABLE_EXCLUDED, reviewable_applications

# --- Reviewer -----------------------------------------------------------------------------------


def _live(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Active assignments on applications still in review."""
    return queryset.filter(
        status__in=Assignment.ACTIVE, application__screening__decision=Screening.Decision.ELIGIBLE
    ).exclude(application__status__in=REVIEWABLE_EXCLUDED)


def reviewer_assignments(*, user: User) -> QuerySet[Assignment]:
    return (
        _live(Assignment.objects.filter(reviewer=user))
        .select_related("application__organization", "call", "review")
        .order_by("call__closes_at", "due_at", "application__reference")
    )


def reviewer_counts(*, user: User, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    submitted = Q(review__status=Review.Status.SUBMITTED)
    return _live(Assignment.objects.filter(reviewer=user)).aggregate(
        assigned=Count("pk"),
        to_declare=Count("pk", filter=Q(status=Assignment.Status.ASSIGNED)),
        declared=Count("pk", filter=Q(status=Assignment.Status.ACCEPTED, review__isnull=True)),
        in_progress=Count(
            "pk", filter=Q(status=Assignment.Status.ACCEPTED, review__status=Review.Status.DRAFT)
        ),
        submitted=Count("pk", filter=submitted),
        overdue=Count("pk", filter=Q(due_at__lt=now) & ~submitted),
    )


def assignment_for_reviewer(*, pk: int) -> Assignment:
    return Assignment.objects.select_related("application__organization", "call__fund", "review").get(pk=pk)


def rubric_criteria(*, call: Call) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric__call=call).order_by("position", "pk"))


def scores_of(*, review: Review | None) -> dict[int, Score]:
    if review is None:
        return {}
    return {s.criterion_id: s for s in review.scores.all()}


def other_reviews(*, assignment: Assignment) -> list[Review]:
    """The other submitted reviews of the same application, with their scores."""
    return list(
        Review.objects.filter(
            assignment__application_id=assignment.application_id,
            assignment__status=Assignment.Status.ACCEPTED,
            status=Review.Status.SUBMITTED,
        )
        .exclude(assignment=assignment)
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
        .order_by("submitted_at", "pk")
    )


# --- Staff --------------------------------------------------------------------------------------


def _count(queryset, column: str = "call"):
    """A correlated COUNT(*) subquery: one number per row without multiplying joins."""
    return Coalesce(
        Subquery(
            queryset.filter(**{column: OuterRef("pk")})
            .order_by()
            .values(column)
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def calls_for_review() -> QuerySet[Call]:
    return (
        Call.objects.exclude(status=Call.Status.DRAFT)
        .select_related("fund", "rubric")
        .annotate(
            submitted_count=_count(Application.objects.exclude(status__in=REVIEWABLE_EXCLUDED)),
            eligible_count=_count(
                Application.objects.exclude(status__in=REVIEWABLE_EXCLUDED).filter(
                    screening__decision=Screening.Decision.ELIGIBLE
                )
            ),
            reviews_submitted=_count(
                Review.objects.filter(
                    status=Review.Status.SUBMITTED, assignment__status=Assignment.Status.ACCEPTED
                ),
                "assignment__call",
            ),
            assignments_active=_count(Assignment.objects.filter(status__in=Assignment.ACTIVE)),
        )
        .order_by("-closes_at")
    )


def call_for_staff(*, slug: str) -> Call:
    return Call.objects.select_related("fund", "rubric", "reviewer_pool").get(slug=slug)


def pool_of(call: Call) -> ReviewerPool:
    """The call's pool, or an unsaved one with the defaults when staff have not set it up yet."""
    try:
        return call.reviewer_pool
    except ReviewerPool.DoesNotExist:
        return ReviewerPool(call=call, requires_indigenous_panel=call.fund.requires_indigenous_led)


def rubric_of(call: Call) -> Rubric | None:
    try:
        return call.rubric
    except Rubric.DoesNotExist:
        return None


def call_progress(*, call: Call, now: dt.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    live = _live(Assignment.objects.filter(call=call))
    submitted = Q(review__status=Review.Status.SUBMITTED)
    counts = live.aggregate(
        active=Count("pk"),
        to_declare=Count("pk", filter=Q(status=Assignment.Status.ASSIGNED)),
        not_started=Count("pk", filter=Q(status=Assignment.Status.ACCEPTED, review__isnull=True)),
        in_progress=Count(
            "pk", filter=Q(status=Assignment.Status.ACCEPTED, review__status=Review.Status.DRAFT)
        ),
        submitted=Count("pk", filter=submitted),
        overdue=Count("pk", filter=Q(due_at__lt=now) & ~submitted),
    )
    counts["conflicts"] = Assignment.objects.filter(call=call, status=Assignment.Status.CONFLICT).count()
    return counts


def screening_rows(*, call: Call) -> QuerySet[Application]:
    return (
        Application.objects.filter(call=call)
        .exclude(status=Application.Status.DRAFT)
        .select_related("organization", "screening__decided_by")
        .annotate(requested=requested_total_subquery())
        .order_by("reference")
    )


def screening_counts(*, call: Call) -> dict[str, int]:
    return (
        Application.objects.filter(call=call)
        .exclude(status=Application.Status.DRAFT)
        .aggregate(
            total=Count("pk"),
            undecided=Count("pk", filter=Q(screening__isnull=True, status=Application.Status.SUBMITTED)),
            eligible=Count("pk", filter=Q(screening__decision=Screening.Decision.ELIGIBLE)),
            ineligible=Count("pk", filter=Q(screening__decision=Screening.Decision.INELIGIBLE)),
            unreleased=Count(
                "pk",
                filter=Q(
                    screening__isnull=False,
                    screening__released_at__isnull=True,
                    status=Application.Status.SUBMITTED,
                ),
            ),
        )
    )


def assignment_rows(*, call: Call, now: dt.datetime | None = None) -> QuerySet[Application]:
    """Each application under review with its reviewers, for the assignment and progress page."""
    now = now or timezone.now()
    assignments = (
        Assignment.objects.filter(status__in=(*Assignment.ACTIVE, Assignment.Status.CONFLICT))
        .select_related("reviewer", "review")
        .order_by("status", "reviewer__last_name", "reviewer__email")
    )
    active = Assignment.objects.filter(status__in=Assignment.ACTIVE)
    return (
        reviewable_applications(call=call)
        .select_related("organization")
        .annotate(
            reviewer_count=_count(active, "application"),
            submitted_count=_count(active.filter(review__status=Review.Status.SUBMITTED), "application"),
            overdue_count=_count(
                active.filter(due_at__lt=now).exclude(review__status=Review.Status.SUBMITTED), "application"
            ),
        )
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="reviewers"))
        .order_by("reviewer_count", "reference")
    )


def short_of_reviewers(*, call: Call) -> int:
    active = Assignment.objects.filter(status__in=Assignment.ACTIVE)
    return (
        reviewable_applications(call=call)
        .annotate(n=_count(active, "application"))
        .filter(n__lt=call.reviewers_per_application)
        .count()
    )


def pool_members(*, call: Call, now: dt.datetime | None = None) -> QuerySet[PoolMember]:
    now = now or timezone.now()
    live = _live(Assignment.objects.filter(call=call, reviewer=OuterRef("reviewer_id")))
    return (
        PoolMember.objects.filter(pool__call=call)
        .select_related("reviewer")
        .annotate(
            load=_count(live, "reviewer"),
            submitted=_count(live.filter(review__status=Review.Status.SUBMITTED), "reviewer"),
            overdue=_count(
                live.filter(due_at__lt=now).exclude(review__status=Review.Status.SUBMITTED), "reviewer"
            ),
        )
    )


def reviewers_not_in_pool(*, call: Call) -> QuerySet[User]:
    return (
        User.objects.filter(groups__name=Role.REVIEWER.value, is_active=True)
        .exclude(pool_memberships__pool__call=call)
        .order_by("last_name", "first_name", "email")
    )


def application_reviews(*, application: Application) -> list[Assignment]:
    """Every assignment of an application with its review and scores, for staff."""
    return list(
        Assignment.objects.filter(application=application)
        .select_related("reviewer", "review")
        .prefetch_related(Prefetch("review__scores", queryset=Score.objects.select_related("criterion")))
        .order_by("status", "reviewer__last_name", "reviewer__email")
    )


def application_for_staff(*, call: Call, pk: int) -> Application:
    return (
        Application.objects.filter(call=call)
        .select_related("organization", "screening", "moderation__recorded_by")
        .annotate(requested=requested_total_subquery())
        .get(pk=pk)
    )


def earlier_calls_with_rubrics(*, call: Call) -> QuerySet[Call]:
    return (
        Call.objects.exclude(pk=call.pk)
        .filter(Exists(Criterion.objects.filter(rubric__call=OuterRef("pk"))))
        .select_related("fund")
        .order_by("-closes_at")
    )


# --- Ranking ------------------------------------------------------------------------------------

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


def _ranking_sql(*, basis: str, filters: list[str], paginate: bool) -> str:
    application = _table(Application)
    review, assignment, score, criterion = (
        _table(Review),
        _table(Assignment),
        _table(Score),
        _table(Criterion),
    )
    screening, moderation, rubric = _table(Screening), _table(Moderation), _table(Rubric)
    organization, budget = _table(Organization), _table(BudgetLine)
    where = " AND ".join(filters) or "1 = 1"
    # A page past the end gives the last page, as Django's Paginator.get_page does, in the same query.
    window = (
        (
            "WHERE position > CASE WHEN %s >= row_count THEN ((row_count - 1) / %s) * %s ELSE %s END "
            "ORDER BY position LIMIT %s"
        )
        if paginate
        else "ORDER BY position"
    )
    return f"""
WITH eligible AS (
    SELECT app.id AS id
    FROM {application} app JOIN {screening} sc ON sc.application_id = app.id
    WHERE app.call_id = %s AND sc.decision = 'eligible' AND app.status NOT IN ('draft', 'withdrawn')
),
review_totals AS (
    -- each submitted review's weighted total out of 100; N/A criteria leave both sums
    SELECT a.application_id AS application_id, a.reviewer_id AS reviewer_id, t.total AS total
    FROM (
        SELECT s.review_id AS review_id,
               100.0 * SUM(CAST(c.weight AS DOUBLE PRECISION) * (s.value - c.scale_min)
                           / (c.scale_max - c.scale_min))
                     / SUM(CAST(c.weight AS DOUBLE PRECISION)) AS total
        FROM {score} s JOIN {criterion} c ON c.id = s.criterion_id
        WHERE c.rubric_id IN (SELECT id FROM {rubric} WHERE call_id = %s) AND NOT s.is_na
              AND s.value IS NOT NULL
        GROUP BY s.review_id
    ) t
    JOIN {review} r ON r.id = t.review_id
    JOIN {assignment} a ON a.id = r.assignment_id
    JOIN eligible e ON e.id = a.application_id
    WHERE a.call_id = %s AND a.status = 'accepted' AND r.status = 'submitted'
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
           CASE WHEN final_score IS NOT NULL AND cumulative <= CAST(%s AS DOUBLE PRECISION) + 0.005
                THEN 1 ELSE 0 END AS above_line,
           CASE WHEN review_count >= 2 AND spread > CAST(%s AS DOUBLE PRECISION) THEN 1 ELSE 0 END
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
    """The call's ranking, or one page of it, in a single query.

    Ranks, the cumulative request and the funding line are computed over the whole call; the filters
    only choose which rows are shown. `per_page=None` returns every row (CSV export).
    """
    if basis not in BASES:
        raise ValueError(basis)
    pool = pool_of(call)
    filters, filter_params = [], []
    for value, model_field in ((pillar, "pillars"), (region, "regions"), (population, "populations")):
        if value is not None:
            through = Application._meta.get_field(model_field).remote_field.through
            target = Application._meta.get_field(model_field).m2m_reverse_name()
            filters.append(
                f"EXISTS (SELECT 1 FROM {_table(through)} x "
                f"WHERE x.application_id = call_wide.id AND x.{target} = %s)"
            )
            filter_params.append(value)
    params = [call.pk, call.pk, call.pk, str(call.envelope), str(pool.disagreement_threshold), *filter_params]
    if per_page:
        offset = (max(1, page) - 1) * per_page
        params += [offset, per_page, per_page, offset, per_page]
    sql = _ranking_sql(basis=basis, filters=filters, paginate=per_page is not None)
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
            consensus=None
            if r["consensus"] is None
            else Decimal(str(r["consensus"])).quantize(Decimal("0.01")),
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
    """The pillars, regions and populations that occur in the call's eligible applications."""
    apps = reviewable_applications(call=call)
    return {
        name: list(model.objects.filter(applications__in=apps).distinct().order_by("position", "code"))
        for name, model in (
            ("pillars", Application._meta.get_field("pillars").related_model),
            ("regions", Application._meta.get_field("regions").related_model),
            ("populations", Application._meta.get_field("populations").related_model),
        )
    }
