"""The staff-side roles: Django groups of these names. An applicant is anyone with a membership."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REVIEWER = "reviewer", _("Reviewer")
    PROGRAM_OFFICER = "program_officer", _("Program officer")
    ADMINISTRATOR = "administrator", _("Administrator")
