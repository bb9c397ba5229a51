from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tradefair.common.i18n import localize
from tradefair.common.taxonomy import ISIC_CHOICES
from tradefair.deals.models import DealKind, DealStatus
from tradefair.people.models import Organisation


class OrganisationChoice(forms.ModelMultipleChoiceField):
    def __init__(self, *args, expo=None, **kwargs):
        self.expo = expo
        super().__init__(*args, **kwargs)

    def label_from_instance(self, organisation) -> str:
        name = (
            localize(organisation.name, self.expo.languages if self.expo else ()) or organisation.legal_name
        )
        return f"{name} ({organisation.country.code})"


class DealForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DealKind.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=[c for c in DealStatus.choices if c[0] != "cancelled"]
    )
    signed_on = forms.DateField(label=_("Date signed"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(
        label=_("Amount"), required=False, min_value=0, decimal_places=2, max_digits=18
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY")
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    isic_section = forms.ChoiceField(
        label=_("Sector (ISIC)"), choices=[("", "—")] + ISIC_CHOICES, required=False
    )
    hs_code = forms.CharField(label=_("HS code"), max_length=6, required=False)
    project = forms.ChoiceField(label=_("Investment project"), required=False)
    meeting_id = forms.IntegerField(
        label=_("Matchmaking meeting number"), required=False, min_value=1, max_value=2**63 - 1
    )

    def __init__(self, *args, expo, **kwargs):
        super().__init__(*args, **kwargs)
        self.expo = expo
        # The organisations present at this expo: exhibitors and registered participants.
        present = Organisation.objects.filter(
            Q(exhibitions__expo=expo) | Q(participants__expo=expo)
        ).distinct()
        self.fields["parties"] = OrganisationChoice(
            queryset=present.order_by("legal_name"),
            expo=expo,
            label=_("Parties (two or more)"),
            widget=forms.SelectMultiple(attrs={"size": 8}),
        )
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
            meeting_id=data.get("meeting_id"),
            ceremony_id=int(data["ceremony"]) if data.get("ceremony") else None,
            project_id=int(data["project"]) if data.get("project") else None,
        )


class RateForm(forms.Form):
    currency = forms.CharField(label=_("Currency"), max_length=3)
    rate = forms.DecimalField(label=_("Rate"), max_digits=24, decimal_places=12, min_value=0)
    valid_from = forms.DateField(label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Source or note"), max_length=200, required=False)
