"""Who may set up calls: program officers and administrators."""

import rules

from grants.kernel.rules import is_program_officer

rules.add_perm("setup.manage_calls", is_program_officer)
