"""Form helpers shared by every app."""


def cleaned_or_none(form) -> dict | None:
    """What a service that saves typed answers valid or not takes: the cleaned data when the form is valid."""
    return form.cleaned_data if form.is_valid() else None
