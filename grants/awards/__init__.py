"""Decisions, awards, agreements and payments (issue 5). Models are imported by grants/models.py."""
