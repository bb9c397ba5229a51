import rules

from tradefair.expos.permissions import operates_expo

# Speakers, sessions and their languages are day-to-day work: organisers of staff or
# admin level (viewers read the programme like everyone else).
rules.add_perm("program.manage", operates_expo)
