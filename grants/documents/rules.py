"""Who may see documents. The object is the Document."""

import rules

from grants.documents.owners import owner_of_document
from grants.kernel.rules import is_program_officer
from grants.organizations.rules import member_of_owner


@rules.predicate
def is_extra_viewer(user, document) -> bool:
    """Someone the owner's kind lets in besides the organization and staff (owners.register_viewer)."""
    return document is not None and user.is_authenticated and owner_of_document(document).extra_viewer(user, document)


is_document_member = member_of_owner("organization")

rules.add_perm("grants.view_document", is_document_member | is_program_officer | is_extra_viewer)
# Replaced and removed versions of an owner's documents.
rules.add_perm("grants.view_document_history", is_program_officer)

rules.add_perm("documents", is_program_officer)
for action in ("view", "add", "change"):
    rules.add_perm(f"documents.{action}_documenttype", is_program_officer)
