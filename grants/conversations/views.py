"""The conversation on a record (application, award, progress report): its messages and, for staff, notes and
clarification requests, on one page whose forms post back to it (a refusal keeps what was typed); and staff's
queue of conversations waiting for them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from grants.applications.models import Application
from grants.conversations import selectors, services
from grants.conversations.forms import ClarificationForm, MessageForm, NoteForm
from grants.conversations.subjects import kinds, subject_kind, titled
from grants.documents.selectors import document_slots
from grants.kernel.errors import ServiceError
from grants.kernel.permissions import check


@login_required
def thread(request, kind: str, pk: int):
    if kind not in kinds():
        raise Http404
    subject_class = subject_kind(kind)
    subject = subject_class(subject_class.load(pk))
    check(request.user, subject.view_permission, subject.obj)
    conversation = services.thread_for(subject=subject)
    check(request.user, "conversations.view_thread", conversation)
    staff = request.user.has_perm("conversations.add_note", conversation)
    open_questions = None
    if not staff and isinstance(subject.obj, Application):
        open_questions = selectors.thread_clarifications(thread=conversation).filter(answered_at__isnull=True)
    can_ask = staff and isinstance(subject.obj, Application) and subject.obj.status in services.ASKABLE
    action = request.POST.get("action") if request.method == "POST" else None
    message_form = MessageForm(request.POST if action == "send" else None, open_questions=open_questions)
    note_form = NoteForm(request.POST if action == "note" else None) if staff else None
    question_form = ClarificationForm(request.POST if action == "ask" else None) if can_ask else None
    forms = {"send": message_form, "note": note_form, "ask": question_form}
    if action in forms and forms[action] is not None:
        form = forms[action]
        check(request.user, "conversations.write_message", conversation)
        if form.is_valid():
            try:
                _act(action, form, request=request, conversation=conversation, subject=subject)
            except ServiceError as error:  # shown above the form, everything typed kept
                form.add_error(None, error.message)
            else:
                return redirect(request.path)
    elif request.method == "POST":
        raise Http404
    services.thread_mark_read(thread=conversation, by=request.user)
    draft = services.draft_for(thread=conversation, by=request.user)
    return render(
        request,
        "grants/conversations/thread.html",
        {
            "subject": subject,
            "thread": conversation,
            "messages_sent": selectors.thread_messages(thread=conversation, staff=staff),
            "clarifications": selectors.thread_clarifications(thread=conversation)
            if isinstance(subject.obj, Application) else [],
            "staff": staff,
            "draft": draft,
            "slots": document_slots(owner=draft),
            "message_form": message_form,
            "note_form": note_form,
            "question_form": question_form,
        },
    )


def _act(action: str, form, *, request, conversation, subject) -> None:
    data = form.cleaned_data
    if action == "send":
        answers = data.get("answers")
        if answers is not None:
            check(request.user, "conversations.answer_clarification", answers)
        services.message_send(thread=conversation, body=data["body"], by=request.user, answers=answers)
        messages.success(request, _("Your message is sent."))
    elif action == "note":
        check(request.user, "conversations.add_note", conversation)
        services.note_add(thread=conversation, body=data["body"], by=request.user)
        messages.success(request, _("The note is added."))
    else:
        check(request.user, "conversations.ask_clarification", conversation)
        services.clarification_ask(
            application=subject.obj, question=data["question"], due_at=data["due_at"], by=request.user
        )
        messages.success(request, _("The question is sent to the organization."))


@login_required
def staff_queue(request):
    check(request.user, "conversations.view_queue")
    page = Paginator(selectors.threads_for_staff(), 25).get_page(request.GET.get("page"))
    rows = [{"thread": conversation, "kind": conversation.kind} for conversation in titled(page)]
    return render(request, "grants/conversations/staff_queue.html", {"page": page, "rows": rows})
