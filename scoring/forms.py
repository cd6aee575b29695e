"""Forms of the review pages. Field-level checks only; what a transition requires is the services'
business (the scoring page shows the services' list of problems on the fields concerned)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.applications.enums import ReviewPhase
from grants.applications.models import Call
from grants.kernel.forms import DateTimeField
from scoring.enums import Recommendation, ScreeningDecision
from scoring.models import Criterion, ReviewerPool, Score
from scoring.services import ScoreInput

NA = "na"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, label=None, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        if help_text:
            self.fields["reason"].help_text = help_text


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Review phase"), choices=ReviewPhase.choices, widget=forms.RadioSelect)


class RubricCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the criteria of"), queryset=Call.objects.none(), empty_label=_("Choose a call")
    )

    def __init__(self, *args, calls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = calls


class PoolSettingsForm(forms.ModelForm):
    review_due_at = DateTimeField(
        label=_("Reviews due"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Toronto time, for example 2026-05-29 17:00. New assignments are due then."),
    )

    class Meta:
        model = ReviewerPool
        fields = [
            "review_due_at",
            "disagreement_threshold",
            "other_reviews_while_reviewing",
            "requires_indigenous_panel",
        ]
        widgets = {"other_reviews_while_reviewing": forms.RadioSelect}

    def clean_review_due_at(self):
        value = self.cleaned_data["review_due_at"]
        if value and "review_due_at" in self.changed_data and value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return value


class PoolAddForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None, empty_label=_("Choose a reviewer"))
    indigenous_panel = forms.BooleanField(label=_("Member of the Indigenous review panel"), required=False)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda u: f"{u.get_full_name() or u.email} ({u.email})"


class AssignmentAddForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Add a reviewer"), queryset=None, empty_label=_("Choose a reviewer")
    )
    due_at = DateTimeField(
        label=_("Due"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Toronto time. Leave empty for the call's due date, at least a week from now."),
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda u: u.get_full_name() or u.email

    def clean_due_at(self):
        value = self.cleaned_data["due_at"]
        if value and value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return value


class ScreeningForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ScreeningDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Required when ineligible: the applicant reads it once decisions are released."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == ScreeningDecision.INELIGIBLE
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give the reason the application is ineligible."))
        return cleaned


class ConflictForm(forms.Form):
    declaration = forms.ChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        choices=[
            ("none", _("No: I have no conflict of interest")),
            ("conflict", _("Yes: I have a conflict of interest, or may be seen to have one")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Describe the conflict"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_(
            "Required for a conflict: for example, you work or volunteer for the organization, "
            "or a relative does."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("declaration") == "conflict" and not (cleaned.get("reason") or "").strip():
            self.add_error(
                "reason", _("Describe the conflict: your relationship with the organization or the project.")
            )
        return cleaned


class SubmitRequiredChoiceField(forms.ChoiceField):
    """Required to submit a review but not to save a draft: no "(optional)" beside its label, and an
    empty value passes here; review_problems() says what a submission still lacks."""

    def validate(self, value):
        if value not in self.empty_values:
            super().validate(value)


class ReviewForm(forms.Form):
    """One score and comment per criterion, an overall comment and a recommendation."""

    overall_comment = forms.CharField(
        label=_("Overall comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
        help_text=_("Strengths, weaknesses and any condition you would attach to funding."),
    )
    recommendation = SubmitRequiredChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )

    def __init__(
        self, *args, criteria: list[Criterion], scores: dict[int, Score] | None = None, review=None, **kwargs
    ):
        self.criteria = criteria
        initial = kwargs.pop("initial", {}) or {}
        for criterion in criteria:
            saved = (scores or {}).get(criterion.pk)
            if saved is not None:
                initial[f"score_{criterion.pk}"] = (
                    NA if saved.is_na else ("" if saved.value is None else str(saved.value))
                )
                initial[f"comment_{criterion.pk}"] = saved.comment
        if review is not None:
            initial.setdefault("overall_comment", review.overall_comment)
            initial.setdefault("recommendation", review.recommendation)
        super().__init__(*args, initial=initial, **kwargs)
        fields = {}
        for criterion in criteria:
            choices = [
                (str(score), f"{score} – {guidance}" if guidance else str(score))
                for score, guidance in criterion.levels()
            ]
            if criterion.allows_na:
                choices.append((NA, _("Not applicable")))
            fields[f"score_{criterion.pk}"] = SubmitRequiredChoiceField(
                label=_("Score for “%(criterion)s”") % {"criterion": criterion.name},
                choices=choices,
                widget=forms.RadioSelect,
            )
            fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
                required=False,
                help_text=_("Required with a score of %(low)s.") % {"low": criterion.scale_min},
            )
        self.fields = {**fields, **self.fields}

    def sections(self):
        """Each criterion with its two fields, for the template, and whether it is marked not applicable."""
        return [
            {
                "criterion": c,
                "score": self[f"score_{c.pk}"],
                "comment": self[f"comment_{c.pk}"],
                "not_applicable": self[f"score_{c.pk}"].value() == NA,
            }
            for c in self.criteria
        ]

    def inputs(self) -> dict[int, ScoreInput]:
        data = self.cleaned_data
        inputs = {}
        for criterion in self.criteria:
            raw = data.get(f"score_{criterion.pk}") or ""
            inputs[criterion.pk] = ScoreInput(
                value=int(raw) if raw not in ("", NA) else None,
                is_na=raw == NA,
                comment=data.get(f"comment_{criterion.pk}", "").strip(),
            )
        return inputs


class ModerationForm(forms.Form):
    consensus_score = forms.DecimalField(
        label=_("Consensus score (out of 100)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
        help_text=_("It replaces the reviewers' score in the final ranking; both orders stay visible."),
    )
    reason = forms.CharField(
        label=_("Panel's reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class RankingFilterForm(forms.Form):
    basis = forms.ChoiceField(
        label=_("Rank by"),
        required=False,
        choices=[
            ("mean", _("Mean of the reviewers' totals")),
            ("normalized", _("Reviewer-normalized score")),
        ],
    )
    pillar = forms.TypedChoiceField(label=_("Pillar"), required=False, coerce=int, empty_value=None)
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    population = forms.TypedChoiceField(label=_("Population"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, options: dict[str, list], **kwargs):
        super().__init__(*args, **kwargs)
        for field, key in (("pillar", "pillars"), ("region", "regions"), ("population", "populations")):
            self.fields[field].choices = [("", _("All"))] + [(str(o.pk), o.name) for o in options[key]]

    def values(self) -> dict:
        if not self.is_valid():
            return {"basis": "mean", "pillar": None, "region": None, "population": None}
        data = self.cleaned_data
        return {
            "basis": data.get("basis") or "mean",
            "pillar": data.get("pillar"),
            "region": data.get("region"),
            "population": data.get("population"),
        }
