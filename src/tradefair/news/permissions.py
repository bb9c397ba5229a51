import rules

from tradefair.expos.permissions import operates_expo

# Writing and (un)publishing the news is day-to-day work: organisers of staff or admin
# level.
rules.add_perm("news.manage", operates_expo)
