"""Template helpers of the workspace's pages."""

from django import template

from grants.workspace.selectors import object_url

register = template.Library()


@register.filter
def audit_object_url(entry) -> str:
    """The page of the object an audit entry is about ("" when it has none)."""
    return object_url(entry)
