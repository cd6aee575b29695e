"""Decisions, awards, agreements, reporting periods and payments (issue 5): an app of its own, label `awards`."""
