"""The public summary of the grants too small to be published one by one: how many, and how much, by region and
fund, under the portfolio exports' small-count rule (reporting/suppression.py). A count from 1 to 4 shows "<5";
cells hidden so that it cannot be worked out show "x"; an amount is hidden wherever its count is."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from grants.publishing.records import PublicGrant, Ref
from reporting.suppression import suppress


@dataclass
class Summary:
    regions: list[Ref]
    funds: list[Ref]
    counts: list[list[int | str]]
    amounts: list[list[Decimal | None]]  # None: hidden with its count
    row_counts: list[int | str]
    row_amounts: list[Decimal | None]
    column_counts: list[int | str]
    column_amounts: list[Decimal | None]
    total_count: int | str
    total_amount: Decimal | None

    @property
    def rows(self):
        return [
            (region, list(zip(counts, amounts, strict=True)), row_count, row_amount)
            for region, counts, amounts, row_count, row_amount in zip(
                self.regions, self.counts, self.amounts, self.row_counts, self.row_amounts, strict=True
            )
        ]

    @property
    def totals(self):
        return list(zip(self.column_counts, self.column_amounts, strict=True))


def small_grants_summary(grants: list[PublicGrant], *, regions: list[Ref], funds: list[Ref]) -> Summary | None:
    """None when every grant is published one by one."""
    small = [g for g in grants if not g.is_individual and not g.withheld]
    if not small:
        return None
    region_codes = [r.code for r in regions if any(g.recipient.region.code == r.code for g in small)]
    fund_codes = [f.code for f in funds if any(g.fund.ref.code == f.code for g in small)]
    counts = [[0] * len(fund_codes) for _ in region_codes]
    amounts = [[Decimal(0)] * len(fund_codes) for _ in region_codes]
    for grant in small:
        i, j = region_codes.index(grant.recipient.region.code), fund_codes.index(grant.fund.ref.code)
        counts[i][j] += 1
        amounts[i][j] += grant.value
    shown = suppress(counts)

    def amount(count, value):
        return value if isinstance(count, int) else None

    return Summary(
        regions=[r for r in regions if r.code in region_codes],
        funds=[f for f in funds if f.code in fund_codes],
        counts=shown.cells,
        amounts=[
            [amount(c, v) for c, v in zip(cs, vs, strict=True)]
            for cs, vs in zip(shown.cells, amounts, strict=True)
        ],
        row_counts=shown.row_totals,
        row_amounts=[amount(c, sum(vs, Decimal(0))) for c, vs in zip(shown.row_totals, amounts, strict=True)],
        column_counts=shown.column_totals,
        column_amounts=[
            amount(c, sum((row[j] for row in amounts), Decimal(0))) for j, c in enumerate(shown.column_totals)
        ],
        total_count=shown.total,
        total_amount=amount(shown.total, sum((sum(vs, Decimal(0)) for vs in amounts), Decimal(0))),
    )
