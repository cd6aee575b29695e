"""The page's language, and bilingual fields (`name_en`/`name_fr`) read in it."""

from __future__ import annotations

from django.utils.translation import get_language


def is_french() -> bool:
    return (get_language() or "en").startswith("fr")


def join_list(values) -> str:
    """Several values on one line: "a; b" in English, "a ; b" (non-breaking space) in French."""
    return ("\u00a0; " if is_french() else "; ").join(str(value) for value in values)


def page_language() -> str:
    """"fr" or "en": the suffix of the bilingual field to read."""
    return "fr" if is_french() else "en"


def bilingual(obj, field: str) -> str:
    """The French value when the page is in French and one exists, else the English one."""
    if is_french():
        return getattr(obj, f"{field}_fr") or getattr(obj, f"{field}_en")
    return getattr(obj, f"{field}_en")


def bilingual_value(mapping: dict, key_prefix: str) -> str:
    """mapping['label_fr'] on French pages (when present), else mapping['label_en']."""
    return mapping.get(f"{key_prefix}_{page_language()}") or mapping.get(f"{key_prefix}_en", "")
