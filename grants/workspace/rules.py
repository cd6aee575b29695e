"""Who may open the workspace's pages, as predicates: everyone signed in has a home; the rest is staff's."""

import rules

from grants.kernel.rules import is_program_officer

rules.add_perm("workspace.view_home", rules.is_authenticated)
rules.add_perm("workspace.view_work_queues", is_program_officer)
rules.add_perm("workspace.search", is_program_officer)
rules.add_perm("workspace.view_organization_directory", is_program_officer)
