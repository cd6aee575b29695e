"""Time helpers: deadlines are stored aware (UTC) and shown in America/Toronto; fiscal years run April to March."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import pgettext_lazy

TORONTO = ZoneInfo("America/Toronto")
# tzname() is always English; French readers expect HNE/HAE.
ZONE_NAMES = {
    "EST": pgettext_lazy("time zone", "EST"),
    "EDT": pgettext_lazy("time zone", "EDT"),
}


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, TORONTO)


def format_local(value: dt.datetime) -> str:
    """A deadline as a person in Ontario reads it, with the zone named in the active language (EST/EDT, HNE/HAE)."""
    moment = local(value)
    zone = moment.tzname()
    return f"{formats.date_format(moment, 'DATETIME_FORMAT')} {ZONE_NAMES.get(zone, zone)}"


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year a day falls in, named by the calendar year in which it starts (April 1)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_label(start_year: int) -> str:
    return f"{start_year}–{str(start_year + 1)[-2:]}"


def fiscal_years_between(start: dt.date, end: dt.date) -> list[int]:
    return list(range(fiscal_year_of(start), fiscal_year_of(end) + 1))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; past the last year a date can hold, the last day there is (a limit that far
    away is no limit)."""
    if day.year + years > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
