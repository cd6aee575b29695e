"""What every stage of the portal shares; it imports no other app of the portal.

audit.py          audit() for any event, transition() for a state change (require_state() is its check)
errors.py         ServiceError and its family: refusals with a message the person can act on
views.py          service_errors(): a refusal becomes the page's message; safe_next(); redirect_or_json()
permissions.py    check(): every view checks one named permission
rules.py, roles.py  the role predicates (program officer, administrator, reviewer) and role names
models.py         AuditEntry; the abstract ReferenceData and SavedStep other apps build on
steps.py          saving one step of a multi-step form with a version check
notifications.py  e-mails, each in its recipient's language
exports.py        the one CSV/XLSX writer (formula escaping, money as two decimals)
inputs.py         the edge: control characters out of addresses, query strings, cookies and posted text
responses.py      private_file(): every private file sent never cached
pdftext.py        paragraph_text(): typed text as reportlab markup, escaped
forms.py          cleaned_or_none(form); DateField and DateTimeField that take plausible dates only
money.py, timeutils.py, language.py  dollars as people read them; Toronto time and fiscal years; the page's
                  language and bilingual fields
storage.py        where private files live
templatetags/portal.py  the template filters those helpers back (money, toronto, ontario_widget, ...)
"""
