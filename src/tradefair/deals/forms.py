from django import forms
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tradefair.common.i18n import localize
from tradefair.common.numbers import StorableDecimalField, row_id
from tradefair.common.taxonomy import ISIC_CHOICES
from tradefair.deals.domain.currencies import currency_choices
from tradefair.deals.domain.parties import describe_party, pickable_parties
from tradefair.deals.models import DealKind, DealStatus
from tradefair.expos.permissions import operates_expo
from tradefair.people.permissions import participant_of

MEETING_STATUSES = ("confirmed", "held")


def linkable_meetings(expo, user):
    """The meetings a user may name as the origin of a deal: a participant's own confirmed
    or held meetings (of published rounds); for organisers, any meeting of the expo."""
    from tradefair.matchmaking.domain.agenda import agenda_of
    from tradefair.matchmaking.models import Meeting

    if operates_expo(user, expo):
        meetings = Meeting.objects.filter(round__expo=expo)
    else:
        participant = participant_of(user, expo)
        if participant is None:
            return Meeting.objects.none()
        meetings = agenda_of(participant)
    return meetings.filter(status__in=MEETING_STATUSES).select_related(
        "slot", "requester__organisation", "counterpart__organisation"
    )


def meeting_label(meeting, expo) -> str:
    starts = meeting.slot.starts_at.astimezone(expo.tz)
    people = " – ".join(person.name for person in (meeting.requester, meeting.counterpart))
    if meeting.room is not None:
        return _("%(when)s, online room %(room)s: %(people)s") % {
            "when": date_format(starts, "SHORT_DATETIME_FORMAT"),
            "room": meeting.room,
            "people": people,
        }
    return _("%(when)s, table %(table)s: %(people)s") % {
        "when": date_format(starts, "SHORT_DATETIME_FORMAT"),
        "table": meeting.table,
        "people": people,
    }


class PartiesField(forms.ModelMultipleChoiceField):
    """Organisation ids, checked against those the user may name; never rendered as a
    list of every organisation (the template shows the chosen ones and a search)."""

    widget = forms.MultipleHiddenInput

    def _check_values(self, value):
        # A value that is no database key is refused here: looked up, one beyond 64 bits
        # overflowed the SQLite driver.
        for pk in value:
            if row_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class DealForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DealKind.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=[c for c in DealStatus.choices if c[0] != "cancelled"]
    )
    signed_on = forms.DateField(
        label=_("Date signed"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    amount = StorableDecimalField(
        label=_("Amount"), required=False, min_value=0, decimal_places=2, max_digits=18
    )
    currency = forms.ChoiceField(
        label=_("Currency"),
        error_messages={
            "invalid_choice": _(
                "%(value)s is not a currency code we know: choose the currency from the list."
            )
        },
    )
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    isic_section = forms.ChoiceField(
        label=_("Sector (ISIC)"), choices=[("", "—")] + ISIC_CHOICES, required=False
    )
    hs_code = forms.CharField(label=_("HS code"), max_length=6, required=False)
    project = forms.ChoiceField(label=_("Investment project"), required=False)
    meeting = forms.TypedChoiceField(
        label=_("Matchmaking meeting"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, expo, user, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.expo = expo
        self.fields["currency"].choices = currency_choices(expo.base_currency, get_language())
        self.fields["currency"].initial = expo.base_currency
        self.fields["parties"] = PartiesField(
            queryset=pickable_parties(expo, user),
            label=_("Parties (two or more)"),
            error_messages={
                "invalid_choice": _("One of the parties is not an organisation you can name here."),
                "invalid_pk_value": _("One of the parties is not an organisation you can name here."),
            },
        )
        meetings = linkable_meetings(expo, user)
        if operates_expo(user, expo):
            # An expo has thousands of meetings: offer the one the organiser came from.
            wanted = self.data.get("meeting") if self.is_bound else meeting
            wanted = row_id(wanted)
            meetings = meetings.filter(pk=wanted) if wanted else meetings.none()
        self.fields["meeting"].choices = [("", "—")] + [
            (item.pk, meeting_label(item, expo))
            for item in meetings.order_by("slot__starts_at", "table")[:200]
        ]
        self.fields["project"].choices = [("", "—")] + [
            (project.pk, localize(project.name, expo.languages)) for project in expo.projects.order_by("id")
        ]
        if expo.events.filter(kind="ceremony").exists():
            self.fields["ceremony"] = forms.ChoiceField(
                label=_("Signing ceremony"),
                required=False,
                choices=[("", "—")]
                + [
                    (event.pk, localize(event.name, expo.languages))
                    for event in expo.events.filter(kind="ceremony")
                ],
            )

    def chosen_parties(self) -> list[dict]:
        """The parties chosen so far (posted, or prefilled from a meeting), described."""
        if self.is_bound:
            raw = (
                self.data.getlist("parties")
                if hasattr(self.data, "getlist")
                else self.data.get("parties", [])
            )
        else:
            raw = self.initial.get("parties", [])
        ids = [pk for pk in map(row_id, raw) if pk is not None]
        found = {org.pk: org for org in self.fields["parties"].queryset.filter(pk__in=ids)}
        return [describe_party(found[pk], self.expo) for pk in dict.fromkeys(ids) if pk in found]

    def terms(self):
        from tradefair.deals.domain.recording import DealTerms

        data = self.cleaned_data
        return DealTerms(
            kind=data["kind"],
            status=data["status"],
            signed_on=data["signed_on"],
            parties=[organisation.pk for organisation in data["parties"]],
            amount=data["amount"],
            currency=data["currency"],
            title=data["title"],
            hs_code=data["hs_code"],
            isic_section=data["isic_section"],
            meeting_id=data.get("meeting"),
            ceremony_id=int(data["ceremony"]) if data.get("ceremony") else None,
            project_id=int(data["project"]) if data.get("project") else None,
        )


class RateForm(forms.Form):
    currency = forms.CharField(label=_("Currency"), max_length=3)
    rate = StorableDecimalField(label=_("Rate"), max_digits=24, decimal_places=12, min_value=0)
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("Source or note"), max_length=200, required=False)
