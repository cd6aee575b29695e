"""Template filters every page uses: form widgets in the design system's markup, money, Toronto time, bilingual
keys and audit entries in words."""

from django import forms, template
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from grants.kernel.auditlog import describe
from grants.kernel.language import bilingual_value, is_french, join_list
from grants.kernel.money import format_money
from grants.kernel.timeutils import format_local

register = template.Library()

INPUT_CLASSES = {
    forms.Textarea: "ontario-input ontario-textarea",
    forms.Select: "ontario-input ontario-dropdown",
}


@register.filter
def hint(bound_field) -> str:
    """The field's help text; a text box also says how many characters it takes (its limit, which the
    browser and the form both enforce), so that nobody writes more than can be kept."""
    field, parts = bound_field.field, [str(bound_field.help_text or "")]
    if isinstance(field.widget, forms.Textarea) and getattr(field, "max_length", None):
        parts.append(
            _("%(limit)s characters at most.") % {"limit": number_format(field.max_length, force_grouping=True)}
        )
    # Help texts are the code's (allauth's hold a link, or a list of the password rules): kept as HTML when
    # marked safe, escaped otherwise.
    return mark_safe(" ".join(conditional_escape(part) for part in parts if part))


@register.filter
def ontario_widget(bound_field):
    """Render a widget with the design system's classes and the ids of its hint and error."""
    widget = bound_field.field.widget
    css = next((c for klass, c in INPUT_CLASSES.items() if isinstance(widget, klass)), "ontario-input")
    described = []
    if hint(bound_field):
        described.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
    attrs = {"class": css + (" ontario-input--error" if bound_field.errors else "")}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def field_kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.filter
def money(value) -> str:
    return format_money(value)


@register.filter
def toronto(value) -> str:
    return format_local(value) if value else ""


@register.filter
def bilingual_key(mapping, key_prefix: str):
    """mapping['label_fr'] on French pages, else mapping['label_en']."""
    return bilingual_value(mapping, key_prefix)


@register.filter(name="join_list")
def join_list_filter(values) -> str:
    """Values on one line with the separator of the page's language (grants.kernel.language.join_list)."""
    return join_list(values)


@register.simple_tag
def colon() -> str:
    """A colon between two values in a template (a label and its value, a reference and a title): French
    typography puts a non-breaking space before it."""
    return "\u00a0:" if is_french() else ":"


@register.filter
def audit_text(entry) -> str:
    """An audit entry's action and change of state, in words (grants.kernel.auditlog.describe)."""
    return describe(entry)
