"""The agreement PDF: a bilingual award letter and its schedules, drawn with reportlab from the frozen terms.

The document carries English and French side by side whatever the reader's language; its standing wording is
in agreement_wording.py. It reads nothing but `terms` (and the acceptance), so the same agreement always draws
the same way, and drawing costs no database query.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from grants.awards.agreement_wording import (
    KIND,
    RISK,
    RISK_RULE,
    STANDARD_CONDITIONS,
    date_in,
    money_in,
    money_in_both,
)
from grants.kernel.pdftext import paragraph_text
from grants.kernel.timeutils import fiscal_year_label

MARGIN = 0.75 * inch

_base = getSampleStyleSheet()
STYLES = {
    "title": ParagraphStyle("AgreementTitle", parent=_base["Title"], fontSize=17, leading=21, spaceAfter=8),
    "h2": ParagraphStyle(
        "AgreementH2", parent=_base["Heading2"], fontSize=13, leading=16, spaceBefore=10, spaceAfter=6
    ),
    "body": ParagraphStyle(
        "AgreementBody", parent=_base["BodyText"], fontSize=10, leading=13.5, spaceAfter=6
    ),
    "label": ParagraphStyle(
        "AgreementLabel",
        parent=_base["BodyText"],
        fontSize=10,
        leading=13,
        spaceBefore=4,
        spaceAfter=2,
        keepWithNext=True,
    ),
    "small": ParagraphStyle("AgreementSmall", parent=_base["BodyText"], fontSize=8.5, leading=11),
}

def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(paragraph_text(text), STYLES[style])


def _rich(markup: str, style: str = "body") -> Paragraph:
    """A paragraph whose markup is ours; every value inside it was escaped by the caller."""
    return Paragraph(markup, STYLES[style])


def _table(
    header: list[str],
    rows: list[list],
    widths: list[float],
    *,
    numeric: set[int] = frozenset(),
    total: bool = False,
) -> Table:
    """A table of short plain-text cells ("\n" breaks lines): far cheaper to lay out than paragraphs."""
    table = Table([header, *[[str(v) for v in row] for row in rows]], colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9, 11),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9, 11),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f2f2")]),
        *[("ALIGN", (column, 0), (column, -1), "RIGHT") for column in numeric],
    ]
    if total:
        style += [
            ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black),
            ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9, 11),
        ]
    table.setStyle(TableStyle(style))
    return table


class _NumberedCanvas(pdfcanvas.Canvas):
    """Holds each page until the end so that every footer can say "Page X of Y"."""

    reference = ""
    version = 1

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(number, total)
            super().showPage()
        super().save()

    def _decorate(self, number: int, total: int) -> None:
        width, height = LETTER
        self.saveState()
        self.setFont("Helvetica", 8)
        self.setFillColor(colors.HexColor("#4d4d4d"))
        self.drawString(MARGIN, height - 0.5 * inch, "Government of Ontario / Gouvernement de l'Ontario")
        self.drawRightString(width - MARGIN, height - 0.5 * inch, self.reference)
        self.drawString(
            MARGIN,
            0.5 * inch,
            f"{self.reference} · Transfer payment agreement / Entente de paiement de "
            f"transfert · v{self.version}",
        )
        self.drawRightString(
            width - MARGIN, 0.5 * inch, f"Page {number} of {total} / Page {number} de {total}"
        )
        self.restoreState()


def _letter(terms: dict, language: str) -> list:
    org, fund, call = terms["organization"], terms["fund"], terms["call"]
    title = terms["project"]["title"]
    total = money_in(terms["approved_total"], language)
    start, end = date_in(terms["term"]["start"], language), date_in(terms["term"]["end"], language)
    address = "<br/>".join(
        paragraph_text(x)
        for x in (org["legal_name"], org["street_address"], f"{org['city']} (Ontario) {org['postal_code']}")
    )
    signer = terms["signing_authority"]
    reference = paragraph_text(terms["reference"])
    if language == "fr":
        parts = [
            _p("Lettre d'attribution", "title"),
            _p(date_in(terms["generated_on"], "fr")),
            _rich(address),
            _rich(f"<b>Objet : {reference} – {paragraph_text(title)}</b>"),
            _p("Madame, Monsieur,"),
            _p(
                "Au nom du gouvernement de l'Ontario, j'ai le plaisir de confirmer un financement maximal "
                f"de {total} "
                f"au titre du {fund['name_fr']} ({call['title_fr']}) pour le projet « {title} », du "
                f"{start} au {end}."
            ),
            _p(
                "La présente lettre et ses annexes constituent l'entente de paiement de transfert : "
                "annexe A, le projet; "
                "annexe B, le budget par exercice; annexe C, le calendrier des paiements; annexe D, le "
                "calendrier des "
                "rapports; annexe E, les conditions."
            ),
            _p(
                f"Niveau de risque : {RISK[terms['risk_level']][1]}, soit "
                f"{RISK_RULE[terms['risk_level']][1]}."
            ),
            _p(
                "Le signataire autorisé de l'organisme accepte l'entente dans le portail; la date, "
                "l'heure, son nom et "
                "son titre sont consignés. Le premier paiement est versé une fois l'entente acceptée."
            ),
            _p("Veuillez agréer mes salutations distinguées."),
            _p(
                terms["officer"]["name"]
                or "Bureau de coordination de la lutte contre la traite des personnes"
            ),
            _p("Bureau de coordination de la lutte contre la traite des personnes", "small"),
        ]
    else:
        parts = [
            _p("Award letter", "title"),
            _p(date_in(terms["generated_on"], "en")),
            _rich(address),
            _rich(f"<b>Re: {reference} – {paragraph_text(title)}</b>"),
            _p(f"Dear {signer['name']},"),
            _p(
                f"On behalf of the Government of Ontario, I am pleased to confirm funding of up to {total} "
                "under the "
                f"{fund['name_en']} ({call['title_en']}) for the project “{title}”, from {start} to {end}."
            ),
            _p(
                "This letter and its schedules form the transfer payment agreement: Schedule A, the "
                "project; Schedule B, "
                "the budget by fiscal year; Schedule C, the payment plan; Schedule D, the reporting "
                "schedule; "
                "Schedule E, the conditions."
            ),
            _p(
                f"Risk level: {RISK[terms['risk_level']][0]}, which means "
                f"{RISK_RULE[terms['risk_level']][0]}."
            ),
            _p(
                "The organization's signing authority accepts the agreement in the portal, which records "
                "the date, the "
                "time, their name and title. The first payment is released once the agreement is accepted."
            ),
            _p("Sincerely,"),
            _p(terms["officer"]["name"] or "Anti-Human Trafficking Coordination Office"),
            _p("Anti-Human Trafficking Coordination Office", "small"),
        ]
    return parts


def _schedules(terms: dict) -> list:
    width = LETTER[0] - 2 * MARGIN
    story = [_p("Schedule A – Project / Annexe A – Projet", "h2")]
    # Label and value as flowing paragraphs, not a table: a long description must be able to cross pages.
    for field in terms["project"]["fields"]:
        if field["name"] in ("start_date", "end_date"):
            continue  # the award's own term follows
        label = f"{paragraph_text(field['label_en'])} / {paragraph_text(field['label_fr'])}"
        story.append(_rich(f"<b>{label}</b>", "label"))
        story.append(_p(field["value_en"]))
        if field["value_fr"] != field["value_en"]:
            story.append(_p(field["value_fr"]))
    term = terms["term"]
    story.append(_rich("<b>Term / Durée</b>", "label"))
    story.append(
        _p(
            f"{date_in(term['start'], 'en')} – {date_in(term['end'], 'en')} / "
            f"{date_in(term['start'], 'fr')} – {date_in(term['end'], 'fr')}"
        )
    )

    story.append(_p("Schedule B – Budget by fiscal year / Annexe B – Budget par exercice", "h2"))
    rows = [
        [fiscal_year_label(y["fiscal_year"]), money_in_both(y["requested"]), money_in_both(y["approved"])]
        for y in terms["years"]
    ]
    rows.append(["Total", money_in_both(terms["requested_total"]), money_in_both(terms["approved_total"])])
    story.append(
        _table(
            [
                "Fiscal year (April to March)\nExercice (avril à mars)",
                "Requested\nDemandé",
                "Approved\nApprouvé",
            ],
            rows,
            [width * 0.36, width * 0.32, width * 0.32],
            numeric={1, 2},
            total=True,
        )
    )
    # Agreements frozen before the reason was bilingual hold one text, under "difference_reason".
    reason_en = terms.get("difference_reason_en", terms.get("difference_reason", ""))
    reason_fr = terms.get("difference_reason_fr", "")
    if reason_en:
        story.append(_p("Why the approved amount is below the request:", "small"))
        story.append(_p(reason_en))
    if reason_fr:
        story.append(_p("Pourquoi le montant approuvé est inférieur à la demande :", "small"))
        story.append(_p(reason_fr))

    story.append(_p("Schedule C – Payment plan / Annexe C – Calendrier des paiements", "h2"))
    rows = []
    for payment in terms["payments"]:
        kind = KIND[payment["kind"]]
        condition = (
            f"Report {payment['report']} accepted\nRapport {payment['report']} accepté"
            if payment["report"]
            else "None\nAucune"
        )
        rows.append(
            [
                payment["number"],
                f"{kind[0]}\n{kind[1]}",
                f"{date_in(payment['due'], 'en')}\n{date_in(payment['due'], 'fr')}",
                fiscal_year_label(payment["fiscal_year"]),
                condition,
                f"{money_in(payment['amount'], 'en')}\n{money_in(payment['amount'], 'fr')}",
            ]
        )
    rows.append(
        [
            "",
            "Total",
            "",
            "",
            "",
            f"{money_in(terms['approved_total'], 'en')}\n{money_in(terms['approved_total'], 'fr')}",
        ]
    )
    story.append(
        _table(
            [
                "#",
                "Payment\nPaiement",
                "Due\nÉchéance",
                "Fiscal year\nExercice",
                "Condition",
                "Amount\nMontant",
            ],
            rows,
            [width * 0.05, width * 0.2, width * 0.2, width * 0.14, width * 0.2, width * 0.21],
            numeric={5},
            total=True,
        )
    )

    story.append(_p("Schedule D – Reporting schedule / Annexe D – Calendrier des rapports", "h2"))
    risk = terms["risk_level"]
    story.append(
        _p(
            f"Risk level {RISK[risk][0]}: {RISK_RULE[risk][0]}. / Niveau de risque {RISK[risk][1]} : "
            f"{RISK_RULE[risk][1]}.",
            "small",
        )
    )
    rows = [
        [
            r["number"],
            f"{date_in(r['start'], 'en')} – {date_in(r['end'], 'en')}\n{date_in(r['start'], 'fr')} – "
            f"{date_in(r['end'], 'fr')}",
            f"{date_in(r['due'], 'en')}\n{date_in(r['due'], 'fr')}",
            "Final report\nRapport final" if r["final"] else "Progress report\nRapport d'étape",
        ]
        for r in terms["reports"]
    ]
    story.append(
        _table(
            ["#", "Period\nPériode", "Due\nÉchéance", "Report\nRapport"],
            rows,
            [width * 0.06, width * 0.44, width * 0.25, width * 0.25],
        )
    )

    story.append(_p("Schedule E – Conditions / Annexe E – Conditions", "h2"))
    for number, (english, french) in enumerate(STANDARD_CONDITIONS, start=1):
        story.append(KeepTogether([_p(f"{number}. {english}"), _p(f"{number}. {french}")]))
    if terms["conditions_en"] or terms["conditions_fr"]:
        story.append(_p("Conditions specific to this award / Conditions propres à cette subvention", "h2"))
        if terms["conditions_en"]:
            story.append(_p(terms["conditions_en"]))
        if terms["conditions_fr"]:
            story.append(_p(terms["conditions_fr"]))
    return story


def _acceptance(terms: dict, acceptance: dict | None) -> list:
    signer = terms["signing_authority"]
    story = [
        _p("Acceptance / Acceptation", "h2"),
        _p(
            f"Signing authority / Signataire autorisé : {signer['name']}, {signer['title']} "
            f"({signer['email']})"
        ),
    ]
    if acceptance is None:
        story.append(
            _p(
                "Not yet accepted. The signing authority accepts this agreement in the portal. / "
                "Pas encore acceptée. Le signataire autorisé accepte cette entente dans le portail."
            )
        )
        return [KeepTogether(story)]
    moment = dt.datetime.fromisoformat(acceptance["at"])
    clock = moment.strftime("%H:%M")
    story += [
        _p(
            f"Accepted in the portal by {acceptance['name']}, {acceptance['title']}, on "
            f"{date_in(moment.date(), 'en')} "
            f"at {clock} (Toronto time), signed in as {acceptance['email']}."
        ),
        _p(
            f"Acceptée dans le portail par {acceptance['name']}, {acceptance['title']}, le "
            f"{date_in(moment.date(), 'fr')} "
            f"à {clock.replace(':', ' h ')} (heure de Toronto), connecté·e en tant que {acceptance['email']}."
        ),
    ]
    return [KeepTogether(story)]


def agreement_pdf(*, terms: dict, acceptance: dict | None = None) -> bytes:
    buffer = BytesIO()
    canvas_class = type(
        "AgreementCanvas", (_NumberedCanvas,), {"reference": terms["reference"], "version": terms["version"]}
    )
    doc = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        title=f"{terms['reference']} – agreement / entente v{terms['version']}",
        author="Government of Ontario / Gouvernement de l'Ontario",
        subject=terms["project"]["title"],
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=0.8 * inch,
        bottomMargin=0.8 * inch,
    )
    story = [
        *_letter(terms, "en"),
        PageBreak(),
        *_letter(terms, "fr"),
        PageBreak(),
        *_schedules(terms),
        Spacer(1, 12),
        *_acceptance(terms, acceptance),
    ]
    doc.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()
