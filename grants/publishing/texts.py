"""The words the open data says about a grant, written by the portal from reference lists in both languages:
never the applicant's own text (its title, summary and answers stay private)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from grants.publishing.records import PublicGrant, Ref


def _names(refs: tuple[Ref, ...], language: str) -> str:
    separator = "\u00a0; " if language == "fr" else "; "  # French typography: a non-breaking space before ";"
    return separator.join(ref.fr if language == "fr" and ref.fr else ref.en for ref in refs)


def in_language(language: str, func, *args) -> str:
    with translation.override(language):
        return str(func(*args, language))


def title(grant: PublicGrant, language: str) -> str:
    fund = grant.fund.ref.fr if language == "fr" else grant.fund.ref.en
    return _("%(fund)s agreement %(number)s") % {"fund": fund, "number": grant.agreement_number}


def description(grant: PublicGrant, language: str) -> str:
    fund = grant.fund.ref.fr if language == "fr" else grant.fund.ref.en
    if grant.regions_served:
        text = _("Funding from the %(fund)s for services against human trafficking in these regions of Ontario: "
                 "%(regions)s.") % {"fund": fund, "regions": _names(grant.regions_served, language)}
    else:
        text = _("Funding from the %(fund)s for services against human trafficking.") % {"fund": fund}
    if grant.populations:
        text += " " + _("People served: %(populations)s.") % {"populations": _names(grant.populations, language)}
    return text


def expected_results(grant: PublicGrant, language: str) -> str:
    if not grant.pillars:
        return _("Results under Ontario's Anti-Human Trafficking Strategy.")
    return _("Results under these pillars of Ontario's Anti-Human Trafficking Strategy: %(pillars)s.") % {
        "pillars": _names(grant.pillars, language)
    }


def purpose(grant: PublicGrant, language: str) -> str:
    written = grant.fund.purpose_fr if language == "fr" else grant.fund.purpose_en
    return written or _(
        "Funds community-based services that prevent human trafficking and support survivors under Ontario's "
        "Anti-Human Trafficking Strategy."
    )
