"""What call set-up may change in which state of the call, and how the audit log names its actions."""

from django.utils.translation import gettext_lazy as _

from grants.applications.enums import CallStatus

# What applicants rely on from the moment a call is public: its address, who may apply, for how much and how
# long, and what they must attach. After publication these stay as they were published.
FIXED_ONCE_PUBLISHED = (
    "fund",
    "slug",
    "opens_at",
    "min_request",
    "max_request",
    "max_term_years",
    "eligible_organization_types",
    "pillars",
    "populations",
    "regions",
    "required_document_types",
    "allows_multiple_applications",
)
# What reviewers work with: fixed once review starts (a blind review cannot become open half-way).
FIXED_ONCE_IN_REVIEW = ("reviewers_per_application", "blind_review")
# The closing time moves only later, and only while the call takes applications; closing it early is the
# lifecycle's "close intake now".
CLOSES_AT_MOVABLE = (CallStatus.DRAFT, CallStatus.PUBLISHED)
# Statuses in which review has started.
IN_REVIEW = (CallStatus.IN_REVIEW, CallStatus.DECIDED)

AUDIT_ACTIONS = {
    "call.created": _("Call created"),
    "call.changed": _("Call changed"),
    "rubric.criterion_added": _("Rubric criterion added"),
    "rubric.criterion_changed": _("Rubric criterion changed"),
    "rubric.criterion_removed": _("Rubric criterion removed"),
    "call.year_envelope_set": _("Fiscal-year envelope set"),
    "call.year_envelope_removed": _("Fiscal-year envelope removed"),
}
