"""Documents: the types of file the portal takes, and every version of every uploaded file."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.documents.enums import DocumentStatus
from grants.kernel.language import bilingual
from grants.kernel.models import ReferenceData


class DocumentType(ReferenceData):
    class UsedFor(models.TextChoices):
        APPLICATION = "application", _("Applications")
        REPORT = "report", _("Progress reports")
        MESSAGE = "message", _("Messages")

    used_for = models.CharField(
        _("used for"), max_length=12, choices=UsedFor.choices, default=UsedFor.APPLICATION,
        help_text=_(
            "Calls ask for application types; progress reports offer report types as attachments; messages "
            "take message types."
        ),
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    max_files = models.PositiveSmallIntegerField(
        _("files allowed"), default=1, validators=[MinValueValidator(1)],
        help_text=_(
            "How many current files an application may hold for this type, e.g. several letters of support."
        ),
    )

    class Meta(ReferenceData.Meta):
        db_table = "grants_documenttype"
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        constraints = [
            models.CheckConstraint(condition=Q(max_files__gte=1), name="document_type_max_files_positive"),
            models.CheckConstraint(
                condition=Q(used_for__in=["application", "report", "message"]), name="document_type_used_for_valid"
            ),
        ]

    @property
    def description(self) -> str:
        return bilingual(self, "description")


class Document(models.Model):
    """One version of one uploaded file. Workflows are in grants/documents/services.py.

    The owner is any object (an application, a progress report) through a generic relation: the owner's app
    registers its kind in grants/documents/owners.py, and gives its model a GenericRelation named `documents`
    so that its pages count and list files in plain queries. The organization is stored for every owner: it
    is whose file it is. Replaced and removed versions are kept with their object; a pending row is an upload
    that the portal has not verified yet, invisible everywhere else.
    """

    Status = DocumentStatus

    organization = models.ForeignKey(
        "grants.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="documents"
    )
    owner_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    owner_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("owner_type", "owner_id")
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="documents"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    content_type = models.CharField(_("type, read from its content"), max_length=100, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    key = models.CharField(_("object key"), max_length=255, unique=True, editable=False)
    replaces = models.ForeignKey(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="replacements",
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(_("upload started at"), default=timezone.now)
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("replaced or removed at"), null=True, blank=True)

    class Meta:
        db_table = "grants_document"
        ordering = ["document_type__position", "uploaded_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values), name="document_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=DocumentStatus.PENDING)
                | (Q(size__gt=0, uploaded_at__isnull=False) & ~Q(sha256="") & ~Q(content_type="")),
                name="document_verified_has_facts",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.RETIRED, retired_at__isnull=False)
                | Q(status__in=DocumentStatus.LIVE, retired_at__isnull=True),
                name="document_retired_at_matches_status",
            ),
        ]
        indexes = [models.Index(fields=["owner_type", "owner_id", "status"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].lower() if "." in self.original_name else ""
