"""Forms of conversations: they validate what is typed and write nothing (services.py writes)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.kernel.forms import DateTimeField


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)
    answers = forms.ModelChoiceField(
        label=_("This message answers"), queryset=None, required=False, empty_label=_("No question in particular"),
        help_text=_("The answer to a question is added to what the application's reviewers read, without the "
                    "attached files."),
    )

    def __init__(self, *args, open_questions=None, **kwargs):
        super().__init__(*args, prefix="message", **kwargs)
        if open_questions is None:
            del self.fields["answers"]
        else:
            self.fields["answers"].queryset = open_questions
            self.fields["answers"].label_from_instance = lambda c: c.question[:120]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000,
        help_text=_("Seen by the coordination office only: never by the organization nor by reviewers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="note", **kwargs)


class ClarificationForm(forms.Form):
    question = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    due_at = DateTimeField(
        label=_("Answer due"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Toronto time, for example 2026-06-15 17:00."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="question", **kwargs)

    def clean_due_at(self):
        value = self.cleaned_data["due_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return value
