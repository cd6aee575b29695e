"""Thin views for decisions, awards, agreements and payments, one module per sub-domain (urls.py names each):
check one named permission, call a selector or a service, render. A service's refusal becomes the page's message
through @service_errors, or a form error where the form page is shown again with what was typed."""
