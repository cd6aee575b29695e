"""Who may read and write conversations: the organization's members and program officers, never reviewers (the
answers to clarifications reach reviewers through scoring's own pages). Internal notes are staff's alone."""

import rules

from grants.kernel.rules import is_program_officer
from grants.organizations.rules import member_of_owner

is_thread_member = member_of_owner("organization")
is_message_member = member_of_owner("thread.organization")
is_clarification_member = member_of_owner("thread.organization")


@rules.predicate
def is_draft_author(user, message) -> bool:
    return message is not None and not message.is_sent and message.author_id == user.pk


@rules.predicate
def is_internal(user, message) -> bool:
    return message is not None and message.internal


@rules.predicate
def is_open(user, clarification) -> bool:
    return clarification is not None and not clarification.is_answered


rules.add_perm("conversations.view_thread", is_thread_member | is_program_officer)
rules.add_perm("conversations.write_message", is_thread_member | is_program_officer)
rules.add_perm("conversations.add_note", is_program_officer)
rules.add_perm("conversations.ask_clarification", is_program_officer)
rules.add_perm("conversations.view_message", (is_message_member & ~is_internal) | is_program_officer)
rules.add_perm("conversations.attach_to_message", is_draft_author & (is_message_member | is_program_officer))
rules.add_perm("conversations.answer_clarification", is_clarification_member & is_open)
rules.add_perm("conversations.view_queue", is_program_officer)
