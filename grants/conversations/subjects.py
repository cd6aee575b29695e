"""The records a conversation can be about, and what this app needs to know of each (like grants.documents'
owners): applications are registered here; awards and progress reports, which sit above this app, register
theirs from their own AppConfig.ready() (grants/awards/conversations.py, reporting/conversations.py)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from grants.applications.models import Application


class Subject(ABC):
    kind: str
    model: type[models.Model]
    title_related: tuple[str, ...] = ()  # what `title` reads, for titles() to load in one query
    view_permission: str  # who may read the record may read (and write in) its conversation, if not a reviewer

    def __init__(self, obj):
        self.obj = obj

    @classmethod
    @abstractmethod
    def load(cls, pk: int):
        """The record named by a URL (404 when there is none)."""

    @property
    @abstractmethod
    def organization_id(self) -> int: ...

    @property
    @abstractmethod
    def title(self) -> str:
        """The record as a person names it, in the page's language."""

    @abstractmethod
    def url(self) -> str:
        """The record's own page."""

    @classmethod
    def titles(cls, pks) -> dict[int, str]:
        """The titles of these records, in one query."""
        records = cls.model.objects.select_related(*cls.title_related).filter(pk__in=pks)
        return {record.pk: cls(record).title for record in records}

    def lookup(self) -> dict:
        return {"subject_type": ContentType.objects.get_for_model(self.model), "subject_id": self.obj.pk}


class ApplicationSubject(Subject):
    kind = "application"
    model = Application
    view_permission = "grants.view_application"

    @classmethod
    def load(cls, pk: int) -> Application:
        return get_object_or_404(Application.objects.select_related("call", "organization"), pk=pk)

    @property
    def organization_id(self) -> int:
        return self.obj.organization_id

    @property
    def title(self) -> str:
        return _("Application %(name)s") % {"name": self.obj}

    def url(self) -> str:
        return reverse("grants:application_detail", args=[self.obj.pk])


_BY_KIND: dict[str, type[Subject]] = {}
_BY_MODEL: dict[type[models.Model], type[Subject]] = {}


def register(subject_class: type[Subject]) -> type[Subject]:
    _BY_KIND[subject_class.kind] = subject_class
    _BY_MODEL[subject_class.model] = subject_class
    return subject_class


def subject_kind(kind: str) -> type[Subject]:
    return _BY_KIND[kind]


def kinds() -> list[str]:
    return list(_BY_KIND)


def titled(threads) -> list:
    """The threads, each with `title`: its record as a person names it (one query per kind of record)."""
    threads = list(threads)
    by_kind: dict[str, set[int]] = {}
    for thread in threads:
        by_kind.setdefault(thread.kind, set()).add(thread.subject_id)
    titles = {kind: subject_kind(kind).titles(pks) for kind, pks in by_kind.items()}
    for thread in threads:
        thread.title = titles[thread.kind].get(thread.subject_id, "")
    return threads


def subject_of(obj) -> Subject:
    return obj if isinstance(obj, Subject) else _BY_MODEL[type(obj)](obj)
