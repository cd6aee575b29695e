"""Thin views for progress reporting, by sub-domain: reports.py (the organization's report pages and staff's
review), portfolio.py (the staff portfolio and its exports), archive.py (the organization's data archive).
reporting/urls.py routes to them by module."""
