"""Who may see what of publishing, as predicates. The directory and the open data are public by design."""

import rules

from grants.kernel.rules import is_program_officer
from grants.organizations.rules import is_member

rules.add_perm("publishing.view_directory", rules.always_allow)
rules.add_perm("publishing.view_open_data", rules.always_allow)
# An organization's members see exactly what is (or, before consent, would be) published about it; staff too.
rules.add_perm("publishing.view_organization_publication", is_member | is_program_officer)
rules.add_perm("publishing.export_open_data", is_program_officer)
