"""Who may do what with exhibitors' applications, packages, orders and invoices.

- every organiser level but finance reads the application queue (it holds contact
  details); staff and admins review applications and assign booths;
- admins define packages, extras and the invoicing settings (prices are an expo decision);
- finance staff and every organiser read orders, invoices and payments; finance staff and
  admins mark payments and issue credit notes;
- an applicant reads their own application, order and invoices."""

import rules

from tradefair.expos.permissions import (
    administers_expo,
    handles_finance,
    operates_expo,
    reads_accounts,
    sees_as_organiser,
)

rules.add_perm("commerce.read_applications", sees_as_organiser)
rules.add_perm("commerce.review_applications", operates_expo)
rules.add_perm("commerce.define_packages", administers_expo)
rules.add_perm("commerce.change_settings", administers_expo)
rules.add_perm("commerce.read_accounts", reads_accounts)
rules.add_perm("commerce.handle_payments", handles_finance)
