from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.commerce.domain.errors import CommerceError, CommerceForbidden
from tradefair.commerce.models import CommerceSettings, UnpaidAction
from tradefair.common.audit import log_action
from tradefair.common.i18n import clean_translations


def commerce_settings(expo) -> CommerceSettings:
    found = CommerceSettings.objects.filter(expo=expo).first()
    return found if found is not None else CommerceSettings(expo=expo)


TEXT_FIELDS = {"tax_id": 40, "bank_name": 200, "bank_account": 60, "bank_swift": 11, "invoice_prefix": 12}
NUMBER_FIELDS = {"payment_days": (1, 365), "reminder_days": (1, 90), "reminders": (0, 10)}


def update_commerce_settings(expo, *, by, **values) -> CommerceSettings:
    if not by.has_perm("commerce.change_settings", expo):
        raise CommerceForbidden(
            "forbidden", _("Only the expo's administrators change the invoicing settings.")
        )
    with transaction.atomic():
        current, _created = CommerceSettings.objects.select_for_update().get_or_create(expo=expo)
        for name in ("seller_name", "seller_address"):
            if name in values:
                setattr(current, name, clean_translations(values[name] or {}, field=name, max_length=1000))
        for name, length in TEXT_FIELDS.items():
            if name in values:
                text = (values[name] or "").strip()
                if len(text) > length:
                    raise CommerceError(
                        "too_long", _("%(field)s: at most %(n)s characters.") % {"field": name, "n": length}
                    )
                setattr(current, name, text)
        for name, (low, high) in NUMBER_FIELDS.items():
            if name in values and values[name] is not None:
                number = int(values[name])
                if not low <= number <= high:
                    raise CommerceError(
                        "out_of_range",
                        _("%(field)s: give a number from %(low)s to %(high)s.")
                        % {"field": name, "low": low, "high": high},
                    )
                setattr(current, name, number)
        if "unpaid_action" in values and values["unpaid_action"]:
            if values["unpaid_action"] not in UnpaidAction.values:
                raise CommerceError("invalid_action", _("Choose to keep reminding or to release the booth."))
            current.unpaid_action = values["unpaid_action"]
        current.save()
        log_action(current, "commerce.settings_changed", actor=by, expo=expo, data={"fields": sorted(values)})
    return current
