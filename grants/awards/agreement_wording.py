"""The agreement's wording in English and French, side by side: the PDF carries both languages whatever the
reader's, so this text is kept here rather than passed through gettext. Plain data and formatting only: pdf.py
lays it out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from grants.awards.enums import PaymentKind, RiskLevel

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
}
RISK = {RiskLevel.LOW: ("Low", "Faible"), RiskLevel.MEDIUM: ("Medium", "Moyen"), RiskLevel.HIGH: ("High", "Élevé")}
RISK_RULE = {
    RiskLevel.HIGH: ("a report for every fiscal quarter", "un rapport pour chaque trimestre de l'exercice"),
    RiskLevel.MEDIUM: (
        "half-yearly reports, the first half-year of the term reported quarterly",
        "des rapports semestriels, le premier semestre de l'entente faisant l'objet de rapports trimestriels",
    ),
    RiskLevel.LOW: (
        "half-yearly reports, with no first-quarter report",
        "des rapports semestriels, sans rapport du premier trimestre",
    ),
}
KIND = {
    PaymentKind.ADVANCE: ("Advance", "Avance"),
    PaymentKind.INSTALMENT: ("Instalment", "Versement"),
    PaymentKind.FINAL: ("Final payment\n(holdback)", "Paiement final\n(retenue)"),
    PaymentKind.ADJUSTMENT: ("Adjustment", "Rajustement"),
}
STANDARD_CONDITIONS = [
    (
        "Funds are used only for the project and budget set out in Schedules A and B.",
        "Les fonds servent uniquement au projet et au budget décrits aux annexes A et B.",
    ),
    (
        "The organization files each report in Schedule D by its due date; a payment that waits for a "
        "report is "
        "released once that report is accepted.",
        "L'organisme remet chaque rapport de l'annexe D à la date prévue; un paiement qui attend un "
        "rapport est versé "
        "une fois ce rapport accepté.",
    ),
    (
        "Reports contain aggregate information only and never any personal information about survivors.",
        "Les rapports ne contiennent que des données agrégées et jamais de renseignements personnels sur les "
        "personnes survivantes.",
    ),
    (
        "Funds not spent in a fiscal year, or spent outside the approved budget, may be recovered by the "
        "Province.",
        "Les fonds non dépensés au cours d'un exercice, ou dépensés hors du budget approuvé, peuvent être "
        "recouvrés "
        "par la province.",
    ),
    (
        "The organization tells the coordination office without delay of any change that affects the "
        "project.",
        "L'organisme informe sans délai le bureau de coordination de tout changement touchant le projet.",
    ),
]


def date_in(value: str | dt.date, language: str) -> str:
    """A date as a letter writes it: "April 1, 2027" or "1er avril 2027"."""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    month = MONTHS[language][day.month - 1]
    if language == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def money_in(value, language: str) -> str:
    """An amount in the given language, whatever the page's: "$1,234.50" or "1 234,50 $"."""
    amount = Decimal(value).quantize(Decimal("0.01"))
    text = f"{amount:,.2f}"
    if language == "fr":
        return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0$"
    return "$" + text


def money_in_both(value) -> str:
    """The amount in English, then in French on the next line (a table cell of the schedules)."""
    return f"{money_in(value, 'en')}\n{money_in(value, 'fr')}"
